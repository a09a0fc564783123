package templates

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRuntimeCopy keeps templates/<pkg>, the copy of each package Go projects
// get as internal/<pkg>, equal to ../<pkg> (its non-test sources), and checks
// that a rendered project holds exactly that. With -update it rewrites the
// copies.
func TestRuntimeCopy(t *testing.T) {
	const fix = " (run go test ./templates -run TestRuntimeCopy -update)"
	fl, err := Files("my-calc", "go", "tools", "dev")
	if err != nil {
		t.Fatal(err)
	}
	for _, pkg := range goRuntimePackages {
		src, dst := filepath.Join("..", pkg), pkg
		want := map[string][]byte{}
		entries, err := os.ReadDir(src)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
				continue
			}
			b, err := os.ReadFile(filepath.Join(src, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			want[e.Name()+".txt"] = b
		}
		if len(want) == 0 {
			t.Fatalf("no sources in %s", src)
		}
		if *update {
			if err := os.RemoveAll(dst); err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(dst, 0o755); err != nil {
				t.Fatal(err)
			}
			for name, b := range want {
				if err := os.WriteFile(filepath.Join(dst, name), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
		got, err := os.ReadDir(dst)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, e := range got {
			seen[e.Name()] = true
			w, ok := want[e.Name()]
			if !ok {
				t.Errorf("templates/%s has %s, which %s/ does not have"+fix, pkg, e.Name(), pkg)
				continue
			}
			b, err := os.ReadFile(filepath.Join(dst, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b, w) {
				t.Errorf("templates/%s/%s differs from %s/%s"+fix, pkg, e.Name(), pkg, strings.TrimSuffix(e.Name(), ".txt"))
			}
		}
		for name := range want {
			if !seen[name] {
				t.Errorf("templates/%s lacks %s"+fix, pkg, name)
			}
		}

		// The embedded copy is what a Go project gets, byte for byte.
		dir := "internal/" + pkg + "/"
		n := 0
		for _, f := range fl {
			if !strings.HasPrefix(f.Path, dir) {
				continue
			}
			n++
			if w := want[strings.TrimPrefix(f.Path, dir)+".txt"]; !bytes.Equal(f.Content, w) {
				t.Errorf("rendered %s differs from %s/", f.Path, pkg)
			}
		}
		if n != len(want) {
			t.Errorf("rendered project has %d files in %s, want %d", n, dir, len(want))
		}
	}
}
