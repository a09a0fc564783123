package main

import (
	"conformance/internal/bindings"

	"github.com/wasmcp/wasmcp/cabi"
	"github.com/wasmcp/wasmcp/jsonv"
)

func init() { bindings.ExportPrompts(prompts{}) }

// prompts implements wasmcp:mcp/prompts with the conformance fixtures.
type prompts struct{}

// ListPrompts lists the fixture prompts.
func (prompts) ListPrompts(ctx bindings.RequestContext, cursor cabi.Option[string]) cabi.Result[bindings.ListPromptsResult, bindings.Error] {
	required := cabi.Some(true)
	return cabi.Ok[bindings.ListPromptsResult, bindings.Error](bindings.ListPromptsResult{
		Prompts: []bindings.Prompt{
			{Name: "test_simple_prompt", Description: cabi.Some("A simple prompt without arguments.")},
			{Name: "test_prompt_with_arguments", Description: cabi.Some("A prompt with two required arguments."), Arguments: []bindings.PromptArgument{
				{Name: "arg1", Description: cabi.Some("First test argument"), Required: required},
				{Name: "arg2", Description: cabi.Some("Second test argument"), Required: required},
			}},
			{Name: "test_prompt_with_embedded_resource", Description: cabi.Some("A prompt that embeds a resource."), Arguments: []bindings.PromptArgument{
				{Name: "resourceUri", Description: cabi.Some("URI of the resource to embed"), Required: required},
			}},
			{Name: "test_prompt_with_image", Description: cabi.Some("A prompt with an image.")},
		},
	})
}

type getResult = cabi.Option[cabi.Result[bindings.GetPromptResult, bindings.Error]]

// GetPrompt renders a fixture prompt; none for a name it does not know.
func (prompts) GetPrompt(ctx bindings.RequestContext, req bindings.GetPromptRequest) getResult {
	args := map[string]string{}
	for _, kv := range req.Arguments {
		args[kv.F0] = kv.F1
	}
	missing := func(name string) getResult {
		return cabi.Some(cabi.Err[bindings.GetPromptResult](bindings.Error{Code: -32602, Message: req.Name + ": missing required argument " + name}))
	}
	var msgs []bindings.PromptMessage
	user := func(c bindings.ContentBlock) {
		msgs = append(msgs, bindings.PromptMessage{Role: bindings.RoleUser, Content: c})
	}
	switch req.Name {
	case "test_simple_prompt":
		user(text("This is a simple prompt for testing."))
	case "test_prompt_with_arguments":
		for _, name := range []string{"arg1", "arg2"} {
			if _, ok := args[name]; !ok {
				return missing(name)
			}
		}
		user(text("Prompt with arguments: arg1='" + args["arg1"] + "', arg2='" + args["arg2"] + "'"))
	case "test_prompt_with_embedded_resource":
		uri, ok := args["resourceUri"]
		if !ok {
			return missing("resourceUri")
		}
		user(embedded(uri, "text/plain", "Embedded resource content for testing."))
		user(text("Please process the embedded resource above."))
	case "test_prompt_with_image":
		user(bindings.ContentBlockImage(bindings.MediaContent{Data: redPixel, MimeType: "image/png"}))
		user(text("Please analyze the image above."))
	default:
		return cabi.None[cabi.Result[bindings.GetPromptResult, bindings.Error]]()
	}
	return cabi.Some(cabi.Ok[bindings.GetPromptResult, bindings.Error](bindings.GetPromptResult{Messages: msgs}))
}

func jsonString(s string) string { return jsonv.Quote(s) }
