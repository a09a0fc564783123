package server

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/wasmcp/wasmcp/componentize"
	"github.com/wasmcp/wasmcp/internal/testutil"
)

// TestNewGoProjectWithoutNode runs the README's first two commands with a
// PATH that holds wasmcp, go and make and nothing else (no node, no npm),
// and no node_modules: the adapter comes from the user cache, where a
// first use would have put it. The jco and wasmtime checks of the result
// run afterwards, with the usual environment.
func TestNewGoProjectWithoutNode(t *testing.T) {
	bin := t.TempDir()
	for _, tool := range []string{"go", "make"} {
		p, err := exec.LookPath(tool)
		if err != nil {
			t.Skipf("%s not on PATH", tool)
		}
		if err := os.Symlink(p, filepath.Join(bin, tool)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(wasmcp(t), filepath.Join(bin, "wasmcp")); err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	adapter, err := os.ReadFile(filepath.Join(testutil.NodeModules(t), "@bytecodealliance", "jco", "lib", componentize.AdapterName))
	if err != nil {
		t.Fatal(err)
	}
	src := componentize.DefaultAdapterSource(func(k string) string {
		if k == "XDG_CACHE_HOME" {
			return cache
		}
		return ""
	})
	os.MkdirAll(src.CacheDir, 0o755)
	if err := os.WriteFile(src.CachePath(), adapter, 0o644); err != nil {
		t.Fatal(err)
	}
	var env []string
	for _, kv := range os.Environ() {
		switch {
		case len(kv) > 5 && kv[:5] == "PATH=",
			len(kv) > 20 && kv[:20] == "WASMCP_NODE_MODULES=",
			len(kv) > 15 && kv[:15] == "WASMCP_ADAPTER=",
			len(kv) > 15 && kv[:15] == "XDG_CACHE_HOME=":
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "PATH="+bin, "XDG_CACHE_HOME="+cache, "WASMCP_NPM_REGISTRY=http://127.0.0.1:1")
	dir := t.TempDir()
	for _, argv := range [][]string{{"wasmcp", "new", "calc", "--language", "go"}, {"make", "-C", "calc"}} {
		cmd := exec.Command(filepath.Join(bin, argv[0]), argv[1:]...)
		cmd.Dir, cmd.Env = dir, env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", argv, err, out)
		}
	}
	comp := filepath.Join(dir, "calc", "calc.wasm")
	testutil.RunJco(t, dir, "wit", comp)
	testutil.WasmtimeCheck(t, comp)
}
