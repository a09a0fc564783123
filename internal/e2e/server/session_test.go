package server

import (
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wasmcp/wasmcp/internal/testutil"
)

// composeSessions composes name like compose, with --sessions: the HTTP
// build that keeps sessions in wasi:keyvalue.
func composeSessions(t testing.TB, name string, components ...string) string {
	bin := wasmcp(t)
	return once(t, "compose "+name, func() (string, error) {
		out := filepath.Join(tmpDir, name+".wasm")
		args := append([]string{"compose", "server"}, components...)
		args = append(args, "--sessions", "-o", out)
		if b, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
			return "", fmt.Errorf("wasmcp %s: %v\n%s", strings.Join(args, " "), err, b)
		}
		return out, nil
	})
}

// sessionCall is one POST (or DELETE) to the MCP endpoint.
type sessionCall struct {
	method, sid, version, body string
}

type sessionAnswer struct {
	status int
	sid    string
	body   string
}

func (c sessionCall) do(t *testing.T, client *http.Client, url string) sessionAnswer {
	t.Helper()
	method := c.method
	if method == "" {
		method = "POST"
	}
	req, err := http.NewRequest(method, url, strings.NewReader(c.body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("Content-Type", "application/json")
	if c.sid != "" {
		req.Header.Set("Mcp-Session-Id", c.sid)
	}
	if c.version != "" {
		req.Header.Set("Mcp-Protocol-Version", c.version)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, c.body, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return sessionAnswer{status: resp.StatusCode, sid: resp.Header.Get("Mcp-Session-Id"), body: string(b)}
}

func initializeBody(version string) string {
	return `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"` + version +
		`","capabilities":{},"clientInfo":{"name":"e2e","version":"1"}}}`
}

// TestWasmtimeSessions: sessions of the --sessions build on the wasmtime
// test host, which makes an instance per request: only wasi:keyvalue
// carries a session from one request to the next.
func TestWasmtimeSessions(t *testing.T) {
	t.Parallel()
	url := serveWasmtime(t, "sessions", composeSessions(t, "conformance-sessions", conformanceExample(t)),
		"WASMCP_SESSION_ENABLED=true") + "/mcp"
	client := &http.Client{Timeout: time.Minute}

	a := sessionCall{body: initializeBody("2025-06-18")}.do(t, client, url)
	if a.status != 200 || len(a.sid) != 32 || !strings.Contains(a.body, `"protocolVersion":"2025-06-18"`) {
		t.Fatalf("initialize: %d, session id %q, %s", a.status, a.sid, a.body)
	}
	sid := a.sid
	if b := (sessionCall{body: initializeBody("2025-06-18")}.do(t, client, url)); b.sid == "" || b.sid == sid {
		t.Errorf("a second initialize got session id %q (first %q)", b.sid, sid)
	}
	// The next requests reach new instances with the session id.
	if a = (sessionCall{sid: sid, body: `{"jsonrpc":"2.0","method":"notifications/initialized"}`}.do(t, client, url)); a.status != 202 {
		t.Errorf("notifications/initialized: %d %s", a.status, a.body)
	}
	if a = (sessionCall{sid: sid, version: "2025-06-18", body: `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`}.do(t, client, url)); a.status != 200 || !strings.Contains(a.body, "test_tool_with_logging") {
		t.Errorf("tools/list in the session: %d %s", a.status, a.body)
	}
	// Without MCP-Protocol-Version the session's version is used: the
	// level set here lasts, and the logging tool's messages come.
	if a = (sessionCall{sid: sid, body: `{"jsonrpc":"2.0","id":3,"method":"logging/setLevel","params":{"level":"info"}}`}.do(t, client, url)); a.status != 200 {
		t.Fatalf("logging/setLevel: %d %s", a.status, a.body)
	}
	call := `{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"test_tool_with_logging","arguments":{}}}`
	if a = (sessionCall{sid: sid, body: call}.do(t, client, url)); a.status != 200 || strings.Count(a.body, "notifications/message") != 3 {
		t.Errorf("logging tool after setLevel info: %d %s", a.status, a.body)
	}
	// Missing → 400; unknown → 404.
	if a = (sessionCall{body: `{"jsonrpc":"2.0","id":5,"method":"ping"}`}.do(t, client, url)); a.status != 400 {
		t.Errorf("ping without a session id: %d %s", a.status, a.body)
	}
	if a = (sessionCall{sid: "0123456789abcdef0123456789abcdef", body: `{"jsonrpc":"2.0","id":6,"method":"ping"}`}.do(t, client, url)); a.status != 404 {
		t.Errorf("ping with a bogus session id: %d %s", a.status, a.body)
	}
	// DELETE ends it; afterwards it is unknown.
	if a = (sessionCall{method: "DELETE", sid: sid}.do(t, client, url)); a.status != 200 {
		t.Fatalf("DELETE: %d %s", a.status, a.body)
	}
	if a = (sessionCall{sid: sid, body: `{"jsonrpc":"2.0","id":7,"method":"ping"}`}.do(t, client, url)); a.status != 404 {
		t.Errorf("ping after DELETE: %d %s", a.status, a.body)
	}
	if a = (sessionCall{method: "DELETE", sid: sid}.do(t, client, url)); a.status != 404 {
		t.Errorf("DELETE of an ended session: %d %s", a.status, a.body)
	}
}

// TestWasmtimeSessionsConcurrentLevels: 8 sessions at once, each with its
// own log level, on per-request instances. The logging tool logs three
// info messages: the debug and info sessions get them on every call, the
// six others never do, so no session's level leaks into another's.
func TestWasmtimeSessionsConcurrentLevels(t *testing.T) {
	t.Parallel()
	url := serveWasmtime(t, "sessions", composeSessions(t, "conformance-sessions", conformanceExample(t)),
		"WASMCP_SESSION_ENABLED=true") + "/mcp"
	client := &http.Client{Timeout: time.Minute}
	levels := []string{"debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"}
	var wg sync.WaitGroup
	errs := make(chan string, 8*20)
	for _, level := range levels {
		wg.Add(1)
		go func(level string) {
			defer wg.Done()
			a := sessionCall{body: initializeBody("2025-11-25")}.do(t, client, url)
			if a.status != 200 || a.sid == "" {
				errs <- fmt.Sprintf("%s: initialize %d %q", level, a.status, a.sid)
				return
			}
			sid := a.sid
			set := `{"jsonrpc":"2.0","id":2,"method":"logging/setLevel","params":{"level":"` + level + `"}}`
			if a = (sessionCall{sid: sid, version: "2025-11-25", body: set}.do(t, client, url)); a.status != 200 {
				errs <- fmt.Sprintf("%s: setLevel %d %s", level, a.status, a.body)
				return
			}
			want := 0
			if level == "debug" || level == "info" {
				want = 3
			}
			for i := 0; i < 5; i++ {
				call := fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"test_tool_with_logging","arguments":{}}}`, 10+i)
				a = sessionCall{sid: sid, version: "2025-11-25", body: call}.do(t, client, url)
				if got := strings.Count(a.body, "notifications/message"); a.status != 200 || got != want ||
					!strings.Contains(a.body, fmt.Sprintf(`"id":%d`, 10+i)) {
					errs <- fmt.Sprintf("%s: call %d: %d, %d log messages (want %d): %s", level, i, a.status, got, want, a.body)
				}
			}
		}(level)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestWasmtimeSessionsSDK: the MCP TypeScript SDK's Streamable HTTP client
// against the examples composed with --sessions on wasmtime, with no
// WASMCP_LOG_LEVEL: the log messages it receives come from the level it
// set with logging/setLevel, kept in its session. It ends with DELETE.
func TestWasmtimeSessionsSDK(t *testing.T) {
	t.Parallel()
	wasm := composeSessions(t, "examples-sessions", toolsExample(t), contentExample(t))
	url := serveWasmtime(t, "examples-sessions", wasm, "WASMCP_SESSION_ENABLED=true")
	got := runClient(t, "http", url+"/mcp")
	checkSession(t, got, true)
	if got.SessionID == nil || len(*got.SessionID) != 32 {
		t.Errorf("session id the SDK client was given: %v", got.SessionID)
	}
	if got.AfterTerminate != nil {
		t.Errorf("session id after terminateSession: %q", *got.AfterTerminate)
	}
}

// TestJcoSessionsKeyvalue: the --sessions build under jco serve, its
// wasi:keyvalue given by internal/testutil/mcppeer/keyvalue.mjs with
// --jco-map; the SDK client's session, log level included, lives there.
func TestJcoSessionsKeyvalue(t *testing.T) {
	t.Parallel()
	wasm := composeSessions(t, "examples-sessions", toolsExample(t), contentExample(t))
	jco := testutil.Jco(t)
	url := once(t, "serve jco-sessions", func() (string, error) {
		return startServer("jco-sessions", []string{"WASMCP_SESSION_ENABLED=true"}, func(port int) []string {
			return append(jco, "serve", wasm, "--host", "127.0.0.1", "--port", fmt.Sprint(port),
				"--jco-dir", filepath.Join(tmpDir, "jco-sessions"),
				"--jco-map", "wasi:keyvalue/store@0.2.0-draft="+testutil.KeyvalueModule())
		})
	})
	got := runClient(t, "http", url+"/mcp")
	checkSession(t, got, true)
	if got.SessionID == nil || len(*got.SessionID) != 32 {
		t.Errorf("session id the SDK client was given: %v", got.SessionID)
	}
}
