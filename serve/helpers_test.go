package serve

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wasmcp/wasmcp/internal/testutil"
)

var testWasm []byte

const (
	clientToken = "client-secret"
	adminToken  = "admin-secret"
)

// TestMain builds the test plugin (stock Go, wasip1, c-shared) once.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "serve-test")
	if err != nil {
		panic(err)
	}
	out := filepath.Join(dir, "testplugin.wasm")
	cmd := exec.Command("go", "build", "-buildmode=c-shared", "-o", out, ".")
	cmd.Dir = filepath.Join("testdata", "testplugin")
	cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm")
	if b, err := cmd.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building the test plugin: %v\n%s", err, b)
		os.Exit(1)
	}
	testWasm, err = os.ReadFile(out)
	if err != nil {
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

const testPluginsYAML = `about: test plugins
plugins:
  - name: tp
    version: 1.0.0
    description: the test plugin
    path: /tp/testplugin.wasm
    config:
      version: "1"
    env: [SERVE_TEST_VISIBLE, WASIMANCER_ADMIN_TOKEN]
    functions:
      - displayName: echo
        function: echo
        description: echoes its arguments
        arguments:
          - name: text
            type: string
            description: what to echo
      - displayName: add
        function: add
        arguments:
          - {name: a, type: number}
          - {name: b, type: number}
      - {displayName: fail, function: fail}
      - {displayName: trap, function: trap}
      - {displayName: loop, function: loop}
      - {displayName: oom, function: oom}
      - {displayName: config, function: config}
      - displayName: slow
        function: slow
        arguments:
          - {name: ms, type: number}
`

const testResourcesYAML = `resources:
  static:
    - name: llm-instructions
      uri: llm://instructions
      contents:
        - text: you are a dungeon master.
  dynamic:
    - name: greeting
      uri: greeting://{name}/{language}
      arguments:
        - {name: name, type: string}
        - {name: language, type: string}
      contents:
        - text: Hello ${name} in ${language}!
`

const testPromptsYAML = `prompts:
  predefined:
    - name: roll-dice
      arguments:
        - {name: numFaces, type: string}
        - {name: numDice, type: string}
      messages:
        - text: roll ${numDice} dice of ${numFaces} faces.
          role: user
`

// writeTestDir lays out a WASImancer-style folder and returns its Config.
func writeTestDir(t testing.TB) Config {
	t.Helper()
	dir := t.TempDir()
	for path, content := range map[string]string{
		"plugins/plugins.yml":     testPluginsYAML,
		"resources/resources.yml": testResourcesYAML,
		"prompts/prompts.yml":     testPromptsYAML,
	} {
		p := filepath.Join(dir, path)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.MkdirAll(filepath.Join(dir, "plugins", "tp"), 0o755)
	if err := os.WriteFile(filepath.Join(dir, "plugins", "tp", "testplugin.wasm"), testWasm, 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"WASIMANCER_AUTHENTICATION_TOKEN": clientToken,
		"WASIMANCER_ADMIN_TOKEN":          adminToken,
		"SERVE_TEST_VISIBLE":              "visible",
		"SERVE_TEST_HIDDEN":               "hidden",
	}
	cfg := EnvConfig(func(k string) string { return env[k] }, dir)
	cfg.CompilationCache = testutil.CompilationCache(t) // on disk, shared by test binaries
	cfg.CallTimeout = 3 * time.Second
	cfg.MemoryLimit = 64 << 20
	return cfg
}

type testServer struct {
	*Server
	cfg Config
	url string
	ts  *httptest.Server
}

func startServer(t testing.TB, cfg Config) *testServer {
	t.Helper()
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		ts.CloseClientConnections()
		s.Close()
		ts.Close()
	})
	return &testServer{Server: s, cfg: cfg, url: ts.URL, ts: ts}
}

func newTestServer(t testing.TB) *testServer { return startServer(t, writeTestDir(t)) }

// client is a minimal Streamable HTTP MCP client.
type client struct {
	t     testing.TB
	url   string
	token string
	sid   string
	hc    *http.Client
	next  int
}

func (ts *testServer) client(t testing.TB) *client {
	tr := &http.Transport{MaxIdleConnsPerHost: 8}
	t.Cleanup(tr.CloseIdleConnections)
	c := &client{t: t, url: ts.url, token: clientToken, hc: &http.Client{Timeout: 60 * time.Second, Transport: tr}}
	c.initialize()
	return c
}

func (c *client) post(body []byte) *http.Response {
	c.t.Helper()
	req, _ := http.NewRequest("POST", c.url+"/mcp", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if c.sid != "" {
		req.Header.Set("Mcp-Session-Id", c.sid)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	return resp
}

type reply struct {
	ID     json.RawMessage `json:"id"`
	Result json.RawMessage `json:"result"`
	Error  *rpcError       `json:"error"`
}

// call sends a request and decodes the reply; it fails the test on HTTP errors.
func (c *client) call(method string, params any) reply {
	c.t.Helper()
	r, err := c.tryCall(method, params)
	if err != nil {
		c.t.Fatal(err)
	}
	return r
}

func (c *client) tryCall(method string, params any) (reply, error) {
	c.next++
	id := c.next
	body, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
	resp := c.post(body)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		return reply{}, fmt.Errorf("%s: HTTP %d: %s", method, resp.StatusCode, b)
	}
	var r reply
	if err := json.Unmarshal(b, &r); err != nil {
		return reply{}, fmt.Errorf("%s: %v: %s", method, err, b)
	}
	if string(r.ID) != fmt.Sprint(id) {
		return reply{}, fmt.Errorf("%s: reply id %s, want %d", method, r.ID, id)
	}
	if sid := resp.Header.Get("Mcp-Session-Id"); sid != "" {
		c.sid = sid
	}
	return r, nil
}

func (c *client) notify(method string) {
	body, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "method": method})
	resp := c.post(body)
	resp.Body.Close()
	if resp.StatusCode != 202 {
		c.t.Fatalf("%s: HTTP %d", method, resp.StatusCode)
	}
}

func (c *client) initialize() {
	c.t.Helper()
	r := c.call("initialize", map[string]any{"protocolVersion": "2025-11-25", "capabilities": map[string]any{}, "clientInfo": map[string]any{"name": "test", "version": "0"}})
	if r.Error != nil || c.sid == "" {
		c.t.Fatalf("initialize: %+v sid=%q", r.Error, c.sid)
	}
	c.notify("notifications/initialized")
}

type toolResult struct {
	Content []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	} `json:"content"`
	IsError bool `json:"isError"`
}

func (c *client) callTool(name string, args any) (string, bool, error) {
	r, err := c.tryCall("tools/call", map[string]any{"name": name, "arguments": args})
	if err != nil {
		return "", false, err
	}
	if r.Error != nil {
		return "", false, fmt.Errorf("tools/call %s: %d %s", name, r.Error.Code, r.Error.Message)
	}
	var tr toolResult
	if err := json.Unmarshal(r.Result, &tr); err != nil {
		return "", false, err
	}
	if len(tr.Content) != 1 || tr.Content[0].Type != "text" {
		return "", false, fmt.Errorf("tools/call %s: content %+v", name, tr.Content)
	}
	return tr.Content[0].Text, tr.IsError, nil
}

// sseReader reads server-sent events.
type sseReader struct {
	resp *http.Response
	br   *bufio.Reader
}

func openSSE(t testing.TB, url, token string, header map[string]string) *sseReader {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Authorization", "Bearer "+token)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("GET %s: HTTP %d %s", url, resp.StatusCode, b)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return &sseReader{resp: resp, br: bufio.NewReader(resp.Body)}
}

// next returns the next event (name and data), skipping comments.
func (r *sseReader) next(t testing.TB, timeout time.Duration) (string, string) {
	t.Helper()
	type ev struct{ name, data string }
	ch := make(chan ev, 1)
	go func() {
		var name, data string
		for {
			line, err := r.br.ReadString('\n')
			if err != nil {
				ch <- ev{"error", err.Error()}
				return
			}
			line = strings.TrimRight(line, "\r\n")
			switch {
			case line == "":
				if name != "" || data != "" {
					ch <- ev{name, data}
					return
				}
			case strings.HasPrefix(line, ":"):
			case strings.HasPrefix(line, "event:"):
				name = strings.TrimSpace(line[6:])
			case strings.HasPrefix(line, "data:"):
				data += strings.TrimSpace(line[5:])
			}
		}
	}()
	select {
	case e := <-ch:
		return e.name, e.data
	case <-time.After(timeout):
		t.Fatalf("no event within %v", timeout)
		return "", ""
	}
}

func doRequest(t testing.TB, method, url, token string, body io.Reader, contentType string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, body)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// uploadBody builds the multipart body of an upload.
func uploadBody(t testing.TB, fileName string, wasm []byte, pluginData string) (io.Reader, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	if fileName != "" {
		fw, err := mw.CreateFormFile("wasmFile", fileName)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(wasm)
	}
	if pluginData != "" {
		mw.WriteField("pluginData", pluginData)
	}
	mw.Close()
	return &b, mw.FormDataContentType()
}

func pluginData(name, version string, tools ...string) string {
	var fns []map[string]any
	for _, tool := range tools {
		fn, export, _ := strings.Cut(tool, "=")
		if export == "" {
			export = fn
		}
		fns = append(fns, map[string]any{"displayName": fn, "function": export, "description": "test " + fn,
			"arguments": []any{}})
	}
	b, _ := json.Marshal(map[string]any{"name": name, "version": version, "path": "./bucket/x.wasm",
		"config": map[string]string{"version": version}, "functions": fns})
	return string(b)
}

func (ts *testServer) upload(t testing.TB, method, name, version string, tools ...string) (int, string) {
	t.Helper()
	body, ct := uploadBody(t, name+".wasm", testWasm, pluginData(name, version, tools...))
	path := "/upload-plugin"
	if method == "PUT" {
		path = "/update-plugin"
	}
	return doRequest(t, method, ts.url+path, adminToken, body, ct)
}

func doRequestWithSession(t testing.TB, method, url, sid, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+clientToken)
	req.Header.Set("Content-Type", "application/json")
	if sid != "" {
		req.Header.Set("Mcp-Session-Id", sid)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
