package mcpcore

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/internal/testutil"
)

// This file runs the package the way the HTTP transport component will: a
// plain net/http handler around DecideHTTP, Server.Handle, a chain of
// middlewares and Channels, driven by the MCP TypeScript SDK's Streamable
// HTTP client. It doubles as the reference loop for the transport.

// e2eTools has one tool, "count", that logs and reports progress through
// the request's channel before answering.
type e2eTools struct {
	chans *Channels
	ch    uint64
	token json.RawMessage
}

func (e2eTools) ListTools(string) ([]Tool, string, *Error) {
	return []Tool{{
		Name: "count", Title: "Count", Description: "Counts to n.",
		InputSchema:  json.RawMessage(`{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]}`),
		OutputSchema: json.RawMessage(`{"type":"object","properties":{"n":{"type":"integer"}}}`),
	}}, "", nil
}

func (e *e2eTools) CallTool(req CallToolRequest) (CallToolResult, *Error, bool) {
	if req.Name != "count" {
		return CallToolResult{}, nil, false
	}
	var args struct{ N int }
	if err := json.Unmarshal(req.Arguments, &args); err != nil {
		return CallToolResult{}, Errorf(CodeInvalidParams, "Invalid params: %v", err), true
	}
	e.chans.Log(e.ch, LevelInfo, "count", json.RawMessage(`"counting"`))
	total := float64(args.N)
	for i := 1; i <= args.N; i++ {
		if e.token != nil {
			e.chans.Progress(e.ch, e.token, float64(i), &total, "")
		}
	}
	out, _ := json.Marshal(args)
	return CallToolResult{
		Content:           []ContentBlock{{Kind: ContentText, Text: string(out)}},
		StructuredContent: out,
	}, nil, true
}

func mcpHandler(t *testing.T) http.Handler {
	policy := HTTPPolicy{}
	srv := &Server{Options: InitializeOptions{Server: ServerInfo{Name: "e2e", Version: "0.1.0"}, Instructions: "Count things.", Logging: true}}
	var chans Channels
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, int64(policy.Limit())+1))
		d := DecideHTTP(policy, HTTPRequest{Method: r.Method, Header: r.Header, Body: body}, nil)
		for k, v := range d.Headers {
			w.Header().Set(k, v)
		}
		// Stateless: a session per request, logging from debug up (as with
		// WASMCP_LOG_LEVEL=debug).
		debug := LevelDebug
		sess := Session{Version: d.Version, LogLevel: &debug}
		ch := chans.Open(sess.LogLevel)
		defer chans.Close(ch)
		tools := &e2eTools{chans: &chans, ch: ch, token: ProgressToken(d.Message.Params)}
		chain := func(msg Message) (json.RawMessage, *Error, bool) {
			return Middleware{Version: sess.Version, Next: ChainEnd}.Tools(tools, msg)
		}
		switch d.Action {
		case ActionReject:
			if d.Body != nil {
				w.Header().Set("Content-Type", MediaJSON)
			}
			w.WriteHeader(d.Status)
			w.Write(d.Body)
		case ActionAccept:
			srv.Handle(&sess, d.Message, chain)
			w.WriteHeader(d.Status)
		case ActionHandle:
			resp := srv.Handle(&sess, d.Message, chain)
			notes := chans.Drain(ch)
			if ChooseResponse(r.Header.Get("Accept"), len(notes)) == ModeJSON {
				w.Header().Set("Content-Type", MediaJSON)
				w.Write(resp)
				return
			}
			w.Header().Set("Content-Type", MediaSSE)
			var out []byte
			for _, n := range notes {
				out = AppendEvent(out, MessageEvent("", n))
			}
			w.Write(AppendEvent(out, MessageEvent("", resp)))
		default:
			t.Errorf("unexpected action %v", d.Action)
			w.WriteHeader(500)
		}
	})
}

const sdkClientJS = `
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { LoggingMessageNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
const client = new Client({ name: "e2e", version: "1.0.0" });
const logs = [];
client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => { logs.push(n.params); });
await client.connect(new StreamableHTTPClientTransport(new URL(process.argv[1])));
const out = { server: client.getServerVersion(), caps: client.getServerCapabilities(), instructions: client.getInstructions() };
out.tools = (await client.listTools()).tools;
const progress = [];
out.call = await client.callTool({ name: "count", arguments: { n: 3 } }, undefined, { onprogress: (p) => progress.push(p) });
out.progress = progress;
out.logs = logs;
try { await client.callTool({ name: "missing", arguments: {} }); out.missing = "no error"; }
catch (e) { out.missing = e.code + " " + e.message; }
out.ping = await client.ping();
await client.close();
console.log(JSON.stringify(out));
`

func TestTypeScriptSDKClientOverStreamableHTTP(t *testing.T) {
	ts := httptest.NewServer(mcpHandler(t))
	defer ts.Close()
	cmd := exec.Command(testutil.Node(t), "--input-type=module", "-e", sdkClientJS, ts.URL+"/mcp")
	cmd.Dir = filepath.Dir(testutil.NodeModules(t))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("SDK client: %v\n%s", err, out)
	}
	var got struct {
		Server       ServerInfo
		Caps         map[string]json.RawMessage
		Instructions string
		Tools        []struct{ Name, Title string }
		Call         struct {
			Content           []struct{ Type, Text string }
			StructuredContent map[string]int
		}
		Progress []struct{ Progress, Total float64 }
		Logs     []struct {
			Level, Logger string
			Data          string
		}
		Missing string
	}
	if err := json.Unmarshal([]byte(lastLine(string(out))), &got); err != nil {
		t.Fatalf("client output: %v\n%s", err, out)
	}
	if got.Server.Name != "e2e" || got.Instructions != "Count things." {
		t.Errorf("server %+v, instructions %q", got.Server, got.Instructions)
	}
	if _, ok := got.Caps["tools"]; !ok || len(got.Caps) != 2 || got.Caps["logging"] == nil {
		t.Errorf("capabilities = %v, want tools and logging only", got.Caps)
	}
	if len(got.Tools) != 1 || got.Tools[0].Name != "count" || got.Tools[0].Title != "Count" {
		t.Errorf("tools = %+v", got.Tools)
	}
	if len(got.Call.Content) != 1 || got.Call.Content[0].Text != `{"N":3}` || got.Call.StructuredContent["N"] != 3 {
		t.Errorf("call = %+v", got.Call)
	}
	if len(got.Progress) != 3 || got.Progress[2].Progress != 3 || got.Progress[2].Total != 3 {
		t.Errorf("progress = %+v", got.Progress)
	}
	if len(got.Logs) != 1 || got.Logs[0].Level != "info" || got.Logs[0].Logger != "count" || got.Logs[0].Data != "counting" {
		t.Errorf("logs = %+v", got.Logs)
	}
	if !strings.Contains(got.Missing, "-32602") || !strings.Contains(got.Missing, "Unknown tool: missing") {
		t.Errorf("missing tool = %q", got.Missing)
	}
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	return s[strings.LastIndexByte(s, '\n')+1:]
}
