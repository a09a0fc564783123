// Command gentable writes table.go of package wasiversion: for every
// interface, type and function of the WASI 0.2 packages in the pinned jco
// package, the release that introduced it, or the @unstable feature that
// gates it.
//
//	go run ./internal/gentable -builtin ../../node_modules/@bytecodealliance/jco/lib/wit/builtin -o table.go
//
// The input is jco's lib/wit/builtin folder, which holds WIT snapshots of
// WASI releases in folders named after them (0.2.10, 0.2.12, 0.3.0). The
// newest 0.2.x snapshot lists the items; the release of each comes from its
// @since gate when the WIT has one. jco strips @since gates from its
// snapshots (its README says so), so an item without a gate is taken to be
// in 0.2.0 unless laterReleases lists it; the older snapshots check that
// list where they cover the same package (an item missing from, or unstable
// in, the 0.2.10 snapshot must have been added after 0.2.10).
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/wasmcp/wasmcp/wit"
)

// laterReleases lists the stable items of WASI 0.2 added after 0.2.0.
// jco's snapshots drop the @since gates that carry this, so it is written
// here; where a snapshot keeps a gate, the gate must agree.
//
// wasi:cli/exit.exit-with-code was @unstable(feature = cli-exit-with-code)
// up to 0.2.11 and is @since(version = 0.2.12) in WASI 0.2.12
// (WebAssembly/WASI pull request 913).
var laterReleases = map[string]string{
	"wasi:cli/exit.exit-with-code": "0.2.12",
}

func main() {
	builtin := flag.String("builtin", "node_modules/@bytecodealliance/jco/lib/wit/builtin", "jco's builtin WIT folder")
	out := flag.String("o", "table.go", "output file")
	flag.Parse()
	src, err := generate(*builtin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gentable:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gentable:", err)
		os.Exit(1)
	}
}

// entry is one interface ("wasi:cli/exit") or item ("wasi:cli/exit.exit")
// of a snapshot.
type entry struct {
	key     string
	since   string // the item's own @since version, or "" when it has none
	floor   string // the @since of its interface (and resource), or ""
	feature string // the @unstable feature of the item or its interface, or ""
}

// snapshot is the WASI 0.2 content of one release folder.
type snapshot struct {
	patch    int
	packages map[string]bool // "wasi:cli"
	entries  map[string]entry
	order    []string
}

var releaseDir = regexp.MustCompile(`^0\.2\.(0|[1-9][0-9]*)$`)

// generate returns the source of table.go.
func generate(builtin string) ([]byte, error) {
	dirs, err := os.ReadDir(builtin)
	if err != nil {
		return nil, err
	}
	var snaps []*snapshot
	for _, d := range dirs {
		m := releaseDir.FindStringSubmatch(d.Name())
		if !d.IsDir() || m == nil {
			continue
		}
		patch, _ := strconv.Atoi(m[1])
		s, err := load(filepath.Join(builtin, d.Name()), patch)
		if err != nil {
			return nil, err
		}
		snaps = append(snaps, s)
	}
	if len(snaps) == 0 {
		return nil, fmt.Errorf("%s: no WASI 0.2.x snapshot folder (0.2.N)", builtin)
	}
	sort.Slice(snaps, func(i, j int) bool { return snaps[i].patch < snaps[j].patch })
	newest := snaps[len(snaps)-1]
	since, unstable, err := assign(newest)
	if err != nil {
		return nil, err
	}
	for _, old := range snaps[:len(snaps)-1] {
		if err := check(old, newest, since, unstable); err != nil {
			return nil, err
		}
	}
	return render(newest, since, unstable)
}

// load resolves every package of a snapshot folder (one folder per
// package, each holding .wit files), with every unstable feature enabled so
// that unstable items are listed too.
func load(dir string, patch int) (*snapshot, error) {
	pkgDirs, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	// One file of nested package blocks lets the resolver order the
	// packages by their uses.
	top := &wit.File{Package: &wit.PackageDecl{Name: wit.PackageName{Namespace: "wasmcp", Name: "gentable"}}}
	for _, pd := range pkgDirs {
		if !pd.IsDir() {
			continue
		}
		paths, err := filepath.Glob(filepath.Join(dir, pd.Name(), "*.wit"))
		if err != nil {
			return nil, err
		}
		sort.Strings(paths)
		var block *wit.PackageDecl
		for _, p := range paths {
			src, err := os.ReadFile(p)
			if err != nil {
				return nil, err
			}
			f, err := wit.ParseFile(p, src)
			if err != nil {
				return nil, err
			}
			top.Nested = append(top.Nested, f.Nested...)
			if f.Package == nil {
				if len(f.Items) > 0 {
					return nil, fmt.Errorf("%s: top-level items without a package header", p)
				}
				continue
			}
			if block == nil {
				block = &wit.PackageDecl{Name: f.Package.Name, Nested: true}
				top.Nested = append(top.Nested, block)
			} else if block.Name != f.Package.Name {
				return nil, fmt.Errorf("%s: package %s in the folder of %s", p, f.Package.Name, block.Name)
			}
			block.Items = append(block.Items, f.Package.Items...)
			block.Items = append(block.Items, f.Items...)
		}
	}
	r := &wit.Resolve{}
	if _, err := r.AddFiles([]*wit.File{top}, wit.ResolveOptions{AllFeatures: true}); err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	s := &snapshot{patch: patch, packages: map[string]bool{}, entries: map[string]entry{}}
	want := "0.2." + strconv.Itoa(patch)
	for _, pkg := range r.Packages {
		if pkg.Name.Namespace != "wasi" || !strings.HasPrefix(pkg.Name.Version, "0.2.") {
			continue
		}
		if pkg.Name.Version != want {
			return nil, fmt.Errorf("%s: package %s in the folder of release %s", dir, pkg.Name, want)
		}
		s.packages["wasi:"+pkg.Name.Name] = true
		for _, iface := range pkg.Interfaces {
			name := "wasi:" + pkg.Name.Name + "/" + iface.Name
			s.add(entry{key: name, since: iface.Stability.Since, feature: iface.Stability.Feature})
			for _, t := range iface.Types {
				s.add(itemEntry(name, t.Name, iface.Stability, t.Stability))
			}
			for _, f := range iface.Functions {
				e := itemEntry(name, f.Name, iface.Stability, f.Stability)
				if f.Resource != nil {
					// A method of an unstable (or later) resource is no
					// older than the resource.
					res := f.Resource.Stability
					if e.feature == "" {
						e.feature = res.Feature
					}
					e.floor = later(e.floor, res.Since)
				}
				s.add(e)
			}
		}
	}
	if len(s.packages) == 0 {
		return nil, fmt.Errorf("%s: no wasi 0.2 package", dir)
	}
	return s, nil
}

func (s *snapshot) add(e entry) {
	if _, ok := s.entries[e.key]; !ok {
		s.order = append(s.order, e.key)
	}
	s.entries[e.key] = e
}

// itemEntry is an item's entry; its interface's gates also bound it.
func itemEntry(iface, name string, outer, inner wit.Stability) entry {
	e := entry{key: iface + "." + name, since: inner.Since, floor: outer.Since, feature: inner.Feature}
	if e.feature == "" {
		e.feature = outer.Feature
	}
	return e
}

// later returns the later of two @since versions ("" for none).
func later(a, b string) string {
	if a == "" || (b != "" && patchOf(b) > patchOf(a)) {
		return b
	}
	return a
}

func patchOf(v string) int {
	p, ok := strings.CutPrefix(v, "0.2.")
	if !ok {
		return -1
	}
	n, err := strconv.Atoi(p)
	if err != nil {
		return -1
	}
	return n
}

// assign gives every stable entry of the newest snapshot its release.
func assign(s *snapshot) (map[string]int, map[string]string, error) {
	since := map[string]int{}
	unstable := map[string]string{}
	for _, k := range s.order {
		e := s.entries[k]
		if e.feature != "" {
			unstable[k] = e.feature
			continue
		}
		later, listed := laterReleases[k]
		switch {
		case e.since != "":
			n := patchOf(e.since)
			if n < 0 || n > s.patch {
				return nil, nil, fmt.Errorf("%s: @since(version = %s) is not a WASI 0.2 release up to 0.2.%d", k, e.since, s.patch)
			}
			if listed && later != e.since {
				return nil, nil, fmt.Errorf("%s: laterReleases says %s, the WIT's gate says %s", k, later, e.since)
			}
			since[k] = n
		case listed:
			n := patchOf(later)
			if n < 0 || n > s.patch {
				return nil, nil, fmt.Errorf("%s: laterReleases says %s, which is not a WASI 0.2 release up to 0.2.%d", k, later, s.patch)
			}
			since[k] = n
		default:
			since[k] = 0
		}
	}
	for k, n := range since {
		if f := s.entries[k].floor; f != "" && patchOf(f) > n {
			since[k] = patchOf(f)
		}
	}
	for k := range laterReleases {
		if _, ok := since[k]; !ok {
			if f, ok := unstable[k]; ok {
				return nil, nil, fmt.Errorf("laterReleases lists %s, which is unstable (feature %s) in WASI 0.2.%d", k, f, s.patch)
			}
			return nil, nil, fmt.Errorf("laterReleases lists %s, which WASI 0.2.%d does not have", k, s.patch)
		}
	}
	// An item cannot be older than its interface, whichever way each got
	// its release.
	for k, n := range since {
		if iface, _, ok := strings.Cut(k, "."); ok && since[iface] > n {
			since[k] = since[iface]
		}
	}
	return since, unstable, nil
}

// check compares the releases assigned from the newest snapshot with an
// older snapshot of the packages it covers. What is missing there came
// later. When the older snapshot keeps its @unstable gates, what is stable
// there is no newer than it and what is unstable there came later; jco's
// 0.2.10 snapshot has every gate stripped, so there an item that is present
// may still have been unstable (exit-with-code was, up to 0.2.11).
func check(old, newest *snapshot, since map[string]int, unstable map[string]string) error {
	gated := false
	for _, e := range old.entries {
		gated = gated || e.feature != ""
	}
	var problems []string
	for _, k := range newest.order {
		pkg, _, _ := strings.Cut(k, "/")
		if !old.packages[pkg] {
			continue
		}
		n, stable := since[k]
		e, present := old.entries[k]
		switch {
		case !present && stable && n <= old.patch:
			problems = append(problems, fmt.Sprintf("%s is missing from 0.2.%d but the table says it came in 0.2.%d (list it in laterReleases)", k, old.patch, n))
		case !gated || !present:
		case e.feature == "" && !stable:
			problems = append(problems, fmt.Sprintf("%s is stable in 0.2.%d but unstable (feature %s) in 0.2.%d", k, old.patch, unstable[k], newest.patch))
		case e.feature == "" && n > old.patch:
			problems = append(problems, fmt.Sprintf("%s is in 0.2.%d but the table says it came in 0.2.%d", k, old.patch, n))
		case e.feature != "" && stable && n <= old.patch:
			problems = append(problems, fmt.Sprintf("%s is unstable in 0.2.%d but the table says it came in 0.2.%d (list it in laterReleases)", k, old.patch, n))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("the 0.2.%d snapshot disagrees:\n  %s", old.patch, strings.Join(problems, "\n  "))
	}
	return nil
}

func render(s *snapshot, since map[string]int, unstable map[string]string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("// Code generated by go run ./internal/gentable; DO NOT EDIT.\n\n")
	b.WriteString("package wasiversion\n\n")
	fmt.Fprintf(&b, "// newestPatch is the release of the newest WASI 0.2 snapshot in the pinned\n// jco package: 0.2.%d.\nconst newestPatch = %d\n\n", s.patch, s.patch)
	var pkgs []string
	for p := range s.packages {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	b.WriteString("// packages are the WASI 0.2 packages the table describes.\nvar packages = []string{\n")
	for _, p := range pkgs {
		fmt.Fprintf(&b, "\t%q,\n", p)
	}
	b.WriteString("}\n\n")
	b.WriteString("// since maps each stable interface (\"wasi:cli/exit\") and each of its types\n// and functions (\"wasi:cli/exit.exit\") to the WASI 0.2 release that\n// introduced it, as its patch number.\nvar since = map[string]uint8{\n")
	for _, k := range sortedKeys(since) {
		fmt.Fprintf(&b, "\t%q: %d,\n", k, since[k])
	}
	b.WriteString("}\n\n")
	b.WriteString("// unstable maps interfaces and items gated by @unstable to their feature.\nvar unstable = map[string]string{\n")
	for _, k := range sortedKeys(unstable) {
		fmt.Fprintf(&b, "\t%q: %q,\n", k, unstable[k])
	}
	b.WriteString("}\n")
	return format.Source(b.Bytes())
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
