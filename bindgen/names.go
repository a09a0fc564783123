package bindgen

import (
	"fmt"
	"go/token"
	"strings"
	"unicode"
)

// pascal turns a WIT identifier ("get-info", "%type") into an exported Go
// identifier ("GetInfo", "Type"). Acronym-like words are kept as written.
func pascal(s string) string {
	s = strings.TrimPrefix(s, "%")
	var b strings.Builder
	up := true
	for _, r := range s {
		if r == '-' || r == '_' || r == '.' || r == ':' || r == '/' || r == '@' {
			up = true
			continue
		}
		if up {
			b.WriteRune(unicode.ToUpper(r))
			up = false
		} else {
			b.WriteRune(r)
		}
	}
	out := b.String()
	if out == "" || !unicode.IsLetter(rune(out[0])) {
		out = "X" + out
	}
	return out
}

// camel turns a WIT identifier into an unexported Go identifier that is not
// a Go keyword or a predeclared name.
func camel(s string) string {
	p := pascal(s)
	out := strings.ToLower(p[:1]) + p[1:]
	if token.IsKeyword(out) || predeclared[out] {
		out += "_"
	}
	return out
}

var predeclared = map[string]bool{
	"bool": true, "byte": true, "complex64": true, "complex128": true, "error": true,
	"float32": true, "float64": true, "int": true, "int8": true, "int16": true, "int32": true,
	"int64": true, "rune": true, "string": true, "uint": true, "uint8": true, "uint16": true,
	"uint32": true, "uint64": true, "uintptr": true, "true": true, "false": true, "iota": true,
	"nil": true, "append": true, "cap": true, "clear": true, "close": true, "complex": true,
	"copy": true, "delete": true, "imag": true, "len": true, "make": true, "max": true, "min": true,
	"new": true, "panic": true, "print": true, "println": true, "real": true, "recover": true,
	"any": true, "comparable": true, "cabi": true, "unsafe": true, "self": true,
}

// namer hands out package-level Go identifiers without collisions.
type namer struct{ used map[string]bool }

func newNamer() *namer {
	return &namer{used: map[string]bool{"Export": true}}
}

// take returns the first of the candidates that is free (adding a numeric
// suffix to the last one if all are taken) and marks it used.
func (n *namer) take(candidates ...string) string {
	for _, c := range candidates {
		if c != "" && !n.used[c] {
			n.used[c] = true
			return c
		}
	}
	last := candidates[len(candidates)-1]
	for i := 2; ; i++ {
		c := fmt.Sprintf("%s%d", last, i)
		if !n.used[c] {
			n.used[c] = true
			return c
		}
	}
}
