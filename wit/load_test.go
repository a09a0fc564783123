package wit

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadDirWithDeps(t *testing.T) {
	dir := filepath.Join("testdata", "load", "app")
	for _, feat := range []bool{false, true} {
		r, pkg, err := LoadDir(dir, ResolveOptions{Features: map[string]bool{"extras": feat}})
		if err != nil {
			t.Fatal(err)
		}
		if pkg.Name.String() != "test:app@1.2.0" {
			t.Fatalf("main package %s", pkg.Name)
		}
		if pkg.Docs.Contents != "The application package." {
			t.Errorf("package docs %q", pkg.Docs.Contents)
		}
		for _, want := range []string{"test:dep-a@0.1.0", "test:dep-b@2.0.0", "test:dep-c", "test:single", "test:nested"} {
			if r.Package(want) == nil {
				t.Errorf("package %s not loaded", want)
			}
		}
		api := pkg.Interface("api")
		get := api.Function("get")
		if get == nil || get.Stability.Kind != Stable || get.Stability.Since != "1.0.0" {
			t.Fatalf("get: %+v", get)
		}
		if get.Docs.Contents != "Looks up a thing.\nReturns none when absent." {
			t.Errorf("get docs %q", get.Docs.Contents)
		}
		old := api.Function("old")
		if old.Stability.Deprecated != "1.2.0" || old.Stability.Since != "1.1.0" {
			t.Errorf("old: %+v", old.Stability)
		}
		if (api.Function("extra") != nil) != feat {
			t.Errorf("extra present = %v with feature %v", api.Function("extra") != nil, feat)
		}
		// `use … as` renames: ident is an alias of dep-a's id, which is u64.
		ident := api.Type("ident")
		if ident == nil || Underlying(ident) != U64 {
			t.Fatalf("ident: %v", ident)
		}
		param := get.Params[0].Type.(*TypeDef)
		if param != ident {
			t.Errorf("get's param is %v, want the ident alias", param)
		}
		opt := get.Result.(*TypeDef).Kind.(*Option)
		thing := UnderlyingDef(opt.Elem.(*TypeDef))
		if thing.Owner.(*Interface).QualifiedName() != "test:dep-a/types@0.1.0" {
			t.Errorf("thing owner %v", thing.Owner)
		}
		// The world imports what api uses, dependencies first.
		w, err := r.SelectWorld("app")
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, it := range w.Imports {
			keys = append(keys, it.Key)
		}
		if got := strings.Join(keys, " "); got != "test:dep-a/types@0.1.0 test:dep-c/clock test:dep-b/log@2.0.0" {
			t.Errorf("imports: %s", got)
		}
		if len(w.Exports) != 1 || w.Exports[0].Key != "test:app/api@1.2.0" {
			t.Errorf("exports: %+v", w.Exports)
		}
		if _, err := EncodeWorld(r, w); err != nil {
			t.Fatal(err)
		}
	}
}

func TestNestedPackagesAndResources(t *testing.T) {
	src := `package test:main;

interface i {
    use test:other/res.{file};
    open: func() -> file;
    read: func(f: borrow<file>) -> list<u8>;
}

world w { export i; }

package test:other {
    interface res {
        resource file {
            constructor(path: string);
            size: func() -> u64;
            open: static func(path: string) -> result<file, string>;
        }
    }
}
`
	r, pkg, err := ParseSource("nested.wit", src)
	if err != nil {
		t.Fatal(err)
	}
	if pkg.Name.String() != "test:main" {
		t.Fatalf("main package %s", pkg.Name)
	}
	res := r.Package("test:other").Interface("res")
	file := res.Type("file")
	fns := r.ResourceFunctions(file)
	var names []string
	for _, f := range fns {
		names = append(names, f.Name)
	}
	if got := strings.Join(names, " "); got != "[constructor]file [method]file.size [static]file.open" {
		t.Errorf("resource functions: %s", got)
	}
	size := res.Function("[method]file.size")
	if h := size.Params[0].Type.(*TypeDef).Kind.(*Handle); !h.Borrow || h.Resource != file || size.Params[0].Name != "self" {
		t.Errorf("self param: %+v", size.Params[0])
	}
	if size.ItemName() != "size" || fns[0].ItemName() != "constructor" {
		t.Errorf("item names %q %q", size.ItemName(), fns[0].ItemName())
	}
	ctor := fns[0]
	if h := ctor.Result.(*TypeDef).Kind.(*Handle); h.Borrow || h.Resource != file {
		t.Errorf("constructor result %v", ctor.Result)
	}
	// In interface i, `file` is an alias of the resource; own<file> handles
	// point at the alias, and r.ResourceFunctions follows it.
	alias := pkg.Interface("i").Type("file")
	if UnderlyingDef(alias) != file || len(r.ResourceFunctions(alias)) != 3 {
		t.Errorf("alias resource functions")
	}
	open := pkg.Interface("i").Function("open")
	if h := open.Result.(*TypeDef).Kind.(*Handle); h.Resource != alias {
		t.Errorf("open result handle %v", h.Resource)
	}
	// Types are in dependency order.
	pos := map[*TypeDef]int{}
	for i, t := range r.Types {
		pos[t] = i
	}
	for i, td := range r.Types {
		if h, ok := td.Kind.(*Handle); ok && pos[h.Resource] > i {
			t.Errorf("handle at %d before its resource", i)
		}
	}
}

func TestSelectWorldMainPackage(t *testing.T) {
	// The nested package depends on the main one, so it is resolved after
	// it; unqualified names still refer to the main package.
	src := "package a:main;\ninterface i { type t = u8; }\nworld w { import i; }\n\npackage a:ext {\n    world w { import a:main/i; }\n}\n"
	r, pkg, err := ParseSource("m.wit", src)
	if err != nil {
		t.Fatal(err)
	}
	if r.Main() != pkg || pkg.Name.String() != "a:main" {
		t.Fatalf("main %v", r.Main())
	}
	w, err := r.SelectWorld("w")
	if err != nil || w.Package != pkg {
		t.Fatalf("SelectWorld(w) = %v, %v", w, err)
	}
	if w, err := r.SelectWorld("a:ext/w"); err != nil || w.Package.Name.Name != "ext" {
		t.Fatalf("SelectWorld(a:ext/w) = %v, %v", w, err)
	}
	if _, err := r.SelectWorld("nope"); err == nil || !strings.Contains(err.Error(), `no world "nope"`) {
		t.Errorf("unknown world: %v", err)
	}
}
