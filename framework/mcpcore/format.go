package mcpcore

import (
	"strconv"
	"unicode/utf8"
)

// sprintf formats like fmt.Sprintf for what this package's messages use:
// the verbs %s, %v, %w, %q and %d, a precision for strings (%.60s), and
// arguments that are strings, byte slices, errors, Stringers, integers,
// floats or booleans. fmt would add 0.7 MB to every framework part.
func sprintf(format string, args ...any) string {
	var b []byte
	next := 0
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			b = append(b, c)
			continue
		}
		i++
		prec := -1
		if i < len(format) && format[i] == '.' {
			i++
			prec = 0
			for i < len(format) && format[i] >= '0' && format[i] <= '9' {
				prec = prec*10 + int(format[i]-'0')
				i++
			}
		}
		if i >= len(format) {
			b = append(b, "%!(NOVERB)"...)
			break
		}
		verb := format[i]
		if verb == '%' {
			b = append(b, '%')
			continue
		}
		if next >= len(args) {
			b = append(b, '%', '!', verb)
			b = append(b, "(MISSING)"...)
			continue
		}
		b = appendArg(b, verb, prec, args[next])
		next++
	}
	return string(b)
}

func appendArg(b []byte, verb byte, prec int, arg any) []byte {
	var s string
	switch a := arg.(type) {
	case nil:
		s = "<nil>"
	case string:
		s = a
	case []byte:
		s = string(a)
	case error:
		s = a.Error()
	case interface{ String() string }:
		s = a.String()
	case bool:
		s = strconv.FormatBool(a)
	case int:
		s = strconv.FormatInt(int64(a), 10)
	case int32:
		s = strconv.FormatInt(int64(a), 10)
	case int64:
		s = strconv.FormatInt(a, 10)
	case uint:
		s = strconv.FormatUint(uint64(a), 10)
	case uint32:
		s = strconv.FormatUint(uint64(a), 10)
	case uint64:
		s = strconv.FormatUint(a, 10)
	case float64:
		s = strconv.FormatFloat(a, 'g', -1, 64)
	default:
		s = "?"
	}
	if prec >= 0 && utf8.RuneCountInString(s) > prec {
		n := 0
		for i := range s {
			if n == prec {
				s = s[:i]
				break
			}
			n++
		}
	}
	if verb == 'q' {
		return strconv.AppendQuote(b, s)
	}
	return append(b, s...)
}

// errorf is fmt.Errorf over sprintf: an error argument of %w is what the
// result unwraps to.
func errorf(format string, args ...any) error {
	e := &formatError{msg: sprintf(format, args...)}
	for i := 0; i+1 < len(format); i++ {
		if format[i] == '%' && format[i+1] == 'w' {
			for _, a := range args {
				if err, ok := a.(error); ok {
					e.err = err
					break
				}
			}
			break
		}
	}
	return e
}

type formatError struct {
	msg string
	err error
}

func (e *formatError) Error() string { return e.msg }
func (e *formatError) Unwrap() error { return e.err }
