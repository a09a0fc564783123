package bindgen

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
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
