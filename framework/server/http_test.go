package main

import (
	"encoding/json"
	"strings"
	"testing"
)

const (
	acceptBoth = "application/json, text/event-stream"
	ctJSON     = "application/json"
)

// serveDefault serves the transport with logging on (from debug up) and a
// 64 KiB body limit; serveStrict with SSE disabled and an Origin required
// from one allowed origin.
func serveDefault(t testing.TB) string {
	return serve(t, "default", "WASMCP_LOG_LEVEL=debug", "WASMCP_MAX_BODY=65536")
}

const strictOrigin = "https://app.example.com"

func serveStrict(t *testing.T) string {
	return serve(t, "strict", "WASMCP_LOG_LEVEL=debug", "WASMCP_DISABLE_SSE=true",
		"WASMCP_REQUIRE_ORIGIN=1", "WASMCP_ALLOWED_ORIGINS="+strictOrigin)
}

func initBody(version string) string {
	return `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"` + version +
		`","capabilities":{},"clientInfo":{"name":"test","version":"1.0.0"}}}`
}

// rpc is a JSON-RPC response as the tests read it.
type rpc struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Method  string          `json:"method"`
	Result  json.RawMessage `json:"result"`
	Error   *struct {
		Code    int64           `json:"code"`
		Message string          `json:"message"`
		Data    json.RawMessage `json:"data"`
	} `json:"error"`
	Params json.RawMessage `json:"params"`
}

func decode(t *testing.T, s string) rpc {
	t.Helper()
	var r rpc
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		t.Fatalf("not a JSON-RPC message: %v: %q", err, s)
	}
	return r
}

// sseMessages splits an SSE body into the data of its message events.
func sseMessages(t *testing.T, body string) []string {
	t.Helper()
	var out []string
	for _, ev := range strings.Split(strings.TrimSpace(body), "\n\n") {
		var data []string
		event := ""
		for _, line := range strings.Split(ev, "\n") {
			switch {
			case strings.HasPrefix(line, "event: "):
				event = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data = append(data, strings.TrimPrefix(line, "data: "))
			}
		}
		if event != "message" {
			t.Fatalf("SSE event %q, want message: %q", event, body)
		}
		out = append(out, strings.Join(data, "\n"))
	}
	return out
}

func TestInitializeNegotiatesVersion(t *testing.T) {
	url := serveDefault(t) + "/mcp"
	for _, c := range []struct{ asked, want string }{
		{"2025-11-25", "2025-11-25"},
		{"2025-06-18", "2025-06-18"},
		{"2025-03-26", "2025-03-26"},
		{"2024-11-05", "2025-11-25"},
	} {
		resp, body := do(t, "POST", url, initBody(c.asked), "Accept", acceptBoth, "Content-Type", ctJSON)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != ctJSON {
			t.Fatalf("initialize %s: %d %s %q", c.asked, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
		r := decode(t, body)
		var res struct {
			ProtocolVersion string
			Capabilities    map[string]json.RawMessage
			ServerInfo      struct{ Name, Version string }
			Instructions    string
		}
		if err := json.Unmarshal(r.Result, &res); err != nil || string(r.ID) != "1" {
			t.Fatalf("initialize %s: %v %q", c.asked, err, body)
		}
		if res.ProtocolVersion != c.want {
			t.Errorf("asked %s: negotiated %s, want %s", c.asked, res.ProtocolVersion, c.want)
		}
		if res.Capabilities["tools"] == nil || res.Capabilities["logging"] == nil || res.ServerInfo.Name != "wasmcp" || res.Instructions != "Test handler." {
			t.Errorf("initialize result %s", r.Result)
		}
	}
}

// callContext asks the test handler for the context the transport passed.
func callContext(t *testing.T, url string, id string, headers ...string) (int, map[string]any) {
	t.Helper()
	body := `{"jsonrpc":"2.0","id":` + id + `,"method":"test/context","params":{"_meta":{"progressToken":"tok"}}}`
	resp, out := do(t, "POST", url, body, append([]string{"Accept", acceptBoth, "Content-Type", ctJSON}, headers...)...)
	r := decode(t, out)
	if r.Error != nil {
		return resp.StatusCode, map[string]any{"error": float64(r.Error.Code), "id": string(r.ID)}
	}
	var m map[string]any
	if err := json.Unmarshal(r.Result, &m); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	return resp.StatusCode, m
}

func TestProtocolVersionHeader(t *testing.T) {
	url := serveDefault(t) + "/mcp"
	if st, m := callContext(t, url, "7"); st != 200 || m["protocolVersion"] != "2025-03-26" {
		t.Errorf("without header: %d %v, want 2025-03-26 (the spec's default)", st, m)
	}
	if st, m := callContext(t, url, "7", "MCP-Protocol-Version", "2025-06-18"); st != 200 || m["protocolVersion"] != "2025-06-18" {
		t.Errorf("with 2025-06-18: %d %v", st, m)
	}
	if st, m := callContext(t, url, "7", "MCP-Protocol-Version", "1999-01-01"); st != 400 || m["error"] != float64(-32600) || m["id"] != "7" {
		t.Errorf("unsupported version: %d %v, want 400 with -32600 and id 7", st, m)
	}
}

func TestRequestContext(t *testing.T) {
	url := serveDefault(t) + "/mcp"
	_, m := callContext(t, url, "42")
	id, _ := m["id"].(map[string]any)
	if id["tag"] != "number" || id["val"] != "42" || m["progressToken"] != `"tok"` || m["sessionId"] != nil {
		t.Errorf("context %v", m)
	}
	// The transport closes each request's channel: only this one is open.
	if m["openChannels"] != float64(1) {
		t.Errorf("open channels during a request = %v, want 1", m["openChannels"])
	}
	_, m = callContext(t, url, `"abc"`)
	if id, _ := m["id"].(map[string]any); id["tag"] != "text" || id["val"] != "abc" {
		t.Errorf("string id: context %v", m)
	}
}

func TestJSONOrSSE(t *testing.T) {
	url := serveDefault(t) + "/mcp"
	call := `{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"},"_meta":{"progressToken":9}}}`

	// Notifications were queued and the client accepts SSE: a stream with
	// the log message, the progress, then the result.
	resp, body := do(t, "POST", url, call, "Accept", acceptBoth, "Content-Type", ctJSON)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("SSE: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	msgs := sseMessages(t, body)
	if len(msgs) != 4 {
		t.Fatalf("SSE messages %q, want 4", msgs)
	}
	if r := decode(t, msgs[0]); r.Method != "notifications/message" || !strings.Contains(string(r.Params), `"echoing"`) {
		t.Errorf("first event %s, want the log message", msgs[0])
	}
	for i, want := range []string{`"progress":1`, `"progress":2`} {
		if r := decode(t, msgs[1+i]); r.Method != "notifications/progress" || !strings.Contains(string(r.Params), want) || !strings.Contains(string(r.Params), `"progressToken":9`) {
			t.Errorf("event %d %s, want progress %s", 1+i, msgs[1+i], want)
		}
	}
	if r := decode(t, msgs[3]); string(r.ID) != "3" || !strings.Contains(string(r.Result), `"text":"hi"`) {
		t.Errorf("last event %s, want the result", msgs[3])
	}

	// A client that accepts only JSON gets the result alone.
	resp, body = do(t, "POST", url, call, "Accept", "application/json", "Content-Type", ctJSON)
	if r := decode(t, body); resp.StatusCode != 200 || resp.Header.Get("Content-Type") != ctJSON || string(r.ID) != "3" || r.Result == nil {
		t.Errorf("JSON only: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}

	// Nothing queued, both accepted: JSON. Only SSE accepted: SSE.
	list := `{"jsonrpc":"2.0","id":4,"method":"tools/list"}`
	resp, body = do(t, "POST", url, list, "Accept", acceptBoth, "Content-Type", ctJSON)
	if resp.Header.Get("Content-Type") != ctJSON || !strings.Contains(body, `"echo"`) {
		t.Errorf("tools/list: %q %q", resp.Header.Get("Content-Type"), body)
	}
	resp, body = do(t, "POST", url, list, "Accept", "text/event-stream", "Content-Type", ctJSON)
	if resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Errorf("tools/list, SSE only: %q %q", resp.Header.Get("Content-Type"), body)
	} else if msgs := sseMessages(t, body); len(msgs) != 1 || string(decode(t, msgs[0]).ID) != "4" {
		t.Errorf("tools/list, SSE only: %q", body)
	}
	// Accepting neither: 406.
	if resp, body = do(t, "POST", url, list, "Accept", "text/html", "Content-Type", ctJSON); resp.StatusCode != 406 {
		t.Errorf("Accept text/html: %d %q, want 406", resp.StatusCode, body)
	}
}

func TestDisableSSE(t *testing.T) {
	url := serveStrict(t) + "/mcp"
	call := `{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"},"_meta":{"progressToken":9}}}`
	resp, body := do(t, "POST", url, call, "Accept", acceptBoth, "Content-Type", ctJSON, "Origin", strictOrigin)
	if r := decode(t, body); resp.StatusCode != 200 || resp.Header.Get("Content-Type") != ctJSON || string(r.ID) != "3" || r.Result == nil {
		t.Errorf("SSE disabled: %d %q %q, want the JSON result", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	resp, body = do(t, "POST", url, call, "Accept", "text/event-stream", "Content-Type", ctJSON, "Origin", strictOrigin)
	if resp.StatusCode != 406 {
		t.Errorf("SSE disabled, client accepts only SSE: %d %q, want 406", resp.StatusCode, body)
	}
}

func TestNotificationsAndResponsesAccepted(t *testing.T) {
	url := serveDefault(t) + "/mcp"
	for _, body := range []string{
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`,
		`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}`,
		`{"jsonrpc":"2.0","id":5,"result":{}}`,
		`{"jsonrpc":"2.0","id":6,"error":{"code":-32601,"message":"no"}}`,
	} {
		resp, out := do(t, "POST", url, body, "Accept", acceptBoth, "Content-Type", ctJSON)
		if resp.StatusCode != 202 || out != "" {
			t.Errorf("%s: %d %q, want 202 with no body", body, resp.StatusCode, out)
		}
	}
}

func TestMethodsOtherThanPost(t *testing.T) {
	url := serveDefault(t)
	for _, m := range []string{"GET", "DELETE", "PUT"} {
		resp, body := do(t, m, url+"/mcp", "", "Accept", "text/event-stream")
		if resp.StatusCode != 405 || resp.Header.Get("Allow") != "POST" {
			t.Errorf("%s: %d Allow %q %q, want 405 with Allow: POST (stateless, no push)", m, resp.StatusCode, resp.Header.Get("Allow"), body)
		}
	}
	if resp, body := do(t, "POST", url+"/other", initBody("2025-06-18"), "Accept", acceptBoth, "Content-Type", ctJSON); resp.StatusCode != 404 {
		t.Errorf("POST /other: %d %q, want 404", resp.StatusCode, body)
	}
}

func TestErrors(t *testing.T) {
	url := serveDefault(t) + "/mcp"
	for _, c := range []struct {
		name, body string
		status     int
		code       int64
		id         string
	}{
		{"malformed", `{"jsonrpc":"2.0","id":1,"method":`, 400, -32700, ""},
		{"batch", `[{"jsonrpc":"2.0","id":1,"method":"ping"}]`, 400, -32600, ""},
		{"no jsonrpc", `{"id":8,"method":"ping"}`, 400, -32600, "8"},
		{"params not an object", `{"jsonrpc":"2.0","id":9,"method":"tools/list","params":[1]}`, 400, -32602, "9"},
		{"unknown method", `{"jsonrpc":"2.0","id":10,"method":"nope/nothing"}`, 200, -32601, "10"},
		{"unknown tool", `{"jsonrpc":"2.0","id":"u","method":"tools/call","params":{"name":"missing"}}`, 200, -32602, `"u"`},
		{"failing tool", `{"jsonrpc":"2.0","id":11,"method":"tools/call","params":{"name":"fail"}}`, 200, -32603, "11"},
		{"unknown prompt", `{"jsonrpc":"2.0","id":14,"method":"prompts/get","params":{"name":"p"}}`, 200, -32602, "14"},
		{"unknown resource", `{"jsonrpc":"2.0","id":15,"method":"resources/read","params":{"uri":"file:///nope"}}`, 200, -32002, "15"},
		{"initialize without version", `{"jsonrpc":"2.0","id":12,"method":"initialize","params":{}}`, 200, -32602, "12"},
	} {
		resp, body := do(t, "POST", url, c.body, "Accept", acceptBoth, "Content-Type", ctJSON)
		r := decode(t, body)
		if resp.StatusCode != c.status || r.Error == nil || r.Error.Code != c.code || string(r.ID) != c.id {
			t.Errorf("%s: %d %q, want %d with %d and id %q", c.name, resp.StatusCode, body, c.status, c.code, c.id)
		}
	}
	// A completion nobody knows is empty, not an error.
	if _, body := do(t, "POST", url, `{"jsonrpc":"2.0","id":16,"method":"completion/complete","params":{"ref":{"type":"ref/prompt","name":"p"},"argument":{"name":"a","value":"b"}}}`, "Accept", acceptBoth, "Content-Type", ctJSON); body != `{"jsonrpc":"2.0","id":16,"result":{"completion":{"values":[],"hasMore":false}}}` {
		t.Errorf("completion/complete: %q", body)
	}
	// ping is answered by the transport.
	if _, body := do(t, "POST", url, `{"jsonrpc":"2.0","id":13,"method":"ping"}`, "Accept", acceptBoth, "Content-Type", ctJSON); body != `{"jsonrpc":"2.0","id":13,"result":{}}` {
		t.Errorf("ping: %q", body)
	}
	// A body that is not JSON by its Content-Type: 415.
	if resp, body := do(t, "POST", url, `{}`, "Accept", acceptBoth, "Content-Type", "text/plain"); resp.StatusCode != 415 {
		t.Errorf("text/plain body: %d %q, want 415", resp.StatusCode, body)
	}
}

func TestOrigin(t *testing.T) {
	url := serveDefault(t) + "/mcp"
	resp, body := do(t, "POST", url, initBody("2025-06-18"), "Accept", acceptBoth, "Content-Type", ctJSON, "Origin", "http://evil.example.com")
	if r := decode(t, body); resp.StatusCode != 403 || r.Error == nil {
		t.Errorf("evil origin: %d %q, want 403 with a JSON-RPC error", resp.StatusCode, body)
	}
	resp, body = do(t, "POST", url, initBody("2025-06-18"), "Accept", acceptBoth, "Content-Type", ctJSON, "Origin", "http://localhost:6274")
	if resp.StatusCode != 200 || resp.Header.Get("Access-Control-Allow-Origin") != "http://localhost:6274" {
		t.Errorf("localhost origin: %d %v %q, want 200 with CORS headers", resp.StatusCode, resp.Header, body)
	}
	// A browser's preflight from an allowed origin is answered; from another
	// origin it is refused; without Origin it is no preflight (405).
	resp, body = do(t, "OPTIONS", url, "", "Origin", "http://localhost:6274", "Access-Control-Request-Method", "POST",
		"Access-Control-Request-Headers", "content-type, mcp-protocol-version")
	if resp.StatusCode != 204 || resp.Header.Get("Access-Control-Allow-Origin") != "http://localhost:6274" ||
		resp.Header.Get("Access-Control-Allow-Methods") != "POST" || !strings.Contains(resp.Header.Get("Access-Control-Allow-Headers"), "Mcp-Protocol-Version") {
		t.Errorf("preflight: %d %v %q", resp.StatusCode, resp.Header, body)
	}
	if resp, body = do(t, "OPTIONS", url, "", "Origin", "http://evil.example.com", "Access-Control-Request-Method", "POST"); resp.StatusCode != 403 || resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("preflight from evil origin: %d %v %q, want 403 without CORS headers", resp.StatusCode, resp.Header, body)
	}
	if resp, body = do(t, "OPTIONS", url, ""); resp.StatusCode != 405 {
		t.Errorf("OPTIONS without Origin: %d %q, want 405", resp.StatusCode, body)
	}
}

func TestOriginFromEnvironment(t *testing.T) {
	url := serveStrict(t) + "/mcp"
	for _, c := range []struct {
		origin string
		status int
	}{{"", 403}, {"http://localhost:6274", 403}, {strictOrigin, 200}} {
		h := []string{"Accept", acceptBoth, "Content-Type", ctJSON}
		if c.origin != "" {
			h = append(h, "Origin", c.origin)
		}
		if resp, body := do(t, "POST", url, initBody("2025-06-18"), h...); resp.StatusCode != c.status {
			t.Errorf("origin %q: %d %q, want %d", c.origin, resp.StatusCode, body, c.status)
		}
	}
}

func TestBodyLimit(t *testing.T) {
	url := serveDefault(t) + "/mcp"
	big := `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"` + strings.Repeat("x", 70000) + `"}}`
	resp, body := do(t, "POST", url, big, "Accept", acceptBoth, "Content-Type", ctJSON)
	if resp.StatusCode != 413 {
		t.Errorf("oversized body: %d %q, want 413", resp.StatusCode, body)
	}
	// Just under the limit, in many reads: answered.
	ok := `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"` + strings.Repeat("y", 60000) + `"}}`
	if resp, body := do(t, "POST", url, ok, "Accept", acceptBoth, "Content-Type", ctJSON); resp.StatusCode != 200 || !strings.Contains(body, `"result":{}`) {
		t.Errorf("body under the limit: %d %q", resp.StatusCode, body)
	}
}
