package cabi

import (
	"errors"
	"testing"
	"unsafe"
)

func TestOptionResult(t *testing.T) {
	if v, ok := Some(3).Get(); !ok || v != 3 {
		t.Fatal("Some")
	}
	if None[string]().IsSome() || Some("").IsNone() {
		t.Fatal("None/Some")
	}
	x := 7
	if OptionFromPtr(&x).Value() != 7 || OptionFromPtr[int](nil).IsSome() || *Some(9).Ptr() != 9 || None[int]().Ptr() != nil {
		t.Fatal("ptr conversions")
	}
	r := Err[int, string]("bad")
	if e, ok := r.Err(); !ok || e != "bad" || r.IsOk() {
		t.Fatal("Err")
	}
	if v, ok := Ok[int, string](4).Ok(); !ok || v != 4 {
		t.Fatal("Ok")
	}
}

func TestTable(t *testing.T) {
	var tb Table[string]
	a, b := tb.Add("a"), tb.Add("b")
	if a == 0 || a == b || tb.Get(a) != "a" || tb.Get(b) != "b" || tb.Len() != 2 {
		t.Fatal("add/get")
	}
	if tb.Remove(a) != "a" || tb.Len() != 1 {
		t.Fatal("remove")
	}
	if c := tb.Add("c"); c != a || tb.Get(c) != "c" {
		t.Fatal("reuse")
	}
	defer func() {
		if recover() == nil {
			t.Fatal("Get of unknown rep did not panic")
		}
	}()
	tb.Get(99)
}

func TestPinsAllocRealloc(t *testing.T) {
	var p Pins
	if p.Alloc(0, 1) != 0 {
		t.Fatal("zero-size alloc")
	}
	a := p.Alloc(13, 8)
	if a%8 != 0 || p.Len() != 1 {
		t.Fatalf("alloc %x", a)
	}
	StoreU32(a, 0xdeadbeef)
	StoreU8(a+4, 7)
	b := Realloc(&p, a, 5, 4, 16)
	if LoadU32(b) != 0xdeadbeef || LoadU8(b+4) != 7 || LoadU64(b+8) != 0 {
		t.Fatal("realloc did not copy")
	}
	p.Release()
	if p.Len() != 0 {
		t.Fatal("release")
	}
}

func TestStringsSlices(t *testing.T) {
	var p Pins
	s := "héllo, 世界"
	addr, n := LowerString(&p, s)
	if LiftString(addr, n) != s || LiftString(0, 0) != "" {
		t.Fatal("string round trip")
	}
	if a, n := LowerString(&p, ""); a != 0 || n != 0 {
		t.Fatal("empty string")
	}
	xs := []uint32{1, 2, 3}
	addr, n = LowerSlice(&p, xs)
	got := LiftSlice[uint32](addr, n)
	if len(got) != 3 || got[2] != 3 || unsafe.SliceData(got) != unsafe.SliceData(xs) {
		t.Fatal("slice round trip")
	}
	if got := LiftSlice[uint32](0, 0); got == nil || len(got) != 0 {
		t.Fatal("empty slice")
	}
	if U32ToF32(F32ToU32(1.5)) != 1.5 || U64ToF64(F64ToU64(-2.25)) != -2.25 || !Bool[uint32](2) || BoolU32(true) != 1 {
		t.Fatal("conversions")
	}
}

func TestResultErrorForm(t *testing.T) {
	if v, err := Ok[int, string](3).Unwrap(); v != 3 || err != nil {
		t.Fatal("Unwrap ok")
	}
	_, err := Err[int, string]("nope").Unwrap()
	var re *ResultError[string]
	if err == nil || err.Error() != "nope" || !errors.As(err, &re) || re.Value != "nope" {
		t.Fatalf("Unwrap err: %v", err)
	}
	if _, err := Err[int, uint8](7).Unwrap(); err.Error() != "7" {
		t.Fatal(err)
	}
	if r := ResultOf(1, nil); !r.IsOk() {
		t.Fatal("ResultOf ok")
	}
	if e, _ := ResultOf(0, errors.New("bad")).Err(); e != "bad" {
		t.Fatal("ResultOf err")
	}
}
