// Command provider is a tools provider whose one tool is named after the
// name the build gives it (-ldflags=-X main.name=…), so that a test can tell
// providers built from this source apart.
package main

import (
	b "github.com/wasmcp/wasmcp/internal/e2e/bindgen/slots/provider/bindings"

	"github.com/wasmcp/wasmcp/cabi"
)

var name = "unnamed"

func main() {}

func init() { b.ExportTools(tools{}) }

type tools struct{}

func (tools) ListTools(ctx b.RequestContext, cursor cabi.Option[string]) cabi.Result[b.ListToolsResult, b.Error] {
	return cabi.Ok[b.ListToolsResult, b.Error](b.ListToolsResult{Tools: []b.Tool{{
		Name:        name + "-tool",
		InputSchema: `{"type":"object"}`,
	}}})
}

func (tools) CallTool(ctx b.RequestContext, req b.CallToolRequest) cabi.Option[cabi.Result[b.CallToolResult, b.Error]] {
	if req.Name != name+"-tool" {
		return cabi.None[cabi.Result[b.CallToolResult, b.Error]]()
	}
	text := b.ContentBlockText(b.TextContent{Text: name + " answers on channel " + itoa(ctx.Channel)})
	return cabi.Some(cabi.Ok[b.CallToolResult, b.Error](b.CallToolResult{Content: []b.ContentBlock{text}}))
}

func itoa(n uint64) string {
	if n == 0 {
		return "0"
	}
	var d []byte
	for ; n > 0; n /= 10 {
		d = append([]byte{byte('0' + n%10)}, d...)
	}
	return string(d)
}
