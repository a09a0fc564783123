package bindgen

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/wit"
)

// TestRuntimeImport checks Options.RuntimeImport: the generated files differ
// from the default ones only in the runtime package's import spec.
func TestRuntimeImport(t *testing.T) {
	res, pkg, err := wit.LoadDir("testdata/small.wit", wit.ResolveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	w := pkg.Worlds[0]
	def, err := Generate(res, w, Options{Package: "bindings"})
	if err != nil {
		t.Fatal(err)
	}
	for path, spec := range map[string]string{
		"calc/internal/cabi":         `"calc/internal/cabi"`,
		"example.com/m/internal/abi": `cabi "example.com/m/internal/abi"`,
	} {
		got, err := Generate(res, w, Options{Package: "bindings", RuntimeImport: path})
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for i, f := range got {
			want := bytes.Replace(def[i].Content, []byte("import "+strconv.Quote(CabiImport)), []byte("import "+spec), 1)
			if !bytes.Equal(f.Content, want) {
				t.Errorf("%s: %s differs from the default output with import %s:\n%s", path, f.Name, spec, f.Content)
			}
			if bytes.Contains(f.Content, []byte(CabiImport)) {
				t.Errorf("%s: %s still imports %s", path, f.Name, CabiImport)
			}
		}
	}
	for _, bad := range []string{"/abs/cabi", "a//cabi", "../cabi", "a/./cabi", `a"b`, "a b/cabi", "x/"} {
		_, err := Generate(res, w, Options{RuntimeImport: bad})
		if err == nil || !strings.Contains(err.Error(), "runtime import path") {
			t.Errorf("%q: got %v, want a runtime import path error", bad, err)
		}
	}
}
