package compose

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/component"
	"github.com/wasmcp/wasmcp/componentize"
	"github.com/wasmcp/wasmcp/internal/testutil"
)

// TestGoGuestWithPlug plugs num into a stock-Go component whose WASI
// imports come from the preview1 adapter: they are lifted (streams with the
// error and pollable resources of other interfaces among them), and the
// composition runs in node.
func TestGoGuestWithPlug(t *testing.T) {
	t.Parallel()
	guest := goGuest(t)
	out, err := Plug(Input{"goguest", guest}, Input{"num", fixture(t, "num")})
	if err != nil {
		t.Fatal(err)
	}
	w, err := component.Inspect(out)
	if err != nil {
		t.Fatal(err)
	}
	var imports []string
	seen := map[string]bool{}
	for _, im := range w.Imports {
		if seen[component.InterfaceKey(im.Name)] {
			t.Errorf("import %s lifted twice", im.Name)
		}
		seen[component.InterfaceKey(im.Name)] = true
		imports = append(imports, im.Name)
		if strings.HasPrefix(im.Name, "test:plug/") {
			t.Errorf("import %s should have been satisfied by the plug", im.Name)
		}
	}
	t.Logf("lifted: %s", strings.Join(imports, " "))
	if !seen["wasi:io/streams@0.2"] || !seen["wasi:io/error@0.2"] {
		t.Errorf("expected the adapter's wasi:io imports to be lifted, got %v", imports)
	}
	if _, ok := w.Export("run"); !ok {
		t.Errorf("composed component does not export run: %+v", w.Exports)
	}
	dir := transpile(t, out)
	got := runNode(t, dir, `const m = await import("./out/composed.js"); console.log(m.run());`)
	if got != "42" {
		t.Fatalf("run() = %s, want 42", got)
	}
}

// TestPlugTwoGoGuests composes two stock-Go components (the same bytes added
// twice) with one plug: their WASI imports are lifted once and shared, and
// both run.
func TestPlugTwoGoGuests(t *testing.T) {
	t.Parallel()
	c := New()
	g1 := mustInst(t, c, mustAddBytes(t, c, "guest1", goGuest(t)), "guest1")
	g2 := mustInst(t, c, mustAddBytes(t, c, "guest2", goGuest(t)), "guest2")
	mustInst(t, c, mustAdd(t, c, "num"), "num")
	if err := c.AutoWire(); err != nil {
		t.Fatal(err)
	}
	one, err := Plug(Input{"goguest", goGuest(t)}, Input{"num", fixture(t, "num")})
	if err != nil {
		t.Fatal(err)
	}
	w1, err := component.Inspect(one)
	if err != nil {
		t.Fatal(err)
	}
	lifted, err := c.Lifted()
	if err != nil {
		t.Fatal(err)
	}
	if len(lifted) != len(w1.Imports) {
		t.Fatalf("two guests lift %d imports, one lifts %d", len(lifted), len(w1.Imports))
	}
	if err := c.Export(g1, "run", "run1"); err != nil {
		t.Fatal(err)
	}
	if err := c.Export(g2, "run", "run2"); err != nil {
		t.Fatal(err)
	}
	out, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	got := runNode(t, transpile(t, out), `const m = await import("./out/composed.js"); console.log(m.run1() + m.run2());`)
	if got != "84" {
		t.Fatalf("run1() + run2() = %s, want 84", got)
	}
}

func mustAddBytes(t testing.TB, c *Composition, name string, wasm []byte) *Component {
	t.Helper()
	comp, err := c.AddComponent(name, wasm)
	if err != nil {
		t.Fatal(err)
	}
	return comp
}

// buildE2E builds one of the Go components of internal/e2e/bindgen/compose
// (generated bindings, stock Go, componentized with the preview1 adapter).
func buildE2E(t *testing.T, pkg, world string) []byte {
	t.Helper()
	root := testutil.RepoRoot(t)
	core := filepath.Join(t.TempDir(), "core.wasm")
	build := exec.Command("go", "build", "-buildmode=c-shared", "-o", core, "./"+pkg)
	build.Dir = filepath.Join(root, "internal", "e2e", "bindgen")
	build.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm")
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, b)
	}
	comp, err := componentize.Componentize(context.Background(), componentize.Options{
		Core: core, WitDir: filepath.Join(build.Dir, "compose", "wit"), World: world, NodeModules: testutil.NodeModules(t),
	})
	if err != nil {
		t.Fatal(err)
	}
	return comp
}

// TestPlugGoProviderConsumer plugs a Go component exporting an interface
// with a resource (test:kv/store's cursor) into a Go component that
// imports it; both also import WASI, lifted once. Every call from consumer
// to provider goes Go → canonical ABI → Go.
func TestPlugGoProviderConsumer(t *testing.T) {
	t.Parallel()
	prov := buildE2E(t, "compose/provider", "provider")
	cons := buildE2E(t, "compose/consumer", "consumer")
	out, err := Plug(Input{"consumer", cons}, Input{"provider", prov})
	if err != nil {
		t.Fatal(err)
	}
	got := runNode(t, transpile(t, out), `const m = await import("./out/composed.js");
const app = m.app ?? m["test:kv/app@0.1.0"];
console.log(app.run(120)); console.log(app.run(1));`)
	want := `keys=50 replaced=70 k007="vv" nope=missing k00*=10 cursor=k040,k041,k042,k043,k044,k045,k046,k047,k048,k049
keys=50 replaced=1 k007="vv" nope=missing k00*=10 cursor=k040,k041,k042,k043,k044,k045,k046,k047,k048,k049`
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}
