package pipeline

import (
	"context"

	"github.com/wasmcp/wasmcp/bindgen"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/component"
	"github.com/wasmcp/wasmcp/componentize"
	"github.com/wasmcp/wasmcp/internal/testutil"
	"github.com/wasmcp/wasmcp/wit"
)

// fakeRoot makes a repository root with wit/mcp and the given parts.
func fakeRoot(t *testing.T, parts map[string]map[string]string) string {
	t.Helper()
	root := t.TempDir()
	if err := copyWITFiles(filepath.Join(testutil.RepoRoot(t), "wit", "mcp"), filepath.Join(root, "wit", "mcp")); err != nil {
		t.Fatal(err)
	}
	write := func(p, s string) {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(root, "go.mod"), "module example.com/x\n\ngo 1.24\n")
	for name, files := range parts {
		for f, s := range files {
			write(filepath.Join(root, "framework", name, f), s)
		}
	}
	os.MkdirAll(filepath.Join(root, "framework", "not-a-part"), 0o755)
	return root
}

func TestLoadParts(t *testing.T) {
	root := fakeRoot(t, map[string]map[string]string{
		"b-part": {"part.json": `{"world":"chain-end","version":"0.1.0"}`},
		"a-part": {"part.json": `{"world":"x","version":"1.2.3","wit":"wit","wasi":"0.2.12"}`},
	})
	parts, err := LoadParts(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) != 2 || parts[0].Name != "a-part" || parts[1].Name != "b-part" || parts[0].WASI != "0.2.12" {
		t.Fatalf("parts = %+v", parts)
	}
	if _, err := Select(parts, []string{"c-part"}); err == nil || !strings.Contains(err.Error(), "c-part") {
		t.Fatalf("Select(c-part) = %v", err)
	}
	sel, err := Select(parts, []string{"b-part"})
	if err != nil || len(sel) != 1 || sel[0].Name != "b-part" {
		t.Fatalf("Select(b-part) = %v, %v", sel, err)
	}

	bad := fakeRoot(t, map[string]map[string]string{"p": {"part.json": `{"world":"chain-end","version":"0.1.0","wrold":"x"}`}})
	if _, err := LoadParts(bad); err == nil || !strings.Contains(err.Error(), "wrold") {
		t.Fatalf("unknown field: %v", err)
	}
	missing := fakeRoot(t, map[string]map[string]string{"p": {"part.json": `{"world":"chain-end"}`}})
	if _, err := LoadParts(missing); err == nil {
		t.Fatal("a part without a version was accepted")
	}
}

// TestPrepareWIT: a part with its own WIT package that includes
// transport-core and uses WASI resolves, and gets bindings.
func TestPrepareWIT(t *testing.T) {
	const world = `package test:transport@0.1.0;

world t {
    include wasmcp:mcp/transport-core@0.2.0;
    import wasi:cli/stdin@0.2.12;
    export wasi:cli/run@0.2.12;
}
`
	root := fakeRoot(t, map[string]map[string]string{
		"t":         {"part.json": `{"world":"t","version":"0.1.0","wit":"wit","wasi":"0.2.12"}`, "wit/t.wit": world},
		"chain-end": {"part.json": `{"world":"chain-end","version":"0.1.0"}`},
	})
	cfg := Config{Root: root, NodeModules: testutil.NodeModules(t)}
	parts, err := LoadParts(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range parts {
		dir, cleanup, err := cfg.PrepareWIT(p)
		if err != nil {
			t.Fatal(err)
		}
		gens, qualified, err := Bindings(p, dir)
		cleanup()
		var files []bindgen.File
		for _, g := range gens {
			files = append(files, g.Files...)
		}
		if err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		want := map[string]string{"t": "test:transport/t@0.1.0", "chain-end": "wasmcp:mcp/chain-end@0.2.0"}[p.Name]
		if qualified != want || len(files) == 0 {
			t.Errorf("%s: world %s, %d files", p.Name, qualified, len(files))
		}
		if p.Name == "t" {
			if _, err := os.Stat(dir); !os.IsNotExist(err) {
				t.Errorf("temporary WIT directory %s left behind", dir)
			}
			var all string
			for _, f := range files {
				all += string(f.Content)
			}
			for _, s := range []string{"wasi:cli/stdin@0.2.12", "wasmcp:mcp/handler@0.2.0", "wasmcp:mcp/channels@0.2.0"} {
				if !strings.Contains(all, s) {
					t.Errorf("bindings do not mention %s", s)
				}
			}
		}
	}
}

func TestMergeIndex(t *testing.T) {
	idx := MergeIndex(nil, Entry{Name: "b", Version: "1"}, Entry{Name: "a", Version: "1"})
	idx = MergeIndex(idx, Entry{Name: "b", Version: "2"})
	if len(idx) != 2 || idx[0].Name != "a" || idx[1].Version != "2" {
		t.Fatalf("%+v", idx)
	}
	if string(EncodeIndex(idx)) != string(EncodeIndex(MergeIndex(idx))) {
		t.Fatal("EncodeIndex is not stable")
	}
}

// TestSlots: "slots": K in part.json turns the world's capability imports
// into K plain-named imports each, in the bindings and in the embedded
// world.
func TestSlots(t *testing.T) {
	root := fakeRoot(t, map[string]map[string]string{
		"s":    {"part.json": `{"world":"tools-middleware","version":"0.1.0","slots":3}`},
		"none": {"part.json": `{"world":"chain-end","version":"0.1.0","slots":2}`},
	})
	nm := testutil.NodeModules(t)
	cfg := Config{Root: root, NodeModules: nm}
	parts, err := LoadParts(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range parts {
		dir, cleanup, err := cfg.PrepareWIT(p)
		if err != nil {
			t.Fatal(err)
		}
		defer cleanup()
		gens, _, err := Bindings(p, dir)
		if p.Name == "none" {
			if err == nil || !strings.Contains(err.Error(), "imports none of the capability interfaces") {
				t.Errorf("slots on chain-end: %v", err)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		// The world's own package calls the slots; the interface packages
		// (shared by every world of the program) call the interfaces
		// imported under their own names.
		var all, world string
		for _, g := range gens {
			for _, f := range g.Files {
				all += string(f.Content)
				if f.Package == "" {
					world += string(f.Content)
				}
			}
		}
		for _, s := range []string{
			"//go:wasmimport tools1 list-tools\n",
			"//go:wasmimport tools3 call-tool\n",
			"var ToolsImports = []ToolsImport{Tools1, Tools2, Tools3}\n",
			"func (self ToolsImport) ListTools(ctx mcp_types.RequestContext, cursor cabi.Option[string]) cabi.Result[mcp_tools.ListToolsResult, mcp_types.Error] {\n",
		} {
			if !strings.Contains(world, s) {
				t.Errorf("the world's bindings lack %q", s)
			}
		}
		if !strings.Contains(all, "//go:wasmimport wasmcp:mcp/handler@0.2.0 handle\n") {
			t.Error("the bindings do not import wasmcp:mcp/handler")
		}
		if strings.Contains(world, "wasmimport wasmcp:mcp/tools@0.2.0") {
			t.Error("the world's bindings still import wasmcp:mcp/tools@0.2.0")
		}
		// The world the pipeline embeds has the same imports.
		res, w, err := World(p, dir, p.World)
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, it := range w.Imports {
			keys = append(keys, it.Key)
		}
		if got := strings.Join(keys, " "); !strings.Contains(got, "tools1 tools2 tools3") || strings.Contains(got, "mcp/tools@") {
			t.Errorf("world imports %s", got)
		}
		core, err := wit.CoreStub(res, w)
		if err != nil {
			t.Fatal(err)
		}
		comp, err := componentize.Componentize(context.Background(), componentize.Options{
			Core: "s.core.wasm", CoreBytes: core, Resolve: res, ResolvedWorld: w, NodeModules: nm,
		})
		if err != nil {
			t.Fatal(err)
		}
		cw, err := component.Inspect(comp)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []string{"tools1", "tools2", "tools3"} {
			if _, ok := cw.Import(n); !ok {
				t.Errorf("component lacks import %s:\n%s", n, component.WIT(cw))
			}
		}
	}
	neg := fakeRoot(t, map[string]map[string]string{"p": {"part.json": `{"world":"tools-middleware","version":"0.1.0","slots":-1}`}})
	if _, err := LoadParts(neg); err == nil || !strings.Contains(err.Error(), "slots") {
		t.Errorf("negative slots: %v", err)
	}
}
