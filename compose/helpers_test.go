package compose

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/wasmcp/wasmcp/componentize"
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
	testutil.WasmtimeCheck(t, filepath.Join(dir, "composed.wasm"))
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

var (
	goOnce  sync.Once
	goWasm  []byte
	goError error
)

// goGuest builds testdata/goguest with stock Go and componentizes it with
// the preview1 reactor adapter, once per test binary.
func goGuest(t testing.TB) []byte {
	t.Helper()
	nm := testutil.NodeModules(t)
	goOnce.Do(func() {
		dir, err := os.MkdirTemp("", "wasmcp-compose-go-")
		if err != nil {
			goError = err
			return
		}
		defer os.RemoveAll(dir)
		core := filepath.Join(dir, "core.wasm")
		build := exec.Command("go", "build", "-buildmode=c-shared", "-o", core, ".")
		build.Dir = filepath.Join("testdata", "goguest")
		build.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm", "GOWORK=off", "CGO_ENABLED=0")
		if out, err := build.CombinedOutput(); err != nil {
			goError = fmt.Errorf("go build: %v\n%s", err, out)
			return
		}
		goWasm, goError = componentize.Componentize(context.Background(), componentize.Options{
			Core:        core,
			WitDir:      filepath.Join("testdata", "goguest", "wit"),
			World:       "guest",
			NodeModules: nm,
		})
	})
	if goError != nil {
		t.Fatalf("building the Go guest: %v", goError)
	}
	return goWasm
}
