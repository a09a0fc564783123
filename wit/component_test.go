package wit

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// asNested rewrites a WIT source whose main package has a `package x;`
// header so that every package is a nested `package x { … }` block, to be
// appended to another file.
func asNested(t testing.TB, src string) string {
	f, err := ParseFile("src.wit", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if f.Package != nil {
		pd := f.Package
		f.Package = nil
		pd.Nested = true
		f.Nested = append([]*PackageDecl{pd}, f.Nested...)
	}
	return FormatString(f)
}

// dumpWorld describes a world's imports and exports without docs or
// stability (which a component does not keep).
func dumpWorld(w *World) string {
	var b strings.Builder
	sig := func(f *Function) {
		fmt.Fprintf(&b, "  func %s kind=%d (", f.Name, f.Kind)
		for _, p := range f.Params {
			fmt.Fprintf(&b, "%s: %s, ", p.Name, p.Type)
		}
		fmt.Fprintf(&b, ") -> %v\n", f.Result)
	}
	typ := func(t *TypeDef) {
		var tb strings.Builder
		dumpType(&tb, t)
		s := tb.String()
		if i := strings.Index(s, " docs="); i >= 0 {
			j := strings.Index(s[i+7:], "\"")
			s = s[:i] + s[i+7+j+1:]
		}
		b.WriteString(s)
	}
	for _, set := range [][]*WorldItem{w.Imports, w.Exports} {
		for _, it := range set {
			fmt.Fprintf(&b, "item %s kind=%d\n", it.Key, it.Kind)
			switch it.Kind {
			case WorldFunction:
				sig(it.Function)
			case WorldType:
				typ(it.Type)
			case WorldInterface:
				for _, t := range it.Interface.Types {
					typ(t)
				}
				for _, f := range it.Interface.Functions {
					sig(f)
				}
			}
		}
		b.WriteString("--\n")
	}
	return b.String()
}

// TestEmbedComponentNewWit embeds worlds into stub core modules, makes
// components of them with jco's componentNew, and checks that the world jco
// reads back from each component (componentWit) is the source world.
func TestEmbedComponentNewWit(t *testing.T) {
	var cases []embedCase
	for _, c := range embedCases(t) {
		if c.Name == "async.wit" || c.Name == "wasi-proxy" || c.Name == "wasi-command" {
			continue // async ABI stubs are not supported; proxy/command repeat wasi-w
		}
		cases = append(cases, c)
	}
	input := map[string]string{}
	resolved := map[string]*Resolve{}
	for _, c := range cases {
		r, _, err := ParseSource(c.Name, c.Wit)
		if err != nil {
			t.Fatal(err)
		}
		w, err := r.SelectWorld(c.World)
		if err != nil {
			t.Fatal(err)
		}
		core, err := CoreStub(r, w)
		if err != nil {
			t.Fatal(err)
		}
		emb, err := Embed(core, r, c.World)
		if err != nil {
			t.Fatal(err)
		}
		input[c.Name] = base64.StdEncoding.EncodeToString(emb)
		resolved[c.Name] = r
	}
	out := jcoScript(t, `
const res = {};
for (const [name, b64] of Object.entries(input)) {
  try {
    const comp = await api.componentNew(Buffer.from(b64, 'base64'));
    res[name] = await api.componentWit(comp);
  } catch (e) { res[name] = 'ERR ' + e; }
}
console.log(JSON.stringify(res));
`, input)
	var wits map[string]string
	if err := json.Unmarshal(out, &wits); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		text := wits[c.Name]
		if strings.HasPrefix(text, "ERR ") {
			t.Errorf("%s: jco: %s", c.Name, text)
			continue
		}
		// jco prints the component's world, referring to the packages it
		// uses; add them so that it resolves.
		full := text + "\n" + asNested(t, c.Wit)
		r2, _, err := ParseSource("jco-"+c.Name, full)
		if err != nil {
			t.Errorf("%s: jco's WIT does not resolve: %v\n%s", c.Name, err, text)
			continue
		}
		got, err := r2.SelectWorld("root:component/root")
		if err != nil {
			t.Fatal(err)
		}
		want, _ := resolved[c.Name].SelectWorld(c.World)
		if g, w := dumpWorld(got), dumpWorld(want); g != w {
			t.Errorf("%s: the component's world differs from the source world\n--- jco:\n%s\n--- source:\n%s", c.Name, g, w)
		}
	}
}
