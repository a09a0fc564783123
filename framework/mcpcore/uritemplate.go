package mcpcore

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// URITemplate is an RFC 6570 URI template of level 1: literal text and
// simple expressions "{var}". MCP resource templates use it to describe
// families of resources ("file:///{path}", "test://template/{id}/data").
// See https://www.rfc-editor.org/rfc/rfc6570#section-1.2
type URITemplate struct {
	raw   string
	names []string
	re    *regexp.Regexp
}

var varnameRE = regexp.MustCompile(`^(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})+(?:\.(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})+)*$`)

// ParseURITemplate parses a level 1 template. Operators (+ # . / ; ? &),
// lists of variables and modifiers, which belong to higher levels, are
// rejected, as are unbalanced braces and a variable used twice.
func ParseURITemplate(s string) (*URITemplate, error) {
	t := &URITemplate{raw: s}
	var re strings.Builder
	re.WriteString("^")
	rest := s
	for rest != "" {
		open := strings.IndexAny(rest, "{}")
		if open < 0 {
			re.WriteString(regexp.QuoteMeta(rest))
			break
		}
		if rest[open] == '}' {
			return nil, fmt.Errorf("uri template %q: unbalanced '}'", s)
		}
		re.WriteString(regexp.QuoteMeta(rest[:open]))
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			return nil, fmt.Errorf("uri template %q: unclosed '{'", s)
		}
		name := rest[open+1 : open+end]
		if name != "" && strings.ContainsRune("+#./;?&=,!@|", rune(name[0])) {
			return nil, fmt.Errorf("uri template %q: operator %q needs a level above 1, which is not supported", s, name[:1])
		}
		if !varnameRE.MatchString(name) {
			return nil, fmt.Errorf("uri template %q: invalid expression {%s} (level 1 allows one variable name)", s, name)
		}
		for _, n := range t.names {
			if n == name {
				return nil, fmt.Errorf("uri template %q: variable %q appears twice", s, name)
			}
		}
		t.names = append(t.names, name)
		// A value matches any run of characters but the URI delimiters
		// / ? #: strict expansion would percent-encode every reserved
		// character, but hand-built URIs often do not.
		re.WriteString(`([^/?#]*)`)
		rest = rest[open+end+1:]
	}
	re.WriteString("$")
	var err error
	if t.re, err = regexp.Compile(re.String()); err != nil {
		return nil, fmt.Errorf("uri template %q: %w", s, err)
	}
	return t, nil
}

// String returns the template as written.
func (t *URITemplate) String() string { return t.raw }

// Variables returns the variable names in order of appearance.
func (t *URITemplate) Variables() []string { return append([]string(nil), t.names...) }

// Match reports whether uri is an expansion of the template and returns the
// values of its variables, percent-decoded.
func (t *URITemplate) Match(uri string) (map[string]string, bool) {
	m := t.re.FindStringSubmatch(uri)
	if m == nil {
		return nil, false
	}
	vars := make(map[string]string, len(t.names))
	for i, n := range t.names {
		v, err := url.PathUnescape(m[i+1])
		if err != nil {
			v = m[i+1]
		}
		vars[n] = v
	}
	return vars, true
}

// Expand substitutes the variables, percent-encoding every character that is
// not unreserved (RFC 6570 simple string expansion); an undefined variable
// expands to nothing.
func (t *URITemplate) Expand(vars map[string]string) string {
	i := 0
	return expand(t.raw, func(string) string {
		v := vars[t.names[i]]
		i++
		return pctEncodeUnreserved(v)
	})
}

func expand(raw string, value func(string) string) string {
	var b strings.Builder
	for {
		open := strings.IndexByte(raw, '{')
		if open < 0 {
			b.WriteString(raw)
			return b.String()
		}
		end := strings.IndexByte(raw[open:], '}')
		b.WriteString(raw[:open])
		b.WriteString(value(raw[open+1 : open+end]))
		raw = raw[open+end+1:]
	}
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
