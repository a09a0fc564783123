package mcpwit

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/internal/testutil"
	"github.com/wasmcp/wasmcp/wit"
)

// loadContract resolves the embedded package with the project's WIT parser.
func loadContract(t *testing.T) (*wit.Resolve, *wit.Package) {
	t.Helper()
	files := map[string][]byte{}
	entries, err := fs.ReadDir(FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := fs.ReadFile(FS, e.Name())
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = b
	}
	res, pkg, err := wit.ParseFiles(wit.ResolveOptions{}, files)
	if err != nil {
		t.Fatalf("resolving the contract: %v", err)
	}
	return res, pkg
}

// TestResolvesWithWitPackage parses and resolves the contract with package
// wit and checks names, docs and that no world reaches outside the package.
func TestResolvesWithWitPackage(t *testing.T) {
	res, pkg := loadContract(t)
	if got := pkg.Name.String(); got != Package {
		t.Errorf("package name = %q, want %q", got, Package)
	}
	for _, name := range Interfaces {
		i := pkg.Interface(name)
		if i == nil {
			t.Errorf("interface %s not found", name)
			continue
		}
		if i.QualifiedName() != QualifiedInterface(name) {
			t.Errorf("QualifiedName = %q, want %q", i.QualifiedName(), QualifiedInterface(name))
		}
		if strings.TrimSpace(i.Docs.Contents) == "" {
			t.Errorf("interface %s has no docs", name)
		}
		for _, f := range i.Functions {
			if strings.TrimSpace(f.Docs.Contents) == "" {
				t.Errorf("%s.%s has no docs", name, f.Name)
			}
		}
		for _, td := range i.Types {
			checkTypeDocs(t, name, td)
		}
	}
	for _, name := range Worlds {
		w := pkg.World(name)
		if w == nil {
			t.Errorf("world %s not found", name)
			continue
		}
		if strings.TrimSpace(w.Docs.Contents) == "" {
			t.Errorf("world %s has no docs", name)
		}
		for _, it := range append(append([]*wit.WorldItem{}, w.Imports...), w.Exports...) {
			if !strings.HasPrefix(it.Key, Namespace+":"+Name+"/") {
				t.Errorf("world %s: item %s is outside %s", name, it.Key, Package)
			}
		}
		if _, err := res.SelectWorld(name); err != nil {
			t.Errorf("SelectWorld(%s): %v", name, err)
		}
	}
}

func checkTypeDocs(t *testing.T, iface string, td *wit.TypeDef) {
	t.Helper()
	if a, ok := td.Kind.(*wit.Alias); ok {
		if target, ok := a.Target.(*wit.TypeDef); ok && target.Name != "" {
			return // brought in by `use`
		}
	}
	if strings.TrimSpace(td.Docs.Contents) == "" {
		t.Errorf("%s: type %s has no docs", iface, td.Name)
	}
	switch k := td.Kind.(type) {
	case *wit.Record:
		for _, f := range k.Fields {
			if strings.TrimSpace(f.Docs.Contents) == "" {
				t.Errorf("%s: field %s.%s has no docs", iface, td.Name, f.Name)
			}
		}
	case *wit.Variant:
		for _, c := range k.Cases {
			if strings.TrimSpace(c.Docs.Contents) == "" {
				t.Errorf("%s: case %s.%s has no docs", iface, td.Name, c.Name)
			}
		}
	case *wit.Enum:
		for _, c := range k.Cases {
			if strings.TrimSpace(c.Docs.Contents) == "" {
				t.Errorf("%s: case %s.%s has no docs", iface, td.Name, c.Name)
			}
		}
	}
}

// componentNewJS turns embedded core modules (paths on the command line)
// into components with jco and prints each component's WIT.
const componentNewJS = `
import { readFileSync } from "node:fs";
const { componentNew, componentWit } = await import("@bytecodealliance/jco");
for (const path of process.argv.slice(1)) {
  try {
    const wit = await componentWit(await componentNew(readFileSync(path)));
    console.log("ok " + path + " " + JSON.stringify(wit));
  } catch (e) {
    console.log("FAIL " + path + " " + JSON.stringify(String(e && e.message || e)));
  }
}
`

// TestWitPackageEncodingMatchesJco embeds every world with package wit (a
// stub core module plus the component-type section it encodes), has jco
// build the component, and compares the WIT jco reads back with what jco's
// own componentEmbed of the same world gives.
func TestWitPackageEncodingMatchesJco(t *testing.T) {
	res, _ := loadContract(t)
	dir := t.TempDir()
	var paths []string
	for _, name := range Worlds {
		w, err := res.SelectWorld(name)
		if err != nil {
			t.Fatal(err)
		}
		stub, err := wit.CoreStub(res, w)
		if err != nil {
			t.Fatalf("CoreStub(%s): %v", name, err)
		}
		embedded, err := wit.Embed(stub, res, w.Name)
		if err != nil {
			t.Fatalf("Embed(%s): %v", name, err)
		}
		p := filepath.Join(dir, name+".wasm")
		if err := os.WriteFile(p, embedded, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	ours := runNode(t, componentNewJS, paths...)
	jcos := validate(t, writeFS(t, nil), Worlds...)
	for _, name := range Worlds {
		got := ours[filepath.Join(dir, name+".wasm")]
		if !strings.HasPrefix(got, "ok ") {
			t.Errorf("world %s: component new of our embedding: %s", name, got)
			continue
		}
		if want := jcos[name]; got != want {
			t.Errorf("world %s: WIT of our embedding differs from jco's\n ours: %s\n jco:  %s", name, got, want)
		}
	}
}

// runNode runs a module script in the repository root (so that the pinned
// node_modules resolve) and returns, per first argument word after the
// status, "ok <detail>" or "FAIL <detail>".
func runNode(t *testing.T, script string, args ...string) map[string]string {
	t.Helper()
	return parseResults(t, nodeOutput(t, script, args...))
}

func nodeOutput(t *testing.T, script string, args ...string) string {
	t.Helper()
	nm := testutil.NodeModules(t)
	argv := append([]string{"--input-type=module", "-e", script}, args...)
	return runIn(t, filepath.Dir(nm), testutil.Node(t), argv...)
}
