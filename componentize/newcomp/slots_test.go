package newcomp_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/component"
	"github.com/wasmcp/wasmcp/componentize"
	"github.com/wasmcp/wasmcp/internal/testutil"
	"github.com/wasmcp/wasmcp/wit"
)

// TestPlainNamedImports: a module whose core imports come from modules
// tools1, tools2, tools3 (one interface imported under three plain names,
// wit.World.ExpandImport) becomes a component importing three instances of
// the interface's type, as jco's component new makes it, and wasmtime
// instantiates it.
func TestPlainNamedImports(t *testing.T) {
	root := testutil.RepoRoot(t)
	nm := testutil.NodeModules(t)
	res, _, err := wit.LoadDir(filepath.Join(root, "wit", "mcp"), wit.ResolveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	w, err := res.SelectWorld("tools-middleware")
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"tools1", "tools2", "tools3"}
	if err := w.ExpandImport("wasmcp:mcp/tools@0.2.0", names); err != nil {
		t.Fatal(err)
	}
	core, err := wit.CoreStub(res, w)
	if err != nil {
		t.Fatal(err)
	}
	build := func(impl string) []byte {
		comp, err := componentize.Componentize(context.Background(), componentize.Options{
			Core: "slots.core.wasm", CoreBytes: core, Resolve: res, ResolvedWorld: w, NodeModules: nm, ComponentNew: impl,
		})
		if err != nil {
			t.Fatalf("%s: %v", impl, err)
		}
		return comp
	}
	ours, theirs := build("go"), build("jco")
	dir := t.TempDir()
	f := filepath.Join(dir, "slots.wasm")
	if err := os.WriteFile(f, ours, 0o644); err != nil {
		t.Fatal(err)
	}
	testutil.RunJco(t, dir, "wit", f)
	testutil.WasmtimeCheck(t, f)
	a, err := component.Inspect(ours)
	if err != nil {
		t.Fatal(err)
	}
	b, err := component.Inspect(theirs)
	if err != nil {
		t.Fatal(err)
	}
	wa, wb := component.WIT(a), component.WIT(b)
	if wa != wb {
		t.Errorf("wasmcp wit differs:\n--- go\n%s\n--- jco\n%s", wa, wb)
	}
	for _, n := range names {
		e, ok := a.Import(n)
		if !ok {
			t.Fatalf("no import %s:\n%s", n, wa)
		}
		it, ok := e.Type.(*component.Interface)
		if !ok {
			t.Fatalf("import %s is a %s", n, e.Kind)
		}
		for _, fn := range []string{"list-tools", "call-tool"} {
			if x, ok := it.Export(fn); !ok || x.Kind != component.ExternFunc {
				t.Errorf("import %s has no function %s", n, fn)
			}
		}
		if !strings.Contains(wa, "import "+n+": interface {") {
			t.Errorf("wasmcp wit does not show import %s:\n%s", n, wa)
		}
	}
	if _, ok := a.Import("wasmcp:mcp/tools@0.2.0"); ok {
		t.Errorf("the component still imports wasmcp:mcp/tools@0.2.0")
	}
}
