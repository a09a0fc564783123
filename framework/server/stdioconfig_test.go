package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/framework/mcpcore"
)

func TestLoadStdioConfig(t *testing.T) {
	c := loadStdioConfig(envLookup(nil))
	if c.MaxLine != 0 || c.LogLevel != nil || c.Server.Options.Server.Name != "wasmcp" || !c.Server.Options.Logging {
		t.Errorf("defaults: %+v", c)
	}
	c = loadStdioConfig(envLookup([][2]string{{EnvMaxLine, "100"}, {mcpcore.EnvLogLevel, "error"}, {EnvServerName, "calc"}, {EnvInstructions, "Hi."}}))
	if c.MaxLine != 100 || c.LogLevel == nil || *c.LogLevel != mcpcore.LevelError || c.Server.Options.Server.Name != "calc" || c.Server.Options.Instructions != "Hi." {
		t.Errorf("settings: %+v", c)
	}
}

// TestHandleLine checks the per-line logic with mcpcore's channel table in
// place of the imported one.
func TestHandleLine(t *testing.T) {
	var table mcpcore.Channels
	chans := channelsAPI{open: table.Open, drain: table.Drain, close: table.Close}
	srv := &mcpcore.Server{Options: mcpcore.InitializeOptions{Server: mcpcore.ServerInfo{Name: "t", Version: "1"}, Logging: true}}
	var sess mcpcore.Session
	var seen []string // the version each chain call saw
	chain := func(version string, ch uint64, token json.RawMessage) mcpcore.Chain {
		return func(msg mcpcore.Message) (json.RawMessage, *mcpcore.Error, bool) {
			seen = append(seen, msg.Method+"@"+version)
			switch msg.Method {
			case "initialize":
				return json.RawMessage(`{"capabilities":{}}`), nil, true
			case "tools/call":
				table.Log(ch, mcpcore.LevelInfo, "x", json.RawMessage(`"log"`))
				if token != nil {
					table.Progress(ch, token, 1, nil, "")
				}
				return json.RawMessage(`{"content":[]}`), nil, true
			}
			return nil, nil, false
		}
	}
	line := func(s string) []string {
		var out []string
		for _, m := range handleLine(srv, &sess, chans, []byte(s), chain) {
			out = append(out, string(m))
		}
		return out
	}
	if out := line(`{"jsonrpc":"2.0","id":1,"method":"tools/list"}`); len(out) != 1 || !strings.Contains(out[0], "-32601") {
		t.Errorf("before initialize: %q", out)
	}
	if out := line(`{"jsonrpc":"2.0","id":2,"method":"initialize","params":{"protocolVersion":"2025-06-18"}}`); len(out) != 1 || !strings.Contains(out[0], `"protocolVersion":"2025-06-18"`) {
		t.Errorf("initialize: %q", out)
	}
	call := `{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"a","_meta":{"progressToken":7}}}`
	if out := line(call); len(out) != 2 || !strings.Contains(out[0], "notifications/progress") || !strings.Contains(out[1], `"id":3`) {
		t.Errorf("call with logging off: %q", out)
	}
	line(`{"jsonrpc":"2.0","id":4,"method":"logging/setLevel","params":{"level":"debug"}}`)
	if out := line(call); len(out) != 3 || !strings.Contains(out[0], "notifications/message") || !strings.Contains(out[1], "notifications/progress") {
		t.Errorf("call with logging on: %q", out)
	}
	if out := line(`{"jsonrpc":"2.0","method":"notifications/initialized"}`); len(out) != 0 || !sess.Initialized {
		t.Errorf("notification: %q", out)
	}
	if out := line(`nope`); len(out) != 1 || !strings.Contains(out[0], "-32700") {
		t.Errorf("malformed: %q", out)
	}
	if table.Len() != 0 {
		t.Errorf("%d channels left open", table.Len())
	}
	want := "tools/list@2025-03-26 initialize@2025-06-18 tools/call@2025-06-18 tools/call@2025-06-18 notifications/initialized@2025-06-18"
	if got := strings.Join(seen, " "); got != want {
		t.Errorf("chain saw %s\nwant %s", got, want)
	}
}
