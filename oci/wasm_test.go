package oci

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/internal/testutil"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestGreetComponentIsJcoOutput checks that the committed test component is
// exactly what jco produces from its source, so the tests use a real component.
func TestGreetComponentIsJcoOutput(t *testing.T) {
	dir := t.TempDir()
	testutil.RunJco(t, dir, "parse", filepath.Join(testutil.RepoRoot(t), "oci", "testdata", "greet.wat"), "-o", filepath.Join(dir, "greet.wasm"))
	got, err := os.ReadFile(filepath.Join(dir, "greet.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, readTestdata(t, "greet.wasm")) {
		t.Fatal("testdata/greet.wasm differs from `jco parse testdata/greet.wat`: rebuild it")
	}
}

func TestScanWorld(t *testing.T) {
	w, err := ScanWorld(readTestdata(t, "greet.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	want := World{Imports: []string{"wasmcp:example/log@0.1.0"}, Exports: []string{"wasmcp:example/greet@0.1.0"}}
	if !reflect.DeepEqual(w, want) {
		t.Fatalf("got %+v, want %+v", w, want)
	}
}

func TestCheckComponentRejects(t *testing.T) {
	for name, tc := range map[string]struct {
		b    []byte
		want string
	}{
		"core module": {readTestdata(t, "core.wasm"), "core wasm module"},
		"text":        {[]byte("hello, this is not wasm"), "no wasm magic"},
		"short":       {[]byte{0, 'a'}, "too short"},
		"bad layer":   {[]byte{0, 'a', 's', 'm', 0x0d, 0, 2, 0}, "unknown wasm layer 2"},
		"bad version": {[]byte{0, 'a', 's', 'm', 0x0c, 0, 1, 0}, "unsupported component encoding version 0xc"},
	} {
		err := CheckComponent(tc.b)
		if err == nil || !errors.Is(err, ErrNotComponent) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an ErrNotComponent containing %q", name, err, tc.want)
		}
	}
}

func TestScanWorldTruncated(t *testing.T) {
	b := readTestdata(t, "greet.wasm")
	for n := 8; n < len(b); n++ {
		if _, err := ScanWorld(b[:n]); err == nil {
			// A cut at a section boundary is still well framed.
			continue
		} else if !errors.Is(err, ErrNotComponent) {
			t.Fatalf("cut at %d: error %v does not wrap ErrNotComponent", n, err)
		}
	}
}

func FuzzScanWorld(f *testing.F) {
	f.Add(readTestdata(f, "greet.wasm"))
	f.Add(readTestdata(f, "core.wasm"))
	f.Add([]byte{0, 'a', 's', 'm', 0x0d, 0, 1, 0, 10, 3, 1, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		w, err := ScanWorld(b)
		if err != nil && !errors.Is(err, ErrNotComponent) {
			t.Fatalf("error does not wrap ErrNotComponent: %v", err)
		}
		if err == nil && CheckComponent(b) != nil {
			t.Fatal("ScanWorld accepted what CheckComponent refuses")
		}
		_ = w
	})
}

// TestSummarizeAgreesWithScan checks that the full decoder (package component)
// and the minimal scan name the same imports and exports.
func TestSummarizeAgreesWithScan(t *testing.T) {
	b := readTestdata(t, "greet.wasm")
	full, warning, err := Summarize(b)
	if err != nil || warning != nil {
		t.Fatalf("Summarize: %v, warning %v", err, warning)
	}
	scan, _ := ScanWorld(b)
	if !reflect.DeepEqual(full, scan) {
		t.Fatalf("Summarize %+v, ScanWorld %+v", full, scan)
	}
	if _, _, err := Summarize(readTestdata(t, "core.wasm")); !errors.Is(err, ErrNotComponent) {
		t.Fatalf("core module: %v", err)
	}
}

// TestSummarizeFallsBack checks that a component the full decoder refuses (an
// import of a type index that does not exist) still gets a name summary, with
// a warning.
func TestSummarizeFallsBack(t *testing.T) {
	name := "a:b/c"
	body := append([]byte{1, 0x00, byte(len(name))}, name...)
	body = append(body, 0x05, 0x07) // instance of type 7: there are no types
	b := append([]byte{0, 'a', 's', 'm', 0x0d, 0, 1, 0, 10, byte(len(body))}, body...)
	w, warning, err := Summarize(b)
	if err != nil || warning == nil || !reflect.DeepEqual(w.Imports, []string{name}) {
		t.Fatalf("world %+v, warning %v, err %v", w, warning, err)
	}
}
