package jsonv

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
