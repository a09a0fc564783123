// Command whoami is a test tools component: its one tool, whoami, answers
// with the identity in the request context, which an oauth-mode transport
// fills with the verified token's subject and claims. The e2e tests build it
// with wit/mcp's WIT (world tools-provider).
package main

import (
	"whoami/internal/bindings"

	"github.com/wasmcp/wasmcp/cabi"
	"github.com/wasmcp/wasmcp/jsonv"
)

func main() {}

func init() { bindings.ExportTools(tools{}) }

type tools struct{}

func (tools) ListTools(ctx bindings.RequestContext, cursor cabi.Option[string]) cabi.Result[bindings.ListToolsResult, bindings.Error] {
	return cabi.Ok[bindings.ListToolsResult, bindings.Error](bindings.ListToolsResult{Tools: []bindings.Tool{{
		Name:        "whoami",
		Description: cabi.Some("The caller's verified subject and claims, as JSON; null without authentication."),
		InputSchema: `{"type":"object"}`,
	}}})
}

func (tools) CallTool(ctx bindings.RequestContext, req bindings.CallToolRequest) cabi.Option[cabi.Result[bindings.CallToolResult, bindings.Error]] {
	if req.Name != "whoami" {
		return cabi.None[cabi.Result[bindings.CallToolResult, bindings.Error]]()
	}
	text := "null"
	if id, ok := ctx.Identity.Get(); ok {
		text = `{"subject":` + jsonv.Quote(id.Subject) + `,"claims":` + id.Claims + `}`
	}
	res := bindings.CallToolResult{Content: []bindings.ContentBlock{bindings.ContentBlockText(bindings.TextContent{Text: text})}}
	return cabi.Some(cabi.Ok[bindings.CallToolResult, bindings.Error](res))
}
