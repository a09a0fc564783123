package wit

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// ParseFiles parses several WIT files and resolves them as one group (a main
// package plus nested packages) into a new Resolve.
func ParseFiles(opts ResolveOptions, files map[string][]byte) (*Resolve, *Package, error) {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var parsed []*File
	var errs ErrorList
	for _, n := range names {
		f, err := ParseFile(n, files[n])
		if err != nil {
			errs = append(errs, asErrorList(err)...)
			continue
		}
		parsed = append(parsed, f)
	}
	if err := errs.Err(); err != nil {
		return nil, nil, err
	}
	r := &Resolve{}
	pkg, err := r.AddFiles(parsed, opts)
	if err != nil {
		return nil, nil, err
	}
	return r, pkg, nil
}

// ParseSource parses and resolves a single WIT source text.
func ParseSource(filename, src string) (*Resolve, *Package, error) {
	return ParseFiles(ResolveOptions{}, map[string][]byte{filename: []byte(src)})
}

func asErrorList(err error) ErrorList {
	if l, ok := err.(ErrorList); ok {
		return l
	}
	return ErrorList{{Msg: err.Error()}}
}

// LoadDir reads a WIT package directory the way wasm-tools does: DIR/*.wit
// is the main package; DIR/deps/<name>/*.wit (each folder may itself have a
// deps/ folder) and DIR/deps/<name>.wit are its dependencies. A path to a
// single .wit file loads that file alone (with its nested packages).
func LoadDir(path string, opts ResolveOptions) (*Resolve, *Package, error) {
	r := &Resolve{}
	st, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	if !st.IsDir() {
		files, err := parseFilesAt([]string{path})
		if err != nil {
			return nil, nil, err
		}
		pkg, err := r.AddFiles(files, opts)
		return r, pkg, err
	}
	pkg, err := r.loadDir(path, opts, 0)
	if err != nil {
		return nil, nil, err
	}
	return r, pkg, nil
}

func (r *Resolve) loadDir(dir string, opts ResolveOptions, depth int) (*Package, error) {
	var groups [][]*File
	if err := collectDepGroups(dir, depth, &groups); err != nil {
		return nil, err
	}
	// Dependencies may refer to each other in any direction (siblings, or a
	// nested dependency to a sibling of its parent): resolve them in an
	// order that puts a package after the packages it references.
	if err := r.addDeps(groups, opts); err != nil {
		return nil, err
	}
	paths, err := witFiles(dir)
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("wit: no .wit files in %s", dir)
	}
	files, err := parseFilesAt(paths)
	if err != nil {
		return nil, err
	}
	return r.AddFiles(files, opts)
}

// collectDepGroups parses DIR/deps/* (recursively through their own deps/
// folders) into one group of files per dependency package.
func collectDepGroups(dir string, depth int, groups *[][]*File) error {
	if depth > 32 {
		return fmt.Errorf("wit: %s: deps/ nested more than 32 deep", dir)
	}
	depsDir := filepath.Join(dir, "deps")
	entries, err := os.ReadDir(depsDir)
	if err != nil {
		if os.IsNotExist(err) {
			return nil
		}
		return err
	}
	for _, e := range entries {
		p := filepath.Join(depsDir, e.Name())
		var paths []string
		switch {
		case e.IsDir():
			if err := collectDepGroups(p, depth+1, groups); err != nil {
				return err
			}
			if paths, err = witFiles(p); err != nil {
				return err
			}
		case strings.HasSuffix(e.Name(), ".wit"):
			paths = []string{p}
		}
		if len(paths) == 0 {
			continue
		}
		files, err := parseFilesAt(paths)
		if err != nil {
			return err
		}
		*groups = append(*groups, files)
	}
	return nil
}

// addDeps resolves dependency groups in an order where each group comes
// after the groups it references.
func (r *Resolve) addDeps(groups [][]*File, opts ResolveOptions) error {
	provides := map[string]int{}
	for i, g := range groups {
		for _, f := range g {
			if f.Package != nil {
				provides[f.Package.Name.String()] = i
			}
			for _, n := range f.Nested {
				provides[n.Name.String()] = i
			}
		}
	}
	state := make([]int, len(groups))
	var visit func(i int) error
	visit = func(i int) error {
		if state[i] == 2 {
			return nil
		}
		if state[i] == 1 {
			return nil // the cycle is reported while resolving
		}
		state[i] = 1
		u := &unit{deps: map[string]Pos{}}
		for _, f := range groups[i] {
			if f.Package != nil {
				u.decls = append(u.decls, f.Package.Items...)
			}
			u.decls = append(u.decls, f.Items...)
			for _, n := range f.Nested {
				u.decls = append(u.decls, n.Items...)
			}
		}
		collectDeps(u)
		keys := make([]string, 0, len(u.deps))
		for k := range u.deps {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if j, ok := provides[k]; ok && j != i {
				if err := visit(j); err != nil {
					return err
				}
			}
		}
		state[i] = 2
		_, err := r.AddFiles(groups[i], opts)
		return err
	}
	for i := range groups {
		if err := visit(i); err != nil {
			return err
		}
	}
	return nil
}

func witFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".wit") {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	return out, nil
}

func parseFilesAt(paths []string) ([]*File, error) {
	var files []*File
	var errs ErrorList
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		f, err := ParseFile(p, src)
		if err != nil {
			errs = append(errs, asErrorList(err)...)
			continue
		}
		files = append(files, f)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return files, nil
}
