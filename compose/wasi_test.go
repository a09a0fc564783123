package compose

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/component"
	"github.com/wasmcp/wasmcp/component/wasiversion"
)

// wasiVersions returns the versions of the WASI 0.2 names among the
// imports and exports of w and of the components nested in wasm.
func wasiVersions(t *testing.T, wasm []byte) map[string]bool {
	t.Helper()
	c, err := component.Decode(wasm)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	var walk func(c *component.Component)
	walk = func(c *component.Component) {
		for _, s := range c.Sections {
			var names []string
			switch s := s.(type) {
			case *component.ImportSection:
				for _, im := range s.Imports {
					names = append(names, im.Name.Name)
				}
			case *component.ExportSection:
				for _, ex := range s.Exports {
					names = append(names, ex.Name.Name)
				}
			case *component.InstanceSection:
				for _, in := range s.Instances {
					for _, a := range in.Args {
						names = append(names, a.Name)
					}
				}
			case *component.ComponentSection:
				walk(s.Component)
			}
			for _, n := range names {
				if base, ver, ok := strings.Cut(n, "@"); ok && strings.HasPrefix(base, "wasi:") && strings.HasPrefix(ver, "0.2.") {
					got[ver] = true
				}
			}
		}
	}
	walk(c)
	return got
}

// TestGoGuestWASIVersion plugs num into the stock-Go guest, whose preview1
// adapter imports WASI 0.2.12, writing WASI names at the lowest release
// the composition needs, and runs the result in node.
func TestGoGuestWASIVersion(t *testing.T) {
	t.Parallel()
	guest := goGuest(t)
	if v := wasiVersions(t, guest); !v["0.2.12"] || len(v) != 1 {
		t.Fatalf("the Go guest imports WASI %v; the test expects 0.2.12", v)
	}
	lowest := wasiversion.Target{Lowest: true}
	out, err := PlugWith(PlugOptions{WASI: &lowest}, Input{"goguest", guest}, Input{"num", fixture(t, "num")})
	if err != nil {
		t.Fatal(err)
	}
	if v := wasiVersions(t, out); !v["0.2.0"] || len(v) != 1 {
		t.Errorf("composed component uses WASI versions %v, want only 0.2.0", v)
	}
	got := runNode(t, transpile(t, out), `const m = await import("./out/composed.js"); console.log(m.run());`)
	if got != "42" {
		t.Fatalf("run() = %s, want 42", got)
	}

	// Encode and WriteTo give the same bytes; without SetWASI the versions
	// of the inputs stay.
	c := New()
	g, _ := c.AddComponent("goguest", guest)
	n, _ := c.AddComponent("num", fixture(t, "num"))
	gi, _ := c.Instantiate(g, "goguest")
	if _, err := c.Instantiate(n, "num"); err != nil {
		t.Fatal(err)
	}
	if err := c.AutoWire(); err != nil {
		t.Fatal(err)
	}
	if err := c.Export(gi, "run", "run"); err != nil {
		t.Fatal(err)
	}
	kept, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.WASIVersion(); ok {
		t.Error("WASIVersion reports a release without SetWASI")
	}
	if v := wasiVersions(t, kept); !v["0.2.12"] || len(v) != 1 {
		t.Errorf("without SetWASI: WASI versions %v, want 0.2.12", v)
	}
	c.SetWASI(wasiversion.Target{Version: wasiversion.Version{Patch: 3}})
	enc, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := c.WASIVersion(); !ok || v.String() != "0.2.3" {
		t.Errorf("WASIVersion = %v, %v", v, ok)
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), enc) {
		t.Error("WriteTo and Encode differ")
	}
	if v := wasiVersions(t, enc); !v["0.2.3"] || len(v) != 1 {
		t.Errorf("WASI versions %v, want 0.2.3", v)
	}
	// Renaming while composing (nested components spliced from their
	// skeletons) gives what renaming the composed bytes gives.
	after, _, err := wasiversion.Retarget(kept, wasiversion.Target{Version: wasiversion.Version{Patch: 3}})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(after, enc) {
		t.Error("SetWASI and Retarget of the composed bytes differ")
	}
}

// TestWASIVersionMixed lifts wasi:io imports of 0.2.0 (io-a) and of a
// later patch: the outer import and both nested components end at the
// target release.
func TestWASIVersionMixed(t *testing.T) {
	t.Parallel()
	// io-a imports wasi:io/*@0.2.0; rename a copy of it to 0.2.3 to have
	// two components that import different patch releases.
	a := fixture(t, "io-a")
	b, _, err := wasiversion.Retarget(a, wasiversion.Target{Version: wasiversion.Version{Patch: 3}})
	if err != nil {
		t.Fatal(err)
	}
	c := New()
	ca, _ := c.AddComponent("a", a)
	cb, _ := c.AddComponent("b", b)
	ia, _ := c.Instantiate(ca, "a")
	ib, _ := c.Instantiate(cb, "b")
	if err := c.Export(ia, "test:x/a@0.1.0", "test:x/a@0.1.0"); err != nil {
		t.Fatal(err)
	}
	if err := c.Export(ib, "test:x/a@0.1.0", "test:x/b@0.1.0"); err != nil {
		t.Fatal(err)
	}
	c.SetWASI(wasiversion.Target{Lowest: true})
	out, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if v := wasiVersions(t, out); !v["0.2.0"] || len(v) != 1 {
		t.Errorf("WASI versions %v, want only 0.2.0", v)
	}
	transpile(t, out)
}

func TestWASIVersionLacksItem(t *testing.T) {
	t.Parallel()
	b := component.NewBuilder()
	if _, err := b.Import(component.Extern{Name: "wasi:cli/exit@0.2.12", Kind: component.ExternInstance, Type: &component.Interface{Exports: []component.Extern{
		{Name: "exit-with-code", Kind: component.ExternFunc, Type: &component.Func{Params: []component.Param{{Name: "status-code", Type: component.U8}}}},
	}}}); err != nil {
		t.Fatal(err)
	}
	c := New()
	comp, err := c.AddComponent("exiter", b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Instantiate(comp, "exiter"); err != nil {
		t.Fatal(err)
	}
	c.SetWASI(wasiversion.Target{Version: wasiversion.Version{Patch: 2}})
	_, err = c.Encode()
	if !errors.Is(err, wasiversion.ErrMissing) || !strings.Contains(err.Error(), "compose: WASI 0.2.2 lacks wasi:cli/exit.exit-with-code (added in WASI 0.2.12; imported as wasi:cli/exit@0.2.12)") {
		t.Fatalf("error %v", err)
	}
}
