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
	files, err := Generate(res, w, Options{Package: "bindings"})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return files
}

func TestGolden(t *testing.T) {
	paths, _ := filepath.Glob("testdata/*.wit")
	if len(paths) == 0 {
		t.Fatal("no testdata/*.wit")
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			var got bytes.Buffer
			for _, f := range generateFile(t, path) {
				if again, err := format.Source(f.Content); err != nil || !bytes.Equal(again, f.Content) {
					t.Errorf("%s: generated %s is not gofmt-formatted (%v)", path, f.Name, err)
				}
				got.WriteString("// ---- " + f.Name + " ----\n")
				got.Write(f.Content)
			}
			golden := strings.TrimSuffix(path, ".wit") + ".go.golden"
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
		})
	}
}
