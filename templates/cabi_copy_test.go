package templates

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCabiCopy keeps templates/cabi, the copy of package cabi that Go
// projects get as internal/cabi, equal to ../cabi (its non-test sources).
// With -update it rewrites the copy.
func TestCabiCopy(t *testing.T) {
	const src, dst = "../cabi", "cabi"
	const fix = " (run go test ./templates -run TestCabiCopy -update)"
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
		t.Fatal("no sources in ../cabi")
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
			t.Errorf("templates/cabi has %s, which cabi/ does not have"+fix, e.Name())
			continue
		}
		b, err := os.ReadFile(filepath.Join(dst, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, w) {
			t.Errorf("templates/cabi/%s differs from cabi/%s"+fix, e.Name(), strings.TrimSuffix(e.Name(), ".txt"))
		}
	}
	for name := range want {
		if !seen[name] {
			t.Errorf("templates/cabi lacks %s"+fix, name)
		}
	}

	// The embedded copy is what a Go project gets, byte for byte.
	fl, err := Files("my-calc", "go", "tools", "dev")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range fl {
		if !strings.HasPrefix(f.Path, goRuntimeDir+"/") {
			continue
		}
		n++
		if w := want[strings.TrimPrefix(f.Path, goRuntimeDir+"/")+".txt"]; !bytes.Equal(f.Content, w) {
			t.Errorf("rendered %s differs from cabi/", f.Path)
		}
	}
	if n != len(want) {
		t.Errorf("rendered project has %d files in %s, want %d", n, goRuntimeDir, len(want))
	}
}
