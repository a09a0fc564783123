// Command toolguest is a tools provider (world wasmcp:mcp/tools-provider)
// for the HTTP transport's composed-server test. Its one tool, "count",
// logs through wasmcp:mcp/notify and reports progress for each step before
// answering, so the test sees notifications from a component deep in the
// chain arrive as SSE events before the result.
package main

import (
	"encoding/json"
	"strconv"

	"github.com/wasmcp/wasmcp/cabi"
	b "github.com/wasmcp/wasmcp/framework/server/testdata/toolguest/bindings"
)

func main() {}

func init() { b.ExportTools(tools{}) }

type tools struct{}

func (tools) ListTools(ctx b.RequestContext, cursor cabi.Option[string]) cabi.Result[b.ListToolsResult, b.Error] {
	return cabi.Ok[b.ListToolsResult, b.Error](b.ListToolsResult{Tools: []b.Tool{{
		Name:        "count",
		Description: cabi.Some("Counts to n, logging and reporting progress."),
		InputSchema: `{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]}`,
	}}})
}

func (tools) CallTool(ctx b.RequestContext, req b.CallToolRequest) cabi.Option[cabi.Result[b.CallToolResult, b.Error]] {
	if req.Name != "count" {
		return cabi.None[cabi.Result[b.CallToolResult, b.Error]]()
	}
	var args struct{ N int }
	raw, _ := req.Arguments.Get()
	if err := json.Unmarshal([]byte(raw), &args); err != nil {
		return cabi.Some(cabi.Err[b.CallToolResult](b.Error{Code: -32602, Message: "Invalid params: " + err.Error()}))
	}
	b.Log(ctx.Channel, b.LogLevelInfo, cabi.Some("count"), `"counting"`)
	if tok, ok := ctx.ProgressToken.Get(); ok {
		for i := 1; i <= args.N; i++ {
			b.Progress(ctx.Channel, tok, float64(i), cabi.Some(float64(args.N)), cabi.None[string]())
		}
	}
	return cabi.Some(cabi.Ok[b.CallToolResult, b.Error](b.CallToolResult{
		Content: []b.ContentBlock{b.ContentBlockText(b.TextContent{Text: strconv.Itoa(args.N)})},
	}))
}
