package jsonv

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

// toAny converts v to what encoding/json's Unmarshal into an `any` gives.
func toAny(t testing.TB, v Value) any {
	switch v.Kind() {
	case Bool:
		b, _ := v.Bool()
		return b
	case Number:
		f, ok := v.Float()
		if !ok {
			t.Fatalf("number %q does not convert", v.s)
		}
		return f
	case String:
		s, _ := v.Str()
		return s
	case Array:
		out := []any{}
		for _, e := range v.Elems() {
			out = append(out, toAny(t, e))
		}
		return out
	case Object:
		out := map[string]any{}
		for _, m := range v.Members() {
			out[m.Key] = toAny(t, m.Value)
		}
		return out
	}
	return nil
}

func TestParse(t *testing.T) {
	for _, in := range []string{
		`null`, `true`, ` false `, `0`, `-0.5e+3`, `12345678901234567890`, `""`, `"a\"b\\c\/\b\f\n\r\t"`,
		`"\u00e9\ud83d\ude00"`, `"\ud800"`, `"\ud800\u0041"`, "\"\xff\"", `[]`, `{}`, `[1,[2,[3]]]`,
		`{"a":1,"a":2}`, `{"x":{"y":[true,null,"z"]}}`, "\t\n[ 1 , 2 ]\r ",
	} {
		v, err := Parse(in)
		if err != nil {
			t.Errorf("Parse(%q): %v", in, err)
			continue
		}
		var want any
		if err := json.Unmarshal([]byte(in), &want); err != nil {
			t.Fatalf("encoding/json refuses %q: %v", in, err)
		}
		if got := toAny(t, v); !reflect.DeepEqual(got, want) {
			t.Errorf("Parse(%q) = %#v, want %#v", in, got, want)
		}
		// What Append writes parses to the same value.
		again, err := Parse(v.String())
		if err != nil || !reflect.DeepEqual(toAny(t, again), want) {
			t.Errorf("round trip of %q via %q: %v", in, v.String(), err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for in, offset := range map[string]int{
		``:               0,
		`nul`:            0,
		`[1,]`:           3,
		`{"a" 1}`:        5,
		`{"a":1,}`:       7,
		`{1:2}`:          1,
		`01`:             1,
		`1.`:             2,
		`1e`:             2,
		`-`:              1,
		`"abc`:           4,
		"\"a\x01\"":      2,
		`"\x"`:           1,
		`"\u12"`:         3,
		`[1 2]`:          3,
		`true false`:     5,
		`{"a":[}`:        6,
		`[` + `"` + "\n": 2,
	} {
		_, err := Parse(in)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q): %v, want a SyntaxError", in, err)
			continue
		}
		if se.Offset != offset {
			t.Errorf("Parse(%q): offset %d (%v), want %d", in, se.Offset, err, offset)
		}
		if json.Valid([]byte(in)) {
			t.Errorf("encoding/json accepts %q", in)
		}
	}
}

func TestDepth(t *testing.T) {
	if _, err := Parse(strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth)); err != nil {
		t.Errorf("depth %d: %v", MaxDepth, err)
	}
	if _, err := Parse(strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1)); err == nil {
		t.Errorf("depth %d accepted", MaxDepth+1)
	}
	if _, err := Parse(strings.Repeat(`{"a":`, 100000)); err == nil {
		t.Error("deep unterminated objects accepted")
	}
}

func TestAccessors(t *testing.T) {
	v, err := Parse(`{"s":"x","n":3,"f":2.5,"e":1e3,"big":1e400,"b":true,"z":null,"a":[1]}`)
	if err != nil {
		t.Fatal(err)
	}
	get := func(k string) Value {
		x, ok := v.Get(k)
		if !ok {
			t.Fatalf("no member %s", k)
		}
		return x
	}
	if s, ok := get("s").Str(); !ok || s != "x" {
		t.Errorf("s: %q %v", s, ok)
	}
	if i, ok := get("n").Int(); !ok || i != 3 {
		t.Errorf("n: %d %v", i, ok)
	}
	if _, ok := get("f").Int(); ok {
		t.Error("2.5 is an int")
	}
	if i, ok := get("e").Int(); !ok || i != 1000 {
		t.Errorf("1e3: %d %v", i, ok)
	}
	if _, ok := get("big").Float(); ok {
		t.Error("1e400 converts to float64")
	}
	if b, ok := get("b").Bool(); !ok || !b {
		t.Error("b")
	}
	if !get("z").IsNull() || len(get("a").Elems()) != 1 {
		t.Error("z or a")
	}
	if _, ok := v.Get("missing"); ok {
		t.Error("missing member found")
	}
	if _, ok := get("s").Float(); ok {
		t.Error("a string is a float")
	}
}

func TestWrite(t *testing.T) {
	var w ObjectWriter
	got := w.String("s", "a\"\\\n\x01\u2028é\xff").Float("f", 0.1).Float("nan", math.NaN()).
		Int("i", -7).Bool("b", true).Raw("r", `[1,2]`).Close()
	want := `{"s":"a\"\\\n\u0001\u2028é\ufffd","f":0.1,"nan":null,"i":-7,"b":true,"r":[1,2]}`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if !json.Valid([]byte(got)) {
		t.Error("not valid JSON")
	}
	if w.Close() != "{}" {
		t.Error("writer not reset")
	}
	for _, f := range []float64{0, 1, -1.5, 1e20, 1e21, 1e-7, 123456789, math.MaxFloat64, math.SmallestNonzeroFloat64} {
		text := string(AppendFloat(nil, f))
		var back float64
		if err := json.Unmarshal([]byte(text), &back); err != nil || back != f {
			t.Errorf("AppendFloat(%g) = %s, reads back %g (%v)", f, text, back, err)
		}
	}
}

// FuzzParse: Parse accepts exactly what encoding/json accepts, with the
// same values, and Append writes text that parses to the same value.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`{"a":[1,2.5e3,"x\u00e9"],"b":null}`, `"\ud800"`, `[[[]]]`, `-0`, "\"\xff\"", `{"a":1,"a":2}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		v, err := Parse(in)
		var want any
		jerr := json.Unmarshal([]byte(in), &want)
		if (err == nil) != (jerr == nil) {
			// Numbers beyond float64 are valid JSON that encoding/json
			// refuses to put in a float64.
			var ute *json.UnmarshalTypeError
			if err == nil && errors.As(jerr, &ute) {
				return
			}
			t.Fatalf("Parse(%q): %v; encoding/json: %v", in, err, jerr)
		}
		if err != nil {
			return
		}
		if got := toAny(t, v); !reflect.DeepEqual(got, want) {
			t.Fatalf("Parse(%q) = %#v, want %#v", in, got, want)
		}
		again, err := Parse(v.String())
		if err != nil || !reflect.DeepEqual(toAny(t, again), want) {
			t.Fatalf("round trip of %q via %q: %v", in, v.String(), err)
		}
	})
}

// FuzzAppendString: every string is written as valid JSON that reads back as
// the string (with invalid UTF-8 replaced, as encoding/json does).
func FuzzAppendString(f *testing.F) {
	f.Add("plain")
	f.Add("\x00\"\\\u2028\xff")
	f.Fuzz(func(t *testing.T, s string) {
		text := AppendString(nil, s)
		var back string
		if err := json.Unmarshal(text, &back); err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		want, _ := json.Marshal(s)
		var wantBack string
		json.Unmarshal(want, &wantBack)
		if back != wantBack {
			t.Fatalf("%q reads back %q, want %q", s, back, wantBack)
		}
	})
}
