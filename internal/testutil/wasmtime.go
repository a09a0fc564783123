package testutil

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
)

// The wasmtime module whose C library and headers the host links.
const wasmtimeModule = "github.com/bytecodealliance/wasmtime-go/v39"

var (
	hostOnce sync.Once
	hostPath string
	hostErr  error
)

// WasmtimeHost returns the path of the wasmtime test host
// (internal/wasmtimehost/cmd/wasmtime-host), building it the first time. The
// binary is cached in the temporary directory under a hash of its sources,
// so the test binaries of one `go test ./...` link it once.
func WasmtimeHost(t testing.TB) string {
	t.Helper()
	root := RepoRoot(t)
	hostOnce.Do(func() { hostPath, hostErr = buildWasmtimeHost(root) })
	if hostErr != nil {
		t.Fatalf("testutil: building the wasmtime host: %v", hostErr)
	}
	return hostPath
}

func buildWasmtimeHost(root string) (string, error) {
	h := sha256.New()
	fmt.Fprintln(h, runtime.Version())
	var files []string
	for _, pattern := range []string{"internal/wasmtimehost/*", "internal/wasmtimehost/cmd/wasmtime-host/*", "go.sum"} {
		m, _ := filepath.Glob(filepath.Join(root, pattern))
		files = append(files, m...)
	}
	sort.Strings(files)
	for _, f := range files {
		if st, err := os.Stat(f); err != nil || st.IsDir() {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s %d\n", filepath.Base(f), len(b))
		h.Write(b)
	}
	bin := filepath.Join(os.TempDir(), "wasmcp-wasmtime-host-"+hex.EncodeToString(h.Sum(nil))[:16])
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	// go mod download, not go list -m: on a machine whose module cache
	// does not hold the module yet, go list -m gives no directory, and the
	// C headers are then not found.
	cmd := exec.Command("go", "mod", "download", "-json", wasmtimeModule)
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go mod download %s: %v\n%s", wasmtimeModule, err, out)
	}
	var mod struct{ Dir, Error string }
	if err := json.Unmarshal(out, &mod); err != nil || mod.Dir == "" {
		return "", fmt.Errorf("go mod download %s: no directory (%v %s)", wasmtimeModule, err, mod.Error)
	}
	include := filepath.Join(mod.Dir, "build", "include")
	tmp := fmt.Sprintf("%s.%d.tmp", bin, os.Getpid())
	cmd = exec.Command("go", "build", "-tags", "wasmtimehost", "-o", tmp, "./internal/wasmtimehost/cmd/wasmtime-host")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1", "CGO_CFLAGS=-I"+include)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("%v\n%s", err, out)
	}
	// Another test binary may have won the race: either copy is the same.
	if err := os.Rename(tmp, bin); err != nil {
		return "", err
	}
	return bin, nil
}

// WasmtimeCheck compiles and instantiates each component on wasmtime: CLI
// components with wasmtime's WASI, HTTP handlers with the host's WASI and
// wasi:http, anything else with wasmtime's WASI and its other imports
// trapping. It fails the test with wasmtime's message.
func WasmtimeCheck(t testing.TB, files ...string) {
	t.Helper()
	if err := WasmtimeCheckErr(t, files...); err != nil {
		t.Fatal(err)
	}
}

// WasmtimeCheckErr is WasmtimeCheck returning wasmtime's refusal as an error.
func WasmtimeCheckErr(t testing.TB, files ...string) error {
	t.Helper()
	cmd := exec.Command(WasmtimeHost(t), append([]string{"check"}, files...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("wasmtime: %v\n%s", err, out)
	}
	return nil
}

// WasmtimeRun runs a wasi:cli/run component on wasmtime with stdin and
// returns its stdout, failing the test when it exits non-zero.
func WasmtimeRun(t testing.TB, wasm string, stdin io.Reader) string {
	t.Helper()
	cmd := exec.Command(WasmtimeHost(t), "run", wasm)
	cmd.Stdin = stdin
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("wasmtime run %s: %v\n%s", wasm, err, stderr.String())
	}
	return string(out)
}
