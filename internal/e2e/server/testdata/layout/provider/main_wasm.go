// Command provider is a tools provider whose one tool is named after the
// name the build gives it (-ldflags=-X main.name=…): a test composes
// several and tells them apart. Calling the tool logs on the request's
// channel and answers with the name.
package main

import (
	"strconv"
	"strings"

	"github.com/wasmcp/wasmcp/cabi"
	b "github.com/wasmcp/wasmcp/internal/e2e/server/testdata/layout/provider/bindings"
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
	b.Log(ctx.Channel, b.LogLevelInfo, cabi.Some(name), `"called `+name+`"`)
	// {"logs": N} logs N more messages of about 1 kB each: the channel
	// and the framework's drain must carry a busy call.
	if args, ok := req.Arguments.Get(); ok {
		if n := logsArg(args); n > 0 {
			line := `"` + strings.Repeat("x", 1000) + `"`
			for i := 0; i < n; i++ {
				b.Log(ctx.Channel, b.LogLevelDebug, cabi.Some(name), line)
			}
		}
	}
	text := b.ContentBlockText(b.TextContent{Text: name + " answers"})
	return cabi.Some(cabi.Ok[b.CallToolResult, b.Error](b.CallToolResult{Content: []b.ContentBlock{text}}))
}

// logsArg reads N from arguments {"logs": N}; 0 otherwise.
func logsArg(args string) int {
	_, rest, ok := strings.Cut(args, `"logs":`)
	if !ok {
		return 0
	}
	rest = strings.TrimLeft(rest, " ")
	end := strings.IndexAny(rest, ",} ")
	if end < 0 {
		end = len(rest)
	}
	n, _ := strconv.Atoi(rest[:end])
	return n
}
