package mcpcore

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
)

func TestSprintfMatchesFmt(t *testing.T) {
	err := errors.New("boom")
	for _, tt := range []struct {
		format string
		args   []any
	}{
		{"%s: %v", []any{"a", err}},
		{"%q and %d%%", []any{"x\"\n", 42}},
		{"%.5s|%.3s|%.60s", []any{"héllo wörld", []byte("abcdef"), "short"}},
		{"%v %v %v %v", []any{int64(-7), uint32(9), 0.5, true}},
		{"%v %s", []any{KindRequest, LevelWarning}},
		{"%d %d", []any{uint64(1 << 63), int32(-3)}},
		{"%v", []any{1e21}},
	} {
		if got, want := sprintf(tt.format, tt.args...), fmt.Sprintf(tt.format, tt.args...); got != want {
			t.Errorf("sprintf(%q) = %q, want %q", tt.format, got, want)
		}
	}
	wrapped := errorf("ctx: %w", err)
	if wrapped.Error() != "ctx: boom" || !errors.Is(wrapped, err) {
		t.Errorf("errorf = %v, unwraps to err: %v", wrapped, errors.Is(wrapped, err))
	}
}

// FuzzSprintf: for the verbs mcpcore uses, the messages are fmt's.
func FuzzSprintf(f *testing.F) {
	f.Add("a%sb%qc%.3s", "x\xff\"é", int64(-1), 2.5)
	f.Fuzz(func(t *testing.T, s, arg string, n int64, x float64) {
		for _, format := range []string{"%s|%q|%.7s|%v", "%d %v %s %q"} {
			var args []any
			if format[1] == 'd' {
				args = []any{n, x, arg, arg}
			} else {
				args = []any{arg, arg, arg, n}
			}
			if got, want := sprintf(s+format, args...), fmt.Sprintf(s+format, args...); got != want && !hasVerb(s) {
				t.Fatalf("sprintf(%q) = %q, want %q", s+format, got, want)
			}
		}
	})
}

// hasVerb reports whether s has a % of its own, whose arguments would shift.
func hasVerb(s string) bool {
	for i := range s {
		if s[i] == '%' {
			return true
		}
	}
	return false
}

// TestWireCompatibility pins what encoding/json used to decide: HTML
// characters escaped in what mcpcore writes, params keys matched
// case-insensitively, a member of the wrong type failing the read.
func TestWireCompatibility(t *testing.T) {
	got, err := EncodeTool(LatestVersion, Tool{Name: "a<b>", Description: "x & y\u2028", InputSchema: json.RawMessage(`{"description":"<p>"}`)})
	want := `{"name":"a\u003cb\u003e","description":"x \u0026 y\u2028","inputSchema":{"description":"\u003cp\u003e"}}`
	if err != nil || string(got) != want {
		t.Errorf("EncodeTool = %s, %v\nwant %s", got, err, want)
	}
	c, perr := DecodeCallToolRequest(json.RawMessage(`{"NAME":"x","Arguments":{"a":1}}`))
	if perr != nil || c.Name != "x" || string(c.Arguments) != `{"a":1}` {
		t.Errorf("DecodeCallToolRequest(upper case keys) = %+v, %v", c, perr)
	}
	if _, perr := DecodeCallToolRequest(json.RawMessage(`{"name":1,"name":"x"}`)); perr == nil {
		t.Error("a name of the wrong type was accepted because a later one fits")
	}
	got, err = AddCapability(json.RawMessage(`{"z":1,"capabilities":{"tools":{}},"a":"<"}`), "logging", json.RawMessage(`{ }`))
	if want := `{"a":"\u003c","capabilities":{"logging":{},"tools":{}},"z":1}`; err != nil || string(got) != want {
		t.Errorf("AddCapability = %s, %v\nwant %s", got, err, want)
	}
}
