// Command docsprovider exports both wasmcp:mcp/resources and
// wasmcp:mcp/prompts (world test:docs/docs-provider), for the tests of a
// provider of several capabilities: compose server wraps it in two
// middlewares wired to the same instance. Both capabilities read and
// increment one counter, so a test sees that they share the instance's
// state.
package main

import (
	"strconv"

	"github.com/wasmcp/wasmcp/cabi"
	b "github.com/wasmcp/wasmcp/compose/server/testdata/docsprovider/bindings"
)

var calls int

func main() {}

func init() {
	b.ExportResources(resources{})
	b.ExportPrompts(prompts{})
}

type resources struct{}

func (resources) ListResources(ctx b.RequestContext, cursor cabi.Option[string]) cabi.Result[b.ListResourcesResult, b.Error] {
	return cabi.Ok[b.ListResourcesResult, b.Error](b.ListResourcesResult{Resources: []b.ResourceInfo{{
		Uri: "docs://counter", Name: "counter", MimeType: cabi.Some("text/plain"),
	}}})
}

func (resources) ListResourceTemplates(ctx b.RequestContext, cursor cabi.Option[string]) cabi.Result[b.ListResourceTemplatesResult, b.Error] {
	return cabi.Ok[b.ListResourceTemplatesResult, b.Error](b.ListResourceTemplatesResult{})
}

func (resources) ReadResource(ctx b.RequestContext, req b.ReadResourceRequest) cabi.Option[cabi.Result[b.ReadResourceResult, b.Error]] {
	if req.Uri != "docs://counter" {
		return cabi.None[cabi.Result[b.ReadResourceResult, b.Error]]()
	}
	calls++
	return cabi.Some(cabi.Ok[b.ReadResourceResult, b.Error](b.ReadResourceResult{Contents: []b.ResourceContents{{
		Uri: req.Uri, MimeType: cabi.Some("text/plain"), Body: b.ResourceBodyText("calls=" + strconv.Itoa(calls)),
	}}}))
}

type prompts struct{}

func (prompts) ListPrompts(ctx b.RequestContext, cursor cabi.Option[string]) cabi.Result[b.ListPromptsResult, b.Error] {
	return cabi.Ok[b.ListPromptsResult, b.Error](b.ListPromptsResult{Prompts: []b.Prompt{{Name: "counter"}}})
}

func (prompts) GetPrompt(ctx b.RequestContext, req b.GetPromptRequest) cabi.Option[cabi.Result[b.GetPromptResult, b.Error]] {
	if req.Name != "counter" {
		return cabi.None[cabi.Result[b.GetPromptResult, b.Error]]()
	}
	calls++
	return cabi.Some(cabi.Ok[b.GetPromptResult, b.Error](b.GetPromptResult{Messages: []b.PromptMessage{{
		Role: b.RoleUser, Content: b.ContentBlockText(b.TextContent{Text: "calls=" + strconv.Itoa(calls)}),
	}}}))
}
