package server

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/wasmcp/wasmcp/internal/testutil"
)

// The tests of this file: components that ask the client during a call
// (wasmcp:mcp/client, contract 0.2.0), through the conformance example's
// test_sampling and test_elicitation, with the MCP TypeScript SDK client
// answering.

type askOutput struct {
	Results []struct {
		I                                            int
		Sampling, Elicitation, Roots, UrlElicitation string
		SamplingParams, ElicitationParams, UrlParams map[string]any
	}
}

func runAskClient(t *testing.T, mode, target string, n int) askOutput {
	t.Helper()
	var got askOutput
	runScript(t, &got, "ask.mjs", mode, target, fmt.Sprint(n))
	return got
}

// checkAsked: every call got its own client's answers.
func checkAsked(t *testing.T, got askOutput, n int) {
	t.Helper()
	if len(got.Results) != n {
		t.Fatalf("%d clients reported, want %d", len(got.Results), n)
	}
	for _, r := range got.Results {
		if want := fmt.Sprintf("LLM response: client %d read: prompt of %d", r.I, r.I); r.Sampling != want {
			t.Errorf("client %d: test_sampling answered %q, want %q", r.I, r.Sampling, want)
		}
		want := fmt.Sprintf(`User response: action=accept, content={"username":"user-%d","email":"user-%d@example.com"}`, r.I, r.I)
		if r.Elicitation != want {
			t.Errorf("client %d: test_elicitation answered %q, want %q", r.I, r.Elicitation, want)
		}
		if fmt.Sprint(r.SamplingParams["maxTokens"]) != "100" {
			t.Errorf("client %d: sampling params %v", r.I, r.SamplingParams)
		}
		if r.ElicitationParams["message"] != fmt.Sprintf("message for %d", r.I) || r.ElicitationParams["requestedSchema"] == nil {
			t.Errorf("client %d: elicitation params %v", r.I, r.ElicitationParams)
		}
		if want := fmt.Sprintf("Roots: file:///client-%d (root %d)", r.I, r.I); r.Roots != want {
			t.Errorf("client %d: test_roots answered %q, want %q", r.I, r.Roots, want)
		}
		action := map[bool]string{true: "decline", false: "accept"}[r.I%2 == 1]
		url := fmt.Sprintf("https://example.com/login/%d", r.I)
		if r.UrlElicitation != "URL elicitation: action="+action || r.UrlParams["url"] != url || r.UrlParams["elicitationId"] != "e2e-"+url {
			t.Errorf("client %d: URL elicitation %q with params %v", r.I, r.UrlElicitation, r.UrlParams)
		}
	}
}

// TestAskClientWasmtime: 8 SDK clients at once on the wasmtime test host
// (the --sessions build, an instance per request): each call's request
// goes out on its own SSE stream, the answer arrives as another POST in
// another instance and reaches the waiting call through wasi:keyvalue.
func TestAskClientWasmtime(t *testing.T) {
	t.Parallel()
	wasm := composeSessions(t, "conformance-sessions", conformanceExample(t))
	url := serveWasmtime(t, "ask", wasm, "WASMCP_SESSION_ENABLED=true") + "/mcp"
	checkAsked(t, runAskClient(t, "http", url, 8), 8)
}

// TestAskClientStdio: the same over stdio, the request and the answer on
// the pipe.
func TestAskClientStdio(t *testing.T) {
	t.Parallel()
	argv, _ := json.Marshal([]string{testutil.WasmtimeHost(t), "run", compose(t, "conformance-stdio", "stdio", conformanceExample(t))})
	checkAsked(t, runAskClient(t, "stdio", string(argv), 1), 1)
}

// TestAskClientTimeoutAndForgery: on wasmtime, a client that never
// answers: the call's stream carries the request, then its cancellation,
// then the tool's error, within the timeout. Meanwhile another session
// POSTs an answer with the request's id: it is not the asked client's, so
// the waiting call never takes it. A client without the sampling
// capability is refused at once.
func TestAskClientTimeoutAndForgery(t *testing.T) {
	t.Parallel()
	wasm := composeSessions(t, "conformance-sessions", conformanceExample(t))
	url := serveWasmtime(t, "ask-timeout", wasm, "WASMCP_SESSION_ENABLED=true", "WASMCP_CLIENT_TIMEOUT_MS=3000") + "/mcp"
	client := &http.Client{Timeout: time.Minute}
	open := func(caps string) string {
		r := sessionCall{body: `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":` + caps + `,"clientInfo":{"name":"e2e","version":"1"}}}`}.do(t, client, url)
		if r.sid == "" {
			t.Fatalf("initialize: %d %s", r.status, r.body)
		}
		sessionCall{sid: r.sid, version: "2025-06-18", body: `{"jsonrpc":"2.0","method":"notifications/initialized"}`}.do(t, client, url)
		return r.sid
	}
	asked, forger := open(`{"sampling":{}}`), open(`{"sampling":{}}`)
	call := `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"test_sampling","arguments":{"prompt":"anyone there?"}}}`

	req, _ := http.NewRequest("POST", url, strings.NewReader(call))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("Mcp-Session-Id", asked)
	req.Header.Set("Mcp-Protocol-Version", "2025-06-18")
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("tools/call answered %d %s", resp.StatusCode, ct)
	}
	events := readEvents(resp.Body)
	first, ok := <-events
	var request struct {
		ID     string
		Method string
	}
	if !ok || json.Unmarshal([]byte(first.data), &request) != nil || request.Method != "sampling/createMessage" || request.ID == "" {
		t.Fatalf("first event on the call's stream: %+v", first)
	}
	// Another session answers in the asked client's place.
	forged := sessionCall{sid: forger, version: "2025-06-18",
		body: `{"jsonrpc":"2.0","id":"` + request.ID + `","result":{"role":"assistant","content":{"type":"text","text":"forged"},"model":"m"}}`}.do(t, client, url)
	if forged.status != 202 {
		t.Errorf("the forged answer: %d %s", forged.status, forged.body)
	}
	var rest []string
	for e := range events {
		rest = append(rest, e.data)
	}
	took := time.Since(start)
	if len(rest) != 2 || !strings.Contains(rest[0], `"method":"notifications/cancelled"`) || !strings.Contains(rest[0], request.ID) {
		t.Fatalf("after the request, the stream carried %q; want the cancellation and the response", rest)
	}
	if !strings.Contains(rest[1], `"id":7`) || !strings.Contains(rest[1], `"isError":true`) || !strings.Contains(rest[1], "did not answer") || strings.Contains(rest[1], "forged") {
		t.Errorf("the call's response: %s", rest[1])
	}
	if took < 3*time.Second || took > 30*time.Second {
		t.Errorf("the call took %v with a 3 s timeout", took)
	}

	// No sampling capability: refused at once, no request on the wire.
	plain := open(`{}`)
	r := sessionCall{sid: plain, version: "2025-06-18", body: call}.do(t, client, url)
	if r.status != 200 || !strings.Contains(r.body, "did not declare the sampling capability") || strings.Contains(r.body, "sampling/createMessage") {
		t.Errorf("without the capability: %d %s", r.status, r.body)
	}
}

// TestAskClientStdioTimeout: over stdio, a client that never answers: the
// request goes out on stdout, then its cancellation and the tool's error
// after the timeout. A ping the client sends while the call waits is read
// by the session part and handed back, so the transport answers it after
// the call.
func TestAskClientStdioTimeout(t *testing.T) {
	t.Parallel()
	cmd := exec.Command(testutil.WasmtimeHost(t), "run", compose(t, "conformance-stdio", "stdio", conformanceExample(t)))
	cmd.Env = append(os.Environ(), "WASMCP_CLIENT_TIMEOUT_MS=1500")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	setGroup(cmd)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer killGroup(cmd)
	lines := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	next := func() string {
		select {
		case l := <-lines:
			return l
		case <-time.After(30 * time.Second):
			t.Fatal("no line from the server in 30 s")
		}
		return ""
	}
	send := func(s string) { io.WriteString(stdin, s+"\n") }
	send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{"sampling":{}},"clientInfo":{"name":"e2e","version":"1"}}}`)
	next()
	send(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	send(`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"test_sampling","arguments":{"prompt":"hello?"}}}`)
	var req struct{ ID, Method string }
	if l := next(); json.Unmarshal([]byte(l), &req) != nil || req.Method != "sampling/createMessage" {
		t.Fatalf("first line after the call: %s", l)
	}
	send(`{"jsonrpc":"2.0","id":9,"method":"ping"}`)
	cancelled, resp, pong := next(), next(), next()
	if !strings.Contains(cancelled, `"notifications/cancelled"`) || !strings.Contains(cancelled, req.ID) {
		t.Errorf("after the request: %s", cancelled)
	}
	if !strings.Contains(resp, `"id":2`) || !strings.Contains(resp, `"isError":true`) || !strings.Contains(resp, "did not answer") {
		t.Errorf("the call's response: %s", resp)
	}
	if pong != `{"jsonrpc":"2.0","id":9,"result":{}}` {
		t.Errorf("the ping sent while the call waited: %s", pong)
	}
	stdin.Close()
}
