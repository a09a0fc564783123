package mcpcore

import (
	"encoding/json"
	"strings"
	"testing"
)

// fakeTools serves tools by name, in pages of one, and answers calls with
// the tool's name.
type fakeTools struct {
	names []string
	calls []string
}

func (f *fakeTools) ListTools(cursor string) ([]Tool, string, *Error) {
	i := 0
	if cursor != "" {
		i = int(cursor[0] - '0')
	}
	if i >= len(f.names) {
		return nil, "", nil
	}
	next := ""
	if i+1 < len(f.names) {
		next = string(rune('0' + i + 1))
	}
	return []Tool{{Name: f.names[i], InputSchema: json.RawMessage(`{"type":"object"}`)}}, next, nil
}

func (f *fakeTools) CallTool(req CallToolRequest) (CallToolResult, *Error, bool) {
	for _, n := range f.names {
		if n == req.Name {
			f.calls = append(f.calls, n)
			return CallToolResult{Content: []ContentBlock{{Kind: ContentText, Text: n + string(req.Arguments)}}}, nil, true
		}
	}
	return CallToolResult{}, nil, false
}

type fakePrompts struct{}

func (fakePrompts) ListPrompts(string) ([]Prompt, string, *Error) {
	return []Prompt{{Name: "greet"}}, "", nil
}

func (fakePrompts) GetPrompt(req GetPromptRequest) (GetPromptResult, *Error, bool) {
	if req.Name != "greet" {
		return GetPromptResult{}, nil, false
	}
	who := ""
	for _, kv := range req.Arguments {
		if kv.Key == "who" {
			who = kv.Value
		}
	}
	return GetPromptResult{Messages: []PromptMessage{{Role: "user", Content: ContentBlock{Kind: ContentText, Text: "Hello " + who}}}}, nil, true
}

type brokenTools struct{}

func (brokenTools) ListTools(string) ([]Tool, string, *Error) {
	return []Tool{{Name: "bad", InputSchema: json.RawMessage(`nope`)}}, "", nil
}
func (brokenTools) CallTool(CallToolRequest) (CallToolResult, *Error, bool) {
	return CallToolResult{}, Errorf(CodeInvalidParams, "bad arguments"), true
}

type endlessTools struct{ brokenTools }

func (endlessTools) ListTools(string) ([]Tool, string, *Error) { return nil, "again", nil }

// chainOf builds transport-side chain: calc tools, strings tools, prompts,
// chain end.
func chainOf(calc, strs *fakeTools, warn *[]string) Chain {
	link := func(handle func(Middleware, Message) (json.RawMessage, *Error, bool), next Chain) Chain {
		return func(msg Message) (json.RawMessage, *Error, bool) {
			mw := Middleware{Version: Version20250618, Next: next, Warn: func(s string) { *warn = append(*warn, s) }}
			return handle(mw, msg)
		}
	}
	end := Chain(ChainEnd)
	prompts := link(func(m Middleware, msg Message) (json.RawMessage, *Error, bool) { return m.Prompts(fakePrompts{}, msg) }, end)
	second := link(func(m Middleware, msg Message) (json.RawMessage, *Error, bool) { return m.Tools(strs, msg) }, prompts)
	return link(func(m Middleware, msg Message) (json.RawMessage, *Error, bool) { return m.Tools(calc, msg) }, second)
}

func TestMiddlewareChain(t *testing.T) {
	calc := &fakeTools{names: []string{"add", "sub"}}
	strs := &fakeTools{names: []string{"upper", "add"}}
	var warn []string
	chain := chainOf(calc, strs, &warn)
	s := &Server{Options: InitializeOptions{Server: ServerInfo{Name: "t", Version: "1"}}}
	var sess Session
	call := func(id int, method, params string) string {
		msg, perr := Parse([]byte(`{"jsonrpc":"2.0","id":` + itoa(id) + `,"method":"` + method + `"` + func() string {
			if params == "" {
				return ""
			}
			return `,"params":` + params
		}() + `}`))
		if perr != nil {
			t.Fatal(perr)
		}
		return string(s.Handle(&sess, msg, chain))
	}
	tests := []struct {
		method, params, want string
	}{
		{"initialize", `{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"c","version":"1"}}`,
			`{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-06-18","capabilities":{"prompts":{},"tools":{}},"serverInfo":{"name":"t","version":"1"}}}`},
		{"tools/list", ``, `{"jsonrpc":"2.0","id":2,"result":{"tools":[{"name":"add","inputSchema":{"type":"object"}},{"name":"sub","inputSchema":{"type":"object"}},{"name":"upper","inputSchema":{"type":"object"}}]}}`},
		{"tools/list", `{"cursor":"x"}`, `{"jsonrpc":"2.0","id":3,"error":{"code":-32602,"message":"Invalid params: unknown cursor \"x\" (this server sends complete lists)"}}`},
		{"tools/call", `{"name":"upper","arguments":{"s":"a"}}`, `{"jsonrpc":"2.0","id":4,"result":{"content":[{"type":"text","text":"upper{\"s\":\"a\"}"}]}}`},
		{"tools/call", `{"name":"add"}`, `{"jsonrpc":"2.0","id":5,"result":{"content":[{"type":"text","text":"add"}]}}`},
		{"tools/call", `{"name":"mul"}`, `{"jsonrpc":"2.0","id":6,"error":{"code":-32602,"message":"Unknown tool: mul"}}`},
		{"tools/call", `{"arguments":{}}`, `{"jsonrpc":"2.0","id":7,"error":{"code":-32602,"message":"Invalid params: tools/call needs a string \"name\""}}`},
		{"prompts/list", ``, `{"jsonrpc":"2.0","id":8,"result":{"prompts":[{"name":"greet"}]}}`},
		{"prompts/get", `{"name":"greet","arguments":{"who":"Ann"}}`, `{"jsonrpc":"2.0","id":9,"result":{"messages":[{"role":"user","content":{"type":"text","text":"Hello Ann"}}]}}`},
		{"prompts/get", `{"name":"nope"}`, `{"jsonrpc":"2.0","id":10,"error":{"code":-32602,"message":"Unknown prompt: nope"}}`},
		{"resources/list", ``, `{"jsonrpc":"2.0","id":11,"error":{"code":-32601,"message":"Method not found: resources/list"}}`},
	}
	for i, tt := range tests {
		if got := call(i+1, tt.method, tt.params); got != tt.want {
			t.Errorf("%s %s =\n %s\nwant\n %s", tt.method, tt.params, got, tt.want)
		}
	}
	// "add" is calc's: the first in the chain wins, for listing and calling.
	if strings.Join(calc.calls, ",") != "add" || strings.Join(strs.calls, ",") != "upper" {
		t.Errorf("calls: calc %v, strings %v", calc.calls, strs.calls)
	}
	if len(warn) != 1 || !strings.Contains(warn[0], `tool "add" is served by more than one component`) {
		t.Errorf("warnings = %q", warn)
	}
}

func TestMiddlewareErrors(t *testing.T) {
	m := Middleware{Version: LatestVersion, Next: ChainEnd}
	list := Message{Kind: KindRequest, ID: json.RawMessage(`1`), Method: "tools/list"}
	if _, err, handled := m.Tools(brokenTools{}, list); !handled || err == nil || err.Code != CodeInternalError {
		t.Errorf("invalid schema: %v, %v", err, handled)
	}
	if _, err, _ := m.Tools(endlessTools{}, list); err == nil || !strings.Contains(err.Message, "more than 100 pages") {
		t.Errorf("endless pages: %v", err)
	}
	callMsg := Message{Kind: KindRequest, ID: json.RawMessage(`2`), Method: "tools/call", Params: json.RawMessage(`{"name":"bad"}`)}
	if _, err, handled := m.Tools(brokenTools{}, callMsg); !handled || err == nil || err.Message != "bad arguments" {
		t.Errorf("provider error: %v, %v", err, handled)
	}
	// Notifications and unknown methods pass down untouched.
	var seen []string
	m.Next = func(msg Message) (json.RawMessage, *Error, bool) {
		seen = append(seen, msg.Method)
		return nil, nil, false
	}
	m.Tools(brokenTools{}, Message{Kind: KindNotification, Method: "tools/call"})
	m.Tools(brokenTools{}, Message{Kind: KindRequest, ID: json.RawMessage(`3`), Method: "x/y"})
	if strings.Join(seen, ",") != "tools/call,x/y" {
		t.Errorf("passed down: %v", seen)
	}
	if res, _, ok := ChainEnd(Message{Kind: KindRequest, Method: "initialize"}); !ok || string(res) != `{"capabilities":{}}` {
		t.Errorf("ChainEnd(initialize) = %s, %v", res, ok)
	}
	if _, _, ok := ChainEnd(Message{Kind: KindRequest, Method: "tools/list"}); ok {
		t.Error("ChainEnd answered tools/list")
	}
}

type fakeResources struct{}

func (fakeResources) ListResources(string) ([]ResourceInfo, string, *Error) {
	return []ResourceInfo{{URI: "test://static-text", Name: "static", MimeType: "text/plain"}}, "", nil
}

func (fakeResources) ListResourceTemplates(string) ([]ResourceTemplate, string, *Error) {
	return []ResourceTemplate{{URITemplate: "test://template/{id}/data", Name: "tpl"}}, "", nil
}

func (fakeResources) ReadResource(req ReadResourceRequest) (ReadResourceResult, *Error, bool) {
	tpl, _ := ParseURITemplate("test://template/{id}/data")
	if req.URI == "test://static-text" {
		return ReadResourceResult{Contents: []ResourceContents{{URI: req.URI, MimeType: "text/plain", Text: "static"}}}, nil, true
	}
	if vars, ok := tpl.Match(req.URI); ok {
		return ReadResourceResult{Contents: []ResourceContents{{URI: req.URI, Text: vars["id"]}}}, nil, true
	}
	return ReadResourceResult{}, nil, false
}

type fakeCompletions struct{}

func (fakeCompletions) Complete(req CompleteRequest) (Completion, *Error, bool) {
	if req.RefKind != RefPrompt || req.Ref != "greet" {
		return Completion{}, nil, false
	}
	return Completion{Values: []string{req.ArgumentValue + "nn"}}, nil, true
}

func TestResourcesAndCompletionsMiddlewares(t *testing.T) {
	var chain Chain = ChainEnd
	comp := chain
	chain = func(msg Message) (json.RawMessage, *Error, bool) {
		return Middleware{Version: LatestVersion, Next: comp}.Completions(fakeCompletions{}, msg)
	}
	res := chain
	chain = func(msg Message) (json.RawMessage, *Error, bool) {
		return Middleware{Version: LatestVersion, Next: res}.Resources(fakeResources{}, msg)
	}
	tests := []struct {
		method, params, want string
		handled              bool
	}{
		{"initialize", `{}`, `{"capabilities":{"completions":{},"resources":{}}}`, true},
		{"resources/list", ``, `{"resources":[{"uri":"test://static-text","name":"static","mimeType":"text/plain"}]}`, true},
		{"resources/templates/list", ``, `{"resourceTemplates":[{"uriTemplate":"test://template/{id}/data","name":"tpl"}]}`, true},
		{"resources/read", `{"uri":"test://template/7/data"}`, `{"contents":[{"uri":"test://template/7/data","text":"7"}]}`, true},
		{"resources/read", `{"uri":"test://nope"}`, ``, false},
		{"completion/complete", `{"ref":{"type":"ref/prompt","name":"greet"},"argument":{"name":"who","value":"A"}}`, `{"completion":{"values":["Ann"]}}`, true},
		{"completion/complete", `{"ref":{"type":"ref/prompt","name":"other"},"argument":{"name":"who","value":"A"}}`, ``, false},
	}
	for _, tt := range tests {
		msg := Message{Kind: KindRequest, ID: json.RawMessage(`1`), Method: tt.method}
		if tt.params != "" {
			msg.Params = json.RawMessage(tt.params)
		}
		got, err, handled := chain(msg)
		if err != nil || handled != tt.handled || string(got) != tt.want {
			t.Errorf("%s %s = %s, %v, %v; want %s, %v", tt.method, tt.params, got, err, handled, tt.want, tt.handled)
		}
	}
}
