package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/internal/testutil"
)

// TestComponentizeToolsManifestRefusals checks that `wasmcp componentize
// --tools-manifest` refuses a file that is not the manifest `wasmcp compose
// server` reads, before running anything and without writing the output. The
// section it writes, and compose refusing duplicates from it, are tested in
// componentize (TestProofGuest) and templates (TestGoTemplatesBuild).
func TestComponentizeToolsManifestRefusals(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	core := write("core.wasm", "\x00asm\x01\x00\x00\x00")
	out := filepath.Join(dir, "out.wasm")
	env := map[string]string{"WASMCP_NODE_MODULES": testutil.NodeModules(t)}
	for _, tc := range []struct{ manifest, want string }{
		{`["echo"]`, "bad tools manifest"},
		{`{"names":["echo"]}`, `unknown field "names"`},
		{`{"tools":["echo","echo"]}`, `tools[1] "echo" is listed twice`},
	} {
		m := write("tools.json", tc.manifest)
		code, _, errOut := runCLI(t, env, "componentize", core, "--tools-manifest", m, "-o", out)
		if code != 1 || !strings.Contains(errOut, m+": bad tools manifest") || !strings.Contains(errOut, tc.want) {
			t.Errorf("%s: exit %d, stderr %q; want exit 1 with %q", tc.manifest, code, errOut, tc.want)
		}
	}
	code, _, errOut := runCLI(t, env, "componentize", core, "--tools-manifest", filepath.Join(dir, "missing.json"), "-o", out)
	if code != 1 || !strings.Contains(errOut, "missing.json") {
		t.Errorf("missing manifest: exit %d, stderr %q", code, errOut)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("output written despite a refused manifest")
	}
}
