package compose

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/component"
)

// TestPlugSkeletonWorld: the world resolved from a skeleton is the world of the
// component itself.
func TestPlugSkeletonWorld(t *testing.T) {
	t.Parallel()
	inputs := map[string][]byte{"goguest": goGuest(t)}
	wasms, _ := filepath.Glob(filepath.Join("testdata", "*.wasm"))
	for _, p := range wasms {
		n := strings.TrimSuffix(filepath.Base(p), ".wasm")
		inputs[n] = fixture(t, n)
	}
	for name, wasm := range inputs {
		full, err := component.Inspect(wasm)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		sk, ok := skeleton(wasm)
		if !ok {
			t.Fatalf("%s: no skeleton", name)
		}
		if len(sk) >= len(wasm) && name == "goguest" {
			t.Errorf("%s: skeleton of %d bytes for %d", name, len(sk), len(wasm))
		}
		w, err := component.Inspect(sk)
		if err != nil {
			t.Fatalf("%s skeleton: %v", name, err)
		}
		same := func(a, b []component.Extern) bool {
			if len(a) != len(b) {
				return false
			}
			for i := range a {
				if a[i].Name != b[i].Name || a[i].Kind != b[i].Kind || !component.Equal(a[i].Type, b[i].Type) {
					return false
				}
			}
			return true
		}
		if !same(full.Imports, w.Imports) || !same(full.Exports, w.Exports) {
			t.Errorf("%s: the skeleton's world differs", name)
		}
	}
	for _, bad := range [][]byte{nil, []byte("\x00asm\x0d\x00\x01\x00\x01\xff"), []byte("\x00asm\x0d\x00\x01\x00\x04\x03abc")} {
		if _, ok := skeleton(bad); ok {
			t.Errorf("skeleton(%q) accepted", bad)
		}
	}
}

// FuzzPlugAddComponent: whatever the bytes, AddComponent returns a
// component or an error, never panics (nor does the skeleton).
func FuzzPlugAddComponent(f *testing.F) {
	wasms, _ := filepath.Glob(filepath.Join("testdata", "*.wasm"))
	for _, p := range wasms {
		f.Add(fixture(f, strings.TrimSuffix(filepath.Base(p), ".wasm")))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		skeleton(b)
		if comp, err := New().AddComponent("fuzz", b); err == nil && comp.World == nil {
			t.Fatal("no world and no error")
		}
	})
}
