package bindgen

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/wasmcp/wasmcp/wit"
)

// Load resolves the WIT at path (a directory with an optional deps/ folder,
// or one .wit file) and selects a world: "" picks the only world of the main
// package, "name" a world of the main package, "ns:pkg/name[@v]" any world.
func Load(path, world string) (*wit.Resolve, *wit.World, error) {
	res, pkg, err := wit.LoadDir(path, wit.ResolveOptions{})
	if err != nil {
		return nil, nil, err
	}
	if world == "" && pkg != nil {
		switch len(pkg.Worlds) {
		case 1:
			return res, pkg.Worlds[0], nil
		case 0:
			return nil, nil, fmt.Errorf("%s: package %s has no world", path, pkg.Name)
		default:
			var names []string
			for _, w := range pkg.Worlds {
				names = append(names, w.Name)
			}
			return nil, nil, fmt.Errorf("%s: package %s has %d worlds (%s): choose one with --world", path, pkg.Name, len(names), strings.Join(names, ", "))
		}
	}
	w, err := res.SelectWorld(world)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return res, w, nil
}

// PackageName derives a Go package name from an output directory.
func PackageName(dir string) string {
	base := filepath.Base(filepath.Clean(dir))
	var b strings.Builder
	for _, r := range strings.ToLower(base) {
		if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	s := b.String()
	if s == "" || !unicode.IsLetter(rune(s[0])) {
		s = "bindings"
	}
	return s
}

// WriteFiles writes files into dir (created if needed), each atomically (a
// temporary file in dir, then a rename).
func WriteFiles(dir string, files []File) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, f := range files {
		tmp, err := os.CreateTemp(dir, "."+f.Name+".tmp-")
		if err != nil {
			return err
		}
		_, werr := tmp.Write(f.Content)
		cerr := tmp.Close()
		if werr == nil {
			werr = cerr
		}
		if werr == nil {
			werr = os.Chmod(tmp.Name(), 0o644)
		}
		if werr == nil {
			werr = os.Rename(tmp.Name(), filepath.Join(dir, f.Name))
		}
		if werr != nil {
			os.Remove(tmp.Name())
			return werr
		}
	}
	return nil
}

// WritePackages writes the files of the interface layout: those of the
// world's package into dir, whose import path is importPath, and those of
// each interface package into the directory its import path names below
// dir. It refuses a file whose package is not below importPath.
func WritePackages(dir, importPath string, files []File) error {
	dir = filepath.Clean(dir)
	byDir := map[string][]File{}
	var dirs []string
	for _, f := range files {
		d := dir
		if f.Package != "" {
			rel, ok := strings.CutPrefix(f.Package, importPath+"/")
			if !ok {
				return fmt.Errorf("bindgen: package %s is not below %s, the import path of %s", f.Package, importPath, dir)
			}
			d = filepath.Join(dir, filepath.FromSlash(rel))
		}
		if _, ok := byDir[d]; !ok {
			dirs = append(dirs, d)
		}
		byDir[d] = append(byDir[d], f)
	}
	for _, d := range dirs {
		if err := WriteFiles(d, byDir[d]); err != nil {
			return err
		}
	}
	return pruneInterfacePackages(dir, byDir)
}

// pruneInterfacePackages removes, below dir (a clean path), the files of interface
// packages an earlier run wrote and this one did not (an interface the WIT
// no longer uses, a version left behind): the files bindgen generated for
// an interface, recognised by their first two lines, in a directory this
// run did not write. Any other file stays, and so does its directory.
func pruneInterfacePackages(dir string, written map[string][]File) error {
	var stale []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			// Another world's bindings nested below dir keep theirs.
			if path != dir && generatedFor(filepath.Join(path, "bindings.go"), "World") {
				return filepath.SkipDir
			}
			return nil
		}
		if filepath.Dir(path) == dir || !strings.HasSuffix(d.Name(), ".go") {
			return nil
		}
		if _, ok := written[filepath.Dir(path)]; ok {
			return nil
		}
		if generatedFor(path, "Interface") {
			stale = append(stale, path)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, path := range stale {
		if err := os.Remove(path); err != nil {
			return err
		}
		// Remove the directories left empty, up to dir.
		for d := filepath.Dir(path); strings.HasPrefix(d, dir+string(filepath.Separator)); d = filepath.Dir(d) {
			if os.Remove(d) != nil {
				break
			}
		}
	}
	return nil
}

// ImportPathOf returns the Go import path of directory dir, from the
// module path in the nearest go.mod at or above it. dir need not exist.
func ImportPathOf(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		raw, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil {
			mod := modulePath(raw)
			if mod == "" {
				return "", fmt.Errorf("%s: no module line", filepath.Join(d, "go.mod"))
			}
			rel, err := filepath.Rel(d, abs)
			if err != nil {
				return "", err
			}
			if rel == "." {
				return mod, nil
			}
			return mod + "/" + filepath.ToSlash(rel), nil
		}
		if !os.IsNotExist(err) {
			return "", err
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("%s is in no Go module (no go.mod at or above it): give the import path with --import-path", dir)
		}
	}
}

// modulePath returns the path of the module line of a go.mod file.
func modulePath(gomod []byte) string {
	for _, l := range strings.Split(string(gomod), "\n") {
		f := strings.Fields(l)
		if len(f) >= 2 && f[0] == "module" {
			return strings.Trim(f[1], `"`)
		}
	}
	return ""
}

// generatedFor reports whether the file at path is bindgen's output for a
// world or an interface (kind), by its first two lines.
func generatedFor(path, kind string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, len(generatedHeader)+len(kind)+6)
	n, _ := io.ReadFull(f, head)
	return string(head[:n]) == generatedHeader+"\n// "+kind+": "
}
