package server

import (
	"os/exec"
	"testing"
)

// TestExampleUnitTests runs each example's own unit tests natively (`make
// test`: go test, with the bindings that building the example's component
// generated with the in-repo wasmcp).
func TestExampleUnitTests(t *testing.T) {
	for _, ex := range []struct{ dir, component string }{
		{"tools", "calc"}, {"resources-prompts", "resources-prompts"}, {"conformance", "conformance"},
	} {
		t.Run(ex.dir, func(t *testing.T) {
			cmd := exec.Command("make", "test")
			cmd.Dir, cmd.Env = exampleDir(t, ex.dir, ex.component), makeEnv(t)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("make test: %v\n%s", err, out)
			}
		})
	}
}
