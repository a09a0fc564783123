package serve

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// expectEvent reads the session stream until a notification with method.
func expectEvent(t *testing.T, sse *sseReader, method string) {
	t.Helper()
	for {
		name, data := sse.next(t, 10*time.Second)
		if name == "error" {
			t.Fatalf("stream ended waiting for %s: %s", method, data)
		}
		if strings.Contains(data, `"method":"`+method+`"`) {
			return
		}
	}
}

func listTools(t *testing.T, c *client) []string {
	r := c.call("tools/list", nil)
	var list struct{ Tools []struct{ Name string } }
	json.Unmarshal(r.Result, &list)
	var names []string
	for _, tl := range list.Tools {
		names = append(names, tl.Name)
	}
	return names
}

func TestAdminPluginLifecycle(t *testing.T) {
	ts := newTestServer(t)
	c := ts.client(t)
	sse := openSSE(t, ts.url+"/mcp", clientToken, map[string]string{"Mcp-Session-Id": c.sid})

	code, body := ts.upload(t, "POST", "second", "1", "echo2=echo", "slow2=slow")
	if code != 200 || !strings.Contains(body, `"filePath":"./bucket/second-`) {
		t.Fatalf("upload: %d %s", code, body)
	}
	expectEvent(t, sse, "notifications/tools/list_changed")
	if tools := strings.Join(listTools(t, c), " "); !strings.Contains(tools, "echo2") || !strings.Contains(tools, "slow2") {
		t.Errorf("tools after upload: %s", tools)
	}
	if out, isErr, err := c.callTool("slow2", map[string]any{"ms": 0}); err != nil || isErr || out != "version 1" {
		t.Errorf("slow2: %q %v %v", out, isErr, err)
	}
	// A second GET stream on the same session is refused.
	if code, _ := doRequestWithSession(t, "GET", ts.url+"/mcp", c.sid, ""); code != 409 {
		t.Errorf("second stream: %d", code)
	}

	for _, bad := range []struct {
		method, name string
		tools        []string
		want         int
	}{
		{"POST", "second", []string{"x=echo"}, 409},   // exists
		{"POST", "third", []string{"echo=echo"}, 409}, // tool name taken by plugin tp
		{"PUT", "nosuch", []string{"y=echo"}, 404},    // unknown
		{"POST", "fourth", []string{"z=nosuch"}, 400}, // export missing
		{"PUT", "second", []string{"add=echo"}, 409},  // replace may not take another plugin's tool
	} {
		if code, body := ts.upload(t, bad.method, bad.name, "1", bad.tools...); code != bad.want {
			t.Errorf("%s %s %v: %d, want %d (%s)", bad.method, bad.name, bad.tools, code, bad.want, body)
		}
	}

	code, body = ts.upload(t, "PUT", "second", "2", "echo2=echo", "slow2=slow")
	if code != 200 {
		t.Fatalf("replace: %d %s", code, body)
	}
	expectEvent(t, sse, "notifications/tools/list_changed")
	if out, _, err := c.callTool("slow2", map[string]any{"ms": 0}); err != nil || out != "version 2" {
		t.Errorf("slow2 after replace: %q %v", out, err)
	}
	uploaded, _ := filepath.Glob(filepath.Join(ts.cfg.UploadPath, "second-*.wasm"))
	if len(uploaded) != 1 {
		t.Errorf("upload folder after replace: %v", uploaded)
	}
	if b, _ := os.ReadFile(ts.cfg.pluginsFile()); !strings.Contains(string(b), "name: second") || !strings.Contains(string(b), `version: "2"`) {
		t.Errorf("plugins file after replace:\n%s", b)
	}

	code, body = doRequest(t, "DELETE", ts.url+"/remove-plugin/second", adminToken, nil, "")
	if code != 200 {
		t.Fatalf("remove: %d %s", code, body)
	}
	expectEvent(t, sse, "notifications/tools/list_changed")
	if r := c.call("tools/call", map[string]any{"name": "echo2", "arguments": map[string]any{}}); r.Error == nil {
		t.Errorf("echo2 after removal: %s", r.Result)
	}
	if code, _ := doRequest(t, "DELETE", ts.url+"/remove-plugin/second", adminToken, nil, ""); code != 404 {
		t.Errorf("second removal: %d", code)
	}
	if left, _ := filepath.Glob(filepath.Join(ts.cfg.UploadPath, "*.wasm")); len(left) != 0 {
		t.Errorf("upload folder after removal: %v", left)
	}
	if b, _ := os.ReadFile(ts.cfg.pluginsFile()); strings.Contains(string(b), "second") {
		t.Errorf("plugins file after removal:\n%s", b)
	}
}

func TestBadUploads(t *testing.T) {
	cfg := writeTestDir(t)
	cfg.MaxUploadSize = 1 << 20
	ts := startServer(t, cfg)
	small := testWasm[:0:0]
	good := pluginData("up", "1", "up=echo")
	rawPart := func(disposition string, content []byte) (*bytes.Buffer, string) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", disposition)
		pw, _ := mw.CreatePart(h)
		pw.Write(content)
		mw.WriteField("pluginData", good)
		mw.Close()
		return &b, mw.FormDataContentType()
	}
	for _, c := range []struct {
		name     string
		body     func() (any, string)
		want     int
		contains string
	}{
		{"not multipart", func() (any, string) { return strings.NewReader(good), "application/json" }, 400, "multipart/form-data"},
		{"no wasm part", func() (any, string) { return uploadBody(t, "", nil, good) }, 400, "missing the wasmFile part"},
		{"no data part", func() (any, string) { return uploadBody(t, "up.wasm", []byte("\x00asm\x01\x00\x00\x00"), "") }, 400, "missing the pluginData part"},
		{"not wasm", func() (any, string) { return uploadBody(t, "up.wasm", []byte("MZ this is an exe"), good) }, 400, "not a WebAssembly module"},
		{"oversized", func() (any, string) { return uploadBody(t, "up.wasm", bytes.Repeat([]byte{0}, 2<<20), good) }, 413, "limit"},
		{"traversal", func() (any, string) {
			return rawPart(`form-data; name="wasmFile"; filename="../../etc/evil.wasm"`, []byte("\x00asm\x01\x00\x00\x00"))
		}, 400, "unsafe file name"},
		{"absolute", func() (any, string) {
			return rawPart(`form-data; name="wasmFile"; filename="/tmp/evil.wasm"`, []byte("\x00asm\x01\x00\x00\x00"))
		}, 400, "unsafe file name"},
		{"long name", func() (any, string) {
			return rawPart(`form-data; name="wasmFile"; filename="`+strings.Repeat("x", 200)+`.wasm"`, []byte("\x00asm\x01\x00\x00\x00"))
		}, 400, "file name of 205 bytes"},
		{"unsatisfiable import", func() (any, string) {
			m := "\x00asm\x01\x00\x00\x00\x01\x04\x01\x60\x00\x00\x02\x0f\x01\x03env\x07missing\x00\x00\x03\x02\x01\x00\x07\x05\x01\x01f\x00\x01\x0a\x04\x01\x02\x00\x0b"
			return uploadBody(t, "up.wasm", []byte(m), `{"name":"up","functions":[{"function":"f"}]}`)
		}, 400, "not instantiated"},
		{"bad json", func() (any, string) { return uploadBody(t, "up.wasm", small, `{"name": "up", "functions": [}`) }, 400, "pluginData: syntax error"},
		{"bad name", func() (any, string) {
			return uploadBody(t, "up.wasm", small, `{"name":"../up","path":"x","functions":[{"function":"echo"}]}`)
		}, 400, "not a valid plugin name"},
		{"bad argument type", func() (any, string) {
			return uploadBody(t, "up.wasm", small, `{"name":"up","path":"x","functions":[{"function":"echo","arguments":[{"name":"a","type":"int"}]}]}`)
		}, 400, "pluginData:1:89: functions[0].arguments[0].type: "},
	} {
		body, ct := c.body()
		code, resp := doRequest(t, "POST", ts.url+"/upload-plugin", adminToken, body.(interface{ Read([]byte) (int, error) }), ct)
		if code != c.want || !strings.Contains(resp, c.contains) {
			t.Errorf("%s: %d %s, want %d with %q", c.name, code, resp, c.want, c.contains)
		}
	}
	if entries, _ := os.ReadDir(ts.cfg.UploadPath); len(entries) != 0 {
		t.Errorf("files written by refused uploads: %v", entries)
	}
	if b, _ := os.ReadFile(ts.cfg.pluginsFile()); string(b) != testPluginsYAML {
		t.Errorf("plugins file changed by refused uploads")
	}
}

func TestAdminResourcesAndPrompts(t *testing.T) {
	ts := newTestServer(t)
	c := ts.client(t)
	sse := openSSE(t, ts.url+"/mcp", clientToken, map[string]string{"Mcp-Session-Id": c.sid})
	send := func(method, path, body string) (int, string) {
		return doRequest(t, method, ts.url+path, adminToken, strings.NewReader(body), "application/json")
	}
	check := func(what string, code int, body string, want int) {
		t.Helper()
		if code != want {
			t.Errorf("%s: %d, want %d (%s)", what, code, want, body)
		}
	}
	code, body := send("POST", "/add-resource", `{"name":"info","uri":"info://server","contents":[{"text":"v1"}]}`)
	check("add static", code, body, 200)
	expectEvent(t, sse, "notifications/resources/list_changed")
	code, body = send("POST", "/add-resource", `{"name":"welcome","uri":"message://{user}/{lang}","arguments":[{"name":"user"},{"name":"lang"}],"contents":[{"text":"Welcome ${user} (${lang})"}]}`)
	check("add dynamic", code, body, 200)
	r := c.call("resources/read", map[string]any{"uri": "message://ada/en"})
	if !strings.Contains(string(r.Result), "Welcome ada (en)") {
		t.Errorf("dynamic read: %s %+v", r.Result, r.Error)
	}
	code, body = send("POST", "/add-resource", `{"name":"info","uri":"info://other","contents":[{"text":"x"}]}`)
	check("add duplicate name", code, body, 409)
	code, body = send("POST", "/add-resource", `{"name":"info2","uri":"info://server","contents":[{"text":"x"}]}`)
	check("add duplicate uri", code, body, 409)
	code, body = send("PUT", "/update-resource/info", `{"name":"info","uri":"info://server","contents":[{"text":"v2"}]}`)
	check("update", code, body, 200)
	if !strings.Contains(body, `"oldType":"static"`) {
		t.Errorf("update answer: %s", body)
	}
	r = c.call("resources/read", map[string]any{"uri": "info://server"})
	if !strings.Contains(string(r.Result), `"text":"v2"`) {
		t.Errorf("read after update: %s", r.Result)
	}
	code, body = send("PUT", "/update-resource/nosuch", `{"name":"nosuch","uri":"a://b","contents":[{"text":"x"}]}`)
	check("update unknown", code, body, 404)
	code, body = send("PUT", "/update-resource/info", `{"name":"other","uri":"a://b","contents":[{"text":"x"}]}`)
	check("update with another name", code, body, 400)
	code, body = send("POST", "/add-resource", "{\n  \"name\": \"x\",\n  \"uri\": \"x://{a\",\n  \"contents\": []\n}")
	check("bad resource", code, body, 400)
	if !strings.Contains(body, "body:3:10: uri") {
		t.Errorf("bad resource error: %s", body)
	}
	code, body = send("POST", "/add-resource", `not json at all {`)
	check("malformed resource", code, body, 400)
	code, body = send("DELETE", "/remove-resource/info", "")
	check("remove", code, body, 200)
	code, body = send("DELETE", "/remove-resource/info", "")
	check("remove again", code, body, 404)

	code, body = send("POST", "/add-prompt", `{"name":"greet","arguments":[{"name":"who"}],"messages":[{"role":"user","text":"Greet ${who}"}]}`)
	check("add prompt", code, body, 200)
	expectEvent(t, sse, "notifications/prompts/list_changed")
	r = c.call("prompts/get", map[string]any{"name": "greet", "arguments": map[string]any{"who": "Ada"}})
	if !strings.Contains(string(r.Result), "Greet Ada") {
		t.Errorf("prompt: %s %+v", r.Result, r.Error)
	}
	code, body = send("POST", "/add-prompt", `{"name":"greet","messages":[{"role":"user","text":"x"}]}`)
	check("add prompt twice", code, body, 409)
	code, body = send("PUT", "/update-prompt/greet", `{"name":"greet","arguments":[{"name":"who"}],"messages":[{"role":"assistant","text":"Hi ${who}"}]}`)
	check("update prompt", code, body, 200)
	code, body = send("PUT", "/update-prompt/nosuch", `{"name":"nosuch","messages":[{"role":"user","text":"x"}]}`)
	check("update unknown prompt", code, body, 404)
	code, body = send("POST", "/add-prompt", `{"name":"p","messages":[{"role":"wizard","text":"x"}]}`)
	check("bad prompt", code, body, 400)
	code, body = send("DELETE", "/remove-prompt/roll-dice", "")
	check("remove prompt", code, body, 200)
	code, body = send("DELETE", "/remove-prompt/roll-dice", "")
	check("remove prompt again", code, body, 404)
	r = c.call("prompts/list", nil)
	if !strings.Contains(string(r.Result), `"name":"greet"`) || strings.Contains(string(r.Result), "roll-dice") {
		t.Errorf("prompts/list: %s", r.Result)
	}
}

// Calls run without a single failure while their plugin is replaced and
// other plugins come and go.
func TestAdminChangesUnderLoad(t *testing.T) {
	ts := newTestServer(t)
	if code, body := ts.upload(t, "POST", "work", "1", "work_echo=echo"); code != 200 {
		t.Fatalf("upload: %d %s", code, body)
	}
	var stop atomic.Bool
	var calls atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := ts.client(t)
			for i := 0; !stop.Load(); i++ {
				tool := "work_echo"
				if i%2 == 1 {
					tool = "echo"
				}
				arg := map[string]any{"n": fmt.Sprintf("%d/%d", w, i)}
				if tool == "echo" {
					arg = map[string]any{"text": fmt.Sprintf("%d/%d", w, i)}
				}
				out, isErr, err := c.callTool(tool, arg)
				want, _ := json.Marshal(arg)
				if err != nil || isErr || out != string(want) {
					errs <- fmt.Errorf("worker %d call %d (%s): %q %v %v", w, i, tool, out, isErr, err)
					return
				}
				calls.Add(1)
			}
		}()
	}
	for round := range 3 {
		if code, body := ts.upload(t, "PUT", "work", fmt.Sprint(round+2), "work_echo=echo"); code != 200 {
			t.Errorf("replace %d: %d %s", round, code, body)
		}
		if code, body := ts.upload(t, "POST", "other", "1", "other_echo=echo"); code != 200 {
			t.Errorf("upload other %d: %d %s", round, code, body)
		}
		if code, body := doRequest(t, "DELETE", ts.url+"/remove-plugin/other", adminToken, nil, ""); code != 200 {
			t.Errorf("remove other %d: %d %s", round, code, body)
		}
	}
	stop.Store(true)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	t.Logf("%d calls during 3 rounds of replace/upload/remove", calls.Load())
	if calls.Load() < 20 {
		t.Errorf("only %d calls ran", calls.Load())
	}
}

func TestInflightCallKeepsItsVersion(t *testing.T) {
	ts := newTestServer(t)
	if code, body := ts.upload(t, "POST", "ver", "1", "slowv=slow"); code != 200 {
		t.Fatalf("upload: %d %s", code, body)
	}
	c := ts.client(t)
	got := make(chan string, 1)
	go func() {
		cl := ts.client(t)
		out, _, err := cl.callTool("slowv", map[string]any{"ms": 2000})
		if err != nil {
			out = err.Error()
		}
		got <- out
	}()
	mod := ts.cat.Load().plugins["ver"].mod
	for deadline := time.Now().Add(20 * time.Second); mod.InFlight() == 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the slow call never started")
		}
	}
	if code, body := ts.upload(t, "PUT", "ver", "2", "slowv=slow"); code != 200 {
		t.Fatalf("replace: %d %s", code, body)
	}
	if out, _, err := c.callTool("slowv", map[string]any{"ms": 0}); out != "version 2" {
		t.Errorf("new call: %q %v", out, err)
	}
	if out := <-got; out != "version 1" {
		t.Errorf("call in flight during the replace: %q", out)
	}
}

func TestRestartKeepsAdminChanges(t *testing.T) {
	cfg := writeTestDir(t)
	s1, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{Server: s1, cfg: cfg}
	h := s1.Handler()
	srv := newLoopback(t, h)
	ts.url = srv
	if code, body := ts.upload(t, "POST", "kept", "7", "kept_echo=echo", "kept_slow=slow"); code != 200 {
		t.Fatalf("upload: %d %s", code, body)
	}
	for _, req := range []struct{ method, path, body string }{
		{"POST", "/add-resource", `{"name":"kept","uri":"kept://{x}","arguments":[{"name":"x"}],"contents":[{"text":"kept ${x}"}]}`},
		{"POST", "/add-prompt", `{"name":"kept","messages":[{"role":"user","text":"kept prompt"}]}`},
		{"DELETE", "/remove-prompt/roll-dice", ""},
		{"DELETE", "/remove-resource/llm-instructions", ""},
	} {
		if code, body := doRequest(t, req.method, ts.url+req.path, adminToken, strings.NewReader(req.body), "application/json"); code != 200 {
			t.Fatalf("%s %s: %d %s", req.method, req.path, code, body)
		}
	}
	s1.Close()

	ts2 := startServer(t, cfg)
	c := ts2.client(t)
	if out, _, err := c.callTool("kept_slow", map[string]any{"ms": 0}); out != "version 7" {
		t.Errorf("uploaded plugin after restart: %q %v", out, err)
	}
	if r := c.call("resources/read", map[string]any{"uri": "kept://yes"}); !strings.Contains(string(r.Result), "kept yes") {
		t.Errorf("resource after restart: %s %+v", r.Result, r.Error)
	}
	if r := c.call("resources/read", map[string]any{"uri": "llm://instructions"}); r.Error == nil {
		t.Errorf("removed resource after restart: %s", r.Result)
	}
	r := c.call("prompts/list", nil)
	if !strings.Contains(string(r.Result), `"name":"kept"`) || strings.Contains(string(r.Result), "roll-dice") {
		t.Errorf("prompts after restart: %s", r.Result)
	}
	if len(ts2.Tools()) != 10 {
		t.Errorf("tools after restart: %v", ts2.Tools())
	}
}

// newLoopback serves h on a loopback port until the test ends.
func newLoopback(t *testing.T, h http.Handler) string {
	ts := httptest.NewServer(h)
	t.Cleanup(func() {
		ts.CloseClientConnections()
		ts.Close()
	})
	return ts.URL
}
