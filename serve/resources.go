package serve

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/wasmcp/wasmcp/serve/config"
)

type cfgResource = config.Resource

// uriTemplate matches URIs against a template whose {var} parts each stand
// for one non-empty segment without '/' (RFC 6570 simple expansion).
type uriTemplate struct {
	re   *regexp.Regexp
	vars []string
}

func compileTemplate(tmpl string) *uriTemplate {
	var b strings.Builder
	b.WriteString("^")
	var vars []string
	rest := tmpl
	for {
		i := strings.IndexByte(rest, '{')
		j := strings.IndexByte(rest, '}')
		if i < 0 || j < i {
			b.WriteString(regexp.QuoteMeta(rest))
			break
		}
		b.WriteString(regexp.QuoteMeta(rest[:i]))
		b.WriteString("([^/]+)")
		vars = append(vars, rest[i+1:j])
		rest = rest[j+1:]
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		re = regexp.MustCompile(`^\b$`) // matches nothing
	}
	return &uriTemplate{re: re, vars: vars}
}

func (t *uriTemplate) match(uri string) (map[string]string, bool) {
	m := t.re.FindStringSubmatch(uri)
	if m == nil {
		return nil, false
	}
	vars := make(map[string]string, len(t.vars))
	for i, name := range t.vars {
		v := m[i+1]
		if u, err := url.PathUnescape(v); err == nil {
			v = u
		}
		vars[name] = v
	}
	return vars, true
}

// substitute replaces ${name} by vars[name]; unknown names stay as written.
func substitute(text string, vars map[string]string) string {
	if len(vars) == 0 || !strings.Contains(text, "${") {
		return text
	}
	var b strings.Builder
	for {
		i := strings.Index(text, "${")
		if i < 0 {
			b.WriteString(text)
			return b.String()
		}
		j := strings.IndexByte(text[i:], '}')
		if j < 0 {
			b.WriteString(text)
			return b.String()
		}
		name := text[i+2 : i+j]
		b.WriteString(text[:i])
		if v, ok := vars[name]; ok {
			b.WriteString(v)
		} else {
			b.WriteString(text[i : i+j+1])
		}
		text = text[i+j+1:]
	}
}
