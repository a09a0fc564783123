package compose

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/component"
	"github.com/wasmcp/wasmcp/internal/testutil"
)

// TestPlugFixturesCurrent checks that the committed .wasm fixtures are what the
// pinned jco assembles from their .wat sources today (jco's parse, as
// regen.sh runs it, here in one node process for all files).
func TestPlugFixturesCurrent(t *testing.T) {
	t.Parallel()
	wats, err := filepath.Glob(filepath.Join("testdata", "*.wat"))
	if err != nil || len(wats) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	dir := t.TempDir()
	if err := os.Symlink(testutil.NodeModules(t), filepath.Join(dir, "node_modules")); err != nil {
		t.Fatal(err)
	}
	var script strings.Builder
	script.WriteString(`import { parse } from "@bytecodealliance/jco"; import { readFile, writeFile } from "node:fs/promises";` + "\n")
	for _, wat := range wats {
		abs, _ := filepath.Abs(wat)
		base := strings.TrimSuffix(filepath.Base(wat), ".wat")
		fmt.Fprintf(&script, "await writeFile(%q, await parse(await readFile(%q, \"utf8\")));\n", filepath.Join(dir, base+".wasm"), abs)
	}
	runNode(t, dir, script.String())
	for _, wat := range wats {
		base := strings.TrimSuffix(filepath.Base(wat), ".wat")
		got, err := os.ReadFile(filepath.Join(dir, base+".wasm"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, fixture(t, base)) {
			t.Errorf("testdata/%s.wasm is stale: run testdata/regen.sh", base)
		}
	}
}

// TestPlugSharedLiftedImports: two components import overlapping subsets of
// WASI-like interfaces at versions 0.2.0 and 0.2.3. Each interface is lifted
// once, under the higher version, with the union of the functions; the
// interfaces that define resources come before the ones using them.
func TestPlugSharedLiftedImports(t *testing.T) {
	t.Parallel()
	c := New()
	b := mustInst(t, c, mustAdd(t, c, "io-b"), "io-b")
	a := mustInst(t, c, mustAdd(t, c, "io-a"), "io-a")
	if err := c.AutoWire(); err != nil {
		t.Fatal(err)
	}
	lifted, err := c.Lifted()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range lifted {
		got = append(got, l.Name)
	}
	want := []string{"wasi:io/error@0.2.3", "wasi:io/poll@0.2.0", "wasi:io/streams@0.2.3", "wasi:cli/stdout@0.2.3"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("lifted %v, want %v", got, want)
	}
	streams := lifted[2].Type.(*component.Interface)
	for _, f := range []string{"[method]output-stream.check-write", "[method]output-stream.blocking-write-and-flush", "[method]output-stream.subscribe", "pollable", "error"} {
		if _, ok := streams.Export(f); !ok {
			t.Errorf("lifted streams lacks %s", f)
		}
	}
	if err := c.Export(a, "test:x/a@0.1.0", "test:x/a@0.1.0"); err != nil {
		t.Fatal(err)
	}
	if err := c.Export(b, "test:x/b@0.1.0", "test:x/b@0.1.0"); err != nil {
		t.Fatal(err)
	}
	out, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	w, err := component.Inspect(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Imports) != len(want) {
		t.Fatalf("composed imports %v, want %v", names(w.Imports), want)
	}
	// The lifted streams refers to the lifted error and poll resources.
	st := w.Imports[2].Type.(*component.Interface)
	e, _ := st.Export("error")
	if r := component.ResourceOf(e.Type); r == nil || r.Owner != "wasi:io/error@0.2.3" {
		t.Errorf("streams' error is %#v, want the resource of wasi:io/error@0.2.3", e.Type)
	}
	transpile(t, out)
}

// TestPlugExportUsesLiftedResource: io-c exports an interface whose
// function takes a borrow of streams' output-stream; composed with io-a,
// the export refers to the resource of the one lifted streams import.
func TestPlugExportUsesLiftedResource(t *testing.T) {
	t.Parallel()
	c := New()
	a := mustInst(t, c, mustAdd(t, c, "io-a"), "io-a")
	ic := mustInst(t, c, mustAdd(t, c, "io-c"), "io-c")
	if err := c.Export(ic, "test:x/c@0.1.0", "test:x/c@0.1.0"); err != nil {
		t.Fatal(err)
	}
	if err := c.Export(a, "test:x/a@0.1.0", "test:x/a@0.1.0"); err != nil {
		t.Fatal(err)
	}
	out, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	w, err := component.Inspect(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Imports) != 3 || len(w.Exports) != 2 {
		t.Fatalf("imports %s, exports %s; want error, poll, streams and c, a", names(w.Imports), names(w.Exports))
	}
	transpile(t, out)
}

// TestPlugTypeMismatch: two components import one interface with different
// types for a function; the error names both and the types.
func TestPlugTypeMismatch(t *testing.T) {
	t.Parallel()
	c := New()
	mustInst(t, c, mustAdd(t, c, "io-a"), "io-a")
	mustInst(t, c, mustAdd(t, c, "io-bad"), "io-bad")
	_, err := c.Encode()
	if !errors.Is(err, ErrTypeMismatch) {
		t.Fatalf("got %v, want a type mismatch", err)
	}
	for _, s := range []string{`"io-a"`, `"io-bad"`, "wasi:io/streams@0.2.0", "blocking-write-and-flush", "list<u8>", "list<u16>"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not mention %s", err, s)
		}
	}
}

// TestPlugSemverWire: api-b imports test:x/api@0.1.0, api-a exports @0.1.2.
func TestPlugSemverWire(t *testing.T) {
	t.Parallel()
	c := New()
	mustInst(t, c, mustAdd(t, c, "api-a"), "api-a")
	b := mustInst(t, c, mustAdd(t, c, "api-b"), "api-b")
	if err := c.AutoWire(); err != nil {
		t.Fatal(err)
	}
	if l, err := c.Lifted(); err != nil || len(l) != 0 {
		t.Fatalf("lifted %v, %v; want nothing", l, err)
	}
	if err := c.Export(b, "g", "g"); err != nil {
		t.Fatal(err)
	}
	out, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if got := runNode(t, transpile(t, out), `const m = await import("./out/composed.js"); console.log(m.g());`); got != "42" {
		t.Fatalf("g() = %s, want 42", got)
	}
}

func TestPlugMatches(t *testing.T) {
	for _, tc := range []struct {
		imp, exp string
		want     bool
	}{
		{"wasi:io/streams@0.2.0", "wasi:io/streams@0.2.0", true},
		{"wasi:io/streams@0.2.0", "wasi:io/streams@0.2.3", true},
		{"wasi:io/streams@0.2.3", "wasi:io/streams@0.2.0", true},
		{"wasi:io/streams@0.2.0", "wasi:io/streams@0.3.0", false},
		{"a:b/c@1.0.0", "a:b/c@1.4.2", true},
		{"a:b/c@1.0.0", "a:b/c@2.0.0", false},
		{"a:b/c@0.0.1", "a:b/c@0.0.2", false},
		{"a:b/c", "a:b/c", true},
		{"a:b/c", "a:b/c@0.1.0", false},
		{"a:b/c@0.1.0", "a:b/d@0.1.0", false},
		{"run", "run", true},
	} {
		if got := Matches(tc.imp, tc.exp); got != tc.want {
			t.Errorf("Matches(%q, %q) = %v, want %v", tc.imp, tc.exp, got, tc.want)
		}
	}
}

// TestPlugAmbiguity: api-a (@0.1.2) and api-a2 (@0.1.0) both satisfy api-b's
// import; auto-wiring fails until the import is wired explicitly.
func TestPlugAmbiguity(t *testing.T) {
	t.Parallel()
	c := New()
	mustInst(t, c, mustAdd(t, c, "api-a"), "api-a")
	a2 := mustInst(t, c, mustAdd(t, c, "api-a2"), "api-a2")
	b := mustInst(t, c, mustAdd(t, c, "api-b"), "api-b")
	err := c.AutoWire()
	if !errors.Is(err, ErrAmbiguous) {
		t.Fatalf("got %v, want ambiguity", err)
	}
	for _, s := range []string{`"api-a"`, `"api-a2"`, `"api-b"`, "test:x/api@0.1.0"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not mention %s", err, s)
		}
	}
	if err := c.Wire(b, "test:x/api@0.1.0", a2, "test:x/api@0.1.0"); err != nil {
		t.Fatal(err)
	}
	if err := c.AutoWire(); err != nil {
		t.Fatal(err)
	}
	if err := c.Export(b, "g", "g"); err != nil {
		t.Fatal(err)
	}
	out, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if got := runNode(t, transpile(t, out), `const m = await import("./out/composed.js"); console.log(m.g());`); got != "1001" {
		t.Fatalf("g() = %s, want 1001", got)
	}
}

func TestPlugWireErrors(t *testing.T) {
	t.Parallel()
	c := New()
	s := mustInst(t, c, mustAdd(t, c, "api-str"), "api-str")
	b := mustInst(t, c, mustAdd(t, c, "api-b"), "api-b")
	err := c.Wire(b, "test:x/api@0.1.0", s, "test:x/api@0.1.0")
	if !errors.Is(err, ErrTypeMismatch) || !strings.Contains(err.Error(), `"f"`) || !strings.Contains(err.Error(), "string") {
		t.Fatalf("got %v, want a mismatch naming f and string", err)
	}
	if err := c.AutoWire(); !errors.Is(err, ErrTypeMismatch) {
		t.Fatalf("AutoWire: got %v, want a mismatch", err)
	}
	for _, tc := range []struct {
		err  error
		want string
	}{
		{c.Wire(b, "nope", s, "test:x/api@0.1.0"), `has no import "nope"`},
		{c.Wire(b, "test:x/api@0.1.0", s, "nope"), `has no export "nope"`},
		{c.Wire(b, "test:x/api@0.1.0", b, "g"), "its own import"},
		{c.Export(b, "nope", "x"), `has no export "nope"`},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("got %v, want an error with %q", tc.err, tc.want)
		}
	}
	if _, err := c.Instantiate(b.Component, "api-b"); err == nil {
		t.Error("a second instance named api-b was accepted")
	}
	if _, err := c.AddComponent("junk", []byte("\x00asm junk")); err == nil || !strings.Contains(err.Error(), `"junk"`) {
		t.Errorf("junk input: got %v, want an error naming it", err)
	}
	if _, err := c.AddComponent("core", []byte("\x00asm\x01\x00\x00\x00")); err == nil || !strings.Contains(err.Error(), `"core"`) {
		t.Errorf("core module input: got %v, want an error naming it", err)
	}
	if _, err := New().Encode(); err == nil {
		t.Error("empty composition encoded")
	}
}

// TestPlugSeveralInstances instantiates api-b twice against one api-a.
func TestPlugSeveralInstances(t *testing.T) {
	t.Parallel()
	c := New()
	a := mustAdd(t, c, "api-a")
	bc := mustAdd(t, c, "api-b")
	mustInst(t, c, a, "a")
	b1 := mustInst(t, c, bc, "b1")
	b2 := mustInst(t, c, bc, "b2")
	if err := c.AutoWire(); err != nil {
		t.Fatal(err)
	}
	if err := c.Export(b1, "g", "g1"); err != nil {
		t.Fatal(err)
	}
	if err := c.Export(b2, "g", "g2"); err != nil {
		t.Fatal(err)
	}
	if err := c.Export(b2, "g", "g1"); err == nil {
		t.Fatal("duplicate export name accepted")
	}
	out, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if got := runNode(t, transpile(t, out), `const m = await import("./out/composed.js"); console.log(m.g1() + m.g2());`); got != "84" {
		t.Fatalf("g1() + g2() = %s, want 84", got)
	}
}

// TestPlugDeterministic: composing the same inputs again gives the same bytes.
func TestPlugDeterministic(t *testing.T) {
	t.Parallel()
	build := func() []byte {
		c := New()
		for _, n := range []string{"io-b", "io-a", "text", "geo", "app"} {
			mustInst(t, c, mustAdd(t, c, n), n)
		}
		if err := c.AutoWire(); err != nil {
			t.Fatal(err)
		}
		for _, inst := range c.insts {
			for _, e := range inst.Component.World.Exports {
				if err := c.Export(inst, e.Name, e.Name); err != nil && !strings.Contains(err.Error(), "already exports") {
					t.Fatal(err)
				}
			}
		}
		out, err := c.Encode()
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	first := build()
	for range 10 {
		if !bytes.Equal(build(), first) {
			t.Fatal("composition output differs between runs")
		}
	}
	guest, num := goGuest(t), fixture(t, "num")
	g1, err := Plug(Input{"goguest", guest}, Input{"num", num})
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		g2, err := Plug(Input{"goguest", guest}, Input{"num", num})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(g1, g2) {
			t.Fatal("plug output differs between runs")
		}
	}
	transpile(t, first)
}

func TestPlugErrors(t *testing.T) {
	t.Parallel()
	_, err := Plug(Input{"api-b", fixture(t, "api-b")}, Input{"api-a", fixture(t, "api-a")}, Input{"num", fixture(t, "num")})
	if !errors.Is(err, ErrUnusedPlug) || !strings.Contains(err.Error(), `"num"`) {
		t.Fatalf("got %v, want an unused-plug error naming num", err)
	}
	_, err = Plug(Input{"api-b", fixture(t, "api-b")}, Input{"api-a", fixture(t, "api-a")}, Input{"api-a2", fixture(t, "api-a2")})
	if !errors.Is(err, ErrAmbiguous) {
		t.Fatalf("got %v, want ambiguity", err)
	}
	if _, err = Plug(Input{"api-b", fixture(t, "api-b")}); err == nil {
		t.Fatal("plug without plugs accepted")
	}
	// Plugs satisfy each other's imports: app ← geo, text.
	out, err := Plug(Input{"app", fixture(t, "app")}, Input{"geo", fixture(t, "geo")}, Input{"text", fixture(t, "text")})
	if err != nil {
		t.Fatal(err)
	}
	transpile(t, out)
}

// TestPlugLiftUsesInnerResource: keeper imports keep, which uses the bag of geo;
// with geo plugged in, keep cannot be lifted (an import cannot refer to a
// resource defined inside the component).
func TestPlugLiftUsesInnerResource(t *testing.T) {
	t.Parallel()
	_, err := Plug(Input{"keeper", fixture(t, "keeper")}, Input{"geo", fixture(t, "geo")})
	if err == nil || !strings.Contains(err.Error(), `"test:demo/keep@0.1.0"`) || !strings.Contains(err.Error(), `"bag"`) {
		t.Fatalf("got %v, want an error naming keep and bag", err)
	}
}

// TestPlugCycle: two components that import each other's export. Plug
// does not feed the socket's exports to the plugs, so there it lifts the
// plug's import; AutoWire wires both ways and Encode reports the cycle.
func TestPlugCycle(t *testing.T) {
	t.Parallel()
	out, err := Plug(Input{"cyc-a", fixture(t, "cyc-a")}, Input{"cyc-b", fixture(t, "cyc-b")})
	if err != nil {
		t.Fatal(err)
	}
	w, err := component.Inspect(out)
	if err != nil || len(w.Imports) != 1 || w.Imports[0].Name != "test:x/q@0.1.0" {
		t.Fatalf("plug: imports %v (%v), want test:x/q@0.1.0 lifted", w, err)
	}
	c := New()
	mustInst(t, c, mustAdd(t, c, "cyc-a"), "cyc-a")
	mustInst(t, c, mustAdd(t, c, "cyc-b"), "cyc-b")
	if err := c.AutoWire(); err != nil {
		t.Fatal(err)
	}
	_, err = c.Encode()
	if !errors.Is(err, ErrCycle) || !strings.Contains(err.Error(), `"cyc-a"`) || !strings.Contains(err.Error(), `"cyc-b"`) {
		t.Fatalf("got %v, want a cycle naming both", err)
	}
}
