// Command toolsprovider is a tools provider (world wasmcp:mcp/tools-provider)
// for the tests of wasmcp compose server. It offers one tool whose name is
// set at link time (-ldflags=-X main.tool=NAME), so that one source gives
// several providers: the tool answers "NAME: " followed by its "text"
// argument, and logs one line through wasmcp:mcp/notify.
package main

import (
	"encoding/json"

	"github.com/wasmcp/wasmcp/cabi"
	b "github.com/wasmcp/wasmcp/compose/server/testdata/toolsprovider/bindings"
)

var tool = "echo"

func main() {}

func init() { b.ExportTools(tools{}) }

type tools struct{}

func (tools) ListTools(ctx b.RequestContext, cursor cabi.Option[string]) cabi.Result[b.ListToolsResult, b.Error] {
	return cabi.Ok[b.ListToolsResult, b.Error](b.ListToolsResult{Tools: []b.Tool{{
		Name:        tool,
		Description: cabi.Some("Answers its name and the text it is given."),
		InputSchema: `{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}`,
	}}})
}

func (tools) CallTool(ctx b.RequestContext, req b.CallToolRequest) cabi.Option[cabi.Result[b.CallToolResult, b.Error]] {
	if req.Name != tool {
		return cabi.None[cabi.Result[b.CallToolResult, b.Error]]()
	}
	var args struct{ Text string }
	raw, _ := req.Arguments.Get()
	if err := json.Unmarshal([]byte(raw), &args); err != nil {
		return cabi.Some(cabi.Err[b.CallToolResult](b.Error{Code: -32602, Message: "Invalid params: " + err.Error()}))
	}
	b.Log(ctx.Channel, b.LogLevelInfo, cabi.Some(tool), `"called"`)
	return cabi.Some(cabi.Ok[b.CallToolResult, b.Error](b.CallToolResult{
		Content: []b.ContentBlock{b.ContentBlockText(b.TextContent{Text: tool + ": " + args.Text})},
	}))
}
