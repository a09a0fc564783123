package bindgen

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/internal/testutil"
	"github.com/wasmcp/wasmcp/wit"
)

// TestGeneratedCodeCompiles builds the bindings of every testdata world and
// of every world of the MCP contract (wit/mcp) for
// GOOS=wasip1 GOARCH=wasm and (the portable half) natively, through a build
// overlay so that nothing is written into the repository.
func TestGeneratedCodeCompiles(t *testing.T) {
	root := testutil.RepoRoot(t)
	paths, _ := filepath.Glob("testdata/*.wit")
	tmp := t.TempDir()
	overlay := map[string]string{}
	var pkgs []string
	type job struct {
		name  string
		files []File
	}
	var jobs []job
	for _, path := range paths {
		jobs = append(jobs, job{strings.TrimSuffix(filepath.Base(path), ".wit"), generateFile(t, path)})
	}
	// Every world of the project's MCP contract.
	res, pkg, err := wit.LoadDir(filepath.Join(root, "wit", "mcp"), wit.ResolveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range pkg.Worlds {
		files, err := Generate(res, w, Options{Package: "mcp"})
		if err != nil {
			t.Fatalf("world %s: %v", w.Name, err)
		}
		jobs = append(jobs, job{"mcp_" + strings.ReplaceAll(w.Name, "-", "_"), files})
	}
	for _, j := range jobs {
		name := j.name
		for _, f := range j.files {
			src := filepath.Join(tmp, name+"_"+f.Name)
			if err := os.WriteFile(src, f.Content, 0o644); err != nil {
				t.Fatal(err)
			}
			overlay[filepath.Join(root, "bindgen", "testdata", "compiled", name, f.Name)] = src
		}
		pkgs = append(pkgs, "./bindgen/testdata/compiled/"+name)
	}
	// The interface layout: each testdata world with packages of its own,
	// and every world of the MCP contract sharing one tree.
	const module = "github.com/wasmcp/wasmcp/"
	add := func(files []File, worldDir string) {
		for _, f := range files {
			dir := worldDir
			if f.Package != "" {
				dir = strings.TrimPrefix(f.Package, module)
			}
			dst := filepath.Join(root, filepath.FromSlash(dir), f.Name)
			src := filepath.Join(tmp, strings.NewReplacer("/", "_", ".", "_").Replace(dir)+"_"+f.Name)
			if err := os.WriteFile(src, f.Content, 0o644); err != nil {
				t.Fatal(err)
			}
			overlay[dst] = src
			if pkg := "./" + dir; !slices.Contains(pkgs, pkg) {
				pkgs = append(pkgs, pkg)
			}
		}
	}
	for _, path := range paths {
		dir := "bindgen/testdata/compiled/iface_" + strings.TrimSuffix(filepath.Base(path), ".wit")
		add(generateFileWith(t, path, ifaceOptions(module+dir)), dir+"/world")
	}
	for _, w := range pkg.Worlds {
		dir := "bindgen/testdata/compiled/iface_mcp/" + w.Name
		files, err := Generate(res, w, Options{Package: "bindings", ImportPath: module + dir, InterfaceRoot: module + "bindgen/testdata/compiled/iface_mcp"})
		if err != nil {
			t.Fatalf("world %s: %v", w.Name, err)
		}
		add(files, dir)
	}
	ov, _ := json.Marshal(map[string]any{"Replace": overlay})
	ovPath := filepath.Join(tmp, "overlay.json")
	if err := os.WriteFile(ovPath, ov, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, env := range [][]string{{"GOOS=wasip1", "GOARCH=wasm"}, nil} {
		cmd := exec.Command("go", append([]string{"build", "-overlay", ovPath}, pkgs...)...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), env...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build %v: %v\n%s", env, err, out)
		}
	}
}
