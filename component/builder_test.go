package component

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/internal/testutil"
)

// TestBuilderComposes rebuilds the composition of nested.wat with Builder
// from its two inner components, and runs it: jco transpiles it and node
// calls the export, which crosses both components (41 + 1).
func TestBuilderComposes(t *testing.T) {
	nested, err := Decode(fixtures(t)["nested.wasm"])
	if err != nil {
		t.Fatal(err)
	}
	var inner []*Component
	for _, s := range nested.Sections {
		if cs, ok := s.(*ComponentSection); ok {
			inner = append(inner, cs.Component)
		}
	}
	if len(inner) != 2 {
		t.Fatalf("%d inner components", len(inner))
	}
	const api = "test:x/api@0.1.0"
	b := NewBuilder()
	ca := b.AddComponent(inner[0])
	cb := b.AddComponent(inner[1])
	ia := b.Instantiate(ca)
	apiInst := b.AliasExport(ia, api, SortInstance)
	ib := b.Instantiate(cb, InstantiateArg{Name: api, Sort: SortInstance, Index: apiInst})
	g := b.AliasExport(ib, "g", SortFunc)
	b.Export("g", SortFunc, g)
	out := b.Bytes()

	// The composer checks the wiring with the type model.
	wa, err := Resolve(inner[0])
	if err != nil {
		t.Fatal(err)
	}
	wb, err := Resolve(inner[1])
	if err != nil {
		t.Fatal(err)
	}
	have, _ := wa.Export(api)
	want, _ := wb.Import(api)
	if !Compatible(want.Type, have.Type) {
		t.Fatalf("wiring: %s", Incompatibility(want.Type, have.Type))
	}
	w := inspect(t, out)
	if e, ok := w.Export("g"); !ok || !Equal(e.Type, &Func{Result: U32}) {
		t.Fatalf("world: %s", WIT(w))
	}

	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "composed.wasm"), out, 0o644); err != nil {
		t.Fatal(err)
	}
	testutil.RunJco(t, dir, "transpile", "composed.wasm", "-o", "js", "--name", "composed")
	if err := os.WriteFile(filepath.Join(dir, "js", "package.json"), []byte(`{"type":"module"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	run := exec.Command(testutil.Node(t), "--input-type=module", "-e",
		`const m = await import("./js/composed.js"); console.log("g() = " + m.g());`)
	run.Dir = dir
	run.Env = append(os.Environ(), "NODE_PATH="+testutil.NodeModules(t))
	got, err := run.CombinedOutput()
	if err != nil || strings.TrimSpace(string(got)) != "g() = 42" {
		t.Fatalf("running the composition: %v\n%s", err, got)
	}
}

// TestBuilderImportUnderNewerVersion imports an interface resolved from one
// component under a semver-compatible newer name, as a composer does when
// two components import different patch versions of WASI.
func TestBuilderImportUnderNewerVersion(t *testing.T) {
	w := inspect(t, fixtures(t)["wasi.wasm"])
	b := NewBuilder()
	for _, im := range w.Imports {
		im.Name = strings.Replace(im.Name, "@0.2.0", "@0.2.12", 1)
		if _, err := b.Import(im); err != nil {
			t.Fatalf("%s: %v", im.Name, err)
		}
	}
	got := inspect(t, b.Bytes())
	for i, im := range w.Imports {
		if g := got.Imports[i]; !strings.HasSuffix(g.Name, "@0.2.12") || !Equal(im.Type, g.Type) {
			t.Errorf("%s: %s", g.Name, Incompatibility(im.Type, g.Type))
		}
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "x.wasm"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	testutil.RunJco(t, dir, "transpile", "x.wasm", "-o", "js", "--name", "x")
}

// TestOrderImports reverses the eighteen WASI imports of the Go component;
// OrderImports puts every interface after those it uses, and Builder can
// then declare them all.
func TestOrderImports(t *testing.T) {
	w := inspect(t, realComponents(t)["go.wasm"])
	rev := make([]Extern, len(w.Imports))
	for i, e := range w.Imports {
		rev[len(rev)-1-i] = e
	}
	streams, _ := w.Import("wasi:io/streams@0.2.12")
	if got := strings.Join(Uses(streams), " "); got != "wasi:io/error@0.2.12 wasi:io/poll@0.2.12" {
		t.Errorf("streams uses %q", got)
	}
	ordered, err := OrderImports(rev)
	if err != nil {
		t.Fatal(err)
	}
	pos := map[string]int{}
	for i, e := range ordered {
		pos[e.Name] = i
	}
	for _, e := range ordered {
		for _, u := range Uses(e) {
			if pos[u] > pos[e.Name] {
				t.Errorf("%s comes before %s, which it uses", e.Name, u)
			}
		}
	}
	b := NewBuilder()
	for _, e := range ordered {
		if _, err := b.Import(e); err != nil {
			t.Fatalf("%s: %v", e.Name, err)
		}
	}
	if _, err := Inspect(b.Bytes()); err != nil {
		t.Fatal(err)
	}
	// A cycle cannot be ordered.
	a := &Resource{Name: "a", Owner: "x:y/a"}
	bb := &Resource{Name: "b", Owner: "x:y/b"}
	ia := Extern{Name: "x:y/a", Kind: ExternInstance, Type: &Interface{Exports: []Extern{{Name: "f", Kind: ExternFunc, Type: &Func{Result: &HandleType{Resource: bb}}}}}}
	ib := Extern{Name: "x:y/b", Kind: ExternInstance, Type: &Interface{Exports: []Extern{{Name: "f", Kind: ExternFunc, Type: &Func{Result: &HandleType{Resource: a}}}}}}
	if _, err := OrderImports([]Extern{ia, ib}); err == nil || !strings.Contains(err.Error(), "cycle") {
		t.Errorf("cycle: %v", err)
	}
}

// TestBuilderImportsUnion declares an interface whose exports come from two
// different components (a composer merges what several importers need):
// types resolved from either refer to the same declarations.
func TestBuilderImportsUnion(t *testing.T) {
	small := inspect(t, fixtures(t)["wasi.wasm"])
	big := inspect(t, realComponents(t)["real.wasm"])
	smallStreams := mustExtern(t, small.Imports, "wasi:io/streams@0.2.0", ExternInstance).Type.(*Interface)
	bigStreams := mustExtern(t, big.Imports, "wasi:io/streams@0.2.0", ExternInstance).Type.(*Interface)
	union := &Interface{Exports: append([]Extern{}, smallStreams.Exports...)}
	flush := mustExtern(t, bigStreams.Exports, "[method]output-stream.flush", ExternFunc)
	union.Exports = append(union.Exports, flush)

	b := NewBuilder()
	errImport, _ := small.Import("wasi:io/error@0.2.0")
	if _, err := b.Import(errImport); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Import(Extern{Name: "wasi:io/streams@0.2.0", Kind: ExternInstance, Type: union}); err != nil {
		t.Fatal(err)
	}
	got := inspect(t, b.Bytes())
	streams := mustExtern(t, got.Imports, "wasi:io/streams@0.2.0", ExternInstance).Type
	if !Compatible(smallStreams, streams) || !Compatible(streams, union) {
		t.Fatalf("union: %s", WIT(got))
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "u.wasm"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	testutil.RunJco(t, dir, "transpile", "u.wasm", "-o", "js", "--name", "u")
}
