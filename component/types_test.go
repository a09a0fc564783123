package component

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/internal/testutil"
)

func inspect(t *testing.T, b []byte) *World {
	t.Helper()
	w, err := Inspect(b)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func mustExtern(t *testing.T, es []Extern, name string, kind ExternKind) Extern {
	t.Helper()
	e, ok := find(es, name)
	if !ok {
		t.Fatalf("no extern %q", name)
	}
	if e.Kind != kind {
		t.Fatalf("%q is a %s, want %s", name, e.Kind, kind)
	}
	return e
}

func TestInspectTypes(t *testing.T) {
	w := inspect(t, fixtures(t)["types.wasm"])
	host := mustExtern(t, w.Imports, "host", ExternInstance).Type.(*Interface)
	point := mustExtern(t, host.Exports, "point", ExternType).Type.(*Named)
	rec, ok := point.Type.(*RecordType)
	if !ok || len(rec.Fields) != 3 || rec.Fields[2].Name != "label" || rec.Fields[2].Type != String {
		t.Fatalf("point = %#v", point.Type)
	}
	blob := mustExtern(t, host.Exports, "blob", ExternType).Type.(*Resource)
	if blob.Owner != "host" || blob.Name != "blob" {
		t.Errorf("blob = %+v", blob)
	}
	ctor := mustExtern(t, host.Exports, "[constructor]blob", ExternFunc).Type.(*Func)
	if h, ok := ctor.Result.(*HandleType); !ok || h.Borrow || ResourceOf(h.Resource) != blob {
		t.Errorf("constructor result = %#v", ctor.Result)
	}
	size := mustExtern(t, host.Exports, "[method]blob.size", ExternFunc).Type.(*Func)
	if h, ok := size.Params[0].Type.(*HandleType); !ok || !h.Borrow || ResourceOf(h.Resource) != blob {
		t.Errorf("self = %#v", size.Params[0].Type)
	}
	desc := mustExtern(t, host.Exports, "describe", ExternFunc).Type.(*Func)
	if got := TypeString(desc.Params[3].Type) + " " + TypeString(desc.Result); got != "option<tuple<u32, string>> result<shape, err>" {
		t.Errorf("describe: %s", got)
	}
	nameOf := mustExtern(t, w.Imports, "name-of", ExternFunc).Type.(*Func)
	color := mustExtern(t, host.Exports, "color", ExternType).Type
	if nameOf.Params[0].Type != color {
		t.Errorf("name-of's parameter is not host's color: %#v", nameOf.Params[0].Type)
	}
	if _, ok := Underlying(color).(*EnumType); !ok {
		t.Errorf("color = %#v", color)
	}
}

func TestInspectNested(t *testing.T) {
	w := inspect(t, fixtures(t)["nested.wasm"])
	g := mustExtern(t, w.Exports, "g", ExternFunc).Type.(*Func)
	if len(g.Params) != 0 || g.Result != U32 {
		t.Fatalf("g = %#v", g)
	}
	if len(w.Imports) != 0 {
		t.Errorf("imports: %v", w.Imports)
	}
}

// TestInspectShim checks an interface exported through an instantiated
// shim component: the resource defined by the outer component replaces the
// shim's imported one.
func TestInspectShim(t *testing.T) {
	w := inspect(t, fixtures(t)["core.wasm"])
	things := mustExtern(t, w.Exports, "test:x/things@0.1.0", ExternInstance).Type.(*Interface)
	thing := ResourceOf(mustExtern(t, things.Exports, "thing", ExternType).Type)
	if thing == nil || !thing.Defined || thing.Owner != "test:x/things@0.1.0" || thing.Name != "thing" {
		t.Fatalf("thing = %+v", thing)
	}
	mk := mustExtern(t, things.Exports, "make", ExternFunc).Type.(*Func)
	if ResourceOf(mk.Result.(*HandleType).Resource) != thing {
		t.Error("make does not return the defined resource")
	}
}

// TestInspectReexport checks that the resources of an instance passed to a
// nested component replace the nested component's own imported ones in
// what it exports.
func TestInspectReexport(t *testing.T) {
	w := inspect(t, fixtures(t)["reexport.wasm"])
	res := mustExtern(t, w.Imports, "test:x/res@0.1.0", ExternInstance).Type.(*Interface)
	thing := ResourceOf(mustExtern(t, res.Exports, "thing", ExternType).Type)
	api := mustExtern(t, w.Exports, "test:x/api@0.1.0", ExternInstance).Type.(*Interface)
	mk := mustExtern(t, api.Exports, "make", ExternFunc).Type.(*Func)
	if got := ResourceOf(mk.Result.(*HandleType).Resource); got != thing {
		t.Fatalf("make returns %+v, want the imported thing", got)
	}
	if !strings.Contains(WIT(w), "    use res.{thing};\n") {
		t.Errorf("no use of thing in api:\n%s", WIT(w))
	}
}

// TestUseSharesResources checks that an outer alias (WIT use) resolves to
// the very resource the other interface declares.
func TestUseSharesResources(t *testing.T) {
	w := inspect(t, fixtures(t)["wasi.wasm"])
	errIface := mustExtern(t, w.Imports, "wasi:io/error@0.2.0", ExternInstance).Type.(*Interface)
	errRes := mustExtern(t, errIface.Exports, "error", ExternType).Type.(*Resource)
	streams := mustExtern(t, w.Imports, "wasi:io/streams@0.2.0", ExternInstance).Type.(*Interface)
	se := Underlying(mustExtern(t, streams.Exports, "stream-error", ExternType).Type).(*VariantType)
	if got := ResourceOf(se.Cases[0].Type.(*HandleType).Resource); got != errRes {
		t.Fatalf("stream-error's error is %+v, want wasi:io/error's", got)
	}
	if errRes.Owner != "wasi:io/error@0.2.0" {
		t.Errorf("owner %q", errRes.Owner)
	}
	if rs := streams.Resources("wasi:io/streams@0.2.0"); len(rs) != 2 || rs[0].Name != "input-stream" {
		t.Errorf("streams' own resources: %v", rs)
	}
}

func TestEqualCompatible(t *testing.T) {
	small := mustExtern(t, inspect(t, fixtures(t)["wasi.wasm"]).Imports, "wasi:io/streams@0.2.0", ExternInstance).Type
	real := inspect(t, realComponents(t)["real.wasm"])
	big := mustExtern(t, real.Imports, "wasi:io/streams@0.2.0", ExternInstance).Type
	if Equal(small, big) {
		t.Error("streams with and without flush are equal")
	}
	if !Compatible(small, big) {
		t.Errorf("the larger streams does not satisfy the smaller: %s", Incompatibility(small, big))
	}
	if Compatible(big, small) {
		t.Error("the smaller streams satisfies the larger")
	}
	if why := Incompatibility(big, small); why != `missing export "[method]output-stream.flush"` {
		t.Errorf("incompatibility: %q", why)
	}
	// The same interface from two separately built components is equal.
	again := inspect(t, realComponents(t)["real-adapted.wasm"])
	// (The adapter's WASI 0.2.12 replaced the world's 0.2.0: semver-compatible
	// versions of an interface are the same interface.)
	for _, names := range [][2]string{{"test:real/logging@0.1.0", "test:real/logging@0.1.0"}, {"wasi:io/streams@0.2.0", "wasi:io/streams@0.2.12"}} {
		a := mustExtern(t, real.Imports, names[0], ExternInstance).Type
		b := mustExtern(t, again.Imports, names[1], ExternInstance).Type
		if !Equal(a, b) {
			t.Errorf("%s differs between builds: %s", names[0], Incompatibility(a, b))
		}
	}
	shapes := mustExtern(t, real.Exports, "test:real/shapes@0.1.0", ExternInstance).Type
	if Equal(shapes, small) || Compatible(shapes, small) {
		t.Error("shapes matches streams")
	}
}

// normWIT normalises WIT text for comparison with jco: it keeps the root
// package and its world (jco prints nothing else; our nested package blocks
// with the definitions of named interfaces come after the world and are
// dropped), trims each line and drops blank lines. It also drops the world's
// own `use` items, which jco leaves out (wasmcp prints them so that the WIT
// parses). Order is kept: both list imports and exports in component order
// and interface items in declaration order.
func normWIT(s string) []string {
	var out []string
	inWorld := false
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, "world ") {
			inWorld = true
		}
		if inWorld && strings.HasPrefix(l, "  use ") {
			continue
		}
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		out = append(out, l)
		if l == "}" && len(out) > 0 && !strings.HasPrefix(l, " ") && worldClosed(out) {
			break
		}
	}
	return out
}

// worldClosed reports whether the braces opened since "world root {" are
// all closed.
func worldClosed(lines []string) bool {
	depth, started := 0, false
	for _, l := range lines {
		if strings.HasPrefix(l, "world ") {
			started = true
		}
		if !started {
			continue
		}
		depth += strings.Count(l, "{") - strings.Count(l, "}")
	}
	return started && depth == 0
}

func allComponents(t *testing.T) map[string][]byte {
	all := fixtures(t)
	for n, b := range realComponents(t) {
		all[n] = b
	}
	return all
}

func TestWITMatchesJco(t *testing.T) {
	dir := t.TempDir()
	for name, b := range allComponents(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(dir, name)
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
			want := normWIT(testutil.RunJco(t, dir, "wit", path))
			got := normWIT(WIT(inspect(t, b)))
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Fatalf("wasmcp:\n%s\n\njco:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// buildDummy makes a component for world in wit with the pinned jco.
func buildDummy(t *testing.T, wit, world string) []byte {
	t.Helper()
	dir := t.TempDir()
	witPath := filepath.Join(dir, "w.wit")
	out := filepath.Join(dir, "w.wasm")
	if err := os.WriteFile(witPath, []byte(wit), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(testutil.Node(t), "testdata/dummy.mjs", witPath, world, out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("jco rejects the printed WIT: %v\n%s\n%s", err, msg, wit)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestWITReembeds feeds the printed WIT (nested packages included) back to
// jco's WIT parser and component builder: the component it makes has equal
// imports and exports, and, for components that jco made in the first
// place, prints the very same WIT.
func TestWITReembeds(t *testing.T) {
	all := allComponents(t)
	for _, name := range []string{"wasi.wasm", "core.wasm", "reexport.wasm", "real.wasm", "real-adapted.wasm", "go.wasm", "proxy.wasm"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			orig := inspect(t, all[name])
			first := WIT(orig)
			again := inspect(t, buildDummy(t, first, "root"))
			// (A world-level `use` comes back as an extra type import, and a
			// `use` in an interface as an extra type export: Compatible allows
			// those.)
			for _, pair := range [][2][]Extern{{orig.Imports, again.Imports}, {orig.Exports, again.Exports}} {
				for _, e := range pair[0] {
					g, ok := find(pair[1], e.Name)
					if !ok || !Compatible(e.Type, g.Type) {
						t.Errorf("%q: %s", e.Name, Incompatibility(e.Type, g.Type))
					}
				}
				for _, g := range pair[1] {
					if _, ok := find(pair[0], g.Name); !ok && g.Kind != ExternType {
						t.Errorf("extra %s %q", g.Kind, g.Name)
					}
				}
			}
			// Small components built from a WIT alone print the same text
			// again; in larger ones (the adapter's, wasi:http) wit-component
			// declares types in another order after re-parsing.
			if strings.HasPrefix(name, "real") {
				if second := WIT(again); first != second {
					t.Fatalf("printed WIT changed after re-embedding:\n%s\n----\n%s", first, second)
				}
			}
		})
	}
}

// TestBuilderImports re-declares every import of a component in a new
// component with Builder, validates the result with jco and checks that the
// imports resolve to equal types.
func TestBuilderImports(t *testing.T) {
	all := allComponents(t)
	dir := t.TempDir()
	for _, name := range []string{"wasi.wasm", "types.wasm", "real.wasm", "real-adapted.wasm", "go.wasm", "proxy.wasm"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			orig := inspect(t, all[name])
			b := NewBuilder()
			for _, im := range orig.Imports {
				if _, err := b.Import(im); err != nil {
					t.Fatalf("import %q: %v", im.Name, err)
				}
			}
			if n := b.Next(SortInstance) + b.Next(SortFunc); int(n) != len(orig.Imports) {
				t.Errorf("index spaces count %d imports, want %d", n, len(orig.Imports))
			}
			if IndexSpaces(b.C) != b.n {
				t.Errorf("IndexSpaces %v, builder %v", IndexSpaces(b.C), b.n)
			}
			out := Encode(b.C)
			got := inspect(t, out)
			if len(got.Imports) != len(orig.Imports) {
				t.Fatalf("%d imports, want %d", len(got.Imports), len(orig.Imports))
			}
			for i, im := range orig.Imports {
				g := got.Imports[i]
				if g.Name != im.Name || g.Kind != im.Kind || !Equal(g.Type, im.Type) {
					t.Errorf("import %q: %s", im.Name, Incompatibility(im.Type, g.Type))
				}
			}
			// jco must accept what we wrote, and see the same world.
			path := filepath.Join(dir, "built-"+name)
			if err := os.WriteFile(path, out, 0o644); err != nil {
				t.Fatal(err)
			}
			testutil.RunJco(t, dir, "transpile", path, "-o", filepath.Join(dir, "js-"+name), "--name", "x")
			if name != "types.wasm" { // jco cannot name types.wasm's inline-interface type uses
				if !bytes.Equal([]byte(WIT(got)), []byte(WIT(&World{Imports: orig.Imports}))) {
					t.Errorf("rebuilt world prints differently:\n%s", WIT(got))
				}
			}
		})
	}
}

func TestIndexSpaces(t *testing.T) {
	c, err := Decode(fixtures(t)["core.wasm"])
	if err != nil {
		t.Fatal(err)
	}
	n := IndexSpaces(c)
	// Counted by hand from core.wat; the instance export adds an instance.
	want := map[Sort]uint32{SortCoreModule: 2, SortCoreInstance: 3, SortCoreType: 2, SortComponent: 1, SortInstance: 2, SortFunc: 3, SortCoreMemory: 1}
	for s, v := range want {
		if n[s] != v {
			t.Errorf("%s: %d, want %d", s, n[s], v)
		}
	}
}

// TestTypeTooLarge: a type that doubles at each step is rejected before
// anything tries to print or compare it.
func TestTypeTooLarge(t *testing.T) {
	ts := &TypeSection{Types: []TypeDef{PrimType{Type: U8}}}
	for i := uint32(0); i < 40; i++ {
		ts.Types = append(ts.Types, &Tuple{Types: []ValType{{Index: i}, {Index: i}}})
	}
	c := &Component{Version: 0x0d, Layer: 1, Sections: []Section{ts}}
	_, err := Inspect(Encode(c))
	if err == nil || !strings.Contains(err.Error(), "type too large") {
		t.Fatalf("got %v", err)
	}
}

func TestValidateErrors(t *testing.T) {
	cases := []struct {
		sections []Section
		want     string
	}{
		{[]Section{&ImportSection{Imports: []Import{{Name: ExternName{Name: "f"}, Desc: ExternDesc{Kind: ExternFunc, Index: 3}}}}},
			`section 0 (import): import[0] "f": type index 3 out of range (0 defined)`},
		{[]Section{&TypeSection{Types: []TypeDef{PrimType{Type: U8}}}, &ImportSection{Imports: []Import{{Name: ExternName{Name: "f"}, Desc: ExternDesc{Kind: ExternFunc, Index: 0}}}}},
			`import[0] "f": type 0 is not a function type`},
		{[]Section{&AliasSection{Aliases: []Alias{{Sort: SortType, Kind: AliasOuter, Count: 1, Index: 0}}}},
			`outer alias count 1 exceeds the enclosing scopes`},
		{[]Section{&TypeSection{Types: []TypeDef{&InstanceType{}}}, &ImportSection{Imports: []Import{{Name: ExternName{Name: "i"}, Desc: ExternDesc{Kind: ExternInstance}}}},
			&AliasSection{Aliases: []Alias{{Sort: SortFunc, Kind: AliasExport, Instance: 0, Name: "nope"}}}},
			`instance 0 has no export "nope"`},
		{[]Section{&TypeSection{Types: []TypeDef{&Own{Type: 0}}}}, `type index 0 out of range`},
	}
	for _, tc := range cases {
		c := &Component{Version: 0x0d, Layer: 1, Sections: tc.sections}
		// Through the binary, as a user would meet it.
		_, err := Inspect(Encode(c))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %v, want %q", err, tc.want)
		}
		var re *ResolveError
		if !errors.As(err, &re) {
			t.Errorf("%T is not a *ResolveError", err)
		}
		if Validate(c) == nil {
			t.Error("Validate accepted it")
		}
	}
}

// FuzzResolve feeds section bytes after a valid preamble, so that mutations
// reach the resolver, the WIT printer and the Builder. Property: whatever
// resolves can be printed, and imports re-declared with Builder resolve to
// equal types.
func FuzzResolve(f *testing.F) {
	paths, _ := filepath.Glob("testdata/*.wasm")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b[8:])
	}
	f.Fuzz(func(t *testing.T, sections []byte) {
		wasm := append([]byte("\x00asm\x0d\x00\x01\x00"), sections...)
		w, err := Inspect(wasm)
		if err != nil {
			return
		}
		_ = WIT(w)
		b := NewBuilder()
		var declared []Extern
		for _, im := range w.Imports {
			if _, err := b.Import(im); err != nil {
				return // not every resolvable import can be re-declared (value, component imports)
			}
			declared = append(declared, im)
		}
		again, err := Inspect(b.Bytes())
		if err != nil {
			t.Fatalf("re-declared imports do not resolve: %v", err)
		}
		for i, im := range declared {
			if !Equal(im.Type, again.Imports[i].Type) {
				t.Fatalf("import %q changed: %s", im.Name, Incompatibility(im.Type, again.Imports[i].Type))
			}
		}
	})
}
