package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/internal/testutil"
)

// TestStdinUnderJcoRun runs a Go wasi:cli/run component that reads stdin with
// a 4096-byte buffer and writes stdout under `jco run`. Without cabi's adapter
// arena this traps with "assertion failed at adapter line …".
func TestStdinUnderJcoRun(t *testing.T) {
	dir := t.TempDir()
	witDir := filepath.Join(dir, "wit")
	builtin := filepath.Join(testutil.NodeModules(t), "@bytecodealliance", "jco", "lib", "wit", "builtin", "0.2.12")
	for _, d := range []string{"wasi-cli", "wasi-io", "wasi-clocks", "wasi-filesystem", "wasi-random", "wasi-sockets"} {
		if err := os.CopyFS(filepath.Join(witDir, "deps", d), os.DirFS(filepath.Join(builtin, d))); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(witDir, "cmd.wit"), []byte("package test:stdio;\n\nworld cmd {\n  export wasi:cli/run@0.2.12;\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	wasm := filepath.Join(dir, "cmd.wasm")
	abs, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(abs, witDir)
	if err != nil {
		t.Fatal(err)
	}
	buildComponent(t, "stdio", rel, "cmd", wasm)
	var in strings.Builder
	for i := 0; i < 300; i++ {
		in.WriteString("a line of input with some padding so that reads fill the buffer\n")
	}
	argv := append(testutil.Jco(t), "run", wasm)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(in.String())
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "done: 300 lines, 19200 bytes") {
		t.Fatalf("jco run: %v\n%s", err, tail(string(out), 2000))
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}
