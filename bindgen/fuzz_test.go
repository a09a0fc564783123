package bindgen

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/wit"
)

// FuzzGenerate feeds WIT text to the generator: whatever parses and resolves
// must either generate Go that parses, or fail with an error, never panic.
func FuzzGenerate(f *testing.F) {
	paths, _ := filepath.Glob("testdata/*.wit")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add("package a:b;\nworld w { export f: func(x: option<result<tuple<f32, u64>, list<string>>>) -> variant-less; }")
	f.Add("package a:b;\ninterface i { variant v { a(f32), b(u64), c(f64), d(string) } f: func(v: v, w: list<v>) -> v; }\nworld w { import i; export i; }")
	f.Add("package a:b@1.0.0;\ninterface t { resource r { constructor(); m: func() -> r; } variant v { a(r), b } }\ninterface u { use t.{r, v}; f: func(x: borrow<r>, y: v) -> list<v>; }\nworld w { import u; export u; export g: func(v: v); }")
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 1<<14 {
			return
		}
		res, pkg, err := wit.ParseSource("fuzz.wit", src)
		if err != nil || pkg == nil {
			return
		}
		// Both layouts: the world's, and a package per interface.
		for _, opts := range []Options{{}, {ImportPath: "example.com/b"}} {
			for _, w := range pkg.Worlds {
				files, err := Generate(res, w, opts)
				if err != nil {
					if strings.Contains(err.Error(), "internal error") {
						t.Fatal(err)
					}
					continue
				}
				for _, file := range files {
					if _, err := parser.ParseFile(token.NewFileSet(), file.Name, file.Content, 0); err != nil {
						t.Fatalf("world %s: %s/%s does not parse: %v", w.Name, file.Package, file.Name, err)
					}
				}
			}
		}
	})
}
