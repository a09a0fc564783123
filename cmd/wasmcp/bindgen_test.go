package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/bindgen"
	"github.com/wasmcp/wasmcp/internal/testutil"
)

func TestBindgenGoCLI(t *testing.T) {
	root := testutil.RepoRoot(t)
	witFile := filepath.Join(root, "bindgen", "testdata", "small.wit")
	out := filepath.Join(t.TempDir(), "my-bindings")
	code, _, errOut := runCLI(t, nil, "bindgen", "go", witFile, "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	res, w, err := bindgen.Load(witFile, "")
	if err != nil {
		t.Fatal(err)
	}
	files, err := bindgen.Generate(res, w, bindgen.Options{Package: "mybindings"})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		got, err := os.ReadFile(filepath.Join(out, f.Name))
		if err != nil || !bytes.Equal(got, f.Content) {
			t.Errorf("%s differs from the library's output (%v)", f.Name, err)
		}
	}
	// The interface layout, the import path taken from go.mod.
	mod := t.TempDir()
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module example.com/app\n\ngo 1.24\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	slots := filepath.Join(root, "bindgen", "testdata", "slots.wit")
	ifaceOut := filepath.Join(mod, "internal", "bindings")
	code, _, errOut = runCLI(t, nil, "bindgen", "go", "--layout", "interface", slots, "-o", ifaceOut)
	if code != 0 {
		t.Fatalf("--layout interface: exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "wrote 6 files of 3 interface packages below") {
		t.Errorf("stderr %q", errOut)
	}
	res, w, err = bindgen.Load(slots, "")
	if err != nil {
		t.Fatal(err)
	}
	files, err = bindgen.Generate(res, w, bindgen.Options{Package: "bindings", ImportPath: "example.com/app/internal/bindings"})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		dir := ifaceOut
		if f.Package != "" {
			dir = filepath.Join(mod, strings.TrimPrefix(f.Package, "example.com/app/"))
		}
		got, err := os.ReadFile(filepath.Join(dir, f.Name))
		if err != nil || !bytes.Equal(got, f.Content) {
			t.Errorf("%s/%s differs from the library's output (%v)", f.Package, f.Name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(ifaceOut, "test", "slots", "v0.1.0", "tools", "bindings_wasm.go")); err != nil {
		t.Error(err)
	}
	empty := filepath.Join(out, "empty.wasm")
	if err := os.WriteFile(empty, []byte("\x00asm\x01\x00\x00\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, errOut = runCLI(t, nil, "componentize", empty, "-o", filepath.Join(out, "e.wasm"), "--node-modules", filepath.Join(root, "node_modules"))
	if !strings.Contains(errOut, "does not import github.com/wasmcp/wasmcp/cabi") {
		t.Errorf("no warning for a module without cabi's arena: %q", errOut)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"bindgen", "go", witFile}, exitUsage, "-o DIR is required"},
		{[]string{"bindgen", "go"}, exitUsage, "takes 1 argument"},
		{[]string{"bindgen", "rust", witFile}, exitUsage, "unknown command"},
		{[]string{"bindgen", "go", filepath.Join(root, "nope.wit"), "-o", out}, exitError, "nope.wit"},
		{[]string{"bindgen", "go", "--world", "nope", witFile, "-o", out}, exitError, `no world "nope"`},
		{[]string{"bindgen", "go", "--layout", "flat", witFile, "-o", out}, exitUsage, `--layout "flat": want world or interface`},
		{[]string{"bindgen", "go", "--import-path", "a/b", witFile, "-o", out}, exitUsage, "--import-path is for --layout interface"},
		{[]string{"bindgen", "go", "--layout", "interface", witFile, "-o", filepath.Join(string(filepath.Separator), "nomod", "x")}, exitError, "is in no Go module"},
		{[]string{"bindgen", "go", "--layout", "interface", "--import-path", "/abs", witFile, "-o", out}, exitError, `import path "/abs": empty path element`},
		{[]string{"componentize", "x.wasm"}, exitUsage, "-o OUT.wasm is required"},
		{[]string{"componentize", witFile, "-o", filepath.Join(out, "x.wasm"), "--node-modules", filepath.Join(root, "node_modules")}, exitError, "not a core WebAssembly module"},
		{[]string{"componentize", witFile, "-o", filepath.Join(out, "x.wasm"), "--node-modules", out}, exitError, "not a core WebAssembly module"},
		{[]string{"componentize", witFile, "-o", filepath.Join(out, "x.wasm"), "--component-new", "jco", "--node-modules", out}, exitError, "npm install"},
	} {
		code, _, errOut := runCLI(t, nil, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
}

// TestGoComponentWalkthrough follows docs/bindgen.md: a Go component built from
// scratch with wasmcp bindgen go, stock Go and wasmcp componentize, then
// called from Node through jco transpile.
func TestGoComponentWalkthrough(t *testing.T) {
	root := testutil.RepoRoot(t)
	nm := testutil.NodeModules(t)
	dir := t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	doc, err := os.ReadFile(filepath.Join(root, "docs", "bindgen.md"))
	if err != nil {
		t.Fatal(err)
	}
	// The WIT and Go sources are taken from the document itself.
	block := func(lang, marker string) string {
		re := regexp.MustCompile("(?s)```" + lang + "\n(.*?)```")
		for _, m := range re.FindAllStringSubmatch(string(doc), -1) {
			if strings.Contains(m[1], marker) {
				return m[1]
			}
		}
		t.Fatalf("docs/bindgen.md has no %s block containing %q", lang, marker)
		return ""
	}
	write("wit/hello.wit", block("wit", "package example:hello"))
	write("main.go", block("go", "ExportGreeter"))
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	goLine := regexp.MustCompile(`(?m)^go (\S+)`).FindSubmatch(gomod)
	write("go.mod", "module example.com/hello\n\ngo "+string(goLine[1])+"\n\nrequire github.com/wasmcp/wasmcp v0.0.0\n")
	// The unpublished wasmcp module comes from this checkout.
	write("go.work", "go "+string(goLine[1])+"\n\nuse (\n\t.\n\t"+root+"\n)\n")

	if code, _, errOut := runCLI(t, nil, "bindgen", "go", "--world", "hello", filepath.Join(dir, "wit"), "-o", filepath.Join(dir, "bindings")); code != 0 {
		t.Fatalf("bindgen: %s", errOut)
	}
	build := exec.Command("go", "build", "-buildmode=c-shared", "-o", "hello.core.wasm", ".")
	build.Dir = dir
	build.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	env := map[string]string{"WASMCP_NODE_MODULES": nm}
	if code, _, errOut := runCLI(t, env, "componentize", filepath.Join(dir, "hello.core.wasm"), "--wit", filepath.Join(dir, "wit"), "-o", filepath.Join(dir, "hello.wasm")); code != 0 {
		t.Fatalf("componentize: %s", errOut)
	}
	testutil.RunJco(t, dir, "transpile", "hello.wasm", "-o", "out", "--map", "example:hello/host@0.1.0=../host.js")
	write("out/package.json", `{"type":"module"}`)
	write("host.js", block("js", "export function log"))
	write("run.mjs", block("js", "greeter.greet"))
	if err := os.Symlink(nm, filepath.Join(dir, "node_modules")); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(testutil.Node(t), "run.mjs")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	for _, want := range []string{"[guest] greeting Gopher", "text: 'hello Gopher! hello Gopher!'", "count: 2"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
