// Package jsonv reads and writes JSON without reflection.
//
// It is for components: in a Go component built for GOOS=wasip1,
// encoding/json (with reflect) adds about 1.4 MB and fmt another 0.7 MB to a
// runtime of 1.8 MB. MCP hands a component its tool arguments and takes its
// results as JSON text; jsonv parses that text into a Value tree and
// builds JSON text with a few appenders, using strconv and unicode/utf8 only.
//
// Parse accepts what encoding/json accepts, with the same values: invalid
// UTF-8 and lone surrogates in strings become U+FFFD, and of duplicate
// object keys Get returns the last. Syntax errors carry the byte offset.
package jsonv

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// Kind is the kind of a JSON value.
type Kind uint8

const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

var kindNames = [...]string{"null", "boolean", "number", "string", "array", "object"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Value is a parsed JSON value. The zero Value is null.
type Value struct {
	kind Kind
	b    bool
	s    string // string contents, or a number's text
	raw  string // the value's text in the input
	elem []Value
	mem  []Member
}

// Member is one key and value of an object, in document order.
type Member struct {
	Key   string
	Value Value
}

// MaxDepth bounds the nesting of arrays and objects that Parse accepts, so
// that hostile input cannot exhaust the stack. It is encoding/json's limit,
// so that both accept the same documents.
const MaxDepth = 10000

// SyntaxError is a parse error at a byte offset of the input.
type SyntaxError struct {
	Offset int
	Msg    string
}

func (e *SyntaxError) Error() string {
	return "json: " + e.Msg + " at offset " + strconv.Itoa(e.Offset)
}

// Parse parses exactly one JSON value, with optional surrounding whitespace.
func Parse(text string) (Value, error) {
	p := parser{s: text}
	p.space()
	v, err := p.value(0)
	if err != nil {
		return Value{}, err
	}
	p.space()
	if p.i < len(p.s) {
		return Value{}, p.errorf("unexpected data after the value")
	}
	return v, nil
}

// Valid reports whether text is one JSON value.
func Valid(text string) bool {
	_, err := Parse(text)
	return err == nil
}

type parser struct {
	s string
	i int
}

func (p *parser) errorf(msg string) error { return &SyntaxError{Offset: p.i, Msg: msg} }

func (p *parser) space() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *parser) value(depth int) (Value, error) {
	start := p.i
	v, err := p.scalarOrNested(depth)
	if err == nil {
		v.raw = p.s[start:p.i]
	}
	return v, err
}

func (p *parser) scalarOrNested(depth int) (Value, error) {
	if p.i >= len(p.s) {
		return Value{}, p.errorf("unexpected end of input")
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.object(depth + 1)
	case c == '[':
		return p.array(depth + 1)
	case c == '"':
		s, err := p.str()
		return Value{kind: String, s: s}, err
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == 't':
		return p.literal("true", Value{kind: Bool, b: true})
	case c == 'f':
		return p.literal("false", Value{kind: Bool})
	case c == 'n':
		return p.literal("null", Value{})
	}
	return Value{}, p.errorf("invalid character " + strconv.QuoteRune(rune(p.s[p.i])) + " looking for a value")
}

func (p *parser) literal(word string, v Value) (Value, error) {
	if len(p.s)-p.i < len(word) || p.s[p.i:p.i+len(word)] != word {
		return Value{}, p.errorf("invalid literal, want " + word)
	}
	p.i += len(word)
	return v, nil
}

func (p *parser) object(depth int) (Value, error) {
	if depth > MaxDepth {
		return Value{}, p.errorf("nesting deeper than " + strconv.Itoa(MaxDepth))
	}
	p.i++ // {
	v := Value{kind: Object, mem: []Member{}}
	p.space()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		return v, nil
	}
	for {
		p.space()
		if p.i >= len(p.s) || p.s[p.i] != '"' {
			return Value{}, p.errorf("object key must be a string")
		}
		k, err := p.str()
		if err != nil {
			return Value{}, err
		}
		p.space()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return Value{}, p.errorf("missing ':' after object key")
		}
		p.i++
		p.space()
		e, err := p.value(depth)
		if err != nil {
			return Value{}, err
		}
		v.mem = append(v.mem, Member{Key: k, Value: e})
		p.space()
		if p.i >= len(p.s) {
			return Value{}, p.errorf("unexpected end of input in object")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			return v, nil
		default:
			return Value{}, p.errorf("missing ',' or '}' in object")
		}
	}
}

func (p *parser) array(depth int) (Value, error) {
	if depth > MaxDepth {
		return Value{}, p.errorf("nesting deeper than " + strconv.Itoa(MaxDepth))
	}
	p.i++ // [
	v := Value{kind: Array, elem: []Value{}}
	p.space()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		return v, nil
	}
	for {
		p.space()
		e, err := p.value(depth)
		if err != nil {
			return Value{}, err
		}
		v.elem = append(v.elem, e)
		p.space()
		if p.i >= len(p.s) {
			return Value{}, p.errorf("unexpected end of input in array")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			return v, nil
		default:
			return Value{}, p.errorf("missing ',' or ']' in array")
		}
	}
}

// number scans the JSON number grammar; the text is kept and converted on
// demand, so integers beyond float64's precision lose nothing.
func (p *parser) number() (Value, error) {
	start := p.i
	digits := func() int {
		n := 0
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if p.s[p.i] == '-' {
		p.i++
	}
	if p.i < len(p.s) && p.s[p.i] == '0' {
		p.i++
	} else if digits() == 0 {
		return Value{}, p.errorf("invalid number")
	}
	if p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		if digits() == 0 {
			return Value{}, p.errorf("invalid number: no digits after '.'")
		}
	}
	if p.i < len(p.s) && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		p.i++
		if p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			return Value{}, p.errorf("invalid number: no digits in exponent")
		}
	}
	return Value{kind: Number, s: p.s[start:p.i]}, nil
}

func hex4(s string) (rune, bool) {
	if len(s) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range []byte(s[:4]) {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// str scans a string starting at its opening quote and returns its contents.
func (p *parser) str() (string, error) {
	p.i++ // "
	start := p.i
	// Fast path: no escapes, valid UTF-8.
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c == '"' {
			s := p.s[start:p.i]
			p.i++
			return s, nil
		}
		if c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
			break
		}
		p.i++
	}
	buf := []byte(p.s[start:p.i])
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return string(buf), nil
		case c < 0x20:
			return "", p.errorf("control character in string")
		case c == '\\':
			if p.i+1 >= len(p.s) {
				return "", p.errorf("unexpected end of input in string escape")
			}
			e := p.s[p.i+1]
			p.i += 2
			switch e {
			case '"', '\\', '/':
				buf = append(buf, e)
			case 'b':
				buf = append(buf, '\b')
			case 'f':
				buf = append(buf, '\f')
			case 'n':
				buf = append(buf, '\n')
			case 'r':
				buf = append(buf, '\r')
			case 't':
				buf = append(buf, '\t')
			case 'u':
				r, ok := hex4(p.s[p.i:])
				if !ok {
					return "", p.errorf("invalid \\u escape")
				}
				p.i += 4
				if utf16.IsSurrogate(r) {
					r2, ok2 := rune(0), false
					if len(p.s)-p.i >= 6 && p.s[p.i] == '\\' && p.s[p.i+1] == 'u' {
						r2, ok2 = hex4(p.s[p.i+2:])
					}
					if dec := utf16.DecodeRune(r, r2); ok2 && dec != utf8.RuneError {
						p.i += 6
						r = dec
					} else {
						r = utf8.RuneError
					}
				}
				buf = utf8.AppendRune(buf, r)
			default:
				p.i -= 2
				return "", p.errorf("invalid escape character " + strconv.QuoteRune(rune(e)))
			}
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			p.i++
		default:
			r, size := utf8.DecodeRuneInString(p.s[p.i:])
			buf = utf8.AppendRune(buf, r) // RuneError for invalid bytes
			p.i += size
		}
	}
	return "", p.errorf("unexpected end of input in string")
}

// Kind returns the value's kind.
func (v Value) Kind() Kind { return v.kind }

// IsNull reports whether v is null (or the zero Value: a missing member).
func (v Value) IsNull() bool { return v.kind == Null }

// Get returns member key of an object (the last one of that name) and
// whether it is there.
func (v Value) Get(key string) (Value, bool) {
	for i := len(v.mem) - 1; i >= 0; i-- {
		if v.mem[i].Key == key {
			return v.mem[i].Value, true
		}
	}
	return Value{}, false
}

// Members returns an object's members in document order.
func (v Value) Members() []Member { return v.mem }

// Elems returns an array's elements.
func (v Value) Elems() []Value { return v.elem }

// Str returns a string's contents.
func (v Value) Str() (string, bool) { return v.s, v.kind == String }

// Bool returns a boolean's value.
func (v Value) Bool() (bool, bool) { return v.b, v.kind == Bool }

// Float returns a number as a float64; false for anything else, and for a
// number out of float64's range.
func (v Value) Float() (float64, bool) {
	if v.kind != Number {
		return 0, false
	}
	f, err := strconv.ParseFloat(v.s, 64)
	return f, err == nil
}

// Int returns a number that is an integer in int64's range.
func (v Value) Int() (int64, bool) {
	if v.kind != Number {
		return 0, false
	}
	if i, err := strconv.ParseInt(v.s, 10, 64); err == nil {
		return i, true
	}
	// 1e3 and 2.0 are integers too.
	f, err := strconv.ParseFloat(v.s, 64)
	if err != nil || f != float64(int64(f)) || f < -(1<<63) || f >= 1<<63 {
		return 0, false
	}
	return int64(f), true
}

// Raw returns the value's text as it was written in the input, without the
// whitespace around it: a request id or a params object passed on as is.
// It is empty for a Value that Parse did not make.
func (v Value) Raw() string { return v.raw }

// NumberText returns a number's text as it was written.
func (v Value) NumberText() (string, bool) { return v.s, v.kind == Number }

// Append appends v as compact JSON.
func (v Value) Append(dst []byte) []byte {
	switch v.kind {
	case Bool:
		return strconv.AppendBool(dst, v.b)
	case Number:
		return append(dst, v.s...)
	case String:
		return AppendString(dst, v.s)
	case Array:
		dst = append(dst, '[')
		for i, e := range v.elem {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = e.Append(dst)
		}
		return append(dst, ']')
	case Object:
		dst = append(dst, '{')
		for i, m := range v.mem {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = AppendString(dst, m.Key)
			dst = append(dst, ':')
			dst = m.Value.Append(dst)
		}
		return append(dst, '}')
	}
	return append(dst, "null"...)
}

// String returns v as compact JSON.
func (v Value) String() string { return string(v.Append(nil)) }
