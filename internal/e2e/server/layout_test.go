package server

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wasmcp/wasmcp/bindgen"
	"github.com/wasmcp/wasmcp/internal/testutil"
)

// The layout of the framework program in a server with more tools
// providers than it has slots and a middleware of the user's: five
// providers p1…p5 (the program has four tools slots, so p5 goes to a second
// framework instance), then the middleware, below which a third framework
// instance ends the chain. Served on wasmtime (an instance per request) and
// under jco serve, the server must answer as one chain: every tool listed
// in order, each call reaching its own provider, the middleware's method
// answered, and logs from every provider on the request's one channel.

// layoutComponent builds testdata/layout/DIR as a component of world
// (-X main.name=name), once per name.
func layoutComponent(t testing.TB, dir, world, name string) string {
	bin := wasmcp(t)
	root := testutil.RepoRoot(t)
	return once(t, "layout "+name, func() (string, error) {
		core := filepath.Join(tmpDir, "layout-"+name+".core.wasm")
		out := filepath.Join(tmpDir, "layout-"+name+".wasm")
		for _, argv := range [][]string{
			{"go", "build", "-trimpath", "-ldflags=-s -w -X main.name=" + name, "-buildmode=c-shared", "-o", core, "./internal/e2e/server/testdata/layout/" + dir},
			{bin, "componentize", core, "--wit", filepath.Join(root, "wit", "mcp"), "--world", world, "-o", out},
		} {
			cmd := exec.Command(argv[0], argv[1:]...)
			cmd.Dir = root
			cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm", "WASMCP_NODE_MODULES="+testutil.NodeModules(t))
			if b, err := cmd.CombinedOutput(); err != nil {
				return "", fmt.Errorf("%s: %v\n%s", strings.Join(argv, " "), err, b)
			}
		}
		return out, nil
	})
}

var update = flag.Bool("update", false, "rewrite the layout guests' bindings")

func layoutServer(t testing.TB) string {
	var comps []string
	for i := 1; i <= 5; i++ {
		comps = append(comps, layoutComponent(t, "provider", "tools-provider", fmt.Sprintf("p%d", i)))
	}
	comps = append(comps, layoutComponent(t, "mw", "handler-middleware", "mw"))
	return compose(t, "layout", "http", comps...)
}

func TestFrameworkLayout(t *testing.T) {
	wasm := layoutServer(t)
	testutil.WasmtimeCheck(t, wasm)
	// Three instances of the framework program, one Go runtime each: the
	// head with four tools slots filled, one for the fifth provider, one
	// below the middleware.
	var comps []string
	for i := 1; i <= 5; i++ {
		comps = append(comps, layoutComponent(t, "provider", "tools-provider", fmt.Sprintf("p%d", i)))
	}
	comps = append(comps, layoutComponent(t, "mw", "handler-middleware", "mw"))
	out, err := exec.Command(wasmcp(t), append(append([]string{"compose", "server"}, comps...), "-o", filepath.Join(t.TempDir(), "s.wasm"), "-v")...).CombinedOutput()
	want := "framework instances: 3 (one Go runtime each)\n" +
		"  1. tools(layout-p1), tools(layout-p2), tools(layout-p3), tools(layout-p4); then framework-2\n" +
		"  2. tools(layout-p5); then layout-mw\n" +
		"  3. no provider; chain end\n"
	if err != nil || !strings.Contains(string(out), want) {
		t.Errorf("compose -v: %v\n%s", err, out)
	}
	for _, rt := range []struct {
		name string
		url  func() string
	}{
		{"wasmtime", func() string { return serveWasmtime(t, "layout", wasm, "WASMCP_LOG_LEVEL=debug") }},
		{"jco", func() string { return serve(t, "layout", wasm, "WASMCP_LOG_LEVEL=debug") }},
	} {
		t.Run(rt.name, func(t *testing.T) {
			url := rt.url() + "/mcp"
			msgs := post(t, url, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`)
			if res := last(t, msgs); !strings.Contains(res, `"tools":{}`) {
				t.Errorf("initialize: %s", res)
			}
			res := last(t, post(t, url, `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`))
			var list struct {
				Result struct{ Tools []struct{ Name string } }
			}
			if err := json.Unmarshal([]byte(res), &list); err != nil {
				t.Fatalf("tools/list: %v: %s", err, res)
			}
			var names []string
			for _, tool := range list.Result.Tools {
				names = append(names, tool.Name)
			}
			if got := strings.Join(names, " "); got != "p1-tool p2-tool p3-tool p4-tool p5-tool" {
				t.Errorf("tools/list: %s", got)
			}
			for _, p := range []string{"p1", "p4", "p5"} {
				msgs := post(t, url, `{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"`+p+`-tool"}}`)
				if res := last(t, msgs); !strings.Contains(res, `"text":"`+p+` answers"`) {
					t.Errorf("call %s: %s", p, res)
				}
				// The provider's log, on the request's channel: the middleware
				// is below the providers, so it sees no tools/call.
				if len(msgs) != 2 || !strings.Contains(msgs[0], `"data":"called `+p+`"`) {
					t.Errorf("call %s: notifications %q", p, msgs)
				}
			}
			// A busy call: 600 log messages of 1 kB each, drained from the
			// channel into the framework in one piece (600 kB, far beyond
			// what its allocator keeps in reserve).
			msgs = post(t, url, `{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"p2-tool","arguments":{"logs":600}}}`)
			if res := last(t, msgs); len(msgs) != 602 || !strings.Contains(res, `"text":"p2 answers"`) {
				t.Errorf("busy call: %d messages, last %.200s", len(msgs), res)
			}
			// Large arguments: 3 MB reach the provider, lowered into its
			// memory by its allocator without growing the Go heap there.
			pad := strings.Repeat("z", 3<<20)
			if res := last(t, post(t, url, `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"p1-tool","arguments":{"pad":"`+pad+`"}}}`)); !strings.Contains(res, `"text":"p1 answers"`) {
				t.Errorf("3 MB of arguments: %.200s", res)
			}
			if res := last(t, post(t, url, `{"jsonrpc":"2.0","id":4,"method":"test/who"}`)); !strings.Contains(res, `"who":"mw"`) {
				t.Errorf("test/who: %s", res)
			}
			// A method nobody serves passes the middleware (which logs) and
			// ends in the last framework instance.
			msgs = post(t, url, `{"jsonrpc":"2.0","id":5,"method":"test/nobody"}`)
			if res := last(t, msgs); !strings.Contains(res, "-32601") {
				t.Errorf("test/nobody: %s", res)
			}
			if len(msgs) != 2 || !strings.Contains(msgs[0], `"passing test/nobody"`) {
				t.Errorf("test/nobody: notifications %q", msgs)
			}
		})
	}
}

// TestFrameworkOverrides gives two roles with --override: a chain end and
// a tools middleware of the user's. Each tools provider gets an instance of
// the middleware (the first in the chain answers its method), and the
// custom chain end answers below the last framework instance.
func TestFrameworkOverrides(t *testing.T) {
	p1 := layoutComponent(t, "provider", "tools-provider", "p1")
	p2 := layoutComponent(t, "provider", "tools-provider", "p2")
	end := layoutComponent(t, "end", "chain-end", "end")
	mw := layoutComponent(t, "toolsmw", "tools-middleware", "toolsmw")
	wasm := composeWith(t, "overrides", []string{"--transport", "http",
		"--override", "chain-end=" + end, "--override", "tools-middleware=" + mw}, p1, p2)
	url := serveWasmtime(t, "overrides", wasm) + "/mcp"
	if res := last(t, post(t, url, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`)); !strings.Contains(res, `"custom-end":{}`) {
		t.Errorf("initialize: %s", res)
	}
	if res := last(t, post(t, url, `{"jsonrpc":"2.0","id":2,"method":"test/tools"}`)); !strings.Contains(res, `{"tools":["p1-tool"]}`) {
		t.Errorf("test/tools: %s", res)
	}
	if res := last(t, post(t, url, `{"jsonrpc":"2.0","id":3,"method":"test/end"}`)); !strings.Contains(res, `"end":"custom"`) {
		t.Errorf("test/end: %s", res)
	}
	if res := last(t, post(t, url, `{"jsonrpc":"2.0","id":4,"method":"test/nobody"}`)); !strings.Contains(res, "-32601") {
		t.Errorf("test/nobody: %s", res)
	}
}

// post sends one JSON-RPC message and returns the messages of the answer:
// the SSE events' data in order, or the one JSON body.
func post(t *testing.T, url, body string) []string {
	t.Helper()
	req, err := http.NewRequest("POST", url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("MCP-Protocol-Version", "2025-06-18")
	c := &http.Client{Timeout: 60 * time.Second}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		return []string{string(bytes.TrimSpace(b))}
	}
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		if d, ok := strings.CutPrefix(line, "data: "); ok {
			out = append(out, d)
		}
	}
	return out
}

func last(t *testing.T, msgs []string) string {
	t.Helper()
	if len(msgs) == 0 {
		t.Fatal("no answer")
	}
	return msgs[len(msgs)-1]
}

// TestLayoutGuestBindingsCurrent checks the guests' committed bindings
// against bindgen's output (-update rewrites them).
func TestLayoutGuestBindingsCurrent(t *testing.T) {
	root := testutil.RepoRoot(t)
	for _, g := range []struct{ dir, world string }{
		{"provider", "tools-provider"}, {"mw", "handler-middleware"}, {"end", "chain-end"}, {"toolsmw", "tools-middleware"},
	} {
		res, w, err := bindgen.Load(filepath.Join(root, "wit", "mcp"), g.world)
		if err != nil {
			t.Fatal(err)
		}
		files, err := bindgen.Generate(res, w, bindgen.Options{Package: "bindings"})
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join("testdata", "layout", g.dir, "bindings")
		for _, f := range files {
			if *update {
				if err := os.WriteFile(filepath.Join(dir, f.Name), f.Content, 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			if have, err := os.ReadFile(filepath.Join(dir, f.Name)); err != nil || !bytes.Equal(have, f.Content) {
				t.Errorf("%s/%s is stale: run go test ./internal/e2e/server -run LayoutGuestBindingsCurrent -update", dir, f.Name)
			}
		}
	}
}
