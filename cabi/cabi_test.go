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

// The allocator exports serve from a reserve, so that lowering a value into
// the component never allocates on the Go heap (which may call the WASI clock,
// forbidden inside realloc); Release reuses the reserve and grows it when a
// call needed more.
func TestArenaPins(t *testing.T) {
	p := newArenaPins(64)
	a := p.Alloc(24, 8)
	b := p.Alloc(40, 8)
	if b != a+24 || p.Len() != 1 || len(p.objs) != 0 {
		t.Fatalf("arena allocations a=%x b=%x len=%d objs=%d", a, b, p.Len(), len(p.objs))
	}
	StoreU64(a, 42)
	c := p.Alloc(16, 8) // does not fit: taken from the heap
	if len(p.objs) != 1 || c == 0 {
		t.Fatal("overflow allocation not kept")
	}
	p.Release()
	if p.Len() != 0 || len(p.arena)*8 < 80 {
		t.Fatalf("release: len %d, reserve %d bytes", p.Len(), len(p.arena)*8)
	}
	d := p.Alloc(8, 8)
	if LoadU64(d) != 0 {
		t.Fatal("reused memory not zeroed")
	}
	if got := p.Alloc(72, 8); len(p.objs) != 0 || got != d+8 {
		t.Fatal("grown reserve not used")
	}
	p.Release()
	// A lifted string stays intact when the reserve is reused.
	q := newArenaPins(64)
	addr := q.Alloc(5, 1)
	copy(unsafe.Slice((*byte)(Ptr(addr)), 5), "hello")
	s := LiftString(addr, 5)
	q.Release()
	copy(unsafe.Slice((*byte)(Ptr(q.Alloc(5, 1))), 5), "XXXXX")
	if s != "hello" {
		t.Fatalf("lifted string changed to %q", s)
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
	if len(got) != 3 || got[2] != 3 || unsafe.SliceData(got) == unsafe.SliceData(xs) {
		t.Fatal("slice round trip: lifting must copy")
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
