package main

import (
	"resources-prompts/internal/bindings"

	"github.com/wasmcp/wasmcp/cabi"
)

func init() { bindings.ExportPrompts(prompts{}) }

// prompts implements the exported interface wasmcp:mcp/prompts.
type prompts struct{}

// ListPrompts lists the prompts on one page.
func (prompts) ListPrompts(ctx bindings.RequestContext, cursor cabi.Option[string]) cabi.Result[bindings.ListPromptsResult, bindings.Error] {
	return cabi.Ok[bindings.ListPromptsResult, bindings.Error](bindings.ListPromptsResult{
		Prompts: []bindings.Prompt{
			{
				Name:        "explain",
				Title:       cabi.Some("Explain a topic"),
				Description: cabi.Some("Asks the model to explain a topic, with the note on it attached."),
				Arguments: []bindings.PromptArgument{
					{Name: "topic", Description: cabi.Some("A topic of notes://index (mcp, wasm)"), Required: cabi.Some(true)},
					{Name: "audience", Description: cabi.Some("Who the explanation is for (default: a developer)"), Required: cabi.Some(false)},
				},
			},
		},
	})
}

type getResult = cabi.Option[cabi.Result[bindings.GetPromptResult, bindings.Error]]

// GetPrompt renders a prompt. It returns none for a name it does not know, so
// that the next component in the server can answer.
func (prompts) GetPrompt(ctx bindings.RequestContext, req bindings.GetPromptRequest) getResult {
	if req.Name != "explain" {
		return cabi.None[cabi.Result[bindings.GetPromptResult, bindings.Error]]()
	}
	args := map[string]string{}
	for _, kv := range req.Arguments {
		args[kv.F0] = kv.F1
	}
	topic := args["topic"]
	note, known := notes[topic]
	if !known {
		return cabi.Some(cabi.Err[bindings.GetPromptResult](bindings.Error{Code: -32602, Message: `explain: argument "topic" must be one of mcp, wasm`}))
	}
	audience := args["audience"]
	if audience == "" {
		audience = "a developer"
	}
	return cabi.Some(cabi.Ok[bindings.GetPromptResult, bindings.Error](bindings.GetPromptResult{
		Description: cabi.Some("Explain " + topic + " to " + audience),
		Messages: []bindings.PromptMessage{
			{
				Role:    bindings.RoleUser,
				Content: bindings.ContentBlockText(bindings.TextContent{Text: "Explain " + topic + " to " + audience + ", starting from this note."}),
			},
			{
				Role: bindings.RoleUser,
				Content: bindings.ContentBlockEmbeddedResource(bindings.EmbeddedResource{Contents: bindings.ResourceContents{
					Uri: notePrefix + topic, MimeType: cabi.Some("text/plain"), Body: bindings.ResourceBodyText(note),
				}}),
			},
		},
	}))
}
