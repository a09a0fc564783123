package bindgen

import (
	"bytes"
	"flag"
	"go/format"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/wit"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// generateFile generates the bindings of the only world of a testdata .wit file.
func generateFile(t *testing.T, path string) []File {
	t.Helper()
	return generateFileWith(t, path, Options{Package: "bindings"})
}

// generateFileWith is generateFile with options.
func generateFileWith(t *testing.T, path string, opts Options) []File {
	t.Helper()
	res, pkg, err := wit.LoadDir(path, wit.ResolveOptions{})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(pkg.Worlds) != 1 {
		t.Fatalf("%s: want one world, got %d", path, len(pkg.Worlds))
	}
	w := pkg.Worlds[0]
	// A .expand file beside the .wit file lists imports to expand, one a
	// line: the interface, then the plain names (wit.World.ExpandImport).
	if raw, err := os.ReadFile(strings.TrimSuffix(path, ".wit") + ".expand"); err == nil {
		for _, l := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
			f := strings.Fields(l)
			if len(f) < 2 {
				t.Fatalf("%s.expand: bad line %q", path, l)
			}
			if err := w.ExpandImport(f[0], f[1:]); err != nil {
				t.Fatal(err)
			}
		}
	}
	files, err := Generate(res, w, opts)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return files
}

// ifaceOptions is the interface layout with the world's package at
// root/world and the interface packages under root.
func ifaceOptions(root string) Options {
	return Options{Package: "bindings", ImportPath: root + "/world", InterfaceRoot: root}
}

// TestGolden compares the bindings of each testdata world with its golden
// file: NAME.go.golden in the world layout, NAME.iface.golden in the
// interface layout (each file headed by its package's import path).
func TestGolden(t *testing.T) {
	paths, _ := filepath.Glob("testdata/*.wit")
	if len(paths) == 0 {
		t.Fatal("no testdata/*.wit")
	}
	for _, layout := range []struct {
		suffix string
		opts   Options
	}{{".go.golden", Options{Package: "bindings"}}, {".iface.golden", ifaceOptions("example.com/gen")}} {
		for _, path := range paths {
			t.Run(filepath.Base(path)+layout.suffix, func(t *testing.T) {
				testGolden(t, path, layout.suffix, generateFileWith(t, path, layout.opts))
			})
		}
	}
}

func testGolden(t *testing.T, path, suffix string, files []File) {
	var got bytes.Buffer
	for _, f := range files {
		if again, err := format.Source(f.Content); err != nil || !bytes.Equal(again, f.Content) {
			t.Errorf("%s: generated %s is not gofmt-formatted (%v)", path, f.Name, err)
		}
		name := f.Name
		if f.Package != "" {
			name = f.Package + "/" + f.Name
		}
		got.WriteString("// ---- " + name + " ----\n")
		got.Write(f.Content)
	}
	golden := strings.TrimSuffix(path, ".wit") + suffix
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./bindgen -run TestGolden -update)", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("%s differs from %s; run go test ./bindgen -run TestGolden -update and review the diff", path, golden)
	}
}
