package server

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wasmcp/wasmcp/internal/testutil"
)

// clientOutput is what client.mjs prints.
type clientOutput struct {
	Server       struct{ Name, Version string }
	Capabilities map[string]json.RawMessage
	Tools        []struct {
		Name         string
		Schema       map[string]any
		OutputSchema map[string]any
	}
	Add, Multiply, SlowCount toolResult
	BadArgs, UnknownTool     string
	Progress                 []struct{ Progress, Total float64 }
	Logs                     []struct {
		Level, Logger string
		Data          any
	}
	Resources, Templates           []string
	ReadIndex, ReadPixel, ReadNote struct {
		Contents []struct{ URI, MimeType, Text, Blob string }
	}
	UnknownResource string
	// SessionID is the Mcp-Session-Id the client was given (nil without
	// sessions); AfterTerminate is it after the client's DELETE.
	SessionID, AfterTerminate *string
	Prompts                   []struct {
		Name      string
		Arguments []struct {
			Name     string
			Required bool
		}
	}
	Prompt struct {
		Messages []struct {
			Role    string
			Content struct {
				Type, Text string
				Resource   struct{ URI, Text string }
			}
		}
	}
	UnknownPrompt string
}

type toolResult struct {
	Content           []struct{ Type, Text string }
	StructuredContent map[string]any
	IsError           bool
}

func (r toolResult) text() string {
	if len(r.Content) != 1 || r.Content[0].Type != "text" {
		return ""
	}
	return r.Content[0].Text
}

// runClient runs client.mjs with args and decodes its last line.
func runClient(t *testing.T, args ...string) clientOutput {
	t.Helper()
	script, _ := filepath.Abs("client.mjs")
	cmd := exec.Command(testutil.Node(t), append([]string{script}, args...)...)
	cmd.Dir = testutil.RepoRoot(t)
	setGroup(cmd)
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-done:
		case <-time.After(5 * time.Minute):
			killGroup(cmd)
		}
	}()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("client.mjs %v: %v\n%s", args, err, out)
	}
	s := strings.TrimSpace(string(out))
	var got clientOutput
	if err := json.Unmarshal([]byte(s[strings.LastIndexByte(s, '\n')+1:]), &got); err != nil {
		t.Fatalf("client output: %v\n%s", err, out)
	}
	return got
}

// checkSession checks one session of the SDK client against the composed
// examples (calc tools, then resources and prompts).
func checkSession(t *testing.T, got clientOutput, wantProgress bool) {
	t.Helper()
	if got.Server.Name != "wasmcp" {
		t.Errorf("serverInfo: %+v", got.Server)
	}
	for _, c := range []string{"tools", "resources", "prompts", "logging"} {
		if got.Capabilities[c] == nil {
			t.Errorf("capability %s missing: %v", c, got.Capabilities)
		}
	}
	var names []string
	for _, tool := range got.Tools {
		names = append(names, tool.Name)
		if tool.Schema["type"] != "object" {
			t.Errorf("%s: input schema %v", tool.Name, tool.Schema)
		}
	}
	if strings.Join(names, ",") != "add,multiply,slow_count" {
		t.Errorf("tools/list: %v", names)
	}
	if got.Add.text() != "42" || got.Add.IsError {
		t.Errorf("add: %+v", got.Add)
	}
	if got.Multiply.text() != "42" || got.Multiply.StructuredContent["product"] != 42.0 {
		t.Errorf("multiply: %+v", got.Multiply)
	}
	if !strings.HasPrefix(got.BadArgs, "-32602 ") || !strings.Contains(got.BadArgs, `"a" and "b" are required`) {
		t.Errorf("add with one argument: %q", got.BadArgs)
	}
	if !strings.HasPrefix(got.UnknownTool, "-32602 ") || !strings.Contains(got.UnknownTool, "no_such_tool") {
		t.Errorf("unknown tool: %q", got.UnknownTool)
	}
	if got.SlowCount.text() != "counted to 3" {
		t.Errorf("slow_count: %+v", got.SlowCount)
	}
	if wantProgress {
		if len(got.Progress) != 3 || got.Progress[2].Progress != 3 || got.Progress[2].Total != 3 {
			t.Errorf("progress: %+v", got.Progress)
		}
	}
	// At level info: "counting to 3" and "counted to 3", not the debug steps.
	if len(got.Logs) != 2 || got.Logs[0].Logger != "calc" || got.Logs[0].Data != "counting to 3" || got.Logs[1].Data != "counted to 3" {
		t.Errorf("logs: %+v", got.Logs)
	}
	if strings.Join(got.Resources, ",") != "notes://index,notes://pixel.png" {
		t.Errorf("resources/list: %v", got.Resources)
	}
	if strings.Join(got.Templates, ",") != "notes://topic/{topic}" {
		t.Errorf("resources/templates/list: %v", got.Templates)
	}
	if c := got.ReadIndex.Contents; len(c) != 1 || c[0].MimeType != "text/markdown" || !strings.Contains(c[0].Text, "notes://topic/wasm") {
		t.Errorf("read index: %+v", c)
	}
	if c := got.ReadPixel.Contents; len(c) != 1 || c[0].MimeType != "image/png" {
		t.Errorf("read pixel: %+v", c)
	} else if b, err := base64.StdEncoding.DecodeString(c[0].Blob); err != nil || !strings.HasPrefix(string(b), "\x89PNG") {
		t.Errorf("read pixel: blob %q: %v", c[0].Blob, err)
	}
	if c := got.ReadNote.Contents; len(c) != 1 || c[0].URI != "notes://topic/wasm" || !strings.Contains(c[0].Text, "WIT") {
		t.Errorf("read note: %+v", c)
	}
	if !strings.HasPrefix(got.UnknownResource, "-32002 ") {
		t.Errorf("unknown resource: %q", got.UnknownResource)
	}
	if len(got.Prompts) != 1 || got.Prompts[0].Name != "explain" || len(got.Prompts[0].Arguments) != 2 || !got.Prompts[0].Arguments[0].Required {
		t.Errorf("prompts/list: %+v", got.Prompts)
	}
	if m := got.Prompt.Messages; len(m) != 2 || m[0].Content.Text != "Explain mcp to a student, starting from this note." ||
		m[1].Content.Type != "resource" || m[1].Content.Resource.URI != "notes://topic/mcp" {
		t.Errorf("prompts/get: %+v", got.Prompt)
	}
	if !strings.HasPrefix(got.UnknownPrompt, "-32602 ") {
		t.Errorf("unknown prompt: %q", got.UnknownPrompt)
	}
}

// exampleHTTP serves the composed examples over HTTP. The HTTP transport
// keeps no sessions, so logging/setLevel does not carry over to the next
// request: WASMCP_LOG_LEVEL sets the level for every request instead.
func exampleHTTP(t *testing.T) string {
	return serve(t, "examples", exampleServer(t, "http"), "WASMCP_LOG_LEVEL=info")
}

// TestHTTPServer: the two examples composed with the HTTP transport, served
// by jco serve, driven by the SDK's Streamable HTTP client.
func TestHTTPServer(t *testing.T) {
	t.Parallel()
	url := exampleHTTP(t)
	checkSession(t, runClient(t, "http", url+"/mcp"), true)
}

// TestStdioServer: the same examples composed with the stdio transport; the
// SDK's stdio client starts `jco run` itself.
func TestStdioServer(t *testing.T) {
	t.Parallel()
	wasm := exampleServer(t, "stdio")
	argv, _ := json.Marshal(append(testutil.Jco(t), "run", wasm))
	// Progress is not checked over stdio: the SDK client (1.32) drops a
	// call's progress handler when the response arrives, and the transport
	// writes the progress lines just before it, often in the same read (see
	// docs/transports.md).
	checkSession(t, runClient(t, "stdio", string(argv)), false)
}

// TestHTTPErrors sends what the SDK never sends: a malformed body and a
// request from a foreign Origin.
func TestHTTPErrors(t *testing.T) {
	t.Parallel()
	url := exampleHTTP(t) + "/mcp"
	client := &http.Client{Timeout: time.Minute}
	post := func(body, origin string) (int, map[string]any) {
		t.Helper()
		req, _ := http.NewRequest("POST", url, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		var msg map[string]any
		if err := json.Unmarshal(b, &msg); err != nil {
			t.Fatalf("status %d, body not JSON: %q", resp.StatusCode, b)
		}
		return resp.StatusCode, msg
	}
	code := func(msg map[string]any) float64 {
		e, _ := msg["error"].(map[string]any)
		c, _ := e["code"].(float64)
		return c
	}
	list := `{"jsonrpc":"2.0","id":7,"method":"tools/list"}`

	if status, msg := post(`{"jsonrpc":"2.0","id":1,"method":`, ""); status != 400 || code(msg) != -32700 || msg["id"] != nil {
		t.Errorf("malformed body: %d %v", status, msg)
	}
	if status, msg := post(list, "https://evil.example.com"); status != 403 || code(msg) == 0 {
		t.Errorf("foreign Origin: %d %v", status, msg)
	}
	// The same request from a local origin is served.
	if status, msg := post(list, "http://localhost:5173"); status != 200 || msg["result"] == nil {
		t.Errorf("local Origin: %d %v", status, msg)
	}
}
