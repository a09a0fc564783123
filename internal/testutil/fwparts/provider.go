package fwparts

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/wasmcp/wasmcp/bindgen"
	"github.com/wasmcp/wasmcp/componentize"
	"github.com/wasmcp/wasmcp/internal/testutil"
)

// OldContract is the directory, relative to the repository root, that keeps
// the contract's files as wasmcp:mcp@0.1.0 left them: the example's own
// copy, which users' projects of that release look like. The fixtures
// below are components of that release, so that every test composing them
// also checks that 0.1.0 components still compose.
var OldContract = filepath.Join("examples", "tools", "wit")

// ToolsProvider returns a component file of compose/server/testdata/toolsprovider
// built with stock Go and componentized for wasmcp:mcp/tools-provider@0.1.0
// (its committed bindings are of that release), with tool as the name of
// its one tool (it answers "TOOL: TEXT" and logs through notify). Each name
// is built once per test process.
func ToolsProvider(t testing.TB, tool string) string {
	t.Helper()
	return provider(t, tool, "./compose/server/testdata/toolsprovider", "-X=main.tool="+tool, "tools-provider", func(root, _ string) (string, error) {
		return filepath.Join(root, OldContract), nil
	}, nil)
}

// CurrentToolsProvider is ToolsProvider of the current contract
// (wit/mcp): the same source, built with bindings that bindgen generates
// from the embedded contract in place of the committed ones (go build
// -overlay), so it imports and exports the current release's names.
func CurrentToolsProvider(t testing.TB, tool string) string {
	t.Helper()
	const pkg = "./compose/server/testdata/toolsprovider"
	contract := func(root string) string { return filepath.Join(root, "wit", "mcp") }
	return provider(t, tool+"@current", pkg, "-X=main.tool="+tool, "tools-provider", func(root, _ string) (string, error) {
		return contract(root), nil
	}, func(root, tmp string) (string, error) {
		res, w, err := bindgen.Load(contract(root), "tools-provider")
		if err != nil {
			return "", err
		}
		files, err := bindgen.Generate(res, w, bindgen.Options{})
		if err != nil {
			return "", err
		}
		dir := filepath.Join(tmp, "current-bindings")
		if err := bindgen.WriteFiles(dir, files); err != nil {
			return "", err
		}
		replace := map[string]string{}
		for _, f := range files {
			replace[filepath.Join(root, pkg, "bindings", f.Name)] = filepath.Join(dir, f.Name)
		}
		b, err := json.Marshal(map[string]any{"Replace": replace})
		if err != nil {
			return "", err
		}
		overlay := filepath.Join(tmp, "current-bindings.json")
		return overlay, os.WriteFile(overlay, b, 0o644)
	})
}

// DocsProvider returns a component file of compose/server/testdata/docsprovider:
// one component exporting both wasmcp:mcp/resources (resource
// docs://counter) and wasmcp:mcp/prompts (prompt "counter"), which share a
// counter of calls. Like ToolsProvider, it is a component of 0.1.0.
func DocsProvider(t testing.TB) string {
	t.Helper()
	return provider(t, "docs", "./compose/server/testdata/docsprovider", "", "docs-provider", func(root, tmp string) (string, error) {
		wit := filepath.Join(tmp, "docs-wit")
		if err := os.MkdirAll(filepath.Join(wit, "deps", "mcp"), 0o755); err != nil {
			return "", err
		}
		files, err := filepath.Glob(filepath.Join(root, OldContract, "*.wit"))
		if err != nil {
			return "", err
		}
		files = append(files, filepath.Join(root, "compose", "server", "testdata", "docsprovider", "wit", "world.wit"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return "", err
			}
			to := filepath.Join(wit, "deps", "mcp", filepath.Base(f))
			if filepath.Base(f) == "world.wit" {
				to = filepath.Join(wit, "world.wit")
			}
			if err := os.WriteFile(to, b, 0o644); err != nil {
				return "", err
			}
		}
		return wit, nil
	}, nil)
}

// provider builds pkg and componentizes it for world of the WIT that
// witDir gives; overlay, when not nil, writes a go build -overlay file.
func provider(t testing.TB, name, pkg, ldflags, world string, witDir, overlay func(root, tmp string) (string, error)) string {
	t.Helper()
	key := "provider:" + name
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
	tmp := dir
	mu.Unlock()
	root := testutil.RepoRoot(t)
	nm := testutil.NodeModules(t)
	node := testutil.Node(t)
	r.once.Do(func() {
		core := filepath.Join(tmp, name+".core.wasm")
		args := []string{"build", "-buildmode=c-shared"}
		if ldflags != "" {
			args = append(args, "-ldflags="+ldflags)
		}
		if overlay != nil {
			o, err := overlay(root, tmp)
			if err != nil {
				r.err = err
				return
			}
			args = append(args, "-overlay="+o)
		}
		build := exec.Command("go", append(args, "-o", core, pkg)...)
		build.Dir = root
		build.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm", "CGO_ENABLED=0")
		if out, err := build.CombinedOutput(); err != nil {
			r.err = &buildError{err, out}
			return
		}
		wit, err := witDir(root, tmp)
		if err != nil {
			r.err = err
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		comp, err := componentize.Componentize(ctx, componentize.Options{
			Core: core, WitDir: wit, World: world, NodeModules: nm, Node: node,
		})
		if err != nil {
			r.err = err
			return
		}
		r.path = filepath.Join(tmp, name+".wasm")
		r.err = os.WriteFile(r.path, comp, 0o644)
	})
	if r.err != nil {
		t.Fatalf("provider %s: %v", name, r.err)
	}
	return r.path
}

type buildError struct {
	err error
	out []byte
}

func (e *buildError) Error() string { return "go build: " + e.err.Error() + "\n" + string(e.out) }
