package bindgen

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/internal/testutil"
	"github.com/wasmcp/wasmcp/wit"
)

// Every world of the MCP contract, generated in the interface layout into
// one tree, gives each interface package the same bytes: a component
// exporting tools and the framework importing it share one Go type per WIT
// type.
func TestInterfacePackagesShared(t *testing.T) {
	root := testutil.RepoRoot(t)
	res, pkg, err := wit.LoadDir(filepath.Join(root, "wit", "mcp"), wit.ResolveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string][]byte{}
	from := map[string]string{}
	for _, w := range pkg.Worlds {
		files, err := Generate(res, w, Options{Package: "bindings", ImportPath: "example.com/x/" + w.Name, InterfaceRoot: "example.com/x"})
		if err != nil {
			t.Fatalf("world %s: %v", w.Name, err)
		}
		for _, f := range files {
			if f.Package == "" {
				continue
			}
			key := f.Package + "/" + f.Name
			if prev, ok := seen[key]; ok && !bytes.Equal(prev, f.Content) {
				t.Errorf("%s differs between worlds %s and %s", key, from[key], w.Name)
			}
			seen[key], from[key] = f.Content, w.Name
		}
	}
	for _, want := range []string{"types", "tools", "resources", "prompts", "completions", "handler", "notify"} {
		if _, ok := seen["example.com/x/wasmcp/mcp/v0.2.0/"+want+"/bindings.go"]; !ok {
			t.Errorf("no package for interface %s", want)
		}
	}
}

func TestInterfaceLayout(t *testing.T) {
	gen := func(t *testing.T, src string, opts Options) []File {
		t.Helper()
		res, pkg, err := wit.ParseSource("t.wit", src)
		if err != nil {
			t.Fatal(err)
		}
		files, err := Generate(res, pkg.Worlds[0], opts)
		if err != nil {
			t.Fatal(err)
		}
		return files
	}
	opts := Options{ImportPath: "example.com/app/bindings"}
	t.Run("a world that only imports writes no package of its own", func(t *testing.T) {
		files := gen(t, `package a:b@1.0.0;
interface log { write: func(s: string); }
world w { import log; }`, opts)
		for _, f := range files {
			if f.Package != "example.com/app/bindings/a/b/v1.0.0/log" {
				t.Errorf("file %s of package %q", f.Name, f.Package)
			}
		}
		if len(files) != 2 {
			t.Errorf("%d files", len(files))
		}
	})
	t.Run("package names", func(t *testing.T) {
		files := gen(t, `package a:b;
interface %type { f: func(); }
interface main { g: func(); }
interface my-api { h: func(); }
world w { import %type; import main; import my-api; }`, opts)
		var names []string
		for _, f := range files {
			if f.Name == "bindings.go" {
				line := string(f.Content[bytes.Index(f.Content, []byte("\npackage "))+1:])
				names = append(names, f.Package[strings.LastIndex(f.Package, "/")+1:]+"="+strings.Fields(line)[1])
			}
		}
		if got := strings.Join(names, " "); got != "type=typex main=mainx my-api=myapi" {
			t.Errorf("packages %s", got)
		}
	})
	t.Run("an exported interface with resources stays in the world's package", func(t *testing.T) {
		files := gen(t, `package a:b;
interface counters {
    resource counter { constructor(start: u32); next: func() -> u32; }
}
world w { export counters; }`, opts)
		if len(files) != 2 || files[0].Package != "" || !bytes.Contains(files[0].Content, []byte("type Counter interface")) {
			t.Errorf("files %v", names(files))
		}
	})
	t.Run("bad import paths", func(t *testing.T) {
		res, pkg, _ := wit.ParseSource("t.wit", `package a:b; world w { import f: func(); }`)
		for _, o := range []Options{{ImportPath: "/abs"}, {ImportPath: "a/b", InterfaceRoot: "a b"}} {
			if _, err := Generate(res, pkg.Worlds[0], o); err == nil {
				t.Errorf("%+v: no error", o)
			}
		}
	})
}

func names(files []File) []string {
	var out []string
	for _, f := range files {
		out = append(out, f.Package+"/"+f.Name)
	}
	return out
}

// Regenerating in the interface layout removes the packages of interfaces
// the world no longer uses, and nothing else: not a file of the user's in
// such a directory, not another world's bindings nested below.
func TestWritePackagesPrunes(t *testing.T) {
	dir := t.TempDir()
	gen := func(src string) []File {
		t.Helper()
		res, pkg, err := wit.ParseSource("t.wit", src)
		if err != nil {
			t.Fatal(err)
		}
		files, err := Generate(res, pkg.Worlds[0], Options{ImportPath: "example.com/app/b"})
		if err != nil {
			t.Fatal(err)
		}
		return files
	}
	if err := WritePackages(dir, "example.com/app/b", gen(`package a:b@1.0.0;
interface keep { f: func(); }
interface gone { g: func(); }
interface mine { h: func(); }
world w { import keep; import gone; import mine; export run: func(); }`)); err != nil {
		t.Fatal(err)
	}
	user := filepath.Join(dir, "a", "b", "v1.0.0", "mine", "notes.go")
	nested := filepath.Join(dir, "sub")
	for path, text := range map[string]string{
		user:                                 "package mine\n",
		filepath.Join(nested, "bindings.go"): generatedHeader + "\n// World: x:y/z\n\npackage sub\n",
		filepath.Join(nested, "x", "bindings.go"): generatedHeader + "\n// Interface: x:y/q\n\npackage x\n",
	} {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := WritePackages(dir+string(filepath.Separator), "example.com/app/b", gen(`package a:b@1.0.0;
interface keep { f: func(); }
world w { import keep; export run: func(); }`)); err != nil {
		t.Fatal(err)
	}
	exists := func(p string) bool { _, err := os.Stat(p); return err == nil }
	for _, p := range []string{
		filepath.Join(dir, "bindings.go"),
		filepath.Join(dir, "a", "b", "v1.0.0", "keep", "bindings_wasm.go"),
		user,
		filepath.Join(nested, "x", "bindings.go"),
	} {
		if !exists(p) {
			t.Errorf("%s was removed", p)
		}
	}
	for _, p := range []string{
		filepath.Join(dir, "a", "b", "v1.0.0", "gone"),
		filepath.Join(dir, "a", "b", "v1.0.0", "mine", "bindings.go"),
	} {
		if exists(p) {
			t.Errorf("%s is still there", p)
		}
	}
}
