package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/compose/toolmanifest"
)

// TestToolsManifest sets the tool names of a component twice (the second
// replaces the first), prints them, and refuses a bad file and a core module
// without changing anything.
func TestToolsManifest(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	comp := write("c.wasm", "\x00asm\x0d\x00\x01\x00")
	code, _, errOut := runCLI(t, nil, "tools-manifest", comp)
	if code != 0 || !strings.Contains(errOut, "declares no tool names") {
		t.Errorf("no section: exit %d %q", code, errOut)
	}
	for _, names := range [][]string{{"old"}, {"uppercase", "subtract"}} {
		m := write("tools.json", `{"tools": ["`+strings.Join(names, `", "`)+`"]}`)
		if code, _, errOut := runCLI(t, nil, "tools-manifest", comp, "--set", m); code != 0 {
			t.Fatalf("--set %v: exit %d %s", names, code, errOut)
		}
	}
	b, _ := os.ReadFile(comp)
	if got, ok, err := toolmanifest.Read(b); err != nil || !ok || strings.Join(got, ",") != "uppercase,subtract" || strings.Count(string(b), toolmanifest.Section) != 1 {
		t.Errorf("section %q %v %v in % x", got, ok, err, b)
	}
	if code, out, _ := runCLI(t, nil, "tools-manifest", comp); code != 0 || out != "uppercase\nsubtract\n" {
		t.Errorf("print: exit %d %q", code, out)
	}
	bad := write("bad.json", `{"tools": ["a", "a"]}`)
	if code, _, errOut := runCLI(t, nil, "tools-manifest", comp, "--set", bad); code != 1 || !strings.Contains(errOut, bad+`: bad tools manifest: tools[1] "a" is listed twice`) {
		t.Errorf("bad manifest: exit %d %q", code, errOut)
	}
	core := write("core.wasm", "\x00asm\x01\x00\x00\x00")
	if code, _, errOut := runCLI(t, nil, "tools-manifest", core, "--set", filepath.Join(dir, "tools.json")); code != 1 || !strings.Contains(errOut, "not a component") {
		t.Errorf("core module: exit %d %q", code, errOut)
	}
	if after, _ := os.ReadFile(comp); string(after) != string(b) {
		t.Error("refused --set changed the component")
	}
}
