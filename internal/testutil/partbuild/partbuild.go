// Package partbuild builds framework parts for their tests: it assembles a
// part's WIT directory (its world, the MCP contract, jco's WASI packages),
// builds the Go package with stock Go and componentizes it. It is apart from
// package testutil because it imports componentize, whose tests import
// testutil.
package partbuild

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"

	"github.com/wasmcp/wasmcp/componentize"
)

// WASIVersion is the version of the WASI 0.2 WIT packages, from the pinned
// jco package, that framework parts are built against.
const WASIVersion = "0.2.12"

// repoRoot is RepoRoot without a testing.TB, for use from sync.Once.
func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(filepath.Dir(filepath.Dir(filepath.Dir(file))))
}

// AssembleWIT writes into dst the WIT directory of a framework part whose
// own world files are in witDir: those files as the main package, and under
// deps/ the MCP contract (wit/mcp) and jco's WASI packages. Nothing of it is
// committed: the WASI packages come from node_modules.
func AssembleWIT(witDir, dst string) error {
	root := repoRoot()
	copyGlob := func(pattern, to string) error {
		files, err := filepath.Glob(pattern)
		if err != nil || len(files) == 0 {
			return fmt.Errorf("partbuild: no WIT files match %s", pattern)
		}
		if err := os.MkdirAll(to, 0o755); err != nil {
			return err
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(to, filepath.Base(f)), b, 0o644); err != nil {
				return err
			}
		}
		return nil
	}
	if err := copyGlob(filepath.Join(witDir, "*.wit"), dst); err != nil {
		return err
	}
	if err := copyGlob(filepath.Join(root, "wit", "mcp", "*.wit"), filepath.Join(dst, "deps", "mcp")); err != nil {
		return err
	}
	builtin := filepath.Join(root, "node_modules", "@bytecodealliance", "jco", "lib", "wit", "builtin", WASIVersion)
	pkgs, err := os.ReadDir(builtin)
	if err != nil {
		return fmt.Errorf("partbuild: WASI WIT packages: %w (run `npm ci`)", err)
	}
	for _, p := range pkgs {
		if p.IsDir() {
			if err := copyGlob(filepath.Join(builtin, p.Name(), "*.wit"), filepath.Join(dst, "deps", p.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// BuildGoComponent builds the Go main package in pkgDir with stock Go for
// wasip1 (-buildmode=c-shared), componentizes it with world of the WIT
// directory witDir, and writes the component to out.
func BuildGoComponent(ctx context.Context, pkgDir, witDir, world, out string) error {
	core := out + ".core.wasm"
	build := exec.CommandContext(ctx, "go", "build", "-buildmode=c-shared", "-o", core, ".")
	build.Dir = pkgDir
	build.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm")
	if b, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %v\n%s", pkgDir, err, b)
	}
	defer os.Remove(core)
	comp, err := componentize.Componentize(ctx, componentize.Options{
		Core: core, WitDir: witDir, World: world, NodeModules: filepath.Join(repoRoot(), "node_modules"),
	})
	if err != nil {
		return err
	}
	return componentize.WriteFile(out, comp)
}

// MCPPeerModules returns the absolute paths of the JavaScript test peers a
// transport is run with on its own: handler.mjs (wasmcp:mcp/handler) and
// channels.mjs (wasmcp:mcp/channels), for jco's --map.
func MCPPeerModules() (handler, channels string) {
	dir := filepath.Join(repoRoot(), "internal", "testutil", "mcppeer")
	return filepath.Join(dir, "handler.mjs"), filepath.Join(dir, "channels.mjs")
}
