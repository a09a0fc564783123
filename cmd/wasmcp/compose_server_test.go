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

	"github.com/pelletier/go-toml/v2"

	"github.com/wasmcp/wasmcp/framework/embedded"
	"github.com/wasmcp/wasmcp/internal/testutil"
	"github.com/wasmcp/wasmcp/internal/testutil/fwparts"
)

// composeEnv is an environment with its own config and cache.
func composeEnv(t *testing.T) (map[string]string, string) {
	dir := t.TempDir()
	return map[string]string{
		"HOME":            dir,
		"XDG_CONFIG_HOME": filepath.Join(dir, "config"),
		"XDG_CACHE_HOME":  filepath.Join(dir, "cache"),
	}, dir
}

func composeCLI(t *testing.T, env map[string]string, args ...string) string {
	t.Helper()
	code, _, errOut := runCLI(t, env, append([]string{"compose"}, args...)...)
	if code != 0 {
		t.Fatalf("compose %v: exit %d\n%s", args, code, errOut)
	}
	return errOut
}

const composeSDKJS = `
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
const client = new Client({ name: "compose-test", version: "1.0.0" });
await client.connect(new StreamableHTTPClientTransport(new URL(process.argv[1])));
const out = { caps: client.getServerCapabilities() };
out.tools = (await client.listTools()).tools.map((t) => t.name);
out.call = await client.callTool({ name: "beta", arguments: { text: "hi" } });
try { await client.callTool({ name: "missing", arguments: {} }); out.missing = "no error"; }
catch (e) { out.missing = e.code + " " + e.message; }
await client.close();
console.log(JSON.stringify(out));
`

// TestComposeServerHTTP composes two Go tools providers (one through a
// profile and an alias) into an HTTP server, serves it with jco serve and
// drives it with the MCP TypeScript SDK client.
func TestComposeServerHTTP(t *testing.T) {
	fwparts.Use(t)
	t.Parallel()
	env, dir := composeEnv(t)
	alpha, beta := fwparts.ToolsProvider(t, "alpha"), fwparts.ToolsProvider(t, "beta")
	out := filepath.Join(dir, "dev-server.wasm")
	cfg := fmt.Sprintf("[components.calculator]\nspec = %q\n\n[profiles.dev]\ncomponents = [\"calculator\", %q]\noutput = %q\n", alpha, beta, out)
	if err := os.MkdirAll(filepath.Join(dir, "config", "wasmcp"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "config", "wasmcp", "config.toml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	// No -o: the profile's output.
	log := composeCLI(t, env, "server", "dev", "--verbose")
	for _, want := range []string{
		"transport: http",
		"1. calculator: tools provider",
		"resolved: profile dev -> alias calculator -> path " + alpha,
		"2. beta: tools provider",
		"server-http-tools: embedded 0.2.0",
		"chain: server-http-tools -> tools(calculator) -> tools(beta) -> (end)",
		"framework instances: 1 (one Go runtime each)\n  1. tools(calculator), tools(beta); chain end\n",
		"wrote " + out,
		"run: wasmtime serve -Scli " + out,
	} {
		if !strings.Contains(log, want) {
			t.Errorf("verbose output lacks %q:\n%s", want, log)
		}
	}
	// The parts and providers import WASI 0.2.12; the server needs nothing
	// that 0.2.0 lacks, and is then served with those names.
	checkWASIVersion(t, out, "0.2.0")

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	argv := append(testutil.Jco(t), "serve", out, "--host", "127.0.0.1", "--port", fmt.Sprint(port))
	srv := exec.Command(argv[0], argv[1:]...)
	srv.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var slog strings.Builder
	srv.Stdout, srv.Stderr = &slog, &slog
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = syscall.Kill(-srv.Process.Pid, syscall.SIGKILL); _ = srv.Wait() }()
	deadline := time.Now().Add(3 * time.Minute)
	for {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("jco serve did not listen: %s", slog.String())
		}
		time.Sleep(300 * time.Millisecond)
	}
	client := exec.Command(testutil.Node(t), "--input-type=module", "-e", composeSDKJS, fmt.Sprintf("http://127.0.0.1:%d/mcp", port))
	client.Dir = testutil.RepoRoot(t)
	res, err := client.CombinedOutput()
	if err != nil {
		t.Fatalf("SDK client: %v\n%s\nserver: %s", err, res, slog.String())
	}
	s := strings.TrimSpace(string(res))
	var got struct {
		Caps    map[string]json.RawMessage
		Tools   []string
		Call    struct{ Content []struct{ Type, Text string } }
		Missing string
	}
	if err := json.Unmarshal([]byte(s[strings.LastIndexByte(s, '\n')+1:]), &got); err != nil {
		t.Fatalf("client output: %v\n%s", err, res)
	}
	var caps []string
	for k := range got.Caps {
		caps = append(caps, k)
	}
	if len(caps) != 2 || got.Caps["tools"] == nil || got.Caps["logging"] == nil {
		t.Errorf("capabilities %v, want tools and logging only", caps)
	}
	if strings.Join(got.Tools, ",") != "alpha,beta" {
		t.Errorf("tools %v", got.Tools)
	}
	if len(got.Call.Content) != 1 || got.Call.Content[0].Text != "beta: hi" {
		t.Errorf("call %+v", got.Call)
	}
	if !strings.Contains(got.Missing, "-32602") || !strings.Contains(got.Missing, "missing") {
		t.Errorf("unknown tool: %q", got.Missing)
	}
}

// TestComposeHandlerInStdioServer composes a handler of one provider, uses
// it as a middleware in a stdio server with a second tools provider and a
// provider of resources and prompts, and runs the server under jco run with
// a few lines of JSON-RPC.
func TestComposeHandlerInStdioServer(t *testing.T) {
	fwparts.Use(t)
	t.Parallel()
	env, dir := composeEnv(t)
	alpha, beta, docs := fwparts.ToolsProvider(t, "alpha"), fwparts.ToolsProvider(t, "beta"), fwparts.DocsProvider(t)
	handler := filepath.Join(dir, "math.wasm")
	composeCLI(t, env, "handler", alpha, "-o", handler)
	checkWASIVersion(t, handler, "0.2.0")
	out := filepath.Join(dir, "stdio.wasm")
	log := composeCLI(t, env, "server", handler, beta, docs, "--transport", "stdio", "-o", out, "-v")
	for _, want := range []string{
		"1. math: middleware (handler)",
		"3. docs: resources+prompts provider",
		"chain: server-stdio -> math -> tools(beta) -> resources(docs) -> prompts(docs) -> (end)",
		"run: wasmtime run " + out,
	} {
		if !strings.Contains(log, want) {
			t.Errorf("verbose output lacks %q:\n%s", want, log)
		}
	}
	checkWASIVersion(t, out, "0.2.0")
	argv := append(testutil.Jco(t), "run", out)
	run := exec.Command(argv[0], argv[1:]...)
	run.Stdin = strings.NewReader(strings.Join([]string{
		`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`,
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`,
		`{"jsonrpc":"2.0","id":2,"method":"tools/list"}`,
		`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"alpha","arguments":{"text":"yo"}}}`,
		`{"jsonrpc":"2.0","id":4,"method":"resources/read","params":{"uri":"docs://counter"}}`,
		`{"jsonrpc":"2.0","id":5,"method":"prompts/get","params":{"name":"counter"}}`,
		`{"jsonrpc":"2.0","id":6,"method":"x-unknown/method"}`,
	}, "\n") + "\n")
	var stderr strings.Builder
	run.Stderr = &stderr
	res, err := run.Output()
	if err != nil {
		t.Fatalf("jco run: %v\n%s\n%s", err, res, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(string(res)), "\n")
	if len(lines) != 6 {
		t.Fatalf("want 6 responses, got:\n%s\nstderr: %s", res, stderr.String())
	}
	for i, want := range [][]string{
		{`"logging":{}`, `"tools":{}`, `"resources":{}`, `"prompts":{}`},
		{`"tools":[{"name":"alpha"`, `{"name":"beta"`},
		{`"text":"alpha: yo"`},
		// resources and prompts are served by one instance: one counter.
		{`"text":"calls=1"`},
		{`"text":"calls=2"`},
		{`"id":6,"error":{"code":-32601`},
	} {
		for _, w := range want {
			if !strings.Contains(lines[i], w) {
				t.Errorf("response %d %s lacks %s", i+1, lines[i], w)
			}
		}
	}
	if strings.Contains(lines[0], "completions") {
		t.Errorf("initialize advertises completions: %s", lines[0])
	}
}

func TestComposeServerRefusals(t *testing.T) {
	fwparts.Use(t)
	t.Parallel()
	env, dir := composeEnv(t)
	root := testutil.RepoRoot(t)
	for _, n := range []string{"empty", "db"} {
		testutil.RunJco(t, dir, "parse", filepath.Join(root, "compose", "server", "testdata", "refuse", n+".wat"), "-o", n+".wasm")
	}
	alpha := fwparts.ToolsProvider(t, "alpha")
	existing := filepath.Join(dir, "existing.wasm")
	if err := os.WriteFile(existing, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "config", "wasmcp"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "config", "wasmcp", "config.toml"), []byte(fmt.Sprintf("[components.calculator]\nspec = %q\n", alpha)), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.wasm")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"server", filepath.Join(dir, "empty.wasm"), "-o", out}, 1, "component empty exports nothing: a server component must export wasmcp:mcp/tools"},
		{[]string{"server", alpha, filepath.Join(dir, "db.wasm"), "-o", out}, 1, "db imports acme:db/query@1.0.0, which neither the framework"},
		{[]string{"server", alpha, "-o", existing}, 1, existing + " exists (use --force to overwrite it)"},
		{[]string{"server", "calculatr", "-o", out}, 1, `unknown component "calculatr"`},
		{[]string{"server", "calculatr", "-o", out}, 1, `(did you mean "calculator"?)`},
		{[]string{"server", "calculatr", "-o", existing}, 1, `(did you mean "calculator"?)`},
		{[]string{"handler", "calculatr"}, 1, `(did you mean "calculator"?)`},
		{[]string{"server", alpha, "--transport", "grpc", "-o", out}, 2, `unknown transport "grpc"`},
		{[]string{"server", alpha, "--runtime", "spin", "--transport", "stdio", "-o", out}, 2, "--runtime spin needs --transport http"},
		{[]string{"server", alpha, "--runtime", "docker", "-o", out}, 2, `unknown runtime "docker"`},
		{[]string{"server", "-o", out}, 2, "needs at least 1 argument"},
		{[]string{"server", alpha, "--override", "http-transport=" + filepath.Join(dir, "nope.wasm"), "-o", out}, 1, "override http-transport=" + filepath.Join(dir, "nope.wasm")},
		{[]string{"server", alpha, "--override", "bogus=" + filepath.Join(dir, "nope.wasm"), "-o", out}, 2, "override bogus: no framework part or role of that name"},
	} {
		code, _, errOut := runCLI(t, env, append([]string{"compose"}, tc.args...)...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, want %d with %q; stderr:\n%s", tc.args, code, tc.code, tc.want, errOut)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("%s written by a refused composition", out)
	}
	if b, _ := os.ReadFile(existing); string(b) != "keep" {
		t.Errorf("existing output changed")
	}
	// --force replaces it.
	composeCLI(t, env, "server", alpha, "-o", existing, "--force")
	// An override this server does not use is said, not silently ignored.
	stdio := writePart(t, dir, embedded.ServerStdio)
	code, _, errOut := runCLI(t, env, "compose", "server", alpha, "-o", existing, "--force", "--override", "server-stdio="+stdio)
	if code != 0 || !strings.Contains(errOut, "warning: --override server-stdio is not used: this server's framework is server-http-tools") {
		t.Errorf("unused override: exit %d\n%s", code, errOut)
	}
}

func TestComposeServerSpin(t *testing.T) {
	fwparts.Use(t)
	t.Parallel()
	env, dir := composeEnv(t)
	alpha := fwparts.ToolsProvider(t, "alpha")
	out := filepath.Join(dir, "app", "mcp.wasm")
	log := composeCLI(t, env, "server", alpha, "--runtime", "spin", "-o", out, "-v")
	manifest := filepath.Join(dir, "app", "spin.toml")
	if !strings.Contains(log, "wrote "+manifest) || !strings.Contains(log, "run: spin up -f "+manifest) {
		t.Errorf("output:\n%s", log)
	}
	raw, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Version     int `toml:"spin_manifest_version"`
		Application struct{ Name string }
		Trigger     struct {
			HTTP []struct{ Route, Component string } `toml:"http"`
		}
		Component map[string]struct {
			Source               string
			AllowedOutboundHosts []string `toml:"allowed_outbound_hosts"`
			KeyValueStores       []string `toml:"key_value_stores"`
		}
	}
	if err := toml.Unmarshal(raw, &m); err != nil {
		t.Fatalf("spin.toml: %v\n%s", err, raw)
	}
	if m.Version != 2 || len(m.Trigger.HTTP) != 1 || m.Trigger.HTTP[0].Route != "/mcp" {
		t.Fatalf("spin.toml:\n%s", raw)
	}
	c, ok := m.Component[m.Trigger.HTTP[0].Component]
	if !ok || c.Source != "mcp.wasm" || c.AllowedOutboundHosts == nil || len(c.AllowedOutboundHosts) != 0 || strings.Join(c.KeyValueStores, ",") != "default" {
		t.Errorf("spin.toml component %+v:\n%s", c, raw)
	}
	// Both files exist now: without --force nothing is replaced.
	code, _, errOut := runCLI(t, env, "compose", "server", alpha, "--runtime", "spin", "-o", out)
	if code != 1 || !strings.Contains(errOut, "exists") {
		t.Errorf("second compose: exit %d %s", code, errOut)
	}
}

// TestComposeServerOCI composes a component and a framework part fetched
// from a local OCI registry, then again offline from the cache; a part
// version that is not cached falls back to the embedded part offline.
func TestComposeServerOCI(t *testing.T) {
	fwparts.Use(t)
	t.Parallel()
	env, dir := composeEnv(t)
	env["DOCKER_CONFIG"] = filepath.Join(dir, "docker")
	reg := testutil.StartRegistry(t, nil)
	alpha := fwparts.ToolsProvider(t, "alpha")
	mw := filepath.Join(dir, "server-http.wasm")
	b, err := embedded.Part(embedded.ServerHTTP)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mw, b, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"registry", "namespace", "set", "acme", reg.Host + "/acme", "--plain-http"},
		{"registry", "namespace", "set", "wasmcp", reg.Host + "/wasmcp", "--plain-http"},
		{"pkg", "push", alpha, reg.Host + "/acme/alpha:0.1.0", "--plain-http"},
		{"pkg", "push", mw, reg.Host + "/wasmcp/server-http:0.9.0", "--plain-http"},
	} {
		if code, _, errOut := runCLI(t, env, args...); code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, errOut)
		}
	}
	out := filepath.Join(dir, "server.wasm")
	args := []string{"server", "acme:alpha@0.1.0", "--override", "server-http=0.9.0", "-o", out, "-v"}
	log := composeCLI(t, env, args...)
	for _, want := range []string{
		"1. acme:alpha@0.1.0: tools provider",
		"resolved: package acme:alpha@0.1.0 (registry " + reg.Host + "/acme/alpha:0.1.0 sha256:",
		"server-http: registry " + reg.Host + "/wasmcp/server-http:0.9.0 sha256:",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("verbose output lacks %q:\n%s", want, log)
		}
	}
	// Offline: both from the cache.
	log = composeCLI(t, env, append(args, "--force", "--skip-download")...)
	for _, want := range []string{"(cache " + reg.Host + "/acme/alpha:0.1.0", "server-http: cache " + reg.Host + "/wasmcp/server-http:0.9.0"} {
		if !strings.Contains(log, want) {
			t.Errorf("offline verbose output lacks %q:\n%s", want, log)
		}
	}
	// Offline, a version never fetched: the embedded part, with a warning.
	log = composeCLI(t, env, "server", "acme:alpha@0.1.0", "--override", "server-http=0.7.0", "-o", out, "-v", "--force", "--skip-download")
	if !strings.Contains(log, "warning: ") || !strings.Contains(log, "using the embedded server-http") || !strings.Contains(log, "server-http: embedded 0.2.0 (fallback: ") {
		t.Errorf("fallback output:\n%s", log)
	}
}
