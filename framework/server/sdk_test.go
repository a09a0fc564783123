package main

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/internal/testutil"
)

// sdkClientJS drives the transport with the MCP TypeScript SDK's Streamable
// HTTP client: initialize, tools/list, a call that logs and reports
// progress (SSE), an unknown tool, ping.
const sdkClientJS = `
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { LoggingMessageNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
const client = new Client({ name: "sdk-test", version: "1.0.0" });
const logs = [];
client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => { logs.push(n.params); });
const transport = new StreamableHTTPClientTransport(new URL(process.argv[1]));
await client.connect(transport);
const out = { server: client.getServerVersion(), caps: client.getServerCapabilities(), instructions: client.getInstructions(), version: transport.protocolVersion };
out.tools = (await client.listTools()).tools.map((t) => t.name);
const progress = [];
out.call = await client.callTool({ name: "echo", arguments: { text: "hello" } }, undefined, { onprogress: (p) => progress.push(p) });
out.progress = progress;
out.logs = logs;
try { await client.callTool({ name: "missing", arguments: {} }); out.missing = "no error"; }
catch (e) { out.missing = e.code + " " + e.message; }
out.ping = await client.ping();
await client.close();
console.log(JSON.stringify(out));
`

func TestTypeScriptSDKClient(t *testing.T) {
	url := serveDefault(t) + "/mcp"
	cmd := exec.Command(testutil.Node(t), "--input-type=module", "-e", sdkClientJS, url)
	cmd.Dir = filepath.Dir(testutil.NodeModules(t))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("SDK client: %v\n%s", err, out)
	}
	s := strings.TrimSpace(string(out))
	var got struct {
		Server       struct{ Name string }
		Caps         map[string]json.RawMessage
		Instructions string
		Version      string
		Tools        []string
		Call         struct{ Content []struct{ Type, Text string } }
		Progress     []struct{ Progress, Total float64 }
		Logs         []struct{ Level, Logger, Data string }
		Missing      string
	}
	if err := json.Unmarshal([]byte(s[strings.LastIndexByte(s, '\n')+1:]), &got); err != nil {
		t.Fatalf("client output: %v\n%s", err, out)
	}
	if got.Server.Name != "wasmcp" || got.Instructions != "Test handler." || got.Caps["tools"] == nil || got.Caps["logging"] == nil {
		t.Errorf("initialize: %+v", got)
	}
	if got.Version != "2025-11-25" {
		t.Errorf("negotiated %q, want 2025-11-25", got.Version)
	}
	if strings.Join(got.Tools, ",") != "echo,fail" {
		t.Errorf("tools %v", got.Tools)
	}
	if len(got.Call.Content) != 1 || got.Call.Content[0].Text != "hello" {
		t.Errorf("call %+v", got.Call)
	}
	if len(got.Progress) != 2 || got.Progress[1].Progress != 2 || got.Progress[1].Total != 2 {
		t.Errorf("progress %+v", got.Progress)
	}
	if len(got.Logs) != 1 || got.Logs[0].Level != "info" || got.Logs[0].Logger != "echo" || got.Logs[0].Data != "echoing" {
		t.Errorf("logs %+v", got.Logs)
	}
	if !strings.Contains(got.Missing, "-32602") || !strings.Contains(got.Missing, "Unknown tool: missing") {
		t.Errorf("unknown tool: %q", got.Missing)
	}
}
