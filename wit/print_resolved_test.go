package wit

import (
	"sort"
	"strings"
	"testing"
)

// TestPrintPackageRoundTrip prints every resolved builtin package (and the
// embed test packages) and checks that the printed WIT resolves to the same
// model.
func TestPrintPackageRoundTrip(t *testing.T) {
	check := func(t *testing.T, r1 *Resolve) {
		var groups [][]*File
		for _, pkg := range r1.Packages {
			var b strings.Builder
			if err := PrintPackage(&b, r1, pkg); err != nil {
				t.Fatal(err)
			}
			f, err := ParseFile(pkg.Name.String()+".wit", []byte(b.String()))
			if err != nil {
				t.Fatalf("printed package does not parse: %v\n%s", err, b.String())
			}
			groups = append(groups, []*File{f})
		}
		r2 := &Resolve{}
		if err := r2.addDeps(groups, ResolveOptions{AllFeatures: true}); err != nil {
			t.Fatalf("printed packages do not resolve: %v", err)
		}
		d1, d2 := dumpResolve(r1), dumpResolve(r2)
		if d1 != d2 {
			l1, l2 := strings.Split(d1, "\n"), strings.Split(d2, "\n")
			for i := range l1 {
				if i >= len(l2) || l1[i] != l2[i] {
					other := ""
					if i < len(l2) {
						other = l2[i]
					}
					t.Fatalf("model differs after print → parse at line %d:\n%s\n%s", i, l1[i], other)
				}
			}
			t.Fatalf("model differs after print → parse (%d vs %d lines)", len(l1), len(l2))
		}
	}
	sets := builtinSets(t)
	var names []string
	for n := range sets {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		t.Run(n, func(t *testing.T) {
			r1, _ := loadGroups(t, sets[n], ResolveOptions{AllFeatures: true})
			check(t, r1)
		})
	}
	for _, c := range embedCases(t) {
		if strings.HasPrefix(c.Name, "wasi-") {
			continue
		}
		t.Run(c.Name, func(t *testing.T) {
			r, _, err := ParseFiles(ResolveOptions{AllFeatures: true}, map[string][]byte{c.Name: []byte(c.Wit)})
			if err != nil {
				t.Fatal(err)
			}
			check(t, r)
		})
	}
}
