package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestTokens(t *testing.T) {
	ts := newTestServer(t)
	init := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18"}}`
	for _, c := range []struct {
		method, path, token string
		body                string
		want                int
	}{
		{"POST", "/mcp", "", init, 401},
		{"POST", "/mcp", "wrong", init, 403},
		{"POST", "/mcp", clientToken, init, 200},
		{"GET", "/sse", "", "", 401},
		{"POST", "/messages?sessionId=x", "wrong", "{}", 403},
		// The admin API refuses the client token, and checks before reading.
		{"POST", "/add-prompt", clientToken, `{"name":"p","messages":[{"role":"user","text":"x"}]}`, 403},
		{"POST", "/add-prompt", "", `{"name":"p","messages":[{"role":"user","text":"x"}]}`, 401},
		{"DELETE", "/remove-plugin/tp", "wrong", "", 403},
		{"DELETE", "/remove-plugin/tp", clientToken, "", 403},
		{"POST", "/upload-plugin", clientToken, "", 403},
		// The admin token is not a client token.
		{"POST", "/mcp", adminToken, init, 403},
	} {
		code, body := doRequest(t, c.method, ts.url+c.path, c.token, strings.NewReader(c.body), "application/json")
		if code != c.want {
			t.Errorf("%s %s with token %q: %d, want %d (%s)", c.method, c.path, c.token, code, c.want, body)
		}
	}
	// Browser requests from other origins are refused (DNS rebinding).
	for origin, want := range map[string]int{"http://evil.example": 403, "http://localhost:5173": 200, ts.url: 200} {
		req, _ := http.NewRequest("POST", ts.url+"/mcp", strings.NewReader(init))
		req.Header.Set("Authorization", "Bearer "+clientToken)
		req.Header.Set("Origin", origin)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("Origin %s: %d, want %d", origin, resp.StatusCode, want)
		}
	}
	// Nothing changed: the plugin and the prompts are as loaded.
	if got := ts.Tools(); len(got) != 8 {
		t.Errorf("tools after refused admin calls: %v", got)
	}
	if b, _ := os.ReadFile(ts.cfg.promptsFile()); string(b) != testPromptsYAML {
		t.Errorf("prompts file changed:\n%s", b)
	}
}

func TestNoAuthentication(t *testing.T) {
	cfg := writeTestDir(t)
	cfg.AuthToken = NoAuthentication
	ts := startServer(t, cfg)
	c := &client{t: t, url: ts.url, hc: http.DefaultClient}
	c.initialize()
	if out, _, err := c.callTool("echo", map[string]any{"text": "x"}); err != nil || out != `{"text":"x"}` {
		t.Errorf("%q %v", out, err)
	}
	// The admin API still needs its token.
	code, _ := doRequest(t, "DELETE", ts.url+"/remove-plugin/tp", "", nil, "")
	if code != 401 {
		t.Errorf("admin without token: %d", code)
	}
}

func TestMalformedRequests(t *testing.T) {
	ts := newTestServer(t)
	c := ts.client(t)
	for _, body := range []string{`{"jsonrpc":"2.0","id":1,"method":`, `not json`, ``, `[]`, `{"jsonrpc":"1.0","id":1,"method":"ping"}`, `{"jsonrpc":"2.0","id":{},"method":"ping"}`, `{"jsonrpc":"2.0","id":1,"method":5}`} {
		resp := c.post([]byte(body))
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 400 || !strings.Contains(string(b), `"error"`) {
			t.Errorf("body %q: %d %s", body, resp.StatusCode, b)
		}
	}
	// A failed initialize creates no session.
	before := ts.sessionCount()
	noVersion := &client{t: t, url: ts.url, token: clientToken, hc: http.DefaultClient}
	if r := noVersion.call("initialize", map[string]any{}); r.Error == nil || noVersion.sid != "" || ts.sessionCount() != before {
		t.Errorf("initialize without protocolVersion: %+v sid=%q sessions %d→%d", r, noVersion.sid, before, ts.sessionCount())
	}
	// Bad params are JSON-RPC errors on a 200.
	r := c.call("tools/call", "a string")
	if r.Error == nil || r.Error.Code != codeInvalidParams {
		t.Errorf("string params: %+v", r)
	}
	r = c.call("tools/call", map[string]any{"name": "echo", "arguments": []int{1}})
	if r.Error == nil || r.Error.Code != codeInvalidParams {
		t.Errorf("array arguments: %+v", r)
	}

	// Unknown, missing and closed sessions.
	ping := `{"jsonrpc":"2.0","id":1,"method":"ping"}`
	for _, c := range []struct {
		method, path, sid string
		want              int
	}{
		{"POST", "/mcp", "no-such-session", 404},
		{"GET", "/mcp", "no-such-session", 404},
		{"DELETE", "/mcp", "no-such-session", 404},
		{"DELETE", "/mcp", "", 400},
		{"POST", "/messages?sessionId=no-such-session", "", 404},
		{"POST", "/messages", "", 400},
	} {
		code, body := doRequestWithSession(t, c.method, ts.url+c.path, c.sid, ping)
		if code != c.want {
			t.Errorf("%s %s session %q: %d, want %d (%s)", c.method, c.path, c.sid, code, c.want, body)
		}
	}
	// A legacy session id is not a Streamable HTTP session, and back.
	sse := openSSE(t, ts.url+"/sse", clientToken, nil)
	_, endpoint := sse.next(t, 5*time.Second)
	legacyID := strings.TrimPrefix(endpoint, "/messages?sessionId=")
	if code, _ := doRequestWithSession(t, "POST", ts.url+"/mcp", legacyID, ping); code != 404 {
		t.Errorf("legacy id on /mcp: %d", code)
	}
	if code, _ := doRequestWithSession(t, "POST", ts.url+"/messages?sessionId="+c.sid, "", ping); code != 404 {
		t.Errorf("streamable id on /messages: %d", code)
	}
	// Unsupported protocol version header.
	req, _ := http.NewRequest("POST", ts.url+"/mcp", strings.NewReader(ping))
	req.Header.Set("Authorization", "Bearer "+clientToken)
	req.Header.Set("Mcp-Session-Id", c.sid)
	req.Header.Set("Mcp-Protocol-Version", "1999-01-01")
	resp, _ := http.DefaultClient.Do(req)
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Errorf("bad protocol version: %d", resp.StatusCode)
	}
	// Oversized body.
	big := bytes.Repeat([]byte(" "), DefaultMaxBodySize+10)
	resp = c.post(big)
	resp.Body.Close()
	if resp.StatusCode != 413 {
		t.Errorf("oversized body: %d", resp.StatusCode)
	}
	// The session still works.
	if r := c.call("ping", nil); r.Error != nil {
		t.Errorf("ping: %+v", r.Error)
	}
}

func TestProtocolVersionNegotiation(t *testing.T) {
	ts := newTestServer(t)
	for _, c := range []struct{ asked, want string }{
		{"2025-11-25", "2025-11-25"}, {"2025-06-18", "2025-06-18"}, {"2025-03-26", "2025-03-26"},
		{"2024-11-05", "2025-11-25"}, {"2099-01-01", "2025-11-25"},
	} {
		cl := &client{t: t, url: ts.url, token: clientToken, hc: http.DefaultClient}
		r := cl.call("initialize", map[string]any{"protocolVersion": c.asked, "capabilities": map[string]any{}, "clientInfo": map[string]any{"name": "t", "version": "0"}})
		var res struct {
			ProtocolVersion string `json:"protocolVersion"`
		}
		json.Unmarshal(r.Result, &res)
		if res.ProtocolVersion != c.want {
			t.Errorf("asked %s: got %s, want %s", c.asked, res.ProtocolVersion, c.want)
		}
	}
}

func TestLegacySSE(t *testing.T) {
	ts := newTestServer(t)
	for _, path := range []string{"/sse", "/mcp"} {
		sse := openSSE(t, ts.url+path, clientToken, nil)
		name, endpoint := sse.next(t, 5*time.Second)
		if name != "endpoint" || !strings.HasPrefix(endpoint, "/messages?sessionId=") {
			t.Fatalf("%s: first event %q %q", path, name, endpoint)
		}
		post := func(body string) {
			code, b := doRequest(t, "POST", ts.url+endpoint, clientToken, strings.NewReader(body), "application/json")
			if code != 202 {
				t.Fatalf("POST %s: %d %s", endpoint, code, b)
			}
		}
		post(`{"jsonrpc":"2.0","id":"a","method":"initialize","params":{"protocolVersion":"2024-11-05","capabilities":{},"clientInfo":{"name":"t","version":"0"}}}`)
		name, data := sse.next(t, 5*time.Second)
		if name != "message" || !strings.Contains(data, `"protocolVersion":"2024-11-05"`) || !strings.Contains(data, `"id":"a"`) {
			t.Fatalf("%s: initialize reply %q %s", path, name, data)
		}
		post(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)
		post(`{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo","arguments":{"text":"legacy"}}}`)
		_, data = sse.next(t, 5*time.Second)
		if !strings.Contains(data, `"id":7`) || !strings.Contains(data, `{\"text\":\"legacy\"}`) {
			t.Fatalf("%s: tools/call reply %s", path, data)
		}
		// Malformed: refused with 400, not answered on the stream.
		if code, _ := doRequest(t, "POST", ts.url+endpoint, clientToken, strings.NewReader(`{"jsonrpc":"2.0","id":8,"method":"ping"`), "application/json"); code != 400 {
			t.Errorf("malformed message: %d", code)
		}
	}
}

func TestMisbehavingPlugins(t *testing.T) {
	cfg := writeTestDir(t)
	cfg.CallTimeout = time.Second
	ts := startServer(t, cfg)
	c := ts.client(t)
	for _, c2 := range []struct{ tool, want string }{
		{"fail", "the plugin refused"},
		{"trap", "wasm error"},
		{"loop", "did not finish within 1s"},
		{"oom", "wasm error"},
	} {
		start := time.Now()
		out, isErr, err := c.callTool(c2.tool, nil)
		if err != nil || !isErr || !strings.Contains(out, c2.want) {
			t.Errorf("%s: %q isError=%v err=%v", c2.tool, out, isErr, err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s took %v", c2.tool, d)
		}
		if out, isErr, err := c.callTool("echo", map[string]any{"text": "alive"}); err != nil || isErr || out != `{"text":"alive"}` {
			t.Fatalf("after %s: %q %v %v", c2.tool, out, isErr, err)
		}
	}
}

// 8 clients, each with its own session, make 500 calls each with payloads
// of their own, and check that every answer is theirs.
func TestConcurrentClients(t *testing.T) {
	ts := newTestServer(t)
	const clients, calls = 8, 500
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	start := time.Now()
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := ts.client(t)
			for j := range calls {
				text := fmt.Sprintf("client %d call %d", i, j)
				var out string
				var isErr bool
				var err error
				if j%2 == 0 {
					out, isErr, err = c.callTool("echo", map[string]any{"text": text})
					text = fmt.Sprintf(`{"text":%q}`, text)
				} else {
					out, isErr, err = c.callTool("add", map[string]any{"a": i * 1000, "b": j})
					text = fmt.Sprint(i*1000 + j)
				}
				if err != nil || isErr || out != text {
					errs <- fmt.Errorf("client %d call %d: got %q (isError %v, %v), want %q", i, j, out, isErr, err, text)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	d := time.Since(start)
	t.Logf("%d calls in %v (%.0f calls/s)", clients*calls, d, float64(clients*calls)/d.Seconds())
}

func TestStdio(t *testing.T) {
	ts := newTestServer(t)
	in := strings.Join([]string{
		`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2024-11-05","capabilities":{},"clientInfo":{"name":"t","version":"0"}}}`,
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`,
		`this is not json`,
		``,
		`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"text":"over stdio"}}}`,
		`{"jsonrpc":"2.0","id":3,"method":"prompts/list"}`,
	}, "\n") + "\n"
	var out bytes.Buffer
	if err := ts.ServeStdio(context.Background(), strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var m struct {
			ID    json.RawMessage `json:"id"`
			Error *rpcError       `json:"error"`
		}
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		got[string(m.ID)] = line
	}
	if !strings.Contains(got["1"], `"protocolVersion":"2024-11-05"`) || !strings.Contains(got["2"], `over stdio`) ||
		!strings.Contains(got["3"], `roll-dice`) || !strings.Contains(got["null"], `-32700`) {
		t.Errorf("stdio output:\n%s", out.String())
	}
}

func TestBadConfigDoesNotStart(t *testing.T) {
	for _, c := range []struct {
		file, content, want string
	}{
		{"plugins/plugins.yml", strings.Replace(testPluginsYAML, "type: number", "type: integer", 1), `plugins.yml:21:29: plugins[0].functions[1].arguments[0].type: "integer" is not one of`},
		{"plugins/plugins.yml", strings.Replace(testPluginsYAML, "function: slow", "function: nosuch", 1), `does not export "nosuch"`},
		{"plugins/plugins.yml", strings.Replace(testPluginsYAML, "/tp/testplugin.wasm", "/tp/missing.wasm", 1), `plugins[0] "tp": path: open`},
		{"resources/resources.yml", strings.Replace(testResourcesYAML, "uri: llm://instructions", "uri: llm://{x", 1), `resources.yml:4:12: resources.static[0].uri`},
		{"prompts/prompts.yml", strings.Replace(testPromptsYAML, "role: user", "role: robot", 1), `prompts.yml:9:17: prompts.predefined[0].messages[0].role`},
		{"plugins/tp/testplugin.wasm", "not wasm", "not a WebAssembly module"},
	} {
		cfg := writeTestDir(t)
		base := filepath.Dir(cfg.PluginsPath)
		if err := os.WriteFile(filepath.Join(base, c.file), []byte(c.content), 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := New(cfg)
		if err == nil {
			s.Close()
			t.Errorf("%s: New succeeded", c.file)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.file, err, c.want)
		}
	}
}

func TestEnvConfigLayouts(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{}
	get := func(k string) string { return env[k] }
	c := EnvConfig(get, dir)
	if c.PluginsPath != filepath.Join(dir, "plugins") || c.UploadPath != filepath.Join(dir, "plugins", "bucket") || c.PromptsFile != "prompts.yml" {
		t.Errorf("WASImancer layout: %+v", c)
	}
	os.WriteFile(filepath.Join(dir, "plugins.yml"), []byte("plugins: []\n"), 0o644)
	c = EnvConfig(get, dir)
	if c.PluginsPath != dir || c.ResourcesPath != filepath.Join(dir, "resources") {
		t.Errorf("flat layout: %+v", c)
	}
	env["PLUGINS_PATH"], env["UPLOAD_PATH"], env["PLUGINS_DEFINITION_FILE"] = "p", "/up", "defs.yml"
	c = EnvConfig(get, dir)
	if c.PluginsPath != filepath.Join(dir, "p") || c.UploadPath != "/up" || c.pluginsFile() != filepath.Join(dir, "p", "defs.yml") {
		t.Errorf("env: %+v", c)
	}
	notes := c.EnsureTokens()
	if len(notes) != 2 || c.AuthToken == "" || c.AdminToken == "" || c.AuthToken == c.AdminToken {
		t.Errorf("tokens: %v", notes)
	}
}

// Several HTTP+SSE sessions post concurrently; each stream carries exactly
// the answers to its own session's requests.
func TestLegacySSEConcurrentSessions(t *testing.T) {
	ts := newTestServer(t)
	const sessions, calls = 4, 100
	var wg sync.WaitGroup
	errs := make(chan error, sessions)
	for i := range sessions {
		sse := openSSE(t, ts.url+"/sse", clientToken, nil)
		_, endpoint := sse.next(t, 10*time.Second)
		wg.Add(1)
		go func() {
			defer wg.Done()
			tr := &http.Transport{MaxIdleConnsPerHost: 4}
			defer tr.CloseIdleConnections()
			hc := &http.Client{Transport: tr, Timeout: time.Minute}
			post := func(body string) error {
				req, _ := http.NewRequest("POST", ts.url+endpoint, strings.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+clientToken)
				req.Header.Set("Content-Type", "application/json")
				resp, err := hc.Do(req)
				if err != nil {
					return err
				}
				resp.Body.Close()
				if resp.StatusCode != 202 {
					return fmt.Errorf("HTTP %d", resp.StatusCode)
				}
				return nil
			}
			for j := range calls {
				if err := post(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"echo","arguments":{"text":"s%d-c%d"}}}`, j, i, j)); err != nil {
					errs <- err
					return
				}
			}
			seen := map[string]bool{}
			for range calls {
				_, data := sse.next(t, 30*time.Second)
				var m struct {
					ID     int
					Result toolResult
				}
				if err := json.Unmarshal([]byte(data), &m); err != nil {
					errs <- fmt.Errorf("session %d: %v: %s", i, err, data)
					return
				}
				want := fmt.Sprintf(`{"text":"s%d-c%d"}`, i, m.ID)
				if len(m.Result.Content) != 1 || m.Result.Content[0].Text != want || seen[want] {
					errs <- fmt.Errorf("session %d: answer %s, want %s once", i, data, want)
					return
				}
				seen[want] = true
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func (s *Server) sessionCount() int {
	s.sessMu.Lock()
	defer s.sessMu.Unlock()
	return len(s.sessions)
}
