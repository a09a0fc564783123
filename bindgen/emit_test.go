package bindgen

import (
	"testing"

	"github.com/wasmcp/wasmcp/wit"
)

// The joins of CanonicalABI.md's flatten_variant, in both directions.
func TestCoerce(t *testing.T) {
	for _, c := range []struct {
		from, to    wit.CoreType
		lower, lift string
	}{
		{wit.I32, wit.I32, "x", "x"},
		{wit.I32, wit.I64, "uint64(x)", "uint32(x)"},
		{wit.CF32, wit.I32, "cabi.F32ToU32(x)", "cabi.U32ToF32(x)"},
		{wit.CF32, wit.I64, "uint64(cabi.F32ToU32(x))", "cabi.U32ToF32(uint32(x))"},
		{wit.CF64, wit.I64, "cabi.F64ToU64(x)", "cabi.U64ToF64(x)"},
		{wit.I64, wit.I64, "x", "x"},
	} {
		if got := coerceLower("x", c.from, c.to); got != c.lower {
			t.Errorf("lower %s→%s = %s, want %s", c.from, c.to, got, c.lower)
		}
		if got := coerceLift("x", c.to, c.from); got != c.lift {
			t.Errorf("lift %s→%s = %s, want %s", c.to, c.from, got, c.lift)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("an impossible join did not panic")
		}
	}()
	coerceLower("x", wit.I64, wit.I32)
}
