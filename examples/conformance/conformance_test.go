package main

import (
	"bytes"
	"encoding/json"
	"testing"

	"conformance/internal/bindings"

	"github.com/wasmcp/wasmcp/cabi"
)

var ctx = bindings.RequestContext{ProgressToken: cabi.Some(`"p"`)}

func TestTools(t *testing.T) {
	list, _ := tools{}.ListTools(ctx, cabi.None[string]()).Ok()
	for _, tool := range list.Tools {
		if !json.Valid([]byte(tool.InputSchema)) || !tool.Description.IsSome() {
			t.Errorf("%s: schema or description", tool.Name)
		}
		res, ok := tools{}.CallTool(ctx, bindings.CallToolRequest{Name: tool.Name}).Get()
		r, isOk := res.Ok()
		if !ok || !isOk || len(r.Content) == 0 {
			t.Errorf("%s: %+v", tool.Name, res)
		}
		if isErr, _ := r.IsError.Get(); isErr != (tool.Name == "test_error_handling") {
			t.Errorf("%s: isError %v", tool.Name, isErr)
		}
	}
	if len(logs) != 3 || logs[0] != `info "Tool execution started"` {
		t.Errorf("logs: %q", logs)
	}
	if len(progresses) != 3 {
		t.Errorf("progress: %q", progresses)
	}
	if len(sent) != 2 || sent[0] != `notifications/resources/updated {"uri":"test://watched-resource"}` || sent[1] != "notifications/tools/list_changed " {
		t.Errorf("sent: %q", sent)
	}
	if tools.CallTool(tools{}, ctx, bindings.CallToolRequest{Name: "nope"}).IsSome() {
		t.Error("unknown tool handled")
	}
	if wav := silence(10); len(wav) != 54 || !bytes.HasPrefix(wav, []byte("RIFF")) {
		t.Errorf("wav: %x", wav)
	}
}

func TestResources(t *testing.T) {
	read := func(uri string) (bindings.ResourceContents, bool) {
		res, ok := resources{}.ReadResource(ctx, bindings.ReadResourceRequest{Uri: uri}).Get()
		if !ok {
			return bindings.ResourceContents{}, false
		}
		r, _ := res.Ok()
		return r.Contents[0], true
	}
	if c, _ := read("test://static-text"); c.Body.IsBlob() {
		t.Error("static-text")
	}
	if c, _ := read("test://static-binary"); !c.Body.IsBlob() {
		t.Error("static-binary")
	}
	c, _ := read("test://template/123/data")
	if text, _ := c.Body.AsText(); text != `{"id":"123","templateTest":true,"data":"Data for ID: 123"}` {
		t.Errorf("template: %q", text)
	}
	for _, uri := range []string{"test://template//data", "test://template/a/b/data", "test://other"} {
		if _, ok := read(uri); ok {
			t.Errorf("%s handled", uri)
		}
	}
}

func TestPromptsAndCompletions(t *testing.T) {
	get := func(name string, args ...string) (bindings.GetPromptResult, bool) {
		req := bindings.GetPromptRequest{Name: name}
		for i := 0; i+1 < len(args); i += 2 {
			req.Arguments = append(req.Arguments, struct{ F0, F1 string }{args[i], args[i+1]})
		}
		res, _ := prompts{}.GetPrompt(ctx, req).Get()
		return res.Ok()
	}
	if r, ok := get("test_prompt_with_arguments", "arg1", "a", "arg2", "b"); !ok {
		t.Error("with arguments")
	} else if text, _ := r.Messages[0].Content.AsText(); text.Text != "Prompt with arguments: arg1='a', arg2='b'" {
		t.Errorf("with arguments: %q", text.Text)
	}
	if _, ok := get("test_prompt_with_arguments", "arg1", "a"); ok {
		t.Error("missing arg2 accepted")
	}
	if r, ok := get("test_prompt_with_embedded_resource", "resourceUri", "test://x"); !ok || !r.Messages[0].Content.IsEmbeddedResource() {
		t.Error("embedded resource")
	}
	for _, name := range []string{"test_simple_prompt", "test_prompt_with_image"} {
		if _, ok := get(name); !ok {
			t.Error(name)
		}
	}
	res, _ := completions{}.Complete(ctx, bindings.CompleteRequest{
		Reference: bindings.CompletionReferencePrompt("test_prompt_with_arguments"), ArgumentName: "arg1", ArgumentValue: "par"}).Get()
	if c, _ := res.Ok(); len(c.Values) != 3 || c.Values[0] != "paris" {
		t.Errorf("completion: %+v", c)
	}
	if completions.Complete(completions{}, ctx, bindings.CompleteRequest{Reference: bindings.CompletionReferencePrompt("other")}).IsSome() {
		t.Error("foreign reference handled")
	}
}
