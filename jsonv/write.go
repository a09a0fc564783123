package jsonv

import (
	"math"
	"strconv"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// AppendString appends s as a JSON string, byte for byte as encoding/json
// writes it with HTML escaping off (HTMLEscape adds that): invalid UTF-8
// becomes U+FFFD, and U+2028 and U+2029 are escaped so that the text is also
// valid JavaScript.
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// Quote returns s as a JSON string.
func Quote(s string) string { return string(AppendString(nil, s)) }

// AppendFloat appends f as a JSON number: the shortest text that reads back
// as f, in encoding/json's format. JSON has no NaN or infinities; they are written as null.
func AppendFloat(dst []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(dst, "null"...)
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	// encoding/json writes 1e-7, not strconv's 1e-07.
	if n := len(dst); format == 'e' && n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
		dst[n-2] = dst[n-1]
		dst = dst[:n-1]
	}
	return dst
}

// ObjectWriter builds a JSON object member by member:
//
//	var w jsonv.ObjectWriter
//	w.String("name", n).Float("total", t).Raw("meta", rawJSON)
//	text := w.Close()
type ObjectWriter struct {
	b []byte
}

func (w *ObjectWriter) key(k string) *ObjectWriter {
	if len(w.b) == 0 {
		w.b = append(w.b, '{')
	} else {
		w.b = append(w.b, ',')
	}
	w.b = AppendString(w.b, k)
	w.b = append(w.b, ':')
	return w
}

// String adds a string member.
func (w *ObjectWriter) String(k, v string) *ObjectWriter {
	w.key(k)
	w.b = AppendString(w.b, v)
	return w
}

// Float adds a number member.
func (w *ObjectWriter) Float(k string, v float64) *ObjectWriter {
	w.key(k)
	w.b = AppendFloat(w.b, v)
	return w
}

// Int adds an integer member.
func (w *ObjectWriter) Int(k string, v int64) *ObjectWriter {
	w.key(k)
	w.b = strconv.AppendInt(w.b, v, 10)
	return w
}

// Bool adds a boolean member.
func (w *ObjectWriter) Bool(k string, v bool) *ObjectWriter {
	w.key(k)
	w.b = strconv.AppendBool(w.b, v)
	return w
}

// Raw adds a member whose value is already JSON text (not checked).
func (w *ObjectWriter) Raw(k, json string) *ObjectWriter {
	w.key(k)
	w.b = append(w.b, json...)
	return w
}

// Value adds a parsed value.
func (w *ObjectWriter) Value(k string, v Value) *ObjectWriter {
	w.key(k)
	w.b = v.Append(w.b)
	return w
}

// Close returns the object's text; the writer starts again empty.
func (w *ObjectWriter) Close() string {
	if len(w.b) == 0 {
		return "{}"
	}
	s := string(append(w.b, '}'))
	w.b = nil
	return s
}

// Compact appends text without the whitespace between tokens, after
// checking that it is one JSON value; string contents are kept byte for byte,
// escapes included, as encoding/json's Compact keeps them. On error dst is
// returned unchanged.
func Compact(dst []byte, text string) ([]byte, error) {
	if _, err := Parse(text); err != nil {
		return dst, err
	}
	inString := false
	start := 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		if inString {
			switch c {
			case '\\':
				i++ // the escaped byte cannot end the string
			case '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case ' ', '\t', '\n', '\r':
			dst = append(dst, text[start:i]...)
			start = i + 1
		}
	}
	return append(dst, text[start:]...), nil
}

// HTMLEscape appends text with <, > and & written as \u003c, \u003e and
// \u0026, and U+2028 and U+2029 as \u2028 and \u2029, as encoding/json's
// HTMLEscape does. In JSON text these can only occur inside strings, so
// escaping them keeps the value: it is what json.Marshal writes by default.
func HTMLEscape(dst []byte, text string) []byte {
	start := 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c == '<' || c == '>' || c == '&' {
			dst = append(dst, text[start:i]...)
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			start = i + 1
		}
		if c == 0xE2 && i+2 < len(text) && text[i+1] == 0x80 && text[i+2]&^1 == 0xA8 {
			dst = append(dst, text[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[text[i+2]&0xf])
			start = i + 3
		}
	}
	return append(dst, text[start:]...)
}
