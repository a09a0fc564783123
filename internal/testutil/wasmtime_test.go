package testutil

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWasmtimeCheck: the wasmtime check accepts a component whose imports
// wasmtime provides, and refuses one that imports a WASI function wasmtime
// does not have, naming it; stubbing applies to non-WASI imports only.
func TestWasmtimeCheck(t *testing.T) {
	dir := t.TempDir()
	wats := map[string]string{
		"empty":   `(component)`,
		"foreign": `(component (import "acme:thing/api@1.0.0" (instance (export "go" (func)))))`,
		"bogus":   `(component (import "wasi:cli/environment@0.2.0" (instance (export "no-such-function" (func)))))`,
	}
	for name, wat := range wats {
		if err := os.WriteFile(filepath.Join(dir, name+".wat"), []byte(wat), 0o644); err != nil {
			t.Fatal(err)
		}
		RunJco(t, dir, "parse", name+".wat", "-o", name+".wasm")
	}
	WasmtimeCheck(t, filepath.Join(dir, "empty.wasm"), filepath.Join(dir, "foreign.wasm"))
	err := WasmtimeCheckErr(t, filepath.Join(dir, "bogus.wasm"))
	if err == nil || !strings.Contains(err.Error(), "no-such-function") {
		t.Fatalf("bogus import: %v", err)
	}
}
