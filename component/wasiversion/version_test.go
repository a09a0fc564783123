package wasiversion

import (
	"errors"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		err  string
	}{
		{in: "0.2.0", want: 0},
		{in: "0.2.6", want: 6},
		{in: "0.2.12", want: 12},
		{in: "0.2.13", err: `bad WASI version "0.2.13": the newest WASI release wasmcp knows is 0.2.12`},
		{in: "0.3.0", err: `bad WASI version "0.3.0": wasmcp writes WASI 0.2.x releases, not 0.3.x`},
		{in: "1.0.0", err: `bad WASI version "1.0.0": wasmcp writes WASI 0.2.x releases, not 1.0.x`},
		{in: "0.2", err: `bad WASI version "0.2": want 0.2.N`},
		{in: "", err: `bad WASI version "": want 0.2.N`},
		{in: "v0.2.1", err: `bad WASI version "v0.2.1": want 0.2.N`},
		{in: "latest", err: `bad WASI version "latest": want 0.2.N`},
		{in: "0.2.01", err: `bad WASI version "0.2.01": want 0.2.N with N a number without leading zeros`},
		{in: "0.2.1-rc-2023-11-10", err: `without leading zeros`},
		{in: "0.2.x", err: `without leading zeros`},
		{in: "0.2.", err: `without leading zeros`},
		{in: "0.2.99999999999999999999", err: `without leading zeros`},
	} {
		v, err := Parse(tc.in)
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("Parse(%q): %v", tc.in, err)
		case tc.err == "" && v.Patch != tc.want:
			t.Errorf("Parse(%q) = %v, want 0.2.%d", tc.in, v, tc.want)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err) || !errors.Is(err, ErrVersion)):
			t.Errorf("Parse(%q) error %v, want %q (ErrVersion)", tc.in, err, tc.err)
		}
	}
}

// FuzzParse: Parse never panics, and what it accepts prints back as given.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"0.2.0", "0.2.12", "0.2.13", "0.3.0", "0.2.01", "", "0.2.-1", "0.2.1+build"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := Parse(s)
		if err != nil {
			return
		}
		if v.String() != s || v.Patch < 0 || v.Patch > newestPatch {
			t.Fatalf("Parse(%q) = %v", s, v)
		}
	})
}

func TestNameVersion(t *testing.T) {
	for _, tc := range []struct {
		name  string
		iface string
		patch int
	}{
		{"wasi:io/streams@0.2.12", "wasi:io/streams", 12},
		{"wasi:cli/run@0.2.0", "wasi:cli/run", 0},
		{"wasi:http/incoming-handler@0.2.3", "wasi:http/incoming-handler", 3},
		{"wasi:io/streams@0.3.0", "", 0},
		{"wasi:io/streams@0.2.0-rc-2023-11-10", "", 0},
		{"wasi:io/streams", "", 0},
		{"wasi:keyvalue/store@0.2.0", "", 0},
		{"wasmcp:mcp/handler@0.1.0", "", 0},
		{"wasi:io@0.2.0", "", 0},
		{"get-arguments", "", 0},
	} {
		iface, patch, ok := nameVersion(tc.name)
		if ok != (tc.iface != "") || iface != tc.iface || patch != tc.patch {
			t.Errorf("nameVersion(%q) = %q, %d, %v", tc.name, iface, patch, ok)
		}
	}
}
