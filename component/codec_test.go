package component

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/internal/testutil"
)

// countRaw counts sections that needed their original bytes to round-trip
// (non-minimal LEB128 in the input). Toolchain output has none, so the model
// alone must reproduce every fixture.
func countRaw(c *Component) int {
	n := 0
	for _, s := range c.Sections {
		if s.origin().orig != nil {
			n++
		}
		if cs, ok := s.(*ComponentSection); ok {
			n += countRaw(cs.Component)
		}
	}
	return n
}

func TestRoundTrip(t *testing.T) {
	all := fixtures(t)
	for n, b := range realComponents(t) {
		all[n] = b
	}
	for name, b := range all {
		t.Run(name, func(t *testing.T) {
			c, err := Decode(b)
			if err != nil {
				t.Fatal(err)
			}
			if got := Encode(c); !bytes.Equal(got, b) {
				t.Fatalf("re-encoding differs: %d bytes, want %d", len(got), len(b))
			}
			if n := countRaw(c); n != 0 {
				t.Errorf("%d section(s) needed their original bytes", n)
			}
		})
	}
}

// TestNonMinimalLEB checks that a section written with padded LEB128 numbers
// still round-trips byte for byte, and that a modified model is re-encoded.
func TestNonMinimalLEB(t *testing.T) {
	b := fixtures(t)["wasi.wasm"]
	// Rewrite the first section's size as a 5-byte LEB128.
	id, size := b[8], b[9]
	if size&0x80 != 0 {
		t.Fatal("fixture's first section is too large for this test")
	}
	padded := append([]byte{}, b[:8]...)
	padded = append(padded, id, size|0x80, 0x80, 0x80, 0x80, 0x00)
	padded = append(padded, b[10:]...)
	c, err := Decode(padded)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(Encode(c), padded) {
		t.Fatal("padded input did not round-trip")
	}
	firstImport := func(c *Component) *Import {
		for _, s := range c.Sections {
			if is, ok := s.(*ImportSection); ok {
				return &is.Imports[0]
			}
		}
		t.Fatal("no import section")
		return nil
	}
	firstImport(c).Name.Name = "wasi:io/error@0.2.1"
	// Also modify the padded first section so that it is re-encoded: one
	// more declaration inside its instance type (indices outside unchanged).
	it := c.Sections[0].(*TypeSection).Types[0].(*InstanceType)
	it.Decls = append(it.Decls, Decl{Kind: DeclType, Type: PrimType{Type: String}})
	out := Encode(c)
	c2, err := Decode(out)
	if err != nil {
		t.Fatal(err)
	}
	if got := firstImport(c2).Name.Name; got != "wasi:io/error@0.2.1" {
		t.Fatalf("modified name lost: %q", got)
	}
	if n := len(c2.Sections[0].(*TypeSection).Types[0].(*InstanceType).Decls); n != len(it.Decls) {
		t.Fatalf("modified padded section not re-encoded: %d declarations", n)
	}
	// Both the padded input and the edited output are valid for jco.
	dir := t.TempDir()
	for name, b := range map[string][]byte{"padded.wasm": padded, "edited.wasm": out} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
		testutil.RunJco(t, dir, "transpile", name, "-o", "js-"+name, "--name", "x")
	}
}

// TestFixturesCurrent checks that the committed .wasm fixtures are what the
// pinned jco makes of their .wat sources now (regen.sh).
func TestFixturesCurrent(t *testing.T) {
	wats, _ := filepath.Glob("testdata/*.wat")
	for _, wat := range wats {
		t.Run(filepath.Base(wat), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			abs, _ := filepath.Abs(wat)
			base := strings.TrimSuffix(filepath.Base(wat), ".wat") + ".wasm"
			testutil.RunJco(t, dir, "parse", abs, "-o", base)
			want, err := os.ReadFile(filepath.Join(dir, base))
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(filepath.Join("testdata", base))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("testdata/%s is stale: run component/testdata/regen.sh", base)
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	wasi := fixtures(t)["wasi.wasm"]
	cases := []struct {
		name string
		in   []byte
		want string
		is   error
	}{
		{"empty", nil, "offset 0x0: expected 8-byte preamble", nil},
		{"magic", []byte("\x00asx\x0d\x00\x01\x00"), "bad magic", ErrBadMagic},
		{"core", []byte("\x00asm\x01\x00\x00\x00"), "core module", ErrNotComponent},
		{"version", []byte("\x00asm\x0c\x00\x01\x00"), "unsupported component version", ErrUnsupported},
		{"section id", []byte("\x00asm\x0d\x00\x01\x00\x0f\x00"), "offset 0x8: unknown section id 0x0f", nil},
		{"section size", []byte("\x00asm\x0d\x00\x01\x00\x07\x05\x01"), "type section size 5 exceeds the 1 bytes that remain", nil},
		{"valtype", []byte("\x00asm\x0d\x00\x01\x00\x07\x03\x01\x70\x7a"), "", nil},
		{"bad type", []byte("\x00asm\x0d\x00\x01\x00\x07\x02\x01\x10"), "offset 0xb in type section: expected type, found 0x10", nil},
		{"bad valtype", []byte("\x00asm\x0d\x00\x01\x00\x07\x03\x01\x70\x50"), "offset 0xc in type section: expected valtype, found 0x50", nil},
		{"huge count", []byte("\x00asm\x0d\x00\x01\x00\x07\x06\xff\xff\xff\xff\x0f\x00"), "type count 4294967295 exceeds", nil},
		{"trailing", []byte("\x00asm\x0d\x00\x01\x00\x07\x03\x01\x73\x73"), "offset 0xc in type section: 1 unread bytes", nil},
		{"async canon", []byte("\x00asm\x0d\x00\x01\x00\x08\x03\x01\x09\x00"), "canon opcode 0x09", ErrUnsupported},
		{"truncated", wasi[:len(wasi)/2], "exceeds", nil},
	}
	for _, tc := range cases {
		_, err := Decode(tc.in)
		if tc.want == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
			continue
		}
		var de *DecodeError
		if !errors.As(err, &de) {
			t.Errorf("%s: %T is not a *DecodeError", tc.name, err)
		}
		if tc.is != nil && !errors.Is(err, tc.is) {
			t.Errorf("%s: %v is not %v", tc.name, err, tc.is)
		}
	}
}

// TestTruncations decodes every prefix of a fixture: each must fail with a
// DecodeError (or succeed), never panic.
func TestTruncations(t *testing.T) {
	for name, b := range fixtures(t) {
		for i := range b {
			if _, err := Decode(b[:i]); err == nil && i < 8 {
				t.Errorf("%s[:%d] decoded", name, i)
			}
		}
	}
}

func FuzzDecode(f *testing.F) {
	paths, _ := filepath.Glob("testdata/*.wasm")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := Decode(b)
		if err != nil {
			return
		}
		out := Encode(c)
		if !bytes.Equal(out, b) {
			t.Fatalf("decode→encode is not byte-identical")
		}
		c2, err := Decode(out)
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		if !bytes.Equal(Encode(c2), out) {
			t.Fatal("second round trip differs")
		}
		// Inspecting never panics either.
		// Inspecting and printing never panic either.
		if w, err := Inspect(b); err == nil {
			_ = WIT(w)
		}
	})
}

func BenchmarkDecodeComponent(b *testing.B) {
	data := realComponents(b)["go.wasm"]
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}

// TestNameSection checks that jco's component-name sections decode into
// NameSection (not the opaque fallback) with the names of the .wat.
func TestNameSection(t *testing.T) {
	c, err := Decode(fixtures(t)["nested.wasm"])
	if err != nil {
		t.Fatal(err)
	}
	var ns *NameSection
	for _, s := range c.Sections {
		if n, ok := s.(*NameSection); ok {
			ns = n
		}
	}
	if ns == nil {
		t.Fatal("no component-name section")
	}
	found := map[string]bool{}
	for _, sub := range ns.Subsections {
		for _, n := range sub.Names {
			found[sub.Sort.String()+" "+n.Name] = true
		}
	}
	for _, want := range []string{"component A", "component B", "instance a", "instance b", "func g"} {
		if !found[want] {
			t.Errorf("no name %q in %v", want, found)
		}
	}
	// A broken name section is kept as an opaque custom section.
	broken := append(append([]byte{}, fixtures(t)["nested.wasm"][:8]...), 0x00, 0x10, 0x0e)
	broken = append(broken, "component-name"...)
	broken = append(broken, 0x01)
	c, err = Decode(broken)
	if err != nil {
		t.Fatal(err)
	}
	if cs, ok := c.Sections[0].(*CustomSection); !ok || cs.Name != "component-name" {
		t.Fatalf("broken name section decoded as %T", c.Sections[0])
	}
	if !bytes.Equal(Encode(c), broken) {
		t.Fatal("broken name section did not round-trip")
	}
}
