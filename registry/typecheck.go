package registry

import (
	"fmt"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// TypeError is a config key whose value has the wrong TOML type.
type TypeError struct {
	File      string
	Line, Col int
	// Key is the dotted path of the key, e.g. "components.calc.spec".
	Key string
	// Want describes the expected value ("a string"); Got is the TOML type
	// found ("integer").
	Want, Got string
}

func (e *TypeError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s must be %s, not %s %s", e.File, e.Line, e.Col, e.Key, e.Want, article(e.Got), e.Got)
}

// checkTypes walks the TOML document and returns a *TypeError for the first
// key, in document order, whose value does not have the type Config needs.
// go-toml's own error names Go types ("struct field registry.Component.Spec
// of type string"), which mean nothing to someone editing the file. It
// returns nil when the document does not parse: Parse reports that.
func checkTypes(name string, data []byte) error {
	var p unstable.Parser
	p.Reset(data)
	var table []string
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			key, pos := keyOf(&p, e)
			table = key
			got := "table"
			if e.Kind == unstable.ArrayTable {
				got = "array of tables"
			}
			for i := 1; i <= len(key); i++ {
				if err := check(name, pos, key[:i], got); err != nil {
					return err
				}
			}
		case unstable.KeyValue:
			key, pos := keyOf(&p, e)
			if err := checkValue(&p, name, pos, append(append([]string(nil), table...), key...), e.Value()); err != nil {
				return err
			}
		}
	}
	return nil
}

// keyOf returns the parts of a table header's or key/value's key and the
// position of its first part.
func keyOf(p *unstable.Parser, n *unstable.Node) ([]string, unstable.Position) {
	var parts []string
	var pos unstable.Position
	it := n.Key()
	for it.Next() {
		k := it.Node()
		if parts == nil {
			pos = p.Shape(k.Raw).Start
		}
		parts = append(parts, string(k.Data))
	}
	return parts, pos
}

func checkValue(p *unstable.Parser, name string, pos unstable.Position, key []string, v *unstable.Node) error {
	if err := check(name, pos, key, tomlType(v.Kind)); err != nil {
		return err
	}
	switch v.Kind {
	case unstable.InlineTable:
		it := v.Children()
		for it.Next() {
			kv := it.Node()
			if kv.Kind != unstable.KeyValue {
				continue
			}
			sub, subPos := keyOf(p, kv)
			if err := checkValue(p, name, subPos, append(append([]string(nil), key...), sub...), kv.Value()); err != nil {
				return err
			}
		}
	case unstable.Array:
		it := v.Children()
		for i := 0; it.Next(); {
			el := it.Node()
			if el.Kind == unstable.Comment {
				continue
			}
			elKey := append(append([]string(nil), key...), fmt.Sprintf("[%d]", i))
			elPos := pos
			if el.Raw.Length > 0 {
				elPos = p.Shape(el.Raw).Start
			}
			if err := checkValue(p, name, elPos, elKey, el); err != nil {
				return err
			}
			i++
		}
	}
	return nil
}

// check compares the TOML type got of key with what Config expects there.
// Keys Config does not know are left to Parse, which warns about them.
func check(name string, pos unstable.Position, key []string, got string) error {
	want, desc := expected(key)
	if want == "" || want == got || want == "table" && got == "inline table" {
		return nil
	}
	return &TypeError{File: name, Line: pos.Line, Col: pos.Column, Key: dotted(key), Want: desc, Got: got}
}

// expected returns the TOML type of key in a config ("" when the key is not
// one Config has) and a description for messages.
func expected(key []string) (typ, desc string) {
	if len(key) == 0 {
		return "", ""
	}
	var fields map[string][2]string
	switch key[0] {
	case "components":
		fields = map[string][2]string{"spec": {"string", "a string (a file path, a package spec namespace:name@version, or another alias)"}}
	case "profiles":
		fields = map[string][2]string{
			"base":       {"string", "a string (the name of another profile)"},
			"components": {"array", `an array of strings (specs, e.g. ["calc", "./x.wasm"])`},
			"output":     {"string", "a string (a file path)"},
		}
	case "namespaces":
		fields = map[string][2]string{
			"registry":   {"string", `a string (host[:port]/prefix, e.g. "ghcr.io/acme")`},
			"plain-http": {"bool", "a boolean (true or false)"},
		}
	default:
		return "", ""
	}
	switch len(key) {
	case 1:
		return "table", fmt.Sprintf("a table ([%s.NAME] sections)", key[0])
	case 2:
		return "table", fmt.Sprintf("a table ([%s.%s] with its keys)", key[0], key[1])
	case 3:
		f, ok := fields[key[2]]
		if !ok {
			return "", ""
		}
		return f[0], f[1]
	case 4:
		if key[0] == "profiles" && key[2] == "components" && strings.HasPrefix(key[3], "[") {
			return "string", "a string (a spec)"
		}
	}
	return "", ""
}

func tomlType(k unstable.Kind) string {
	switch k {
	case unstable.String:
		return "string"
	case unstable.Bool:
		return "bool"
	case unstable.Integer:
		return "integer"
	case unstable.Float:
		return "float"
	case unstable.Array:
		return "array"
	case unstable.InlineTable:
		return "inline table"
	case unstable.LocalDate, unstable.LocalTime, unstable.LocalDateTime, unstable.DateTime:
		return "date-time"
	}
	return k.String()
}

// dotted joins key parts as TOML writes them, quoting parts that need it;
// array indexes stay attached ("profiles.dev.components[1]").
func dotted(key []string) string {
	var b strings.Builder
	for i, k := range key {
		switch {
		case strings.HasPrefix(k, "["):
			b.WriteString(k)
			continue
		case i > 0:
			b.WriteByte('.')
		}
		if k != "" && strings.Trim(k, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == "" {
			b.WriteString(k)
		} else {
			fmt.Fprintf(&b, "%q", k)
		}
	}
	return b.String()
}

func article(s string) string {
	if s != "" && strings.ContainsRune("aeiou", rune(s[0])) {
		return "an"
	}
	return "a"
}
