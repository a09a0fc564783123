package jsonv

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func TestCompact(t *testing.T) {
	for _, in := range []string{
		` { "a" : [ 1 , 2.5e3 , "x \" y\\" ] , "b" : null } `, `"\u0041 \t"`, "\t\n[ ]\r", `{}`, `-0`,
		"\"\xff \u2028 <&>\"", `{"a":1,"a":2}`,
	} {
		got, err := Compact([]byte("pre"), in)
		var want bytes.Buffer
		want.WriteString("pre")
		if jerr := json.Compact(&want, []byte(in)); jerr != nil || err != nil || string(got) != want.String() {
			t.Errorf("Compact(%q) = %q, %v; encoding/json: %q, %v", in, got, err, want.String(), jerr)
		}
	}
	for _, in := range []string{``, `{`, `[1,]`, `"a`, `1 2`, `{"a" 1}`} {
		if got, err := Compact([]byte("pre"), in); err == nil || string(got) != "pre" {
			t.Errorf("Compact(%q) = %q, %v; want an error and dst unchanged", in, got, err)
		}
	}
}

func TestHTMLEscape(t *testing.T) {
	in := "{\"a\":\"<b> & \u2028\u2029 \xe2\x80\"}"
	var want bytes.Buffer
	json.HTMLEscape(&want, []byte(in))
	if got := HTMLEscape(nil, in); string(got) != want.String() {
		t.Errorf("HTMLEscape = %q, want %q", got, want.String())
	}
}

// TestAppendMatchesEncodingJSON: AppendString and AppendFloat write the
// bytes json.Marshal writes (with HTMLEscape for its default HTML escaping).
func TestAppendMatchesEncodingJSON(t *testing.T) {
	for _, s := range []string{"plain", "\x00\x01\b\f\n\r\t\x1f\"\\/", "<a href=\"x\">&amp;</a>", "\u2028\u2029é\xff\xe2\x80", "\U0001F600"} {
		want, _ := json.Marshal(s)
		if got := HTMLEscape(nil, string(AppendString(nil, s))); string(got) != string(want) {
			t.Errorf("AppendString(%q) = %s, want %s", s, got, want)
		}
	}
	for _, f := range []float64{0, math.Copysign(0, -1), 1, -1.5, 0.1, 1e20, 1e21, 1e-6, 1e-7, 1.5e-300, 123456789, math.MaxFloat64, math.SmallestNonzeroFloat64} {
		want, _ := json.Marshal(f)
		if got := AppendFloat(nil, f); string(got) != string(want) {
			t.Errorf("AppendFloat(%g) = %s, want %s", f, got, want)
		}
	}
}

func TestRaw(t *testing.T) {
	v, err := Parse(` { "id" : 1.50 , "p" : { "a" : [ 1 ] } , "s" : "\u0041" } `)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{"id": `1.50`, "p": `{ "a" : [ 1 ] }`, "s": `"\u0041"`} {
		if m, _ := v.Get(k); m.Raw() != want {
			t.Errorf("%s: Raw() = %q, want %q", k, m.Raw(), want)
		}
	}
	if v.Raw() != strings.TrimSpace(v.Raw()) || v.Raw()[0] != '{' {
		t.Errorf("Raw() of the document = %q", v.Raw())
	}
}

// FuzzCompact: Compact accepts what encoding/json's Compact accepts and
// writes the same bytes; HTMLEscape writes what encoding/json's does.
func FuzzCompact(f *testing.F) {
	for _, s := range []string{` { "a" : [ 1 , "x \" y" ] } `, "\"\u2028<\"", `[`, "\"\xe2\x80\xa8\""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := Compact(nil, in)
		var want bytes.Buffer
		jerr := json.Compact(&want, []byte(in))
		if (err == nil) != (jerr == nil) || err == nil && string(got) != want.String() {
			t.Fatalf("Compact(%q) = %q, %v; encoding/json: %q, %v", in, got, err, want.String(), jerr)
		}
		want.Reset()
		json.HTMLEscape(&want, []byte(in))
		if got := HTMLEscape(nil, in); string(got) != want.String() {
			t.Fatalf("HTMLEscape(%q) = %q, want %q", in, got, want.String())
		}
	})
}
