package server

import (
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/wasmcp/wasmcp/internal/testutil"
)

// TestExampleUnitTests runs each example's own unit tests natively (`make
// test`: bindings from the in-repo wasmcp, then go test), after building the
// example's component, so the Go template's whole path is exercised.
func TestExampleUnitTests(t *testing.T) {
	for _, ex := range []struct{ dir, component string }{
		{"tools", "calc"}, {"resources-prompts", "resources-prompts"}, {"conformance", "conformance"},
	} {
		t.Run(ex.dir, func(t *testing.T) {
			example(t, ex.dir, ex.component)
			cmd := exec.Command("make", "test")
			cmd.Dir, cmd.Env = filepath.Join(testutil.RepoRoot(t), "examples", ex.dir), makeEnv(t)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("make test: %v\n%s", err, out)
			}
		})
	}
}
