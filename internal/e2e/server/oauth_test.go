package server

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wasmcp/wasmcp/auth"
	"github.com/wasmcp/wasmcp/internal/testutil"
	"github.com/wasmcp/wasmcp/internal/testutil/oauthattack"
)

// The tests of this file run composed HTTP servers in oauth mode
// (WASMCP_AUTH_MODE=oauth, docs/auth.md) on jco serve and on the wasmtime
// test host, with the issuer's JWKS served on loopback: the attack suite
// and the MCP TypeScript SDK client with a bearer token.

// whoami builds testdata/whoami once: a tools component whose tool answers
// with the identity of its request context.
func whoami(t testing.TB) string { return testGuest(t, "whoami", "tools-provider") }

// testGuest builds the Go component testdata/name once, with the contract's
// WIT (and the directory's own .wit files) for world: bindings, stock Go,
// wasmcp componentize.
func testGuest(t testing.TB, name, world string) string {
	env := makeEnv(t)
	root := testutil.RepoRoot(t)
	bin := wasmcp(t)
	return once(t, "build "+name, func() (string, error) {
		d, err := copyExample(filepath.Join(root, "internal", "e2e", "server", "testdata", name), filepath.Join(tmpDir, name))
		if err != nil {
			return "", err
		}
		if _, err := copyExample(filepath.Join(root, "wit", "mcp"), filepath.Join(d, "wit")); err != nil {
			return "", err
		}
		own, _ := filepath.Glob(filepath.Join(d, "*.wit"))
		for _, f := range own {
			if err := os.Rename(f, filepath.Join(d, "wit", filepath.Base(f))); err != nil {
				return "", err
			}
		}
		for _, argv := range [][]string{
			{"go", "mod", "edit", "-replace", "github.com/wasmcp/wasmcp=" + root},
			{bin, "bindgen", "go", "--world", world, "wit", "-o", "internal/bindings"},
			{"go", "build", "-buildmode=c-shared", "-trimpath", "-ldflags=-s -w", "-o", "core.wasm", "."},
			{bin, "componentize", "core.wasm", "--wit", "wit", "--world", world, "-o", name + ".wasm"},
		} {
			cmd := exec.Command(argv[0], argv[1:]...)
			cmd.Dir, cmd.Env = d, append(env, "GOOS=wasip1", "GOARCH=wasm")
			if out, err := cmd.CombinedOutput(); err != nil {
				return "", fmt.Errorf("%s in %s: %v\n%s", strings.Join(argv, " "), d, err, out)
			}
		}
		return filepath.Join(d, name+".wasm"), nil
	})
}

// oauthServer is the tools example and whoami composed with the HTTP
// transport and OAuth built in (--oauth); plainServer the same without.
func oauthServer(t testing.TB) string {
	return composeWith(t, "oauth-http", []string{"--transport", "http", "--oauth"}, toolsExample(t), whoami(t))
}

func plainServer(t testing.TB) string {
	return compose(t, "oauth-plain-http", "http", toolsExample(t), whoami(t))
}

var oauthStarts atomic.Int32

// oauthStart returns the attack suite's StartFunc for the composed server
// on jco serve (runtime "jco") or the wasmtime test host ("wasmtime"): a
// new server for every environment, stopped at the end of the test. A
// component cannot refuse to start, so a failed start fails the test.
func oauthStart(runtime string) oauthattack.StartFunc {
	return startWith(runtime, oauthServer)
}

// startWith is oauthStart for the server server gives.
func startWith(runtime string, server func(testing.TB) string) oauthattack.StartFunc {
	return func(t *testing.T, env map[string]string) (string, error) {
		t.Helper()
		wasm := server(t)
		name := fmt.Sprintf("oauth-%s-%d", runtime, oauthStarts.Add(1))
		var list []string
		for k, v := range env {
			list = append(list, k+"="+v)
		}
		sort.Strings(list)
		var argv func(port int) []string
		switch runtime {
		case "jco":
			jco := testutil.Jco(t)
			argv = func(port int) []string {
				return append(jco, "serve", wasm, "--host", "127.0.0.1", "--port", fmt.Sprint(port),
					"--jco-dir", filepath.Join(tmpDir, "jco-"+name))
			}
		case "wasmtime":
			host := testutil.WasmtimeHost(t)
			argv = func(port int) []string {
				return []string{host, "serve", "--addr", fmt.Sprintf("127.0.0.1:%d", port), wasm}
			}
		}
		base, err := startServer(name, list, argv)
		t.Cleanup(func() {
			stopServer(name)
			if t.Failed() {
				t.Logf("%s log:\n%s", name, serverLog(name))
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		return base, nil
	}
}

// stopServer stops the server started as name.
func stopServer(name string) {
	serversMu.Lock()
	s := byName[name]
	serversMu.Unlock()
	if s != nil {
		killGroup(s.cmd)
	}
}

// TestOAuthAttacksJco runs the attack suite against the composed server
// on jco serve (one instance for the whole server: the JWKS cache lasts).
func TestOAuthAttacksJco(t *testing.T) {
	oauthattack.Run(t, oauthattack.NewIssuer(t), oauthStart("jco"))
}

// TestOAuthAttacksWasmtime runs the attack suite against the composed
// server on the wasmtime test host (an instance per request).
func TestOAuthAttacksWasmtime(t *testing.T) {
	oauthattack.RunWith(t, oauthattack.NewIssuer(t), oauthStart("wasmtime"), oauthattack.Options{InstancePerRequest: true})
}

// TestOAuthClientJco and TestOAuthClientWasmtime: the MCP TypeScript SDK
// client with a bearer token (tools/list, tools/call, the caller's
// identity seen by a component), refusals by status, the SDK's metadata
// discovery, and a misconfigured server's 500 with its log line.
func TestOAuthClientJco(t *testing.T)      { oauthClient(t, "jco") }
func TestOAuthClientWasmtime(t *testing.T) { oauthClient(t, "wasmtime") }

func oauthClient(t *testing.T, runtime string) {
	is := oauthattack.NewIssuer(t)
	start := oauthStart(runtime)
	base, _ := start(t, is.Env())
	first := fmt.Sprintf("oauth-%s-%d", runtime, oauthStarts.Load())
	token := is.Token(t, auth.ES256, "alice", map[string]any{"tenant": "t-42"})
	cmd := exec.Command(testutil.Node(t), "oauth.mjs")
	cmd.Env = append(os.Environ(),
		"E2E_URL="+base, "E2E_ISSUER="+is.URL, "E2E_SCOPE="+oauthattack.Scope, "E2E_TOKEN="+token,
		"E2E_TOKEN_NO_SCOPE="+is.Token(t, auth.RS256, "alice", map[string]any{"scope": "mcp:other"}),
		"E2E_TOKEN_EXPIRED="+is.Token(t, auth.EdDSA, "alice", map[string]any{"exp": time.Now().Add(-time.Hour).Unix()}))
	setGroup(cmd)
	timer := time.AfterFunc(3*time.Minute, func() { killGroup(cmd) })
	out, err := cmd.CombinedOutput()
	timer.Stop()
	t.Logf("%s", out)
	if err != nil || !strings.Contains(string(out), "PASS") {
		t.Fatalf("oauth.mjs: %v", err)
	}
	if strings.Contains(serverLog(first), token[strings.LastIndexByte(token, '.')+1:]) {
		t.Error("the server's log holds the token")
	}

	// A public server passes no identity down the chain.
	pub, _ := start(t, map[string]string{})
	r := postJSON(t, pub+"/mcp", "", `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"whoami","arguments":{}}}`)
	if !strings.Contains(r, `"text":"null"`) {
		t.Errorf("whoami on a public server: %s", r)
	}

	// A misconfiguration is a 500 and a log line that says why.
	env := is.Env()
	delete(env, auth.EnvIssuer)
	bad, _ := start(t, env)
	for range 2 {
		if r := postJSON(t, bad+"/mcp", is.Token(t, auth.RS256, "alice", nil), `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`); !strings.HasPrefix(r, "500 ") {
			t.Errorf("misconfigured: %s", r)
		}
	}
	name := fmt.Sprintf("oauth-%s-%d", runtime, oauthStarts.Load())
	if log := serverLog(name); !strings.Contains(log, "wasmcp: auth: ") || !strings.Contains(log, "JWT_ISSUER is required") {
		t.Errorf("misconfigured: log %q", log)
	}

	// A server composed without --oauth, asked for oauth mode, is not
	// served as public: every request is refused, and the log says how to
	// compose a protected one.
	plain, _ := startWith(runtime, plainServer)(t, is.Env())
	for range 2 {
		if r := postJSON(t, plain+"/mcp", token, `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`); !strings.HasPrefix(r, "500 ") {
			t.Errorf("oauth mode without --oauth: %s", r)
		}
	}
	name = fmt.Sprintf("oauth-%s-%d", runtime, oauthStarts.Load())
	if log := serverLog(name); !strings.Contains(log, "composed without OAuth support") || !strings.Contains(log, "--oauth") {
		t.Errorf("oauth mode without --oauth: log %q", log)
	}
}

// TestOAuthSessionsBoundToSubject: with sessions on, the session alice's
// initialize creates is hers: bob's token with its id finds no session and
// cannot end it; alice keeps using it (jco serve keeps one instance, so the
// sessions of the default oauth build, in the instance's memory, last).
func TestOAuthSessionsBoundToSubject(t *testing.T) {
	is := oauthattack.NewIssuer(t)
	env := is.Env()
	env["WASMCP_SESSION_ENABLED"] = "1"
	base, _ := oauthStart("jco")(t, env)
	alice := is.Token(t, auth.RS256, "alice", nil)
	bob := is.Token(t, auth.RS256, "bob", nil)
	do := func(method, token, sid, body string) (int, string, string) {
		req, err := http.NewRequest(method, base+"/mcp", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		req.Header.Set("MCP-Protocol-Version", "2025-06-18")
		req.Header.Set("Authorization", "Bearer "+token)
		if sid != "" {
			req.Header.Set("Mcp-Session-Id", sid)
		}
		resp, err := (&http.Client{Timeout: time.Minute}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		return resp.StatusCode, resp.Header.Get("Mcp-Session-Id"), string(b)
	}
	status, sid, body := do("POST", alice, "", `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`)
	if status != 200 || sid == "" {
		t.Fatalf("alice's initialize: %d, session %q: %s", status, sid, body)
	}
	list := `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`
	if status, _, body := do("POST", bob, sid, list); status != 404 {
		t.Errorf("bob with alice's session: %d %s", status, body)
	}
	if status, _, _ := do("DELETE", bob, sid, ""); status != 404 {
		t.Errorf("bob ending alice's session: %d", status)
	}
	if status, _, body := do("POST", alice, sid, list); status != 200 || !strings.Contains(body, `"tools"`) {
		t.Errorf("alice with her session: %d %s", status, body)
	}
}

// postJSON posts body to url and returns "STATUS BODY".
func postJSON(t *testing.T, url, token, body string) string {
	t.Helper()
	req, err := http.NewRequest("POST", url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := (&http.Client{Timeout: time.Minute}).Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return fmt.Sprintf("%d %s", resp.StatusCode, b)
}
