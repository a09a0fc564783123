package templates

import (
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	mcpwit "github.com/wasmcp/wasmcp/wit/mcp"
)

var update = flag.Bool("update", false, "rewrite the golden listings in testdata/")

// mcpTypes are the types every language has.
var mcpTypes = []string{"tools", "resources", "prompts"}

func TestLanguagesAndTypes(t *testing.T) {
	if got := strings.Join(Languages(), ","); got != "go,python,rust,typescript" {
		t.Errorf("languages %q", got)
	}
	for _, l := range Languages() {
		types := Types(l)
		for _, typ := range mcpTypes {
			if !contains(types, typ) {
				t.Errorf("%s lacks %s (has %v)", l, typ, types)
			}
		}
	}
	if Types("nope") != nil || Types("../go") != nil || Types("go/_shared") != nil {
		t.Error("Types accepted a bad language")
	}
}

// TestRenderAll renders every language × type and compares the list of files
// with testdata/<language>-<type>.golden.
func TestRenderAll(t *testing.T) {
	for _, lang := range Languages() {
		for _, typ := range Types(lang) {
			t.Run(lang+"-"+typ, func(t *testing.T) {
				dir := filepath.Join(t.TempDir(), "proj")
				written, err := Render(Options{Name: "my-calc", Language: lang, Type: typ, Dir: dir, WasmcpVersion: "v1.2.3"})
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range written {
					b, err := os.ReadFile(filepath.Join(dir, p))
					if err != nil {
						t.Fatal(err)
					}
					if strings.Contains(string(b), "<no value>") || strings.HasSuffix(p, ".tmpl") {
						t.Errorf("%s: unrendered template", p)
					}
					if !utf8.Valid(b) {
						t.Errorf("%s: not UTF-8", p)
					}
				}
				if !contains(written, "README.md") {
					t.Error("no README.md")
				}
				if !contains(mcpTypes, typ) {
					return // types owned elsewhere (plugin) have no golden here
				}
				if !contains(written, "wit/worlds.wit") || !contains(written, "wit/types.wit") {
					t.Errorf("MCP contract not copied into wit/: %v", written)
				}
				readme, _ := os.ReadFile(filepath.Join(dir, "README.md"))
				for _, s := range []string{"## Prerequisites", "## Build", NewData("x", lang, typ, "").World} {
					if !strings.Contains(string(readme), s) {
						t.Errorf("README lacks %q", s)
					}
				}
				if (lang == "rust" || lang == "python") && !strings.Contains(string(readme), "Not built by wasmcp's tests") {
					t.Error("README of an untested template does not say so")
				}
				// The contract's files are checked against the contract package;
				// the golden lists the template's own files.
				var own []string
				var wits []string
				for _, p := range written {
					if strings.HasPrefix(p, "wit/") {
						wits = append(wits, strings.TrimPrefix(p, "wit/"))
					} else {
						own = append(own, p)
					}
				}
				if got, want := strings.Join(wits, ","), strings.Join(contractFiles(t), ","); got != want {
					t.Errorf("wit/ holds %s, want the contract's %s", got, want)
				}
				golden := filepath.Join("testdata", lang+"-"+typ+".golden")
				listing := strings.Join(own, "\n") + "\n"
				if *update {
					if err := os.WriteFile(golden, []byte(listing), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test ./templates -run TestRenderAll -update)", err)
				}
				if string(want) != listing {
					t.Errorf("files differ from %s:\n got:\n%s\nwant:\n%s", golden, listing, want)
				}
			})
		}
	}
}

func contractFiles(t *testing.T) []string {
	t.Helper()
	entries, err := fs.ReadDir(mcpwit.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".wit") {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestRenderedContent(t *testing.T) {
	fl, err := Files("my-calc", "go", "tools", "v1.2.3")
	if err != nil {
		t.Fatal(err)
	}
	get := func(p string) string {
		for _, f := range fl {
			if f.Path == p {
				return string(f.Content)
			}
		}
		t.Fatalf("no %s", p)
		return ""
	}
	if s := get("go.mod"); !strings.Contains(s, "module my-calc") || strings.Contains(s, "\nrequire") {
		t.Errorf("go.mod (want no requirements):\n%s", s)
	}
	// Nothing in the project imports github.com/wasmcp/wasmcp: the bindings
	// and the example use the copy in internal/cabi.
	for _, f := range fl {
		if strings.HasSuffix(f.Path, ".go") && strings.Contains(string(f.Content), `"github.com/wasmcp/wasmcp`) {
			t.Errorf("%s imports github.com/wasmcp/wasmcp", f.Path)
		}
	}
	if s := get("tools.go"); !strings.Contains(s, `"my-calc/internal/cabi"`) {
		t.Errorf("tools.go does not import my-calc/internal/cabi:\n%s", s)
	}
	get("internal/cabi/doc.go")
	mk := get("Makefile")
	for _, s := range []string{
		`GOOS=wasip1 GOARCH=wasm $(GO) build -buildmode=c-shared -trimpath -ldflags="-s -w" -o core.wasm .`,
		"$(WASMCP) componentize core.wasm --wit wit --world $(WORLD) --tools-manifest tools.json -o $(NAME).wasm",
		"\t$(GO) test -run '^TestManifest$$' . -args -manifest tools.json",
		"WORLD  := tools-provider",
		"\t$(GO) generate ./...",
	} {
		if !strings.Contains(mk, s) {
			t.Errorf("Makefile lacks %q:\n%s", s, mk)
		}
	}
	if s := get("main.go"); !strings.Contains(s, "//go:generate wasmcp bindgen go --world tools-provider wit -o internal/bindings --layout interface --runtime-import my-calc/internal/cabi\n") {
		t.Errorf("main.go:\n%s", s)
	}
	if s := get(".gitignore"); !strings.Contains(s, "/internal/bindings/\n/tools.json\n") {
		t.Errorf(".gitignore:\n%s", s)
	}
	if d := NewData("my-calc", "go", "tools", "dev"); d.WasmcpModuleVersion != "v0.0.0" || d.Ident != "mycalc" || d.Snake != "my_calc" || d.Camel != "myCalc" || d.Pascal != "MyCalc" {
		t.Errorf("data %+v", d)
	}
	if d := NewData("my-calc", "go", "tools", "dev"); d.RuntimeImport != "my-calc/internal/cabi" {
		t.Errorf("go tools RuntimeImport %q", d.RuntimeImport)
	}
	if d := NewData("my-calc", "go", "plugin", "dev"); d.RuntimeImport != "" {
		t.Errorf("go plugin RuntimeImport %q", d.RuntimeImport)
	}
	if d := NewData("func", "go", "tools", "1.0.0"); d.Ident != "funcmcp" || d.WasmcpModuleVersion != "v1.0.0" {
		t.Errorf("data %+v", d)
	}
}

func TestValidateName(t *testing.T) {
	for _, ok := range []string{"calc", "my-calc", "calc2", "a-1-b", "x"} {
		if err := ValidateName(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for bad, want := range map[string]string{
		"":                      "empty",
		"..":                    `".."`,
		"a/b":                   "path separator",
		"../x":                  `".."`,
		"Calc":                  "lowercase letter",
		"1calc":                 "lowercase letter",
		"-calc":                 "lowercase letter",
		"calc-":                 "ends with",
		"my--calc":              `"--"`,
		"my_calc":               "'_'",
		"my calc":               "' '",
		"café":                  "lowercase letters",
		strings.Repeat("a", 65): "at most 64",
	} {
		err := ValidateName(bad)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", bad, err, want)
		}
	}
}

func TestRefusals(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "keep.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Render(Options{Name: "calc", Language: "go", Type: "tools", Dir: dir})
	if !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("non-empty dir: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
		t.Fatal("wrote into a non-empty directory")
	}
	if _, err := Render(Options{Name: "calc", Language: "go", Type: "tools", Dir: dir, Force: true}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "keep.txt")); string(b) != "mine" {
		t.Fatal("--force removed an unrelated file")
	}
	err = Check("cobol", "tools")
	if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "go, python, rust, typescript") {
		t.Errorf("unknown language: %v", err)
	}
	err = Check("go", "widgets")
	if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "go supports: ") || !strings.Contains(err.Error(), "tools") {
		t.Errorf("unknown type: %v", err)
	}
	if contains(Types("go"), "plugin") {
		err = Check("rust", "plugin")
		if err == nil || !strings.Contains(err.Error(), `type "plugin" exists for: go`) {
			t.Errorf("plugin for rust: %v", err)
		}
	}
	for _, lang := range []string{"../go", "go/..", "_x", ""} {
		if Check(lang, "tools") == nil {
			t.Errorf("language %q accepted", lang)
		}
	}
	if Check("go", "_shared") == nil || Check("go", "../go") == nil {
		t.Error("bad type accepted")
	}
}

// TestNoBareSources keeps Go and module files in the template tree behind a
// .tmpl suffix, so that the Go tool never sees them as part of this module.
func TestNoBareSources(t *testing.T) {
	err := filepath.WalkDir("files", func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if !d.IsDir() && (strings.HasSuffix(name, ".go") || name == "go.mod" || name == "go.sum" || name == ".gitignore") {
			t.Errorf("%s: name it %s.tmpl (or _gitignore)", p, name)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func FuzzValidateName(f *testing.F) {
	for _, s := range []string{"calc", "my-calc", "..", "a/b", "Calc", "x-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if ValidateName(name) != nil {
			return
		}
		// An accepted name is a safe single path element and renders.
		if filepath.Base(name) != name || strings.Contains(name, "..") {
			t.Fatalf("unsafe name accepted: %q", name)
		}
		if _, err := Files(name, "go", "tools", "dev"); err != nil {
			t.Fatalf("%q: %v", name, err)
		}
	})
}
