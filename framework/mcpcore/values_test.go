package mcpcore

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestSessionValues(t *testing.T) {
	st := MemoryStore{}
	v := SessionValues{Store: st}
	a, b := strings.Repeat("a", 32), strings.Repeat("b", 32)
	for _, kv := range [][2]string{{"zeta", "1"}, {"alpha", "2"}, {"with:colon\nand newline", "3"}, {"alpha", "4"}} {
		if err := v.Set(a, kv[0], []byte(kv[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := v.Set(b, "alpha", []byte("other session")); err != nil {
		t.Fatal(err)
	}
	keys, err := v.Keys(a)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"alpha", "with:colon\nand newline", "zeta"}; !reflect.DeepEqual(keys, want) {
		t.Fatalf("keys %q, want %q", keys, want)
	}
	if got, ok, _ := v.Get(a, "alpha"); !ok || string(got) != "4" {
		t.Fatalf("alpha = %q %v, want the last value set", got, ok)
	}
	if got, _, _ := v.Get(b, "alpha"); string(got) != "other session" {
		t.Fatalf("session b sees %q", got)
	}
	if err := v.Delete(a, "zeta"); err != nil {
		t.Fatal(err)
	}
	if err := v.Delete(a, "never-set"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := v.Get(a, "zeta"); ok {
		t.Fatal("zeta still there after Delete")
	}
	// Ending a session removes its values and only its values.
	s := &Sessions{Store: st}
	id, err := s.Create(0, bytes.Repeat([]byte{7}, SessionIDBytes), LatestVersion, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Set(id, "cart", []byte("x")); err != nil {
		t.Fatal(err)
	}
	if err := s.End(id); err != nil {
		t.Fatal(err)
	}
	if keys, _ := v.Keys(id); len(keys) != 0 {
		t.Fatalf("values of an ended session: %q", keys)
	}
	if _, ok := st[valueKey(id, "cart")]; ok {
		t.Fatal("an ended session's value stayed in the store")
	}
	if got, _, _ := v.Get(b, "alpha"); string(got) != "other session" {
		t.Fatal("ending one session removed another's values")
	}
}

func TestSessionValueLimits(t *testing.T) {
	v := SessionValues{Store: MemoryStore{}}
	for _, tc := range []struct {
		key   string
		value []byte
	}{
		{"", []byte("x")},
		{strings.Repeat("k", MaxValueKey+1), []byte("x")},
		{"big", make([]byte, MaxValueSize+1)},
	} {
		if err := v.Set("s", tc.key, tc.value); !errors.Is(err, ErrValueLimit) {
			t.Errorf("Set(key of %d bytes, value of %d bytes) = %v, want ErrValueLimit", len(tc.key), len(tc.value), err)
		}
	}
	if err := v.Set("s", strings.Repeat("k", MaxValueKey), make([]byte, MaxValueSize)); err != nil {
		t.Errorf("a value at the limits: %v", err)
	}
}

func TestStoredValueRoundTrip(t *testing.T) {
	for _, tc := range []StoredValue{
		{Tag: ValueText, Payload: []byte("héllo")},
		{Tag: ValueInteger, Int: math.MinInt64},
		{Tag: ValueNumber, Float: -2.5},
		{Tag: ValueBoolean, Bool: true},
		{Tag: ValueBytes, Payload: []byte{0, 1, 255}},
		{Tag: ValueJSON, Payload: []byte(`{"a":[1]}`)},
	} {
		got, err := DecodeValue(EncodeValue(tc.Tag, tc.Payload, tc.Int, tc.Float, tc.Bool))
		if err != nil {
			t.Fatal(err)
		}
		if tc.Tag == ValueInteger {
			got.Float = 0
		}
		if tc.Tag == ValueNumber {
			got.Int = 0
		}
		if got.Tag != tc.Tag || !bytes.Equal(got.Payload, tc.Payload) || got.Int != tc.Int || got.Float != tc.Float || got.Bool != tc.Bool {
			t.Errorf("round trip of %+v gave %+v", tc, got)
		}
	}
	for _, bad := range [][]byte{nil, {9}, {ValueInteger, 1}, {ValueBoolean, 2}} {
		if _, err := DecodeValue(bad); err == nil {
			t.Errorf("DecodeValue(%v) accepted", bad)
		}
	}
}

// FuzzSessionValueStore reads damaged indexes and values: errors, never a
// panic, and what decodes re-encodes to the same bytes.
func FuzzSessionValueStore(f *testing.F) {
	f.Add(encodeKeys([]string{"a", "b"}))
	f.Add([]byte{ValueInteger, 0, 0, 0, 0, 0, 0, 0, 1})
	f.Add([]byte{0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		if keys, err := decodeKeys(b); err == nil && !bytes.Equal(encodeKeys(keys), b) {
			t.Fatalf("index %x decodes to %q, which encodes differently", b, keys)
		}
		if v, err := DecodeValue(b); err == nil {
			if enc := EncodeValue(v.Tag, v.Payload, v.Int, v.Float, v.Bool); !bytes.Equal(enc, b) {
				t.Fatalf("value %x decodes to %+v, which encodes as %x", b, v, enc)
			}
		}
		st := MemoryStore{valueIndexKey("s"): b}
		v := SessionValues{Store: st}
		_, _ = v.Keys("s")
		_ = v.Set("s", "k", b)
		_ = v.DeleteAll("s")
	})
}
