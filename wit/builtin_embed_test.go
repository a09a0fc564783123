package wit

import (
	"bytes"
	"sort"
	"testing"
)

// setSource returns the packages of a builtin set as one WIT text of nested
// package blocks, prefixed by an empty main package.
func setSource(t testing.TB, dirs []string) string {
	out := &File{Package: &PackageDecl{Name: PackageName{Namespace: "test", Name: "main"}}}
	byName := map[string]*PackageDecl{}
	for _, d := range dirs {
		paths, _ := witFiles(d)
		files, err := parseFilesAt(paths)
		if err != nil {
			t.Fatal(err)
		}
		var header *PackageDecl
		for _, f := range files {
			if f.Package != nil {
				header = f.Package
			}
		}
		for _, f := range files {
			items := f.Items
			if f.Package != nil {
				items = append(items, f.Package.Items...)
			}
			if header != nil && len(items) > 0 {
				key := header.Name.String()
				pd := byName[key]
				if pd == nil {
					pd = &PackageDecl{Name: header.Name, Nested: true}
					byName[key] = pd
					out.Nested = append(out.Nested, pd)
				}
				pd.Items = append(pd.Items, items...)
			}
			out.Nested = append(out.Nested, f.Nested...)
		}
	}
	return FormatString(out)
}

// TestBuiltinWorldsMatchJco encodes every world of jco's builtin WIT
// packages and compares the bytes with jco's componentEmbed.
func TestBuiltinWorldsMatchJco(t *testing.T) {
	sets := builtinSets(t)
	var names []string
	for n := range sets {
		if n == "0.2.10" || n == "wasi-tls-0.2.0-draft" {
			continue // no worlds / covered by jco-node
		}
		names = append(names, n)
	}
	sort.Strings(names)
	var cases []embedCase
	resolves := map[string]*Resolve{}
	for _, n := range names {
		src := setSource(t, sets[n])
		r, _, err := ParseSource(n+".wit", src)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		for _, w := range r.Worlds {
			name := n + " " + w.QualifiedName()
			cases = append(cases, embedCase{Name: name, Wit: src, World: w.QualifiedName()})
			resolves[name] = r
		}
	}
	want := jcoEmbed(t, cases)
	var diffs []string
	for _, c := range cases {
		r := resolves[c.Name]
		w, err := r.SelectWorld(c.World)
		if err != nil {
			t.Fatal(err)
		}
		got, err := EncodeWorld(r, w)
		if err != nil {
			t.Errorf("%s: %v", c.Name, err)
			continue
		}
		theirs := withoutProducers(t, customSections(t, want[c.Name])["component-type"])
		if !bytes.Equal(got, theirs) {
			diffs = append(diffs, c.Name)
		}
	}
	t.Logf("%d worlds compared", len(cases))
	if len(diffs) > 0 {
		t.Errorf("%d of %d encodings differ from jco's: %v", len(diffs), len(cases), diffs)
	}
}
