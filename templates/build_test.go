package templates

import (
	"context"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/bindgen"
	"github.com/wasmcp/wasmcp/componentize"
	"github.com/wasmcp/wasmcp/internal/testutil"
	"github.com/wasmcp/wasmcp/wit"
)

// renderGo renders a Go template into a temporary directory, generates its
// bindings with the bindgen library (what `go generate` runs through the
// CLI) and points github.com/wasmcp/wasmcp at this checkout.
func renderGo(t *testing.T, typ string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "demo-"+typ)
	if _, err := Render(Options{Name: "demo-" + typ, Language: "go", Type: typ, Dir: dir, WasmcpVersion: "dev"}); err != nil {
		t.Fatal(err)
	}
	data := NewData("demo-"+typ, "go", typ, "dev")
	res, pkg, err := wit.LoadDir(filepath.Join(dir, "wit"), wit.ResolveOptions{})
	if err != nil {
		t.Fatalf("rendered wit/ does not load: %v", err)
	}
	w := pkg.World(data.World)
	if w == nil {
		t.Fatalf("world %s missing from rendered wit/", data.World)
	}
	files, err := bindgen.Generate(res, w, bindgen.Options{Package: "bindings"})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "internal", "bindings")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(out, f.Name), f.Content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	goCmd(t, dir, nil, "mod", "edit", "-replace", "github.com/wasmcp/wasmcp="+testutil.RepoRoot(t))
	return dir
}

func goCmd(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
	return string(out)
}

// TestGoTemplatesBuild renders each Go MCP template, runs its unit tests
// natively and builds its core module with stock Go for wasip1, the way the
// template's Makefile does.
func TestGoTemplatesBuild(t *testing.T) {
	for _, typ := range []string{"tools", "resources", "prompts"} {
		t.Run(typ, func(t *testing.T) {
			dir := renderGo(t, typ)
			goCmd(t, dir, nil, "test", "./...")
			goCmd(t, dir, []string{"GOOS=wasip1", "GOARCH=wasm"}, "build", "-buildmode=c-shared", "-o", "core.wasm", ".")
			// The Makefile's last step: wasmcp componentize (the library behind it).
			comp, err := componentize.Componentize(context.Background(), componentize.Options{
				Core:        filepath.Join(dir, "core.wasm"),
				WitDir:      filepath.Join(dir, "wit"),
				World:       NewData("x", "go", typ, "").World,
				NodeModules: testutil.NodeModules(t),
			})
			if err != nil {
				t.Fatalf("componentize: %v", err)
			}
			// A component: magic, version 0x0d, layer 1.
			if len(comp) < 8 || string(comp[:8]) != "\x00asm\x0d\x00\x01\x00" {
				t.Fatalf("not a component: % x", comp[:min(8, len(comp))])
			}
			// Every rendered Go file is gofmt-clean.
			for _, f := range mustFiles(t, "demo-"+typ, "go", typ) {
				if strings.HasSuffix(f.Path, ".go") {
					if src, err := format.Source(f.Content); err != nil || string(src) != string(f.Content) {
						t.Errorf("%s is not gofmt-clean (%v)", f.Path, err)
					}
				}
			}
		})
	}
}

func mustFiles(t *testing.T, name, lang, typ string) []File {
	t.Helper()
	fl, err := Files(name, lang, typ, "dev")
	if err != nil {
		t.Fatal(err)
	}
	return fl
}
