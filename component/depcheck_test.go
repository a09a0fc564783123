package component

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportsNothingOfTheProject keeps the component package at the bottom
// of the dependency graph: its non-test files import only the standard
// library and its own internal packages.
func TestImportsNothingOfTheProject(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	sub, _ := filepath.Glob("internal/*/*.go")
	for _, f := range append(files, sub...) {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, im := range af.Imports {
			p := strings.Trim(im.Path.Value, `"`)
			if strings.Contains(p, ".") && !strings.HasPrefix(p, "github.com/wasmcp/wasmcp/component/") {
				t.Errorf("%s imports %s", f, p)
			}
		}
	}
}
