package mcpcore

import (
	"encoding/json"
	"testing"
)

func TestNegotiateVersion(t *testing.T) {
	for in, want := range map[string]string{
		"2025-11-25": "2025-11-25",
		"2025-06-18": "2025-06-18",
		"2025-03-26": "2025-03-26",
		"2024-11-05": LatestVersion,
		"":           LatestVersion,
		"2099-01-01": LatestVersion,
	} {
		if got := NegotiateVersion(in); got != want {
			t.Errorf("NegotiateVersion(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLevels(t *testing.T) {
	order := []string{"debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"}
	for i, name := range order {
		l, ok := ParseLevel(name)
		if !ok || int(l) != i || l.String() != name {
			t.Errorf("ParseLevel(%q) = %v, %v", name, l, ok)
		}
		for j := range order {
			if got, want := Level(j).Passes(l), j >= i; got != want {
				t.Errorf("%s.Passes(%s) = %v, want %v", Level(j), l, got, want)
			}
		}
	}
	if _, ok := ParseLevel("warn"); ok {
		t.Error(`ParseLevel("warn") succeeded`)
	}
	var l Level
	if err := json.Unmarshal([]byte(`"alert"`), &l); err != nil || l != LevelAlert {
		t.Errorf("Unmarshal alert = %v, %v", l, err)
	}
	if _, err := json.Marshal(Level(42)); err == nil {
		t.Error("Marshal(Level(42)) succeeded")
	}
}

func TestParseSetLevel(t *testing.T) {
	if l, err := ParseSetLevel(json.RawMessage(`{"level":"warning"}`)); err != nil || l != LevelWarning {
		t.Errorf("ParseSetLevel(warning) = %v, %v", l, err)
	}
	for _, p := range []string{``, `{}`, `{"level":"loud"}`, `{"level":3}`} {
		if _, err := ParseSetLevel(json.RawMessage(p)); err == nil || err.Code != CodeInvalidParams {
			t.Errorf("ParseSetLevel(%s) error = %v, want -32602", p, err)
		}
	}
}

func TestNotifications(t *testing.T) {
	got, err := LogMessage(LevelError, "db", json.RawMessage(`{"msg":"down"}`))
	if want := `{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"error","logger":"db","data":{"msg":"down"}}}`; err != nil || string(got) != want {
		t.Errorf("LogMessage() = %s, %v\nwant %s", got, err, want)
	}
	total := 10.0
	got, err = ProgressMessage(json.RawMessage(`"t1"`), 5, &total, "half")
	if want := `{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"t1","progress":5,"total":10,"message":"half"}}`; err != nil || string(got) != want {
		t.Errorf("ProgressMessage() = %s, %v\nwant %s", got, err, want)
	}
	got, err = ProgressMessage(json.RawMessage(`7`), 1, nil, "")
	if want := `{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":7,"progress":1}}`; err != nil || string(got) != want {
		t.Errorf("ProgressMessage() = %s, %v\nwant %s", got, err, want)
	}
	if _, err := ProgressMessage(json.RawMessage(`{}`), 1, nil, ""); err == nil {
		t.Error("ProgressMessage with an object token succeeded")
	}
	if _, err := LogMessage(LevelInfo, "", json.RawMessage(`{`)); err == nil {
		t.Error("LogMessage with invalid data succeeded")
	}
	if tok := ProgressToken(json.RawMessage(`{"_meta":{"progressToken": "abc"},"name":"x"}`)); string(tok) != `"abc"` {
		t.Errorf("ProgressToken() = %s", tok)
	}
	if tok := ProgressToken(json.RawMessage(`{"name":"x"}`)); tok != nil {
		t.Errorf("ProgressToken() without token = %s", tok)
	}
}

func TestAddCapability(t *testing.T) {
	r, err := AddCapability(nil, CapabilityTools, json.RawMessage(`{}`))
	if err != nil || string(r) != `{"capabilities":{"tools":{}}}` {
		t.Fatalf("AddCapability(nil) = %s, %v", r, err)
	}
	r, err = AddCapability(r, CapabilityPrompts, json.RawMessage(`{"listChanged":false}`))
	if err != nil || string(r) != `{"capabilities":{"prompts":{"listChanged":false},"tools":{}}}` {
		t.Fatalf("AddCapability(prompts) = %s, %v", r, err)
	}
	r, err = AddCapability(r, CapabilityTools, json.RawMessage(`{"listChanged":true}`))
	if err != nil || string(r) != `{"capabilities":{"prompts":{"listChanged":false},"tools":{}}}` {
		t.Fatalf("AddCapability keeps the existing entry: %s, %v", r, err)
	}
	if _, err := AddCapability(json.RawMessage(`[]`), CapabilityTools, json.RawMessage(`{}`)); err == nil {
		t.Error("AddCapability on an array succeeded")
	}
}

func TestInitializeResult(t *testing.T) {
	opts := InitializeOptions{
		Server:       ServerInfo{Name: "calc", Title: "Calculator", Version: "1.0.0", WebsiteURL: "https://x.example"},
		Instructions: "Use add for sums.",
		Logging:      true,
	}
	chain := json.RawMessage(`{"capabilities":{"tools":{}},"instructions":"From a component."}`)
	tests := []struct {
		version string
		chain   json.RawMessage
		want    string
	}{
		{"2025-11-25", chain, `{"protocolVersion":"2025-11-25","capabilities":{"logging":{},"tools":{}},"serverInfo":{"name":"calc","title":"Calculator","version":"1.0.0","websiteUrl":"https://x.example"},"instructions":"Use add for sums.\n\nFrom a component."}`},
		{"2025-06-18", chain, `{"protocolVersion":"2025-06-18","capabilities":{"logging":{},"tools":{}},"serverInfo":{"name":"calc","title":"Calculator","version":"1.0.0"},"instructions":"Use add for sums.\n\nFrom a component."}`},
		{"2025-03-26", nil, `{"protocolVersion":"2025-03-26","capabilities":{"logging":{}},"serverInfo":{"name":"calc","version":"1.0.0"},"instructions":"Use add for sums."}`},
	}
	for _, tt := range tests {
		got, err := InitializeResult(tt.version, tt.chain, opts)
		if err != nil || string(got) != tt.want {
			t.Errorf("InitializeResult(%s) = %s, %v\nwant %s", tt.version, got, err, tt.want)
		}
	}
	got, err := InitializeResult("2025-06-18", nil, InitializeOptions{Server: ServerInfo{Name: "s", Version: "0"}})
	if want := `{"protocolVersion":"2025-06-18","capabilities":{},"serverInfo":{"name":"s","version":"0"}}`; err != nil || string(got) != want {
		t.Errorf("InitializeResult(no capabilities) = %s, %v", got, err)
	}
}

// fakeChain is a chain of two "components": tools (add) and resources.
func fakeChain(calls *[]string) Chain {
	return func(m Message) (json.RawMessage, *Error, bool) {
		*calls = append(*calls, m.Method)
		switch m.Method {
		case "initialize":
			return json.RawMessage(`{"capabilities":{"tools":{}}}`), nil, true
		case "tools/list":
			return json.RawMessage(`{"tools":[{"name":"add","inputSchema":{"type":"object"}}]}`), nil, true
		case "tools/call":
			var p struct{ Name string }
			json.Unmarshal(m.Params, &p)
			if p.Name == "add" {
				return json.RawMessage(`{"content":[{"type":"text","text":"3"}]}`), nil, true
			}
			if p.Name == "boom" {
				return nil, Errorf(CodeInternalError, "boom"), true
			}
		}
		return nil, nil, false
	}
}

func TestServerHandle(t *testing.T) {
	s := &Server{Options: InitializeOptions{Server: ServerInfo{Name: "t", Version: "1"}, Logging: true}}
	var sess Session
	var calls []string
	chain := fakeChain(&calls)
	req := func(id int, method, params string) Message {
		m := Message{Kind: KindRequest, ID: json.RawMessage(json.Number(itoa(id))), Method: method}
		if params != "" {
			m.Params = json.RawMessage(params)
		}
		return m
	}
	tests := []struct {
		msg  Message
		want string
	}{
		{req(1, "initialize", `{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"c","version":"1"}}`),
			`{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-06-18","capabilities":{"logging":{},"tools":{}},"serverInfo":{"name":"t","version":"1"}}}`},
		{req(2, "initialize", `{"capabilities":{}}`), `{"jsonrpc":"2.0","id":2,"error":{"code":-32602,"message":"Invalid params: initialize needs a string \"protocolVersion\""}}`},
		{req(3, "ping", ""), `{"jsonrpc":"2.0","id":3,"result":{}}`},
		{req(4, "logging/setLevel", `{"level":"error"}`), `{"jsonrpc":"2.0","id":4,"result":{}}`},
		{req(5, "tools/call", `{"name":"add"}`), `{"jsonrpc":"2.0","id":5,"result":{"content":[{"type":"text","text":"3"}]}}`},
		{req(6, "tools/call", `{"name":"nope"}`), `{"jsonrpc":"2.0","id":6,"error":{"code":-32602,"message":"Unknown tool: nope"}}`},
		{req(7, "tools/call", `{"name":"boom"}`), `{"jsonrpc":"2.0","id":7,"error":{"code":-32603,"message":"boom"}}`},
		{req(8, "resources/read", `{"uri":"x://y"}`), `{"jsonrpc":"2.0","id":8,"error":{"code":-32002,"message":"Resource not found","data":{"uri":"x://y"}}}`},
		{req(9, "prompts/get", `{"name":"p"}`), `{"jsonrpc":"2.0","id":9,"error":{"code":-32602,"message":"Unknown prompt: p"}}`},
		{req(10, "completion/complete", `{}`), `{"jsonrpc":"2.0","id":10,"result":{"completion":{"values":[],"hasMore":false}}}`},
		{req(11, "made/up", ``), `{"jsonrpc":"2.0","id":11,"error":{"code":-32601,"message":"Method not found: made/up"}}`},
		{Message{Kind: KindNotification, Method: "notifications/initialized"}, ``},
		{Message{Kind: KindResponse, ID: json.RawMessage(`1`), Result: json.RawMessage(`{}`)}, ``},
	}
	for _, tt := range tests {
		got := s.Handle(&sess, tt.msg, chain)
		if string(got) != tt.want {
			t.Errorf("Handle(%s %s) =\n %s\nwant\n %s", tt.msg.Method, tt.msg.Params, got, tt.want)
		}
	}
	if sess.Version != "2025-06-18" || sess.LogLevel == nil || *sess.LogLevel != LevelError || !sess.Initialized {
		t.Errorf("session = %+v", sess)
	}
	// ping and logging/setLevel never reach the chain; initialize and the
	// notification do.
	for _, c := range calls {
		if c == "ping" || c == "logging/setLevel" {
			t.Errorf("%s reached the chain", c)
		}
	}
	if calls[0] != "initialize" || calls[len(calls)-1] != "notifications/initialized" {
		t.Errorf("chain calls = %v", calls)
	}

	// Without logging, logging/setLevel goes down the chain and is not found.
	s.Options.Logging = false
	got := s.Handle(&sess, req(12, "logging/setLevel", `{"level":"info"}`), chain)
	if want := `{"jsonrpc":"2.0","id":12,"error":{"code":-32601,"message":"Method not found: logging/setLevel"}}`; string(got) != want {
		t.Errorf("setLevel without logging = %s", got)
	}
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

func TestLevelFromEnv(t *testing.T) {
	env := map[string]string{EnvLogLevel: " Warning "}
	if l, ok := LevelFromEnv(func(k string) string { return env[k] }); !ok || l != LevelWarning {
		t.Errorf("LevelFromEnv(Warning) = %v, %v", l, ok)
	}
	if _, ok := LevelFromEnv(func(string) string { return "" }); ok {
		t.Error("LevelFromEnv(unset) ok")
	}
}
