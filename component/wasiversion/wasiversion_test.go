package wasiversion_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/component"
	"github.com/wasmcp/wasmcp/component/wasiversion"
	"github.com/wasmcp/wasmcp/compose"
	"github.com/wasmcp/wasmcp/framework/coreparts"
	"github.com/wasmcp/wasmcp/framework/embedded"
	"github.com/wasmcp/wasmcp/internal/testutil"
	mcpwit "github.com/wasmcp/wasmcp/wit/mcp"
)

func fn(name string, params ...component.Param) component.Extern {
	return component.Extern{Name: name, Kind: component.ExternFunc, Type: &component.Func{Params: params}}
}

func instance(name string, exports ...component.Extern) component.Extern {
	return component.Extern{Name: name, Kind: component.ExternInstance, Type: &component.Interface{Exports: exports}}
}

// importer returns a component that imports each extern.
func importer(t *testing.T, imports ...component.Extern) []byte {
	t.Helper()
	b := component.NewBuilder()
	for _, e := range imports {
		if _, err := b.Import(e); err != nil {
			t.Fatal(err)
		}
	}
	return b.Bytes()
}

func world(t *testing.T, wasm []byte) *component.World {
	t.Helper()
	w, err := component.Inspect(wasm)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

var (
	exit         = fn("exit", component.Param{Name: "status", Type: &component.ResultType{}})
	exitWithCode = fn("exit-with-code", component.Param{Name: "status-code", Type: component.U8})
	getArguments = fn("get-arguments")
)

func TestChoose(t *testing.T) {
	for _, tc := range []struct {
		name    string
		imports []component.Extern
		target  wasiversion.Target
		want    string
		err     string
		is      error
	}{
		{name: "lowest", imports: []component.Extern{instance("wasi:cli/exit@0.2.12", exit), instance("wasi:cli/environment@0.2.3", getArguments)},
			target: wasiversion.Target{Lowest: true}, want: "0.2.0"},
		{name: "nothing", target: wasiversion.Target{Lowest: true}, want: "0.2.0"},
		{name: "later item", imports: []component.Extern{instance("wasi:cli/exit@0.2.12", exit, exitWithCode)},
			target: wasiversion.Target{Lowest: true}, want: "0.2.12"},
		{name: "given", imports: []component.Extern{instance("wasi:cli/exit@0.2.12", exit)},
			target: wasiversion.Target{Version: wasiversion.Version{Patch: 6}}, want: "0.2.6"},
		{name: "given lacks", imports: []component.Extern{instance("wasi:cli/exit@0.2.12", exit, exitWithCode), instance("wasi:cli/environment@0.2.12", getArguments)},
			target: wasiversion.Target{Version: wasiversion.Version{Patch: 11}}, is: wasiversion.ErrMissing,
			err: "WASI 0.2.11 lacks wasi:cli/exit.exit-with-code (added in WASI 0.2.12; imported as wasi:cli/exit@0.2.12)"},
		{name: "unknown function", imports: []component.Extern{instance("wasi:cli/environment@0.2.12", fn("get-mood"))},
			target: wasiversion.Target{Lowest: true}, is: wasiversion.ErrUnknown,
			err: "wasi:cli/environment.get-mood (imported as wasi:cli/environment@0.2.12) is in no WASI release up to 0.2.12"},
		{name: "unknown interface", imports: []component.Extern{instance("wasi:cli/mood@0.2.0")},
			target: wasiversion.Target{Version: wasiversion.Version{Patch: 0}}, is: wasiversion.ErrUnknown,
			err: "wasi:cli/mood (imported as wasi:cli/mood@0.2.0) is in no WASI release up to 0.2.12"},
		{name: "unstable", imports: []component.Extern{instance("wasi:clocks/timezone@0.2.12", fn("utc-offset"))},
			target: wasiversion.Target{Lowest: true}, is: wasiversion.ErrUnknown,
			err: "wasi:clocks/timezone (imported as wasi:clocks/timezone@0.2.12) is unstable (feature clocks-timezone) in WASI 0.2 up to 0.2.12"},
		{name: "not WASI 0.2", imports: []component.Extern{instance("wasi:keyvalue/store@0.2.0-draft", fn("get")), instance("wasi:io/poll@0.3.0", fn("whatever")), instance("wasmcp:mcp/types@0.1.0", fn("x"))},
			target: wasiversion.Target{Lowest: true}, want: "0.2.0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := wasiversion.Choose(world(t, importer(t, tc.imports...)), tc.target)
			switch {
			case tc.err != "":
				if err == nil || !strings.Contains(err.Error(), tc.err) || !errors.Is(err, tc.is) {
					t.Fatalf("error %v, want %q (%v)", err, tc.err, tc.is)
				}
			case err != nil:
				t.Fatal(err)
			case v.String() != tc.want:
				t.Fatalf("got %v, want %s", v, tc.want)
			}
		})
	}
}

// names lists every component-level name of c and of the components nested
// in it: imports, exports, instantiation arguments, inline instance
// exports, aliased instance exports and type declarations.
func names(c *component.Component) []string {
	var out []string
	var decls func(ds []component.Decl)
	typeDef := func(t component.TypeDef) {
		switch t := t.(type) {
		case *component.ComponentType:
			decls(t.Decls)
		case *component.InstanceType:
			decls(t.Decls)
		}
	}
	decls = func(ds []component.Decl) {
		for _, d := range ds {
			switch d.Kind {
			case component.DeclImport, component.DeclExport:
				out = append(out, d.Name.Name)
			case component.DeclAlias:
				if d.Alias.Kind == component.AliasExport {
					out = append(out, d.Alias.Name)
				}
			case component.DeclType:
				typeDef(d.Type)
			}
		}
	}
	for _, s := range c.Sections {
		switch s := s.(type) {
		case *component.ImportSection:
			for _, im := range s.Imports {
				out = append(out, im.Name.Name)
			}
		case *component.ExportSection:
			for _, ex := range s.Exports {
				out = append(out, ex.Name.Name)
			}
		case *component.InstanceSection:
			for _, in := range s.Instances {
				for _, a := range in.Args {
					out = append(out, a.Name)
				}
				for _, x := range in.Exports {
					out = append(out, x.Name.Name)
				}
			}
		case *component.AliasSection:
			for _, a := range s.Aliases {
				if a.Kind == component.AliasExport {
					out = append(out, a.Name)
				}
			}
		case *component.TypeSection:
			for _, t := range s.Types {
				typeDef(t)
			}
		case *component.ComponentSection:
			out = append(out, names(s.Component)...)
		}
	}
	return out
}

// coreModules lists the core modules of c and its nested components.
func coreModules(c *component.Component) [][]byte {
	var out [][]byte
	for _, s := range c.Sections {
		switch s := s.(type) {
		case *component.CoreModuleSection:
			out = append(out, s.Module)
		case *component.ComponentSection:
			out = append(out, coreModules(s.Component)...)
		}
	}
	return out
}

var wasiName = regexp.MustCompile(`^wasi:(cli|clocks|filesystem|http|io|random|sockets)/[a-z-]+@0\.2\.[0-9]+$`)

// checkNames fails unless every WASI 0.2 name of c, at every level, has
// version want, and the other names are those of before with WASI names
// renamed.
func checkNames(t *testing.T, before, after *component.Component, want string) {
	t.Helper()
	b, a := names(before), names(after)
	if len(a) != len(b) {
		t.Fatalf("%d names before, %d after", len(b), len(a))
	}
	wasi := 0
	for i := range a {
		if !wasiName.MatchString(b[i]) {
			if a[i] != b[i] {
				t.Errorf("name %q became %q", b[i], a[i])
			}
			continue
		}
		wasi++
		if want := b[i][:strings.LastIndex(b[i], "@")+1] + want; a[i] != want {
			t.Errorf("name %q became %q, want %q", b[i], a[i], want)
		}
	}
	if wasi == 0 {
		t.Fatal("no WASI names at all")
	}
	cb, ca := coreModules(before), coreModules(after)
	if len(cb) != len(ca) {
		t.Fatalf("%d core modules before, %d after", len(cb), len(ca))
	}
	for i := range cb {
		if !bytes.Equal(cb[i], ca[i]) {
			t.Errorf("core module %d changed", i)
		}
	}
}

func decode(t *testing.T, wasm []byte) *component.Component {
	t.Helper()
	c, err := component.Decode(wasm)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// jcoValidates runs jco transpile, which validates the component.
func jcoValidates(t *testing.T, wasm []byte) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "c.wasm"), wasm, 0o644); err != nil {
		t.Fatal(err)
	}
	testutil.RunJco(t, dir, "transpile", "c.wasm", "-o", "out", "--quiet")
}

// TestRetargetFrameworkPart renames the WASI imports and export of the
// embedded HTTP framework program, made with the preview1 adapter of WASI
// 0.2.12.
func TestRetargetFrameworkPart(t *testing.T) {
	in, err := embedded.Part(embedded.ServerHTTP)
	if err != nil {
		t.Fatal(err)
	}
	before := component.WIT(world(t, in))
	if !strings.Contains(before, "wasi:cli/environment@0.2.12") {
		t.Fatalf("the part no longer imports WASI 0.2.12; the test needs a new fixture:\n%s", before)
	}
	out, v, err := wasiversion.Retarget(in, wasiversion.Target{Lowest: true})
	if err != nil {
		t.Fatal(err)
	}
	if v.String() != "0.2.0" {
		t.Fatalf("lowest release %v, want 0.2.0", v)
	}
	after := component.WIT(world(t, out))
	if want := strings.ReplaceAll(before, "@0.2.12", "@0.2.0"); after != want {
		t.Errorf("WIT after renaming:\n%s\nwant:\n%s", after, want)
	}
	checkNames(t, decode(t, in), decode(t, out), "0.2.0")
	jcoValidates(t, out)

	// Renaming again to the same release changes nothing; to another, only the names.
	again, _, err := wasiversion.Retarget(out, wasiversion.Target{Lowest: true})
	if err != nil || !bytes.Equal(again, out) {
		t.Errorf("retargeting twice: err %v, same bytes %v", err, bytes.Equal(again, out))
	}
	six, _, err := wasiversion.Retarget(out, wasiversion.Target{Version: wasiversion.Version{Patch: 6}})
	if err != nil {
		t.Fatal(err)
	}
	checkNames(t, decode(t, in), decode(t, six), "0.2.6")
}

// TestRenameNested renames a composition of the HTTP framework program
// and a handler plugged into it: the names inside the nested components
// (their imports, and the type declarations of the instances they export)
// change with the outer ones.
func TestRenameNested(t *testing.T) {
	socket, err := embedded.Part(embedded.ServerHTTP)
	if err != nil {
		t.Fatal(err)
	}
	plug, err := coreparts.Stub(mcpwit.QualifiedInterface(mcpwit.InterfaceHandler))
	if err != nil {
		t.Fatal(err)
	}
	in, err := compose.Plug(compose.Input{Name: "transport", Wasm: socket}, compose.Input{Name: "end", Wasm: plug})
	if err != nil {
		t.Fatal(err)
	}
	c := decode(t, in)
	if err := wasiversion.Rename(c, wasiversion.Version{Patch: 0}); err != nil {
		t.Fatal(err)
	}
	out := component.Encode(c)
	checkNames(t, decode(t, in), decode(t, out), "0.2.0")
	for _, n := range names(decode(t, out)) {
		if strings.Contains(n, "@0.2.12") {
			t.Errorf("name %s left at 0.2.12", n)
		}
	}
	jcoValidates(t, out)
}

func TestRenameCollision(t *testing.T) {
	in := importer(t, instance("wasi:cli/environment@0.2.0", getArguments), instance("wasi:cli/environment@0.2.3", getArguments))
	c := decode(t, in)
	err := wasiversion.Rename(c, wasiversion.Version{Patch: 1})
	if !errors.Is(err, wasiversion.ErrCollision) || !strings.Contains(err.Error(), `component imports: "wasi:cli/environment@0.2.0" and "wasi:cli/environment@0.2.3" would both become "wasi:cli/environment@0.2.1"`) {
		t.Fatalf("error %v", err)
	}
}
