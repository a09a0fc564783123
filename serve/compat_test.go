package serve

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/internal/testutil"
)

// wasimancerDir copies serve/testdata/wasimancer (a hand-written folder in
// WASImancer's layout: names with spaces, comments, about:, unknown fields,
// with-completion) and puts the example plugins where its plugins.yml
// points.
func wasimancerDir(t *testing.T) (Config, string) {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"plugins/plugins.yml", "resources/resources.yml", "prompts/prompts.yml"} {
		b, err := os.ReadFile(filepath.Join("testdata", "wasimancer", f))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Join(dir, filepath.Dir(f)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for example, dst := range map[string]string{
		"hello": "greetings/wasimancer-plugin-hello.wasm",
		"calc":  "calc/wasimancer-plugin-calc.wasm",
		"fetch": "fetch/wasimancer-plugin-fetch.wasm",
	} {
		b, err := os.ReadFile(testutil.BuildPlugin(t, example))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, "plugins", dst)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := map[string]string{
		"WASIMANCER_AUTHENTICATION_TOKEN": clientToken,
		"WASIMANCER_ADMIN_TOKEN":          adminToken,
	}
	cfg := EnvConfig(func(k string) string { return env[k] }, dir)
	cfg.CompilationCache = testutil.CompilationCache(t)
	cfg.Log = t.Logf
	return cfg, dir
}

func readFile(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// keptOutside checks that after is before with the lines from the one
// holding first to the one holding last replaced (or, when first is "",
// with text inserted at the line holding last).
func keptOutside(t *testing.T, what string, before, after []byte, first, last string) {
	t.Helper()
	lineStart := func(i int) int { return bytes.LastIndexByte(before[:i], '\n') + 1 }
	var i, j int
	if first == "" {
		i = lineStart(bytes.Index(before, []byte(last)))
		j = i
	} else {
		i = bytes.Index(before, []byte(first))
		k := bytes.Index(before[i:], []byte(last))
		if i < 0 || k < 0 {
			t.Fatalf("%s: markers not found", what)
		}
		i, j = lineStart(i), i+k
		j += bytes.IndexByte(before[j:], '\n') + 1
	}
	if !bytes.HasPrefix(after, before[:i]) || !bytes.HasSuffix(after, before[j:]) {
		t.Errorf("%s changed bytes outside its entry:\n--- before\n%s--- after\n%s", what, before, after)
	}
}

// insertedOnly reports whether after is before with bytes inserted at one
// place.
func insertedOnly(before, after []byte) bool {
	p := 0
	for p < len(before) && p < len(after) && before[p] == after[p] {
		p++
	}
	return len(after) >= len(before) && bytes.HasSuffix(after, before[p:])
}

// statelessPost sends one message without initialize or session id.
func statelessPost(t *testing.T, base, body, accept string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", base+"/mcp", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+clientToken)
	req.Header.Set("Content-Type", "application/json")
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func completions(t *testing.T, c *client, ref map[string]any, arg, value string) ([]string, *rpcError) {
	t.Helper()
	r := c.call("completion/complete", map[string]any{"ref": ref, "argument": map[string]any{"name": arg, "value": value}})
	if r.Error != nil {
		return nil, r.Error
	}
	var out struct {
		Completion struct {
			Values  []string `json:"values"`
			Total   int      `json:"total"`
			HasMore bool     `json:"hasMore"`
		} `json:"completion"`
	}
	if err := json.Unmarshal(r.Result, &out); err != nil || out.Completion.Total != len(out.Completion.Values) || out.Completion.HasMore {
		t.Fatalf("completion result %s: %v", r.Result, err)
	}
	return out.Completion.Values, nil
}

// TestWASImancerFolder runs a copy of a WASImancer folder through load,
// client traffic, admin changes and a restart.
func TestWASImancerFolder(t *testing.T) {
	cfg, dir := wasimancerDir(t)
	pf := filepath.Join(dir, "plugins", "plugins.yml")
	web := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "fetched %s", r.URL.Path)
	}))
	defer web.Close()
	webHost := strings.Split(strings.TrimPrefix(web.URL, "http://"), ":")[0]

	// 4. --check lists, per plugin, what differs, with the restoring line.
	report, err := Check(cfg, []string{"WASM_GREETING=hi", "WASM_EMPTY=", "PATH=/bin"})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	report.Write(&out)
	t.Logf("check:\n%s", &out)
	for _, want := range []string{
		`plugin "web fetch" (` + pf + `:41):`,
		`restore with, in this plugin's entry:  allowedHosts: ["*"]`,
		`restore with, in this plugin's entry:  env: [WASM_GREETING]`,
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("check report lacks %q", want)
		}
	}
	if n := strings.Count(out.String(), "env: [WASM_GREETING]"); n != 3 || strings.Contains(out.String(), "WASM_EMPTY") {
		t.Errorf("WASM_* findings: %d", n)
	}
	if strings.Count(out.String(), "allowedHosts") != 2 { // only the plugin that imports http_request
		t.Errorf("allowedHosts findings:\n%s", &out)
	}

	// 1. Names with spaces load, one warning each, with file:line.
	ts := startServer(t, cfg)
	for _, want := range []string{
		pf + `:10:11: plugins[0].name: "hello plugin" is not a portable plugin name`,
		pf + `:14:22: plugins[0].functions[0].displayName: "say hello" is outside MCP's recommended`,
		pf + `:28:22: plugins[1].functions[0].displayName: "add numbers" is outside`,
		pf + `:45:22: plugins[2].functions[0].displayName: "fetch url" is outside`,
	} {
		n := 0
		for _, w := range ts.Warnings {
			if strings.HasPrefix(w, want) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d warnings starting with %q in %q", n, want, ts.Warnings)
		}
	}
	c := ts.client(t)
	if tools := listTools(t, c); !slices.Equal(tools, []string{"add numbers", "fetch url", "multiply", "say hello"}) {
		t.Errorf("tools: %q", tools)
	}
	if out, isErr, err := c.callTool("say hello", map[string]any{"name": "Bob"}); err != nil || isErr || !strings.HasSuffix(out, " Bob") {
		t.Errorf("say hello: %q %v %v", out, isErr, err)
	}
	if out, _, err := c.callTool("add numbers", map[string]any{"a": 2, "b": 3}); err != nil || out != "5" {
		t.Errorf("add numbers: %q %v", out, err)
	}
	// 4. A refused host names the plugin, its entry and the key to add.
	out2, isErr, err := c.callTool("fetch url", map[string]any{"url": web.URL + "/x"})
	if err != nil || !isErr || !strings.Contains(out2, `plugin "web fetch"`) || !strings.Contains(out2, pf+":41") ||
		!strings.Contains(out2, fmt.Sprintf("allowedHosts: [%q]", webHost)) {
		t.Errorf("refused host: %q %v %v", out2, isErr, err)
	}

	// 3. WASImancer's clients: no initialize, no session id.
	resp, body := statelessPost(t, ts.url, `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`, "application/json")
	if resp.StatusCode != 200 || resp.Header.Get("Mcp-Session-Id") != "" || !strings.Contains(body, `"name":"say hello"`) {
		t.Errorf("stateless tools/list: %d %q %s", resp.StatusCode, resp.Header.Get("Mcp-Session-Id"), body)
	}
	resp, body = statelessPost(t, ts.url, `{"jsonrpc":"2.0","id":"2","method":"tools/call","params":{"name":"add numbers","arguments":{"a":20,"b":22}}}`, "application/json, text/event-stream")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" || !strings.Contains(body, "data: {") || !strings.Contains(body, `"text":"42"`) {
		t.Errorf("stateless tools/call as an event: %d %s", resp.StatusCode, body)
	}
	if resp, _ := statelessPost(t, ts.url, `{"jsonrpc":"2.0","method":"notifications/initialized"}`, ""); resp.StatusCode != 202 {
		t.Errorf("stateless notification: %d", resp.StatusCode)
	}
	// … while an initialized client has its session and its notifications.
	sse := openSSE(t, ts.url+"/mcp", clientToken, map[string]string{"Mcp-Session-Id": c.sid})

	// 5. Completion of prompt and resource template arguments.
	if resp, body := statelessPost(t, ts.url, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"x","version":"0"}}}`, "application/json"); resp.Header.Get("Mcp-Session-Id") == "" || !strings.Contains(body, `"completions":{}`) {
		t.Errorf("initialize: %q %s", resp.Header.Get("Mcp-Session-Id"), body)
	}
	checkCompletion := func(c *client) {
		t.Helper()
		for _, tc := range []struct {
			ref        map[string]any
			arg, value string
			want       []string
		}{
			{map[string]any{"type": "ref/prompt", "name": "greet user"}, "language", "e", []string{"English", "Esperanto"}},
			{map[string]any{"type": "ref/prompt", "name": "greet user"}, "language", "", []string{"English", "French", "Spanish", "Esperanto"}},
			{map[string]any{"type": "ref/prompt", "name": "greet user"}, "nickName", "b", []string{}},
			{map[string]any{"type": "ref/prompt", "name": "roll dice"}, "numFaces", "1", []string{"10", "12"}},
			{map[string]any{"type": "ref/resource", "uri": "greeting://{name}/{language}"}, "language", "FR", []string{"French"}},
		} {
			got, rerr := completions(t, c, tc.ref, tc.arg, tc.value)
			if rerr != nil || !slices.Equal(got, tc.want) {
				t.Errorf("complete %v %s=%q: %q %v, want %q", tc.ref, tc.arg, tc.value, got, rerr, tc.want)
			}
		}
		if _, rerr := completions(t, c, map[string]any{"type": "ref/prompt", "name": "nope"}, "x", ""); rerr == nil || rerr.Code != codeInvalidParams {
			t.Errorf("unknown prompt: %v", rerr)
		}
	}
	checkCompletion(c)

	// 2. Admin changes keep every byte outside the changed entry.
	before := readFile(t, pf)
	echo, err := os.ReadFile(testutil.BuildPlugin(t, "echo"))
	if err != nil {
		t.Fatal(err)
	}
	data := `{"name":"echo back","version":"1.0.0","functions":[{"displayName":"echo it","function":"echo","arguments":[{"name":"message","type":"string"}]}]}`
	up, ct := uploadBody(t, "wasimancer plugin echo.wasm", echo, data)
	if code, resp := doRequest(t, "POST", ts.url+"/upload-plugin", adminToken, up, ct); code != 200 || !strings.Contains(resp, `"filePath":"./bucket/echo-back-`) {
		t.Fatalf("upload: %d %s", code, resp)
	}
	expectEvent(t, sse, "notifications/tools/list_changed")
	after := readFile(t, pf)
	keptOutside(t, "upload", before, after, "", "# end of the plugins")

	before = after
	data = `{"name":"web fetch","version":"1.1.0","description":"fetch the content of a url","allowedHosts":["` + webHost + `"],"functions":[{"displayName":"fetch url","function":"fetch","description":"fetch the content of a url","arguments":[{"name":"url","type":"string"}]}]}`
	fetch := readFile(t, filepath.Join(dir, "plugins", "fetch", "wasimancer-plugin-fetch.wasm"))
	up, ct = uploadBody(t, "wasimancer-plugin-fetch.wasm", fetch, data)
	if code, resp := doRequest(t, "PUT", ts.url+"/update-plugin/"+url.PathEscape("web fetch"), adminToken, up, ct); code != 200 {
		t.Fatalf("update: %d %s", code, resp)
	}
	after = readFile(t, pf)
	keptOutside(t, "update", before, after, "- name: 'web fetch'", "description: 'fetch the content of a url'\n  - name: echo back")
	if !bytes.Contains(after, []byte("version: '1.1.0'")) || !bytes.Contains(after, []byte("allowedHosts:")) {
		t.Errorf("updated entry:\n%s", after)
	}
	if out, isErr, err := c.callTool("fetch url", map[string]any{"url": web.URL + "/x"}); err != nil || isErr || out != "200\nfetched /x" {
		t.Errorf("fetch after allowing the host: %q %v %v", out, isErr, err)
	}

	before = after
	if code, resp := doRequest(t, "DELETE", ts.url+"/remove-plugin/"+url.PathEscape("simple calc"), adminToken, nil, ""); code != 200 {
		t.Fatalf("remove: %d %s", code, resp)
	}
	after = readFile(t, pf)
	keptOutside(t, "remove", before, after, "- name: 'simple calc'", "arguments: [{name: a")
	if bytes.Contains(after, []byte("simple calc")) || !bytes.HasPrefix(after, readFile(t, filepath.Join("testdata", "wasimancer", "plugins", "plugins.yml"))[:400]) {
		t.Errorf("after removal:\n%s", after)
	}

	// A prompt and a resource added, then removed: the files come back to
	// the very bytes they had.
	for _, tc := range []struct{ file, add, remove, body string }{
		{filepath.Join(dir, "prompts", "prompts.yml"), "/add-prompt", "/remove-prompt/" + url.PathEscape("short one"),
			`{"name":"short one","arguments":[{"name":"x","with-completion":["a","b"]}],"messages":[{"role":"user","text":"${x}"}]}`},
		{filepath.Join(dir, "resources", "resources.yml"), "/add-resource", "/remove-resource/note",
			`{"name":"note","uri":"note://{id}","arguments":[{"name":"id"}],"contents":[{"text":"note ${id}"}]}`},
	} {
		orig := readFile(t, tc.file)
		if code, resp := doRequest(t, "POST", ts.url+tc.add, adminToken, strings.NewReader(tc.body), "application/json"); code != 200 {
			t.Fatalf("%s: %d %s", tc.add, code, resp)
		}
		if b := readFile(t, tc.file); !insertedOnly(orig, b) {
			t.Errorf("%s changed more than it added:\n%s", tc.add, b)
		}
		if code, resp := doRequest(t, "DELETE", ts.url+tc.remove, adminToken, nil, ""); code != 200 {
			t.Fatalf("%s: %d %s", tc.remove, code, resp)
		}
		if b := readFile(t, tc.file); !bytes.Equal(b, orig) {
			t.Errorf("%s after add and remove:\n--- before\n%s--- after\n%s", tc.file, orig, b)
		}
	}

	// Restart: what the admin API saved is served again, from the same
	// hand-written file.
	ts.ts.CloseClientConnections()
	ts.Close()
	ts2 := startServer(t, cfg)
	c2 := ts2.client(t)
	if tools := listTools(t, c2); !slices.Equal(tools, []string{"echo it", "fetch url", "say hello"}) {
		t.Errorf("tools after restart: %q", tools)
	}
	if out, _, err := c2.callTool("echo it", map[string]any{"message": "hi"}); err != nil || out != `{"message":"hi"}` {
		t.Errorf("echo it after restart: %q %v", out, err)
	}
	if out, _, err := c2.callTool("fetch url", map[string]any{"url": web.URL + "/y"}); err != nil || out != "200\nfetched /y" {
		t.Errorf("fetch after restart: %q %v", out, err)
	}
	saved := readFile(t, pf)
	for _, want := range []string{"about: 'tools for the compatibility tests'   # WASImancer ignores this too", "author: 'someone'        # not a wasmcp field: kept as written", "# end of the plugins"} {
		if !bytes.Contains(saved, []byte(want)) {
			t.Errorf("saved file lost %q", want)
		}
	}
	n := 0
	for _, w := range ts2.Warnings {
		if strings.Contains(w, `"echo it" is outside`) {
			n++
		}
	}
	if n != 1 {
		t.Errorf("warnings after restart: %q", ts2.Warnings)
	}
	checkCompletion(c2)
}

// Upload file names only need to be safe as given: they are never used to
// store the file, whose name comes from the plugin name.
func TestUploadNames(t *testing.T) {
	for _, bad := range []string{"", "a/b.wasm", `a\b.wasm`, "..", "a\x1b[2J.wasm", "bad\xff.wasm", strings.Repeat("x", 130)} {
		if checkFileName(bad) == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	for _, good := range []string{"wasimancer plugin echo.wasm", "echo.wasm", "no-suffix"} {
		if err := checkFileName(good); err != nil {
			t.Errorf("%q: %v", good, err)
		}
	}
	for name, want := range map[string]string{"roll dice": "roll-dice", "a  /\\ b": "a-b", "...": "plugin", "héllo wörld": "h-llo-w-rld", "calc_2.0": "calc_2.0"} {
		if got := storedName(name); got != want {
			t.Errorf("storedName(%q) = %q, want %q", name, got, want)
		}
	}
}
