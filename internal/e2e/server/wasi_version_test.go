package server

import (
	"os"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/component"
)

// TestWASIVersion checks that the example components (built by `wasmcp
// componentize`, whose preview1 adapter imports WASI 0.2.12) and the
// servers composed from them import and export WASI at 0.2.0, the lowest
// release that has what they use, so that runtimes providing any WASI 0.2
// release run them; the other tests of this package run those servers.
func TestWASIVersion(t *testing.T) {
	for _, path := range []string{toolsExample(t), contentExample(t), exampleServer(t, "http"), exampleServer(t, "stdio")} {
		wasm, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		w, err := component.Inspect(wasm)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range append(append([]component.Extern{}, w.Imports...), w.Exports...) {
			if !strings.HasPrefix(e.Name, "wasi:") {
				continue
			}
			n++
			if !strings.HasSuffix(e.Name, "@0.2.0") {
				t.Errorf("%s: %s, want version 0.2.0", path, e.Name)
			}
		}
		if n == 0 {
			t.Errorf("%s imports no WASI", path)
		}
	}
}
