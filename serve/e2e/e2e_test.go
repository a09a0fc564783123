// Package e2e drives `wasmcp serve` with the official MCP TypeScript SDK
// client (node scripts in this folder) over Streamable HTTP, HTTP+SSE and
// stdio, serving the example configuration of examples/plugins.
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wasmcp/wasmcp/internal/testutil"
	"github.com/wasmcp/wasmcp/serve"
)

const (
	clientToken = "e2e-client-token"
	adminToken  = "e2e-admin-token"
)

// startServer serves a fresh copy of the example configuration on a loopback
// port and returns its base URL and the configuration folder. callTimeout 0
// keeps the server's default; prepare, when not nil, may change the folder
// before the server reads it.
func startServer(t *testing.T, callTimeout time.Duration, prepare func(dir string)) (string, string) {
	t.Helper()
	dir := testutil.ExamplePluginsDir(t)
	if prepare != nil {
		prepare(dir)
	}
	env := map[string]string{
		"WASIMANCER_AUTHENTICATION_TOKEN": clientToken,
		"WASIMANCER_ADMIN_TOKEN":          adminToken,
	}
	cfg := serve.EnvConfig(func(k string) string { return env[k] }, dir)
	cfg.CallTimeout = callTimeout
	cfg.MemoryLimit = 64 << 20
	cfg.Log = t.Logf
	cfg.CompilationCache = testutil.CompilationCache(t)
	s, err := serve.New(cfg)
	if err != nil {
		t.Fatalf("serve.New: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		s.Close()
		hs.Shutdown(ctx)
	})
	return "http://" + ln.Addr().String(), dir
}

// runNode runs one of this folder's scripts with the given environment and
// returns its output, failing the test on a non-zero exit.
func runNode(t *testing.T, timeout time.Duration, script string, env ...string) string {
	t.Helper()
	nm := testutil.NodeModules(t)
	if _, err := os.Stat(filepath.Join(nm, "@modelcontextprotocol", "sdk", "package.json")); err != nil {
		t.Fatalf("the MCP TypeScript SDK is not installed in %s: run npm ci", nm)
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, testutil.Node(t), filepath.Join(testutil.RepoRoot(t), "serve", "e2e", script))
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node %s: %v\n%s", script, err, out)
	}
	return string(out)
}

// fetchTarget starts a loopback web server for the fetch plugin, and returns
// it with a function that changes a configuration folder to allow the plugin
// to reach 127.0.0.1 (the example configuration allows example.com only).
func fetchTarget(t *testing.T) (*httptest.Server, func(dir string)) {
	web := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "fetched %s", r.URL.Path)
	}))
	t.Cleanup(web.Close)
	return web, func(dir string) {
		p := filepath.Join(dir, "plugins", "plugins.yml")
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		b = bytes.Replace(b, []byte("- example.com"), []byte("- 127.0.0.1"), 1)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestClient: tools, static and templated resources, prompts, tool errors and
// misbehaving plugins over both transports, and refused tokens.
func TestClient(t *testing.T) {
	web, allowLoopback := fetchTarget(t)
	// A short time limit, so that loop_forever is stopped quickly.
	base, _ := startServer(t, 2*time.Second, allowLoopback)
	out := runNode(t, 4*time.Minute, "client.mjs",
		"E2E_URL="+base, "E2E_TOKEN="+clientToken, "E2E_ADMIN_TOKEN="+adminToken,
		"E2E_FETCH_URL="+web.URL+"/hello")
	t.Log(out)
	if !strings.Contains(out, "PASS") {
		t.Fatal("client.mjs did not pass")
	}
}

// TestLoadWithAdminChanges: 8 concurrent clients × 500 echo calls, every answer
// checked against its own call, while the admin API uploads, replaces and
// removes plugins (including echo itself).
func TestLoadWithAdminChanges(t *testing.T) {
	// The default time limit (10s): the first call on each new instance also
	// starts its Go runtime, which took over 2s at a load average of 30.
	base, dir := startServer(t, 0, nil)
	out := runNode(t, 6*time.Minute, "load.mjs",
		"E2E_URL="+base, "E2E_TOKEN="+clientToken, "E2E_ADMIN_TOKEN="+adminToken,
		"E2E_ECHO_WASM="+filepath.Join(dir, "plugins", "echo", "echo.wasm"),
		"E2E_HELLO_WASM="+filepath.Join(dir, "plugins", "hello", "hello.wasm"),
		"E2E_CLIENTS=8", "E2E_CALLS=500")
	t.Log(out)
	if !strings.Contains(out, "PASS") {
		t.Fatal("load.mjs did not pass")
	}
}

// TestStdio: the same checks over stdio, the client starting the wasmcp
// binary (`wasmcp serve --stdio`) as its child process, one per session.
func TestStdio(t *testing.T) {
	root := testutil.RepoRoot(t)
	bin := filepath.Join(t.TempDir(), "wasmcp")
	build := exec.Command("go", "build", "-o", bin, "./cmd/wasmcp")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/wasmcp: %v\n%s", err, out)
	}
	web, allowLoopback := fetchTarget(t)
	dir := testutil.ExamplePluginsDir(t)
	allowLoopback(dir)
	args, err := json.Marshal([]string{"serve", "--stdio", "--config", dir,
		"--timeout", "2s", "--memory-limit", "64",
		// The compilation cache the other tests fill, so that each session's
		// server process does not compile every plugin again.
		"--cache-dir", filepath.Join(os.TempDir(), "wasmcp-test-wazero-cache")})
	if err != nil {
		t.Fatal(err)
	}
	out := runNode(t, 4*time.Minute, "client.mjs",
		"E2E_TRANSPORTS=stdio", "E2E_STDIO_COMMAND="+bin, "E2E_STDIO_ARGS="+string(args),
		"E2E_FETCH_URL="+web.URL+"/hello")
	t.Log(out)
	if !strings.Contains(out, "PASS") {
		t.Fatal("client.mjs over stdio did not pass")
	}
}
