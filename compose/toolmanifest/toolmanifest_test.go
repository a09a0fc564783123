package toolmanifest

import (
	"strings"
	"testing"
)

// A component preamble: magic and the component layer/version.
var preamble = []byte{0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00}

func TestRoundTrip(t *testing.T) {
	if _, ok, err := Read(preamble); ok || err != nil {
		t.Fatalf("empty component: ok=%v err=%v", ok, err)
	}
	wasm := append(append([]byte(nil), preamble...), Encode([]string{"add", "echo"})...)
	names, ok, err := Read(wasm)
	if err != nil || !ok || strings.Join(names, ",") != "add,echo" {
		t.Fatalf("Read = %q, %v, %v", names, ok, err)
	}
	if names, ok, err := Read(append(append([]byte(nil), preamble...), Encode(nil)...)); err != nil || !ok || names == nil {
		t.Fatalf("empty list: %q, %v, %v", names, ok, err)
	}
	for _, bad := range [][]byte{preamble[:4], append(append([]byte(nil), preamble...), 0, 5, 3, 'a')} {
		if _, _, err := Read(bad); err == nil {
			t.Errorf("Read(%x) accepted", bad)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add(append(append([]byte(nil), preamble...), Encode([]string{"a"})...))
	f.Add(preamble)
	f.Fuzz(func(t *testing.T, data []byte) {
		names, ok, err := Read(data)
		if err == nil && ok {
			again, ok2, err2 := Read(append(append([]byte(nil), preamble...), Encode(names)...))
			if err2 != nil || !ok2 || strings.Join(again, "\x00") != strings.Join(names, "\x00") {
				t.Fatalf("re-encoded manifest reads back as %q, %v, %v", again, ok2, err2)
			}
		}
	})
}

func TestSetReplaces(t *testing.T) {
	other := []byte{0, 4, 1, 'x', 'y', 'z'} // a custom section "x" holding "yz"
	wasm := append(append(append([]byte(nil), preamble...), Encode([]string{"old"})...), other...)
	got, err := Set(wasm, []string{"a", "b"})
	if err != nil {
		t.Fatal(err)
	}
	want := append(append(append([]byte(nil), preamble...), other...), Encode([]string{"a", "b"})...)
	if string(got) != string(want) {
		t.Fatalf("Set = % x\nwant % x", got, want)
	}
	if _, err := Set([]byte("\x00asm\x01\x00\x00\x00"), nil); err == nil || !strings.Contains(err.Error(), "not a component") {
		t.Errorf("core module: %v", err)
	}
}
