package mcpcore

import (
	"go/build"
	"go/parser"
	"go/token"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestImportsStayLean keeps the package, as a component (GOOS=wasip1)
// compiles it, to a small set of packages: it is compiled into every
// framework part, where net/http alone would add megabytes, encoding/json
// with reflect 1.4 MB and fmt 0.7 MB.
func TestImportsStayLean(t *testing.T) {
	allowed := map[string]bool{
		"bytes": true, "encoding/base64": true, "errors": true, "math": true, "slices": true,
		"strconv": true, "strings": true, "unicode/utf8": true,
		"github.com/wasmcp/wasmcp/jsonv": true,
	}
	wasm := build.Default
	wasm.GOOS, wasm.GOARCH = "wasip1", "wasm"
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		if ok, err := wasm.MatchFile(".", name); err != nil || !ok {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if !allowed[p] {
				t.Errorf("%s imports %s, which is not on the allow-list", name, p)
			}
		}
	}
}
