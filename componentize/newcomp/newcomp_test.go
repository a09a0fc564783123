package newcomp_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wasmcp/wasmcp/component"
	"github.com/wasmcp/wasmcp/componentize"
	"github.com/wasmcp/wasmcp/framework/build/pipeline"
	"github.com/wasmcp/wasmcp/internal/testutil"
)

// TestAgainstJco builds framework parts (stock-Go components with imports,
// exports, WASI interfaces and resources) with both `component new`
// implementations and checks that ours validates under jco and wasmtime and
// prints the same WIT. NEWCOMP_PARTS=all builds every part; the default is
// a few that cover the shapes.
func TestAgainstJco(t *testing.T) {
	if testing.Short() {
		t.Skip("builds Go components")
	}
	root := testutil.RepoRoot(t)
	nm := testutil.NodeModules(t)
	parts, err := pipeline.LoadParts(root)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"http-transport": true, "tools-middleware": true, "chain-end": true}
	cfg := pipeline.Config{Root: root, NodeModules: nm}
	dir := t.TempDir()
	if d := os.Getenv("NEWCOMP_KEEP"); d != "" {
		dir = d
	}
	for _, p := range parts {
		if sel := os.Getenv("NEWCOMP_PARTS"); sel != "all" && !want[p.Name] && !strings.Contains(","+sel+",", ","+p.Name+",") {
			continue
		}
		t.Run(p.Name, func(t *testing.T) {
			witDir, cleanup, err := cfg.PrepareWIT(p)
			if err != nil {
				t.Fatal(err)
			}
			defer cleanup()
			_, world, err := pipeline.Bindings(p, witDir)
			if err != nil {
				t.Fatal(err)
			}
			core, err := cfg.BuildCore(context.Background(), p)
			if err != nil {
				t.Fatal(err)
			}
			build := func(impl string) ([]byte, time.Duration) {
				start := time.Now()
				comp, err := componentize.Componentize(context.Background(), componentize.Options{
					Core: p.Name + ".core.wasm", CoreBytes: core, WitDir: witDir, World: world, NodeModules: nm, ComponentNew: impl,
				})
				if err != nil {
					t.Fatalf("%s: %v", impl, err)
				}
				return comp, time.Since(start)
			}
			ours, tGo := build("go")
			theirs, tJco := build("jco")
			t.Logf("%s: go %d bytes in %v, jco %d bytes in %v", p.Name, len(ours), tGo.Round(time.Millisecond), len(theirs), tJco.Round(time.Millisecond))
			f := filepath.Join(dir, p.Name+".wasm")
			if err := os.WriteFile(f, ours, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, p.Name+".jco.wasm"), theirs, 0o644); err != nil {
				t.Fatal(err)
			}
			// jco wit decodes, and so validates, the component.
			testutil.RunJco(t, dir, "wit", f)
			if os.Getenv("NEWCOMP_KEEP") != "" {
				t.Logf("kept in %s", dir)
			}
			// wasmtime instantiates ours whenever it instantiates jco's
			// (a part whose imports the test host cannot stub fails both).
			if errJco := testutil.WasmtimeCheckErr(t, filepath.Join(dir, p.Name+".jco.wasm")); errJco == nil {
				testutil.WasmtimeCheck(t, f)
			} else if testutil.WasmtimeCheckErr(t, f) == nil {
				t.Logf("wasmtime refuses jco's output but not ours: %v", errJco)
			} else {
				t.Logf("wasmtime refuses both outputs (jco's: %.200v)", errJco)
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
				t.Errorf("wasmcp wit differs:\n--- go\n%s\n--- jco\n%s", wa, wb)
			}
		})
	}
}

func TestRefusesComponent(t *testing.T) {
	_, err := newcompNew(append([]byte{0, 'a', 's', 'm', 0x0d, 0, 1, 0}, 0))
	if err == nil || !strings.Contains(err.Error(), "offset 0x0") {
		t.Fatalf("got %v", err)
	}
}

var _ = bytes.Equal
