package templates

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/compose/toolmanifest"
	"github.com/wasmcp/wasmcp/internal/testutil"
	mcpwit "github.com/wasmcp/wasmcp/wit/mcp"
)

func node(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command(testutil.Node(t), args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
	return string(out)
}

// TestTypeScriptTemplates type-checks every TypeScript template with the
// TypeScript compiler jco ships, and builds the tools template as a user
// would, with `make` in a fresh directory: npm ci installs the committed
// lockfile (offline, from the npm cache the repository's own npm ci filled),
// then build.mjs writes tools.json and the component with its wasmcp:tools
// section. It then calls the component's exports after jco transpile.
func TestTypeScriptTemplates(t *testing.T) {
	nm := testutil.NodeModules(t)
	tsc := filepath.Join(nm, "typescript-compiler-api", "bin", "tsc")
	if _, err := os.Stat(tsc); err != nil {
		t.Fatalf("TypeScript compiler from jco's dependencies missing: %v", err)
	}
	dirs := map[string]string{}
	for _, typ := range mcpTypes {
		dir := filepath.Join(t.TempDir(), "ts-"+typ)
		if _, err := Render(Options{Name: "ts-" + typ, Language: "typescript", Type: typ, Dir: dir, WasmcpVersion: "dev"}); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(nm, filepath.Join(dir, "node_modules")); err != nil {
			t.Fatal(err)
		}
		dirs[typ] = dir
		node(t, dir, tsc, "-p", ".")
	}

	// The tools project again, without the shared node_modules.
	dir := filepath.Join(t.TempDir(), "ts-tools")
	if _, err := Render(Options{Name: "ts-tools", Language: "typescript", Type: "tools", Dir: dir, WasmcpVersion: "dev"}); err != nil {
		t.Fatal(err)
	}
	run(t, dir, []string{"npm_config_offline=true", "npm_config_audit=false", "npm_config_fund=false", "npm_config_update_notifier=false"}, "make")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@bytecodealliance", "jco", "package.json")); err != nil {
		t.Fatalf("make did not install jco: %v", err)
	}
	wasm := filepath.Join(dir, "ts-tools.wasm")
	comp, err := os.ReadFile(wasm)
	if err != nil {
		t.Fatal(err)
	}
	names, ok, err := toolmanifest.Read(comp)
	if err != nil || !ok || strings.Join(names, ",") != "reverse,multiply" {
		t.Errorf("wasmcp:tools section: %q, %v, %v; want reverse,multiply", names, ok, err)
	}
	if m, err := os.ReadFile(filepath.Join(dir, "tools.json")); err != nil || string(m) != "{\"tools\":[\"reverse\",\"multiply\"]}\n" {
		t.Errorf("tools.json: %q, %v", m, err)
	}
	// make again: nothing to do.
	if out := run(t, dir, nil, "make"); !strings.Contains(out, "Nothing to be done") {
		t.Errorf("second make rebuilt:\n%s", out)
	}
	out := filepath.Join(dir, "build", "t")
	testutil.RunJco(t, dir, "transpile", wasm, "-o", out, "--map", mcpwit.QualifiedInterface(mcpwit.InterfaceNotify)+"=./notify.js")
	testutil.WasmtimeCheck(t, wasm)
	files := map[string]string{
		"package.json": `{"type":"module"}`,
		"notify.js":    "export function log() {}\nexport function progress() {}\nexport function send() {}\n",
		"run.mjs": `import { tools } from "./ts-tools.js";
const ctx = { protocolVersion: "2025-06-18", channel: 1n };
const show = (v) => JSON.stringify(v, (k, x) => (typeof x === "bigint" ? String(x) : x));
console.log(show(tools.listTools(ctx, undefined).tools.map((t) => t.name)));
console.log(show(tools.callTool(ctx, { name: "multiply", arguments: '{"a":1.5,"b":2}' })));
console.log(show(tools.callTool(ctx, { name: "reverse", arguments: '{"text":"abc"}' })));
console.log(show(tools.callTool(ctx, { name: "reverse", arguments: "{}" })));
console.log(show(tools.callTool(ctx, { name: "nope" }) ?? null));
`,
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(out, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := strings.Split(strings.TrimSpace(node(t, out, "run.mjs")), "\n")
	want := []string{
		`["reverse","multiply"]`,
		`{"tag":"ok","val":{"content":[{"tag":"text","val":{"text":"3"}}]}}`,
		`{"tag":"ok","val":{"content":[{"tag":"text","val":{"text":"cba"}}]}}`,
		`{"tag":"err","val":{"code":"-32602","message":"reverse: missing argument \"text\""}}`,
		`null`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("component answers:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestTemplateLockfileCurrent fails when the TypeScript templates' lockfile
// no longer matches what scripts/template-lockfile.mjs derives from the
// repository's package-lock.json (run the script to refresh it).
func TestTemplateLockfileCurrent(t *testing.T) {
	root := testutil.RepoRoot(t)
	node(t, root, filepath.Join(root, "scripts", "template-lockfile.mjs"), "--check")
}
