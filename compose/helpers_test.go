package compose

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/internal/testutil"
)

// fixture reads compose/testdata/NAME.wasm.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name+".wasm"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// transpile writes wasm to a temporary directory and runs `jco transpile`
// on it (which validates it), returning the directory; the generated ES
// module is out/composed.js, importable from node scripts run there.
func transpile(t testing.TB, wasm []byte) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "composed.wasm"), wasm, 0o644); err != nil {
		t.Fatal(err)
	}
	testutil.RunJco(t, dir, "transpile", "composed.wasm", "-o", "out")
	if err := os.WriteFile(filepath.Join(dir, "out", "package.json"), []byte(`{"type":"module"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(testutil.NodeModules(t), filepath.Join(dir, "node_modules")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// runNode runs an ES module script in dir and returns its stdout, trimmed.
func runNode(t testing.TB, dir, script string) string {
	t.Helper()
	cmd := exec.Command(testutil.Node(t), "--input-type=module", "-e", script)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("node: %v\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	return strings.TrimSpace(stdout.String())
}
