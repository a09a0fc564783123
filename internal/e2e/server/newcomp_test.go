package server

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/wasmcp/wasmcp/component"
	"github.com/wasmcp/wasmcp/component/wasiversion"
	"github.com/wasmcp/wasmcp/componentize"
	"github.com/wasmcp/wasmcp/internal/testutil"
)

var worldLine = regexp.MustCompile(`(?m)^WORLD\s*:=\s*(\S+)`)

// TestExamplesSameWITAsJco: each example's component, made by make with
// wasmcp's Go component new, has the world jco's component new gives the
// same core module.
func TestExamplesSameWITAsJco(t *testing.T) {
	t.Parallel()
	for _, ex := range [][2]string{{"tools", "calc"}, {"resources-prompts", "resources-prompts"}, {"conformance", "conformance"}} {
		wasm := example(t, ex[0], ex[1])
		dir := filepath.Dir(wasm)
		mk, err := os.ReadFile(filepath.Join(dir, "Makefile"))
		if err != nil {
			t.Fatal(err)
		}
		m := worldLine.FindSubmatch(mk)
		if m == nil {
			t.Fatalf("%s/Makefile names no WORLD", ex[0])
		}
		ours, err := os.ReadFile(wasm)
		if err != nil {
			t.Fatal(err)
		}
		theirs, err := componentize.Componentize(context.Background(), componentize.Options{
			Core: filepath.Join(dir, "core.wasm"), WitDir: filepath.Join(dir, "wit"), World: string(m[1]),
			NodeModules: testutil.NodeModules(t), ComponentNew: "jco",
			WASI: &wasiversion.Target{Lowest: true}, // as make's wasmcp componentize writes it
		})
		if err != nil {
			t.Fatalf("%s: %v", ex[0], err)
		}
		a, err := component.Inspect(ours)
		if err != nil {
			t.Fatal(err)
		}
		b, err := component.Inspect(theirs)
		if err != nil {
			t.Fatal(err)
		}
		if wa, wb := component.WIT(a), component.WIT(b); wa != wb {
			t.Errorf("%s: wasmcp wit of the Go component new differs from jco's:\n--- go\n%s\n--- jco\n%s", ex[0], wa, wb)
		}
	}
}
