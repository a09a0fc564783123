package wit

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/wasmcp/wasmcp/internal/testutil"
)

// builtinDir is the folder of WIT packages shipped in the pinned jco package.
func builtinDir(t testing.TB) string {
	return filepath.Join(testutil.NodeModules(t), "@bytecodealliance", "jco", "lib", "wit", "builtin")
}

// builtinSets lists the groups of jco's builtin WIT packages that resolve
// together: each versioned WASI folder, and the jco:node package with the
// packages it uses.
func builtinSets(t testing.TB) map[string][]string {
	dir := builtinDir(t)
	sub := func(v string) []string {
		entries, err := os.ReadDir(filepath.Join(dir, v))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range entries {
			if e.IsDir() {
				out = append(out, filepath.Join(dir, v, e.Name()))
			}
		}
		sort.Strings(out)
		return out
	}
	sets := map[string][]string{}
	for _, v := range []string{"0.2.10", "0.2.12", "0.3.0"} {
		sets[v] = sub(v)
	}
	sets["wasi-tls-0.2.0-draft"] = []string{filepath.Join(dir, "wasi-tls-0.2.0-draft", "deps", "io"), filepath.Join(dir, "wasi-tls-0.2.0-draft")}
	sets["jco-node-0.1.0"] = append(sub("0.2.12"), filepath.Join(dir, "wasi-tls-0.2.0-draft"), filepath.Join(dir, "jco-node-0.1.0"))
	return sets
}

// loadGroups parses each folder (its *.wit files, not its deps/) and
// resolves them all into one Resolve in dependency order.
func loadGroups(t testing.TB, dirs []string, opts ResolveOptions) (*Resolve, [][]*File) {
	t.Helper()
	var groups [][]*File
	for _, d := range dirs {
		paths, err := witFiles(d)
		if err != nil {
			t.Fatal(err)
		}
		files, err := parseFilesAt(paths)
		if err != nil {
			t.Fatal(err)
		}
		groups = append(groups, files)
	}
	r := &Resolve{}
	if err := r.addDeps(groups, opts); err != nil {
		t.Fatal(err)
	}
	return r, groups
}

func TestBuiltinPackagesResolve(t *testing.T) {
	for name, dirs := range builtinSets(t) {
		t.Run(name, func(t *testing.T) {
			for _, opts := range []ResolveOptions{{}, {AllFeatures: true}} {
				r, _ := loadGroups(t, dirs, opts)
				if len(r.Packages) == 0 {
					t.Fatalf("resolved %d packages, %d worlds", len(r.Packages), len(r.Worlds))
				}
				t.Logf("%d packages, %d interfaces, %d worlds, %d types", len(r.Packages), len(r.Interfaces), len(r.Worlds), len(r.Types))
			}
		})
	}
}

func mustRead(t testing.TB, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
