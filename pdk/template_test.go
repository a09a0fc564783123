package pdk_test

import (
	"bytes"
	"context"
	"flag"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"text/template"

	extism "github.com/extism/go-sdk"

	"github.com/wasmcp/wasmcp/internal/testutil"
	"github.com/wasmcp/wasmcp/serve/config"
)

var update = flag.Bool("update", false, "rewrite the copy of this package in the Go plugin template")

// The Go plugin template (templates/files/go/plugin) carries this package as
// source in internal/pdk, so that a project made by `wasmcp new --type plugin`
// builds with nothing to download. The copy must stay identical.
func TestTemplateCopyOfPDK(t *testing.T) {
	root := testutil.RepoRoot(t)
	src := filepath.Join(root, "pdk")
	dst := filepath.Join(root, "templates", "files", "go", "plugin", "internal", "pdk")

	want := map[string][]byte{}
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte("{{")) {
			t.Errorf("%s contains {{, which the template renderer would interpret", e.Name())
		}
		want[e.Name()+".tmpl"] = b
	}
	if *update {
		os.RemoveAll(dst)
		if err := os.MkdirAll(dst, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, b := range want {
			if err := os.WriteFile(filepath.Join(dst, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	got, err := os.ReadDir(dst)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range got {
		seen[e.Name()] = true
		w, ok := want[e.Name()]
		if !ok {
			t.Errorf("template has %s, which pdk/ does not have (run go test ./pdk -run TestTemplateCopyOfPDK -update)", e.Name())
			continue
		}
		b, err := os.ReadFile(filepath.Join(dst, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, w) {
			t.Errorf("template copy %s differs from pdk/ (run go test ./pdk -run TestTemplateCopyOfPDK -update)", e.Name())
		}
	}
	for name := range want {
		if !seen[name] {
			t.Errorf("template lacks %s (run go test ./pdk -run TestTemplateCopyOfPDK -update)", name)
		}
	}
}

// renderPluginTemplate writes templates/files/go/plugin into dir the way the
// templates package's rules say (".tmpl" files rendered with text/template and
// written without the suffix, a leading '_' becoming '.'), with the data
// fields the template uses. Only the template's own files are written.
func renderPluginTemplate(t *testing.T, name, dir string) []string {
	t.Helper()
	src := filepath.Join(testutil.RepoRoot(t), "templates", "files", "go", "plugin")
	data := map[string]any{
		"Name":          name,
		"Snake":         strings.ReplaceAll(name, "-", "_"),
		"WasmcpVersion": "dev",
	}
	var written []string
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out := rel
		base := filepath.Base(rel)
		if strings.HasSuffix(base, ".tmpl") {
			base = strings.TrimSuffix(base, ".tmpl")
			tmpl, err := template.New(rel).Option("missingkey=error").Parse(string(raw))
			if err != nil {
				return err
			}
			var b bytes.Buffer
			if err := tmpl.Execute(&b, data); err != nil {
				return err
			}
			raw = b.Bytes()
		}
		if strings.HasPrefix(base, "_") {
			base = "." + base[1:]
		}
		out = filepath.Join(filepath.Dir(rel), base)
		written = append(written, filepath.ToSlash(out))
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(out)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, out), raw, 0o644)
	})
	if err != nil {
		t.Fatalf("rendering the plugin template: %v", err)
	}
	sort.Strings(written)
	return written
}

// A project rendered from the Go plugin template passes its own tests, builds
// with stock Go outside this module, and runs under the Extism Go SDK.
func TestPluginTemplateBuilds(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo-plugin")
	files := renderPluginTemplate(t, "demo-plugin", dir)
	t.Logf("rendered: %s", strings.Join(files, " "))

	goCmd := func(env []string, args ...string) {
		t.Helper()
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		// GOFLAGS and GOWORK from a developer's environment must not leak in:
		// the project is built as a user would, on its own.
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=")
		cmd.Env = append(cmd.Env, env...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	goCmd(nil, "vet", "./...")
	goCmd(nil, "test", "./...")
	goCmd([]string{"GOOS=wasip1", "GOARCH=wasm"}, "build", "-trimpath", "-buildmode=c-shared", "-o", "demo-plugin.wasm", ".")

	ctx := context.Background()
	m := extism.Manifest{Wasm: []extism.Wasm{extism.WasmFile{Path: filepath.Join(dir, "demo-plugin.wasm")}}, Timeout: 30_000}
	p, err := extism.NewPlugin(ctx, m, pluginConfig(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close(ctx)
	if got := call(t, p, "greet", `{"name":"Bob"}`); got != "Hello Bob" {
		t.Errorf("greet = %q, want %q", got, "Hello Bob")
	}
	if rc, _, err := p.Call("greet", []byte(`{}`)); rc == 0 || err == nil {
		t.Errorf("greet without a name: rc=%d err=%v, want an error", rc, err)
	}
	yml, err := os.ReadFile(filepath.Join(dir, "plugins.yml"))
	if err != nil {
		t.Fatal(err)
	}
	defs, res, err := config.ParsePlugins("plugins.yml", yml)
	if err != nil {
		t.Fatalf("the rendered plugins.yml does not load: %v", err)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("the rendered plugins.yml has warnings: %v", res.Warnings)
	}
	if len(defs.Plugins) != 1 || defs.Plugins[0].Path != "demo-plugin/demo-plugin.wasm" ||
		len(defs.Plugins[0].Functions) != 1 || defs.Plugins[0].Functions[0].Function != "greet" {
		t.Errorf("plugins.yml does not describe the plugin: %+v", defs)
	}
}
