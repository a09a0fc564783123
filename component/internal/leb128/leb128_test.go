package leb128

import (
	"math"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	for _, v := range []uint64{0, 1, 63, 64, 127, 128, 300, math.MaxUint32} {
		b := AppendUint32(nil, uint32(v))
		got, n, err := DecodeUint32(b)
		if err != nil || got != uint32(v) || n != len(b) {
			t.Errorf("u32 %d: got %d n=%d err=%v", v, got, n, err)
		}
	}
	for _, v := range []int64{0, 1, -1, 63, 64, -64, -65, 1<<32 - 1, -(1 << 32)} {
		b := AppendInt64(nil, v)
		got, n, err := DecodeInt64(b, 33)
		if err != nil || got != v || n != len(b) {
			t.Errorf("s33 %d: got %d n=%d err=%v (% x)", v, got, n, err, b)
		}
	}
}

func TestErrors(t *testing.T) {
	if _, _, err := DecodeUint32([]byte{0x80}); err != ErrTruncated {
		t.Errorf("truncated: %v", err)
	}
	if _, _, err := DecodeUint32([]byte{0xff, 0xff, 0xff, 0xff, 0x1f}); err != ErrOverflow {
		t.Errorf("overflow: %v", err)
	}
	if v, _, err := DecodeUint32([]byte{0xff, 0xff, 0xff, 0xff, 0x0f}); err != nil || v != math.MaxUint32 {
		t.Errorf("max: %v %v", v, err)
	}
	// Non-minimal encodings are valid.
	if v, n, err := DecodeUint32([]byte{0x80, 0x80, 0x00}); err != nil || v != 0 || n != 3 {
		t.Errorf("padded: %v %v %v", v, n, err)
	}
}

func TestNoAllocs(t *testing.T) {
	buf := make([]byte, 0, 16)
	allocs := testing.AllocsPerRun(100, func() {
		b := AppendUint32(buf[:0], 123456)
		_, _, _ = DecodeUint32(b)
		b = AppendInt64(buf[:0], -12345)
		_, _, _ = DecodeInt64(b, 33)
	})
	if allocs != 0 {
		t.Fatalf("leb128 allocates: %v", allocs)
	}
}

func FuzzDecodeUint32(f *testing.F) {
	f.Add([]byte{0xe5, 0x8e, 0x26})
	f.Fuzz(func(t *testing.T, b []byte) {
		v, n, err := DecodeUint32(b)
		if err == nil {
			w, m, err2 := DecodeUint32(AppendUint32(nil, v))
			if err2 != nil || w != v || m > n {
				t.Fatalf("re-decode %d: %d %d %v", v, w, m, err2)
			}
		}
	})
}
