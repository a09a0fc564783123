package serve

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func TestStreamableHTTPBasics(t *testing.T) {
	ts := newTestServer(t)
	c := ts.client(t)

	r := c.call("tools/list", nil)
	var list struct {
		Tools []struct {
			Name        string         `json:"name"`
			Description string         `json:"description"`
			InputSchema map[string]any `json:"inputSchema"`
		} `json:"tools"`
	}
	json.Unmarshal(r.Result, &list)
	if len(list.Tools) != 8 || list.Tools[0].Name != "add" {
		t.Fatalf("tools/list: %s", r.Result)
	}
	for _, tool := range list.Tools {
		if tool.Name == "echo" {
			b, _ := json.Marshal(tool.InputSchema)
			if tool.Description != "echoes its arguments" || string(b) != `{"properties":{"text":{"description":"what to echo","type":"string"}},"required":["text"],"type":"object"}` {
				t.Errorf("echo: %q %s", tool.Description, b)
			}
		}
	}
	if out, isErr, err := c.callTool("echo", map[string]any{"text": "hi"}); err != nil || isErr || out != `{"text":"hi"}` {
		t.Errorf("echo: %q %v %v", out, isErr, err)
	}
	if out, isErr, err := c.callTool("add", map[string]any{"a": 2, "b": 40.5}); err != nil || isErr || out != "42.5" {
		t.Errorf("add: %q %v %v", out, isErr, err)
	}
	// Argument checks against the declared schema.
	if out, isErr, _ := c.callTool("add", map[string]any{"a": "2", "b": 1}); !isErr || !strings.Contains(out, `"a" must be of type number`) {
		t.Errorf("add with a string: %q %v", out, isErr)
	}
	if out, isErr, _ := c.callTool("echo", map[string]any{}); !isErr || !strings.Contains(out, `missing argument "text"`) {
		t.Errorf("echo without text: %q %v", out, isErr)
	}
	// Only the environment values the definition names reach the plugin.
	if out, _, _ := c.callTool("config", nil); out != "" {
		t.Errorf("config with empty key: %q", out)
	}
	// The config tool reads the config key named by its whole input, here
	// the JSON text of the arguments; a definition's config and the named
	// environment variables are there, nothing else.
	for key, want := range map[string]string{"version": "1", "SERVE_TEST_VISIBLE": "visible", "SERVE_TEST_HIDDEN": "", "WASIMANCER_ADMIN_TOKEN": ""} {
		out, err := ts.cat.Load().toolByName["config"].plugin.mod.Call(context.Background(), "config", []byte(key))
		if err != nil || string(out) != want {
			t.Errorf("config %s: %q %v, want %q", key, out, err, want)
		}
	}
	r = c.call("tools/call", map[string]any{"name": "nosuch"})
	if r.Error == nil || r.Error.Code != codeInvalidParams {
		t.Errorf("unknown tool: %+v", r)
	}

	r = c.call("resources/read", map[string]any{"uri": "llm://instructions"})
	if !strings.Contains(string(r.Result), "you are a dungeon master.") {
		t.Errorf("static resource: %s", r.Result)
	}
	r = c.call("resources/read", map[string]any{"uri": "greeting://Bob/French"})
	if !strings.Contains(string(r.Result), `"text":"Hello Bob in French!"`) {
		t.Errorf("dynamic resource: %s %+v", r.Result, r.Error)
	}
	r = c.call("resources/read", map[string]any{"uri": "nope://x"})
	if r.Error == nil || r.Error.Code != codeNotFound {
		t.Errorf("unknown resource: %+v", r)
	}
	r = c.call("resources/templates/list", nil)
	if !strings.Contains(string(r.Result), `"uriTemplate":"greeting://{name}/{language}"`) {
		t.Errorf("templates: %s", r.Result)
	}
	r = c.call("prompts/get", map[string]any{"name": "roll-dice", "arguments": map[string]any{"numFaces": "6", "numDice": "2"}})
	if !strings.Contains(string(r.Result), `"text":"roll 2 dice of 6 faces."`) || !strings.Contains(string(r.Result), `"role":"user"`) {
		t.Errorf("prompt: %s %+v", r.Result, r.Error)
	}
	r = c.call("prompts/get", map[string]any{"name": "roll-dice", "arguments": map[string]any{"numFaces": "6"}})
	if r.Error == nil || r.Error.Code != codeInvalidParams {
		t.Errorf("prompt with a missing argument: %+v", r)
	}
	r = c.call("nosuch/method", nil)
	if r.Error == nil || r.Error.Code != codeMethodNotFound {
		t.Errorf("unknown method: %+v", r)
	}

	// DELETE ends the session; later messages get 404.
	code, _ := doRequestWithSession(t, "DELETE", ts.url+"/mcp", c.sid, "")
	if code != 200 {
		t.Fatalf("DELETE: %d", code)
	}
	if _, err := c.tryCall("ping", nil); err == nil || !strings.Contains(err.Error(), "HTTP 404") {
		t.Errorf("ping after DELETE: %v", err)
	}
}
