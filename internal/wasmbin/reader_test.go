package wasmbin

import (
	"errors"
	"strings"
	"testing"
)

func TestReader(t *testing.T) {
	// A name "ab", a u32 of 624485 (three bytes), a byte, then one byte of a
	// longer vector.
	r := &Reader{Module: "m", B: []byte{2, 'a', 'b', 0xe5, 0x8e, 0x26, 7, 9}, Off: 100}
	if n, err := r.Name(); err != nil || n != "ab" {
		t.Fatalf("Name = %q, %v", n, err)
	}
	if v, err := r.U32(); err != nil || v != 624485 {
		t.Fatalf("U32 = %d, %v", v, err)
	}
	sub, err := r.Sub(1)
	if err != nil || sub.At() != 106 || sub.Left() != 1 {
		t.Fatalf("Sub: at %d, left %d, %v", sub.At(), sub.Left(), err)
	}
	if b, _ := sub.Byte(); b != 7 || !sub.EOF() {
		t.Fatal("Sub does not read its own bytes")
	}
	_, err = r.Count(2) // a vector of 9 elements of 2 bytes: 0 bytes left
	var e *Error
	if !errors.As(err, &e) || e.Offset != 108 || e.Module != "m" || !strings.Contains(err.Error(), "m: vector of 9 elements exceeds the 0 bytes left (at offset 0x6c)") {
		t.Fatalf("Count: %v", err)
	}
}

func TestLEBBounds(t *testing.T) {
	for _, tc := range []struct {
		in   []byte
		bits int
		ok   bool
	}{
		{[]byte{0xff, 0xff, 0xff, 0xff, 0x0f}, 32, true},
		{[]byte{0xff, 0xff, 0xff, 0xff, 0x1f}, 32, false},    // a bit beyond 32
		{[]byte{0x80, 0x80, 0x80, 0x80, 0x80, 0}, 32, false}, // six bytes
		{[]byte{0x80}, 32, false},                            // cut short
		{[]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, 64, true},
	} {
		r := &Reader{B: tc.in}
		if _, err := r.ULEB(tc.bits); (err == nil) != tc.ok {
			t.Errorf("ULEB(%d) of % x: %v", tc.bits, tc.in, err)
		}
	}
	r := &Reader{B: []byte{0x80, 0x80, 0x80, 0x80, 0x80}}
	if err := r.SkipSLEB(32); err == nil {
		t.Error("SkipSLEB took five continuation bytes")
	}
	if _, err := (&Reader{B: []byte{5, 'x'}}).Bytes(5); err == nil || !strings.HasPrefix(err.Error(), "length 5 exceeds the 2 bytes left") {
		t.Errorf("Bytes past the end: %v", err)
	}
}

func FuzzReader(f *testing.F) {
	f.Add([]byte{2, 'a', 'b', 0xe5, 0x8e, 0x26, 3, 1, 2, 3})
	f.Fuzz(func(t *testing.T, b []byte) {
		r := &Reader{B: b}
		for !r.EOF() {
			before := r.Pos
			switch b[r.Pos] % 4 {
			case 0:
				_, _ = r.Name()
			case 1:
				_, _ = r.ULEB(64)
			case 2:
				if n, err := r.Count(1); err == nil {
					if _, err := r.Bytes(n); err != nil {
						t.Fatalf("Count allowed %d, Bytes refused: %v", n, err)
					}
				}
			case 3:
				_ = r.SkipSLEB(33)
			}
			if r.Pos == before {
				r.Pos++ // a refused read: skip a byte and go on
			}
			if r.Pos > len(b) {
				t.Fatalf("position %d past %d bytes", r.Pos, len(b))
			}
		}
	})
}
