// Command tools-middleware is the framework part that makes a tools
// provider one link of the chain (world wasmcp:mcp/tools-middleware): it
// answers tools/list with its provider's tools followed by downstream's,
// tools/call for the provider's own tools, adds "tools" to the initialize
// capabilities, and passes every other message on. The logic is
// mcpcore.Middleware.Tools; this file adapts the generated bindings to it.
package main

import (
	"syscall"

	"github.com/wasmcp/wasmcp/cabi"
	"github.com/wasmcp/wasmcp/framework/mcpcore"
	b "github.com/wasmcp/wasmcp/framework/tools-middleware/bindings"
)

func main() {}

func init() { b.ExportHandler(handler{}) }

type handler struct{}

func (handler) Handle(ctx b.RequestContext, msg b.Message) cabi.Option[cabi.Result[b.Json, b.Error]] {
	m := mcpcore.Middleware{Version: ctx.ProtocolVersion, Next: next(ctx, msg), Warn: warnOnce}
	return toHandle(m.Tools(provider{ctx}, coreMessage(msg)))
}

// warned holds the messages already written. A client lists tools often;
// once per instance is enough for the operator to learn that a tool is
// hidden, without filling the log.
var warned = map[string]bool{}

// warnOnce writes to stderr, the runtime's log: a tools/list answer has no
// place for a warning, and the notify channel reaches only the client.
func warnOnce(msg string) {
	if warned[msg] {
		return
	}
	warned[msg] = true
	writeStderr("wasmcp tools-middleware: warning: " + msg + "; the later one is neither listed nor called\n")
}

// writeStderr writes s to file descriptor 2 with syscall, not os: os would
// link its files, poller and time zones, about 0.4 MB of the part.
func writeStderr(s string) {
	b := []byte(s)
	for len(b) > 0 {
		n, err := syscall.Write(2, b)
		if err != nil || n <= 0 {
			return
		}
		b = b[n:]
	}
}

// provider is the imported tools interface seen as an mcpcore.ToolsProvider.
type provider struct{ ctx b.RequestContext }

func (p provider) ListTools(cursor string) ([]mcpcore.Tool, string, *mcpcore.Error) {
	page, err := providerError(b.ListTools(p.ctx, someString(cursor)))
	if err != nil {
		return nil, "", err
	}
	tools := make([]mcpcore.Tool, 0, len(page.Tools))
	for _, t := range page.Tools {
		tools = append(tools, coreTool(t))
	}
	return tools, optString(page.NextCursor), nil
}

func (p provider) CallTool(req mcpcore.CallToolRequest) (mcpcore.CallToolResult, *mcpcore.Error, bool) {
	res, err, handled := call(b.CallTool(p.ctx, b.CallToolRequest{
		Name:      req.Name,
		Arguments: someRaw(req.Arguments),
		Meta:      someRaw(req.Meta),
	}))
	if !handled || err != nil {
		return mcpcore.CallToolResult{}, err, handled
	}
	return mcpcore.CallToolResult{
		Content:           coreContents(res.Content),
		StructuredContent: optRaw(res.StructuredContent),
		IsError:           optPtr(res.IsError),
		Meta:              optRaw(res.Meta),
	}, nil, true
}

func coreTool(t b.Tool) mcpcore.Tool {
	out := mcpcore.Tool{
		Name:         t.Name,
		Title:        optString(t.Title),
		Description:  optString(t.Description),
		InputSchema:  []byte(t.InputSchema),
		OutputSchema: optRaw(t.OutputSchema),
		Icons:        coreIcons(t.Icons),
		Meta:         optRaw(t.Meta),
	}
	if a, ok := t.Annotations.Get(); ok {
		out.Annotations = &mcpcore.ToolAnnotations{
			Title:           optString(a.Title),
			ReadOnlyHint:    optPtr(a.ReadOnlyHint),
			DestructiveHint: optPtr(a.DestructiveHint),
			IdempotentHint:  optPtr(a.IdempotentHint),
			OpenWorldHint:   optPtr(a.OpenWorldHint),
		}
	}
	return out
}
