package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWitFmtAndCheck(t *testing.T) {
	dir := t.TempDir()
	src := "package a:b;\ninterface i { /// docs\n f: func(x: u32) -> string; }\nworld w { export i; }\n"
	p := filepath.Join(dir, "x.wit")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, nil, "wit-fmt", p)
	if code != 0 || !strings.Contains(out, "    /// docs\n    f: func(x: u32) -> string;\n") {
		t.Fatalf("wit-fmt: code %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = runCLI(t, nil, "wit-check", dir, "--json")
	if code != 0 {
		t.Fatalf("wit-check: %d %s", code, errOut)
	}
	var got witCheckJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Package != "a:b" || len(got.Worlds) != 1 || got.Worlds[0].Exports[0] != "interface a:b/i" {
		t.Errorf("wit-check: %+v", got)
	}
	code, out, _ = runCLI(t, nil, "wit-check", dir, "--wit")
	if code != 0 || !strings.Contains(out, "world w {\n    export i;\n}") {
		t.Errorf("wit-check --wit: %d\n%s", code, out)
	}
	bad := filepath.Join(dir, "bad.wit")
	os.WriteFile(bad, []byte("package a:b;\ninterface j { f: func(x: nope); }\n"), 0o644)
	code, _, errOut = runCLI(t, nil, "wit-check", dir)
	if code != 1 || !strings.Contains(errOut, "bad.wit:2:26: type \"nope\" does not exist\n    interface j { f: func(x: nope); }\n                             ^\n") {
		t.Errorf("wit-check bad: code %d %q", code, errOut)
	}
	code, _, _ = runCLI(t, nil, "wit-fmt")
	if code != exitUsage {
		t.Errorf("wit-fmt without args: exit %d", code)
	}
}
