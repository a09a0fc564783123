package main

import (
	"bytes"
	"strings"
	"testing"

	"resources-prompts/internal/bindings"

	"github.com/wasmcp/wasmcp/cabi"
)

var ctx = bindings.RequestContext{}

func read(t *testing.T, uri string) (bindings.ResourceContents, *bindings.Error) {
	t.Helper()
	res, ok := resources{}.ReadResource(ctx, bindings.ReadResourceRequest{Uri: uri}).Get()
	if !ok {
		t.Fatalf("%s: not handled", uri)
	}
	if e, isErr := res.Err(); isErr {
		return bindings.ResourceContents{}, &e
	}
	r, _ := res.Ok()
	return r.Contents[0], nil
}

func TestResources(t *testing.T) {
	list, _ := resources{}.ListResources(ctx, cabi.None[string]()).Ok()
	if len(list.Resources) != 2 {
		t.Fatalf("resources: %d", len(list.Resources))
	}
	templates, _ := resources{}.ListResourceTemplates(ctx, cabi.None[string]()).Ok()
	if len(templates.ResourceTemplates) != 1 || templates.ResourceTemplates[0].UriTemplate != "notes://topic/{topic}" {
		t.Fatalf("templates: %+v", templates)
	}
	c, err := read(t, indexURI)
	if text, _ := c.Body.AsText(); err != nil || !strings.Contains(text, "notes://topic/wasm") {
		t.Errorf("index: %q %v", text, err)
	}
	c, err = read(t, pixelURI)
	if blob, _ := c.Body.AsBlob(); err != nil || !bytes.HasPrefix(blob, []byte("\x89PNG")) {
		t.Errorf("pixel: %v", err)
	}
	c, err = read(t, "notes://topic/mcp")
	if text, _ := c.Body.AsText(); err != nil || text != notes["mcp"] {
		t.Errorf("note: %q %v", text, err)
	}
	if _, err := read(t, "notes://topic/nothing"); err == nil || err.Code != -32002 {
		t.Errorf("unknown note: %v", err)
	}
	if (resources{}).ReadResource(ctx, bindings.ReadResourceRequest{Uri: "other://x"}).IsSome() {
		t.Error("foreign URI handled")
	}
}

func TestPrompts(t *testing.T) {
	list, _ := prompts{}.ListPrompts(ctx, cabi.None[string]()).Ok()
	if len(list.Prompts) != 1 || len(list.Prompts[0].Arguments) != 2 {
		t.Fatalf("prompts: %+v", list)
	}
	get := func(args ...string) (bindings.GetPromptResult, *bindings.Error) {
		req := bindings.GetPromptRequest{Name: "explain"}
		for i := 0; i+1 < len(args); i += 2 {
			req.Arguments = append(req.Arguments, struct{ F0, F1 string }{args[i], args[i+1]})
		}
		res, _ := prompts{}.GetPrompt(ctx, req).Get()
		if e, isErr := res.Err(); isErr {
			return bindings.GetPromptResult{}, &e
		}
		r, _ := res.Ok()
		return r, nil
	}
	r, err := get("topic", "wasm", "audience", "a child")
	if err != nil || len(r.Messages) != 2 {
		t.Fatalf("explain: %+v %v", r, err)
	}
	if text, _ := r.Messages[0].Content.AsText(); text.Text != "Explain wasm to a child, starting from this note." {
		t.Errorf("message: %q", text.Text)
	}
	if e, ok := r.Messages[1].Content.AsEmbeddedResource(); !ok || e.Contents.Uri != "notes://topic/wasm" {
		t.Errorf("embedded: %+v", r.Messages[1])
	}
	if _, err := get("topic", "nope"); err == nil || err.Code != -32602 {
		t.Errorf("bad topic: %v", err)
	}
	if (prompts{}).GetPrompt(ctx, bindings.GetPromptRequest{Name: "other"}).IsSome() {
		t.Error("foreign prompt handled")
	}
}
