//go:build unix

package main

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wasmcp/wasmcp/compose/toolmanifest"
	"github.com/wasmcp/wasmcp/internal/testutil"
	"github.com/wasmcp/wasmcp/internal/testutil/fwparts"
)

// jcoServe serves the component with jco serve on a free loopback port,
// waits until it accepts connections, and returns its /mcp URL and a stop
// function that ends the server and returns everything it printed.
func jcoServe(t *testing.T, wasm string) (url string, stop func() string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	argv := append(testutil.Jco(t), "serve", wasm, "--host", "127.0.0.1", "--port", fmt.Sprint(port))
	srv := exec.Command(argv[0], argv[1:]...)
	srv.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	logFile, err := os.Create(filepath.Join(t.TempDir(), "serve.log"))
	if err != nil {
		t.Fatal(err)
	}
	srv.Stdout, srv.Stderr = logFile, logFile
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	stopped := false
	stop = func() string {
		if !stopped {
			stopped = true
			_ = syscall.Kill(-srv.Process.Pid, syscall.SIGKILL)
			_ = srv.Wait()
		}
		b, _ := os.ReadFile(logFile.Name())
		return string(b)
	}
	t.Cleanup(func() { stop() })
	deadline := time.Now().Add(3 * time.Minute)
	for {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("jco serve did not listen: %s", stop())
		}
		time.Sleep(300 * time.Millisecond)
	}
	return fmt.Sprintf("http://127.0.0.1:%d/mcp", port), stop
}

// listToolsJS lists the tools twice with the MCP TypeScript SDK client and
// prints the names of the second list.
const listToolsJS = `
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
const client = new Client({ name: "shadow-test", version: "1.0.0" });
await client.connect(new StreamableHTTPClientTransport(new URL(process.argv[1])));
await client.listTools();
console.log(JSON.stringify((await client.listTools()).tools.map((t) => t.name)));
await client.close();
`

// TestComposeServerShadowedTools replays what a user does who composes two
// components offering the same tool, one of them built without a tool
// manifest: compose cannot refuse them, so it warns about each provider
// whose names it cannot see (and about no other), and the running server
// logs, once, that a tool is hidden.
func TestComposeServerShadowedTools(t *testing.T) {
	fwparts.Use(t)
	t.Parallel()
	env, dir := composeEnv(t)
	alpha := fwparts.ToolsProvider(t, "alpha")
	b, err := os.ReadFile(alpha)
	if err != nil {
		t.Fatal(err)
	}
	again := filepath.Join(dir, "again.wasm")
	if err := os.WriteFile(again, b, 0o644); err != nil {
		t.Fatal(err)
	}
	beta, err := os.ReadFile(fwparts.ToolsProvider(t, "beta"))
	if err != nil {
		t.Fatal(err)
	}
	declared := filepath.Join(dir, "declared.wasm")
	if err := os.WriteFile(declared, append(beta, toolmanifest.Encode([]string{"beta"})...), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "server.wasm")
	log := composeCLI(t, env, "server", alpha, again, declared, "-o", out)
	for _, name := range []string{"alpha", "again"} {
		if want := "warning: " + name + " declares no tool names (no wasmcp:tools section)"; !strings.Contains(log, want) {
			t.Errorf("compose output lacks %q:\n%s", want, log)
		}
	}
	if strings.Contains(log, "warning: declared ") {
		t.Errorf("warning about a component that declares its tools:\n%s", log)
	}

	url, stop := jcoServe(t, out)
	client := exec.Command(testutil.Node(t), "--input-type=module", "-e", listToolsJS, url)
	client.Dir = testutil.RepoRoot(t)
	res, err := client.CombinedOutput()
	if err != nil {
		t.Fatalf("SDK client: %v\n%s\nserver: %s", err, res, stop())
	}
	if got := strings.TrimSpace(string(res)); got != `["alpha","beta"]` {
		t.Errorf("tools/list: %s", got)
	}
	serverLog := stop()
	want := `wasmcp: warning: tool "alpha" is served by more than one component; the first in the chain wins; the later one is neither listed nor called`
	if n := strings.Count(serverLog, want); n != 1 {
		t.Errorf("server log has %d warnings %q, want 1:\n%s", n, want, serverLog)
	}
}

// TestComposeServerPathSpecWithBrokenConfig replays a user whose config.toml
// holds a mistyped value: composing a component file, which needs no
// registry, works and says the config was skipped and why it would not
// load; a spec that needs the config fails with the file, line, key and
// expected type, and without Go's type names.
func TestComposeServerPathSpecWithBrokenConfig(t *testing.T) {
	fwparts.Use(t)
	t.Parallel()
	env, dir := composeEnv(t)
	alpha := fwparts.ToolsProvider(t, "alpha")
	cfg := filepath.Join(dir, "config", "wasmcp", "config.toml")
	if err := os.MkdirAll(filepath.Dir(cfg), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, []byte("[components.calc]\nspec = 42\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	keyMsg := cfg + ":2:1: components.calc.spec must be a string (a file path, a package spec namespace:name@version, or another alias), not an integer"
	out := filepath.Join(dir, "server.wasm")
	log := composeCLI(t, env, "server", alpha, "-o", out)
	if want := "warning: config not read (every spec is a component file), and it would not load: " + keyMsg; !strings.Contains(log, want) {
		t.Errorf("compose of a path spec:\n%s\nwant %q", log, want)
	}
	if _, err := os.Stat(out); err != nil {
		t.Errorf("no output: %v", err)
	}
	code, _, errOut := runCLI(t, env, "compose", "server", "calc", "-o", out, "--force")
	if code != 1 || !strings.Contains(errOut, keyMsg) || strings.Contains(errOut, "registry.") {
		t.Errorf("compose of an alias: exit %d\n%s\nwant exit 1 with %q", code, errOut, keyMsg)
	}

	// A verbose run with a config that loads says it was not read.
	if err := os.WriteFile(cfg, []byte("[components.calc]\nspec = \"/nowhere/calc.wasm\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	log = composeCLI(t, env, "server", alpha, "-o", out, "--force", "-v")
	for _, want := range []string{
		"config: " + cfg + " not read (every spec is a component file)",
		"run: wasmtime serve -Scli " + out,
		"-Scli: the server imports wasi:cli/environment, wasi:cli/exit",
		"which wasmtime serve gives only with -Scli (its default is wasi:http/proxy)",
		"wasmCloud: deploy it with a wadm manifest linking the HTTP server provider",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("verbose output lacks %q:\n%s", want, log)
		}
	}
}

// TestRegistryInfoJSONShowsEmptySections checks that --json has every
// section the text shows, as [] when it is empty.
func TestRegistryInfoJSONShowsEmptySections(t *testing.T) {
	t.Parallel()
	env, _ := composeEnv(t)
	code, out, errOut := runCLI(t, env, "registry", "info", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"components", "profiles", "namespaces"} {
		if string(got[k]) != "[]" {
			t.Errorf("%s: %s, want []\n%s", k, got[k], out)
		}
	}
	code, out, _ = runCLI(t, env, "registry", "info", "--json", "--profiles")
	if code != 0 || strings.Contains(out, "namespaces") || !strings.Contains(out, `"profiles": []`) {
		t.Errorf("--profiles: exit %d\n%s", code, out)
	}
}
