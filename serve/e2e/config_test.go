package e2e

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/wasmcp/wasmcp/internal/testutil"
	"github.com/wasmcp/wasmcp/serve/config"
)

// The example configuration folder loads without errors or warnings (an
// unknown field would be a warning), and every plugin it names is an example
// plugin built to <name>/<name>.wasm.
func TestExampleConfig(t *testing.T) {
	base := filepath.Join(testutil.RepoRoot(t), "examples", "plugins")
	read := func(rel string) []byte {
		b, err := os.ReadFile(filepath.Join(base, rel))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	plugins, res, err := config.ParsePlugins("plugins.yml", read("plugins/plugins.yml"))
	if err != nil || len(res.Warnings) > 0 {
		t.Fatalf("plugins.yml: %v %v", err, res.Warnings)
	}
	examples := map[string]bool{}
	for _, name := range testutil.ExamplePlugins(t) {
		examples[name] = true
	}
	for _, p := range plugins.Plugins {
		if !examples[p.Name] || p.Path != p.Name+"/"+p.Name+".wasm" {
			t.Errorf("plugin %s at %s is not an example plugin built by build.sh", p.Name, p.Path)
		}
		delete(examples, p.Name)
	}
	for name := range examples {
		t.Errorf("example plugin %s is missing from plugins.yml", name)
	}
	if _, res, err := config.ParseResources("resources.yml", read("resources/resources.yml")); err != nil || len(res.Warnings) > 0 {
		t.Errorf("resources.yml: %v %v", err, res.Warnings)
	}
	if _, res, err := config.ParsePrompts("prompts.yml", read("prompts/prompts.yml")); err != nil || len(res.Warnings) > 0 {
		t.Errorf("prompts.yml: %v %v", err, res.Warnings)
	}
}
