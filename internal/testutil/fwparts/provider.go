package fwparts

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/wasmcp/wasmcp/componentize"
	"github.com/wasmcp/wasmcp/internal/testutil"
)

// ToolsProvider returns a component file of compose/server/testdata/toolsprovider
// built with stock Go and componentized for wasmcp:mcp/tools-provider, with
// tool as the name of its one tool (it answers "TOOL: TEXT" and logs
// through notify). Each name is built once per test process.
func ToolsProvider(t testing.TB, tool string) string {
	t.Helper()
	key := "toolsprovider:" + tool
	mu.Lock()
	if dir == "" {
		d, err := os.MkdirTemp("", "wasmcp-fwparts-")
		if err != nil {
			mu.Unlock()
			t.Fatal(err)
		}
		dir = d
	}
	r, ok := built[key]
	if !ok {
		r = &result{}
		built[key] = r
	}
	mu.Unlock()
	root := testutil.RepoRoot(t)
	nm := testutil.NodeModules(t)
	node := testutil.Node(t)
	r.once.Do(func() {
		core := filepath.Join(dir, tool+".core.wasm")
		build := exec.Command("go", "build", "-buildmode=c-shared", "-ldflags=-X=main.tool="+tool, "-o", core, "./compose/server/testdata/toolsprovider")
		build.Dir = root
		build.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm", "CGO_ENABLED=0")
		if out, err := build.CombinedOutput(); err != nil {
			r.err = &buildError{err, out}
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		comp, err := componentize.Componentize(ctx, componentize.Options{
			Core: core, WitDir: filepath.Join(root, "wit", "mcp"), World: "tools-provider", NodeModules: nm, Node: node,
		})
		if err != nil {
			r.err = err
			return
		}
		r.path = filepath.Join(dir, tool+".wasm")
		r.err = os.WriteFile(r.path, comp, 0o644)
	})
	if r.err != nil {
		t.Fatalf("tools provider %s: %v", tool, r.err)
	}
	return r.path
}

type buildError struct {
	err error
	out []byte
}

func (e *buildError) Error() string { return "go build: " + e.err.Error() + "\n" + string(e.out) }
