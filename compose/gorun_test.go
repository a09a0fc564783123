package compose

import (
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/component"
)

// TestGoGuestWithPlug plugs num into a stock-Go component whose WASI
// imports come from the preview1 adapter: they are lifted (streams with the
// error and pollable resources of other interfaces among them), and the
// composition runs in node.
func TestGoGuestWithPlug(t *testing.T) {
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
