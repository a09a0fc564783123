package componentize

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/component"
	"github.com/wasmcp/wasmcp/component/wasiversion"
	"github.com/wasmcp/wasmcp/compose/toolmanifest"
	"github.com/wasmcp/wasmcp/internal/testutil"
)

// TestProofGuest builds the hand-written guest in internal/e2e/bindgen/proof
// with stock Go, componentizes it, transpiles it with jco and calls its export
// from node with the import implemented in JavaScript. The component also
// gets a tools manifest, which compose reads back and jco ignores, and its
// WASI imports are written at the lowest release they need (the adapter
// imports WASI 0.2.12).
func TestProofGuest(t *testing.T) {
	root := testutil.RepoRoot(t)
	nm := testutil.NodeModules(t)
	dir := t.TempDir()
	core := filepath.Join(dir, "core.wasm")
	build := exec.Command("go", "build", "-buildmode=c-shared", "-o", core, "./internal/e2e/bindgen/proof")
	build.Dir = root
	build.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	comp, err := Componentize(context.Background(), Options{
		Core: core, WitDir: filepath.Join(root, "internal/e2e/bindgen/proof/wit"), World: "proof", NodeModules: nm,
		Tools: []string{"greet", "wave"}, WASI: &wasiversion.Target{Lowest: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	w, err := component.Inspect(comp)
	if err != nil {
		t.Fatal(err)
	}
	if wit := component.WIT(w); strings.Contains(wit, "@0.2.12") || !strings.Contains(wit, "import wasi:cli/environment@0.2.0;") {
		t.Errorf("component world:\n%s", wit)
	}
	if names, ok, err := toolmanifest.Read(comp); err != nil || !ok || strings.Join(names, ",") != "greet,wave" {
		t.Fatalf("ToolManifest = %q, %v, %v", names, ok, err)
	}
	out := filepath.Join(dir, "proof.wasm")
	if err := WriteFile(out, comp); err != nil {
		t.Fatal(err)
	}
	testutil.RunJco(t, dir, "transpile", out, "-o", "js", "--map", "test:proof/host=./host.js")
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("js/package.json", `{"type":"module"}`)
	write("js/host.js", `export function getInfo() { return { name: "nöde", n: 7 }; }`)
	write("main.mjs", `import { greet } from "./js/proof.js";
console.log(JSON.stringify([greet("wörld"), greet(""), greet("x".repeat(100000)).length]));`)
	if err := os.Symlink(nm, filepath.Join(dir, "node_modules")); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(testutil.Node(t), "main.mjs")
	cmd.Dir = dir
	got, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, got)
	}
	want := `["hello wörld from nöde #7","hello  from nöde #7",100019]`
	if strings.TrimSpace(string(got)) != want {
		t.Fatalf("got %s\nwant %s", got, want)
	}
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "x.wasm")
	os.WriteFile(bad, []byte("not wasm"), 0o644)
	comp := filepath.Join(dir, "c.wasm")
	os.WriteFile(comp, componentMagic, 0o644)
	ctx := context.Background()
	if _, err := Componentize(ctx, Options{Core: bad}); err == nil || !strings.Contains(err.Error(), "not a core WebAssembly module") {
		t.Errorf("bad header: %v", err)
	}
	if _, err := Componentize(ctx, Options{Core: comp}); err == nil || !strings.Contains(err.Error(), "already a component") {
		t.Errorf("component: %v", err)
	}
	if _, err := Componentize(ctx, Options{Core: filepath.Join(dir, "missing.wasm")}); err == nil {
		t.Error("missing file accepted")
	}
	core := filepath.Join(dir, "core.wasm")
	os.WriteFile(core, coreMagic, 0o644)
	// The Go path needs no node_modules; an empty module has no world.
	if _, err := Componentize(ctx, Options{Core: core}); err == nil || !strings.Contains(err.Error(), "component-type") {
		t.Errorf("empty core module: %v", err)
	}
	// The jco path needs node_modules.
	if _, err := Componentize(ctx, Options{Core: core, ComponentNew: "jco"}); !errors.Is(err, ErrNoTools) {
		t.Errorf("jco without node_modules: %v", err)
	}
	if _, err := FindNodeModules(dir, ""); !errors.Is(err, ErrNoTools) || !strings.Contains(err.Error(), "npm install") {
		t.Errorf("FindNodeModules: %v", err)
	}
	env := map[string]string{"HOME": "/home/u", "WASMCP_NODE_MODULES": "/nm"}
	c := DefaultNodeModules(func(k string) string { return env[k] }, "/a/b")
	want := []string{"/nm", "/a/b/node_modules", "/a/node_modules", "/node_modules", "/home/u/.cache/wasmcp/node_modules"}
	if strings.Join(c, ",") != strings.Join(want, ",") {
		t.Errorf("DefaultNodeModules = %v", c)
	}
}

// TestInstallHintFollowsXDGCache checks that the install command printed
// when jco is missing installs into the cache wasmcp will search, which is
// under $XDG_CACHE_HOME when that is set.
func TestInstallHintFollowsXDGCache(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"HOME": "/home/u", "XDG_CACHE_HOME": "/xdg/cache"}, "npm install --prefix /xdg/cache/wasmcp @bytecodealliance/jco@"},
		{map[string]string{"HOME": "/home/u", "XDG_CACHE_HOME": "/x dg"}, "npm install --prefix '/x dg/wasmcp' @bytecodealliance/jco@"},
		{map[string]string{"HOME": "/home/u"}, "npm install --prefix /home/u/.cache/wasmcp @bytecodealliance/jco@"},
	} {
		c := DefaultNodeModules(func(k string) string { return tc.env[k] }, t.TempDir())
		_, err := FindNodeModules(c...)
		if !errors.Is(err, ErrNoTools) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v\nwant it to contain %q", tc.env, err, tc.want)
		}
	}
}
