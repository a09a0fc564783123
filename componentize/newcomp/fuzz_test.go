package newcomp

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParseModule feeds the core module reader (and, for what it accepts,
// the adapter GC) arbitrary bytes: errors are fine, panics and hangs not.
func FuzzParseModule(f *testing.F) {
	f.Add(append([]byte(nil), coreMagic...))
	if b, err := os.ReadFile(filepath.Join("..", "..", "node_modules", "@bytecodealliance", "jco", "lib", "wasi_snapshot_preview1.reactor.wasm")); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := parseModule("fuzz", b)
		if err != nil {
			return
		}
		var keep []string
		for _, e := range m.exports {
			if e.kind == kindFunc {
				keep = append(keep, e.name)
			}
		}
		if out, err := gcAdapter(m, keep); err == nil {
			if _, err := parseModule("fuzz (reduced)", out); err != nil {
				t.Fatalf("the reduced module does not parse: %v", err)
			}
		}
	})
}
