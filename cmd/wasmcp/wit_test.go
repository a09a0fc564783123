package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/internal/testutil"
)

func witFixture(t *testing.T, name string) string {
	t.Helper()
	return filepath.Join(testutil.RepoRoot(t), "component", "testdata", name)
}

func TestWitCommand(t *testing.T) {
	code, out, errOut := runCLI(t, nil, "wit", witFixture(t, "wasi.wasm"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"package root:component;",
		"  import wasi:io/streams@0.2.0;",
		"package wasi:io@0.2.0 {",
		"      read: func(len: u64) -> result<list<u8>, stream-error>;",
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestWitMatchesJco compares `wasmcp wit` with `jco wit` on a fixture;
// component/types_test.go compares every fixture (see normWIT there).
func TestWitMatchesJco(t *testing.T) {
	path := witFixture(t, "types.wasm")
	want := testutil.RunJco(t, t.TempDir(), "wit", path)
	code, out, errOut := runCLI(t, nil, "wit", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if strings.TrimSpace(out) != strings.TrimSpace(want) {
		t.Fatalf("wasmcp wit:\n%s\njco wit:\n%s", out, want)
	}
}

func TestWitJSON(t *testing.T) {
	code, out, errOut := runCLI(t, nil, "wit", "--json", witFixture(t, "core.wasm"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var w worldJSON
	if err := json.Unmarshal([]byte(out), &w); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(w.Imports) != 1 || w.Imports[0].Name != "log" || w.Imports[0].Type != "func(msg: string)" {
		t.Errorf("imports: %+v", w.Imports)
	}
	if len(w.Exports) != 1 || len(w.Exports[0].Exports) != 3 || !w.Exports[0].Exports[0].Resource {
		t.Errorf("exports: %+v", w.Exports)
	}
}

func TestWitErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.wasm")
	if err := os.WriteFile(bad, []byte("\x00asm\x0d\x00\x01\x00\x07\x03\x01\x70\x50"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCLI(t, nil, "wit", bad)
	if code != exitError || !strings.Contains(errOut, "bad.wasm: component: offset 0xc in type section: expected valtype, found 0x50") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	if code, _, _ := runCLI(t, nil, "wit"); code != exitUsage {
		t.Errorf("no argument: exit %d", code)
	}
	if code, _, errOut := runCLI(t, nil, "wit", filepath.Join(dir, "missing.wasm")); code != exitError || !strings.Contains(errOut, "missing.wasm") {
		t.Errorf("missing file: exit %d: %s", code, errOut)
	}
}

func TestWitRejectsCoreModule(t *testing.T) {
	core := filepath.Join(t.TempDir(), "core.wasm")
	if err := os.WriteFile(core, []byte("\x00asm\x01\x00\x00\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCLI(t, nil, "wit", core)
	if code != exitError || !strings.Contains(errOut, "a core module, not a component") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}
