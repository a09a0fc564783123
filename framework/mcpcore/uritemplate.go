package mcpcore

import (
	"strings"
	"unicode/utf8"
)

// URITemplate is an RFC 6570 URI template of level 1: literal text and
// simple expressions "{var}". MCP resource templates use it to describe
// families of resources ("file:///{path}", "test://template/{id}/data").
// See https://www.rfc-editor.org/rfc/rfc6570#section-1.2
type URITemplate struct {
	raw   string
	names []string
	// lits are the literal texts around the variables: lits[i] comes
	// before variable i, and the last one ends the template.
	lits []string
}

// ParseURITemplate parses a level 1 template. Operators (+ # . / ; ? &),
// lists of variables and modifiers, which belong to higher levels, are
// rejected, as are unbalanced braces and a variable used twice.
func ParseURITemplate(s string) (*URITemplate, error) {
	t := &URITemplate{raw: s}
	rest := s
	for {
		open := strings.IndexAny(rest, "{}")
		if open < 0 {
			t.lits = append(t.lits, rest)
			break
		}
		if rest[open] == '}' {
			return nil, errorf("uri template %q: unbalanced '}'", s)
		}
		lit := rest[:open]
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			return nil, errorf("uri template %q: unclosed '{'", s)
		}
		name := rest[open+1 : open+end]
		if name != "" && strings.ContainsRune("+#./;?&=,!@|", rune(name[0])) {
			return nil, errorf("uri template %q: operator %q needs a level above 1, which is not supported", s, name[:1])
		}
		if !isVarname(name) {
			return nil, errorf("uri template %q: invalid expression {%s} (level 1 allows one variable name)", s, name)
		}
		for _, n := range t.names {
			if n == name {
				return nil, errorf("uri template %q: variable %q appears twice", s, name)
			}
		}
		t.names = append(t.names, name)
		t.lits = append(t.lits, lit)
		rest = rest[open+end+1:]
	}
	// The template used to be compiled to a regular expression, which
	// refuses invalid UTF-8.
	if !utf8.ValidString(s) {
		return nil, errorf("uri template %q: invalid UTF-8", s)
	}
	return t, nil
}

// isVarname reports whether s is an RFC 6570 varname: varchars (ALPHA,
// DIGIT, "_" or a percent-encoded octet) in dot-separated runs.
func isVarname(s string) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '_':
			run++
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			i += 2
			run++
		case c == '.' && run > 0:
			run = 0
		default:
			return false
		}
	}
	return run > 0
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// String returns the template as written.
func (t *URITemplate) String() string { return t.raw }

// Variables returns the variable names in order of appearance.
func (t *URITemplate) Variables() []string { return append([]string(nil), t.names...) }

// Match reports whether uri is an expansion of the template and returns the
// values of its variables, percent-decoded.
func (t *URITemplate) Match(uri string) (map[string]string, bool) {
	values := make([]string, len(t.names))
	failed := map[[2]int]bool{}
	if !t.match(uri, 0, 0, values, failed) {
		return nil, false
	}
	vars := make(map[string]string, len(t.names))
	for i, n := range t.names {
		vars[n] = pathUnescape(values[i])
	}
	return vars, true
}

// match matches uri[pos:] against the template from literal i on. A value
// is any run of characters but the URI delimiters / ? #: strict expansion
// would percent-encode every reserved character, but hand-built URIs often
// do not. Where several splits fit, each value is as long as it can be, from
// the first on (what the regular expression it replaces chose); failed
// remembers dead ends, so a match takes polynomial time.
func (t *URITemplate) match(uri string, pos, i int, values []string, failed map[[2]int]bool) bool {
	if !strings.HasPrefix(uri[pos:], t.lits[i]) {
		return false
	}
	pos += len(t.lits[i])
	if i == len(t.names) {
		return pos == len(uri)
	}
	if failed[[2]int{pos, i}] {
		return false
	}
	end := pos
	for end < len(uri) && uri[end] != '/' && uri[end] != '?' && uri[end] != '#' {
		end++
	}
	for ; end >= pos; end-- {
		if t.match(uri, end, i+1, values, failed) {
			values[i] = uri[pos:end]
			return true
		}
	}
	failed[[2]int{pos, i}] = true
	return false
}

// pathUnescape decodes %XX escapes as url.PathUnescape does; a value with
// a malformed escape is kept as it is.
func pathUnescape(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b = append(b, s[i])
			continue
		}
		if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			return s
		}
		b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
		i += 2
	}
	return string(b)
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// Expand substitutes the variables, percent-encoding every character that is
// not unreserved (RFC 6570 simple string expansion); an undefined variable
// expands to nothing.
func (t *URITemplate) Expand(vars map[string]string) string {
	var b strings.Builder
	for i, lit := range t.lits {
		b.WriteString(lit)
		if i < len(t.names) {
			b.WriteString(pctEncodeUnreserved(vars[t.names[i]]))
		}
	}
	return b.String()
}

func pctEncodeUnreserved(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
