package wit

import (
	"fmt"
	"strings"
	"testing"
)

// abiSource declares one type per case of the ABI tables.
const abiSource = `package test:abi;

interface t {
    record empty-ish { a: u8 }
    record r1 { a: u8, b: u32, c: u8 }
    record r2 { a: u64, b: u8 }
    record r3 { a: string, b: u16 }
    variant v1 { a(u8), b(u32), c }
    variant v2 { a(f32), b(u32) }
    variant v3 { a(f32), b(u64) }
    variant v4 { a(f64), b(f32) }
    variant v5 { a(string), b(tuple<u32, f32, u64>) }
    enum e1 { a, b, c }
    flags f8 { a, b, c, d, e, f, g, h }
    flags f9 { a, b, c, d, e, f, g, h, i }
    flags f17 { a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q }
    flags f33 { a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, d0, d1, d2 }
    resource res;
    type o1 = option<u8>;
    type o2 = option<u64>;
    type o3 = option<string>;
    type rs1 = result<u32, string>;
    type rs2 = result;
    type rs3 = result<_, f64>;
    type t1 = tuple<u8, u16, u32, u64>;
    type t2 = tuple<u8>;
    type l1 = list<u64>;
    type h1 = own<res>;
    type h2 = borrow<res>;
    type ch = char;
    type fx = list<u16, 3>;
    type a1 = r1;

    small: func(a: u32, b: f64) -> u64;
    many: func(a0: u32, a1: u32, a2: u32, a3: u32, a4: u32, a5: u32, a6: u32, a7: u32, a8: u32, a9: u32, b0: u32, b1: u32, b2: u32, b3: u32, b4: u32, b5: u32) -> string;
    too-many: func(a: string, b: string, c: string, d: string, e: string, f: string, g: string, h: string, i: u8) -> r1;
    none: func();
}

world w {
    export t;
}
`

func abiType(t *testing.T, r *Resolve, name string) Type {
	t.Helper()
	i := r.Packages[0].Interface("t")
	td := i.Type(name)
	if td == nil {
		t.Fatalf("no type %s", name)
	}
	return td
}

func flatString(cs []CoreType) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = c.String()
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func TestSizeAlignFlatten(t *testing.T) {
	r, _, err := ParseSource("abi.wit", abiSource)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name        string
		size, align uint32
		flat        string
	}{
		{"empty-ish", 1, 1, "[i32]"},
		{"r1", 12, 4, "[i32 i32 i32]"},
		{"r2", 16, 8, "[i64 i32]"},
		{"r3", 12, 4, "[i32 i32 i32]"},
		{"v1", 8, 4, "[i32 i32]"},
		{"v2", 8, 4, "[i32 i32]"},          // f32 ⊔ i32 = i32
		{"v3", 16, 8, "[i32 i64]"},         // f32 ⊔ i64 = i64
		{"v4", 16, 8, "[i32 i64]"},         // f64 ⊔ f32 = i64
		{"v5", 24, 8, "[i32 i32 i32 i64]"}, // (i32 i32) ⊔ (i32 f32 i64)
		{"e1", 1, 1, "[i32]"},
		{"f8", 1, 1, "[i32]"},
		{"f9", 2, 2, "[i32]"},
		{"f17", 4, 4, "[i32]"},
		{"f33", 8, 4, "[i32 i32]"},
		{"o1", 2, 1, "[i32 i32]"},
		{"o2", 16, 8, "[i32 i64]"},
		{"o3", 12, 4, "[i32 i32 i32]"},
		{"rs1", 12, 4, "[i32 i32 i32]"},
		{"rs2", 1, 1, "[i32]"},
		{"rs3", 16, 8, "[i32 f64]"},
		{"t1", 16, 8, "[i32 i32 i32 i64]"},
		{"t2", 1, 1, "[i32]"},
		{"l1", 8, 4, "[i32 i32]"},
		{"h1", 4, 4, "[i32]"},
		{"h2", 4, 4, "[i32]"},
		{"ch", 4, 4, "[i32]"},
		{"fx", 6, 2, "[i32 i32 i32]"},
		{"a1", 12, 4, "[i32 i32 i32]"},
	}
	for _, c := range cases {
		ty := abiType(t, r, c.name)
		s, a := SizeAlign(ty)
		if s != c.size || a != c.align {
			t.Errorf("%s: size/align = %d/%d, want %d/%d", c.name, s, a, c.size, c.align)
		}
		if got := flatString(Flatten(ty)); got != c.flat {
			t.Errorf("%s: flat = %s, want %s", c.name, got, c.flat)
		}
	}
	if got := fmt.Sprint(FieldOffsets(abiType(t, r, "r1"))); got != "[0 4 8]" {
		t.Errorf("r1 offsets %s", got)
	}
	if got := PayloadOffset(abiType(t, r, "o2")); got != 8 {
		t.Errorf("option<u64> payload offset %d", got)
	}
	prims := map[Primitive][3]any{
		Bool: {1, 1, "[i32]"}, S8: {1, 1, "[i32]"}, U16: {2, 2, "[i32]"}, S32: {4, 4, "[i32]"},
		U64: {8, 8, "[i64]"}, F32: {4, 4, "[f32]"}, F64: {8, 8, "[f64]"}, Char: {4, 4, "[i32]"},
		String: {8, 4, "[i32 i32]"},
	}
	for p, want := range prims {
		s, a := SizeAlign(p)
		if int(s) != want[0].(int) || int(a) != want[1].(int) || flatString(Flatten(p)) != want[2].(string) {
			t.Errorf("%s: %d/%d %s, want %v", p, s, a, flatString(Flatten(p)), want)
		}
	}
}

func TestFlattenFunction(t *testing.T) {
	r, _, err := ParseSource("abi.wit", abiSource)
	if err != nil {
		t.Fatal(err)
	}
	i := r.Packages[0].Interface("t")
	cases := []struct {
		fn             string
		ctx            AbiContext
		params, result string
		pi, ri         bool
	}{
		{"small", Lift, "[i32 f64]", "[i64]", false, false},
		{"small", Lower, "[i32 f64]", "[i64]", false, false},
		{"many", Lift, "[i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32]", "[i32]", false, true},
		{"many", Lower, "[i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32]", "[]", false, true},
		{"too-many", Lift, "[i32]", "[i32]", true, true},
		{"too-many", Lower, "[i32 i32]", "[]", true, true},
		{"none", Lift, "[]", "[]", false, false},
	}
	for _, c := range cases {
		sig := FlattenFunction(i.Function(c.fn), c.ctx)
		if flatString(sig.Params) != c.params || flatString(sig.Results) != c.result || sig.ParamsIndirect != c.pi || sig.ResultsIndirect != c.ri {
			t.Errorf("%s ctx=%d: %s -> %s (indirect %v %v), want %s -> %s (%v %v)", c.fn, c.ctx,
				flatString(sig.Params), flatString(sig.Results), sig.ParamsIndirect, sig.ResultsIndirect, c.params, c.result, c.pi, c.ri)
		}
	}
	// Methods get a borrow self param.
	f := r.Packages[0].Interface("t")
	_ = f
}
