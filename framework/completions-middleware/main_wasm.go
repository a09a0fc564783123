// Command completions-middleware is the framework part that makes a
// completions provider one link of the chain (world
// wasmcp:mcp/completions-middleware): completion/complete goes to the
// provider first and downstream when it returns none, initialize gains
// "completions", and every other message passes on. The logic is
// mcpcore.Middleware.Completions.
package main

import (
	"github.com/wasmcp/wasmcp/cabi"
	b "github.com/wasmcp/wasmcp/framework/completions-middleware/bindings"
	"github.com/wasmcp/wasmcp/framework/mcpcore"
)

func main() {}

func init() { b.ExportHandler(handler{}) }

type handler struct{}

func (handler) Handle(ctx b.RequestContext, msg b.Message) cabi.Option[cabi.Result[b.Json, b.Error]] {
	m := mcpcore.Middleware{Version: ctx.ProtocolVersion, Next: next(ctx, msg)}
	return toHandle(m.Completions(provider{ctx}, coreMessage(msg)))
}

// provider is the imported completions interface seen as an
// mcpcore.CompletionsProvider.
type provider struct{ ctx b.RequestContext }

func (p provider) Complete(req mcpcore.CompleteRequest) (mcpcore.Completion, *mcpcore.Error, bool) {
	ref := b.CompletionReferencePrompt(req.Ref)
	if req.RefKind == mcpcore.RefResourceTemplate {
		ref = b.CompletionReferenceResourceTemplate(req.Ref)
	}
	res, err, handled := call(b.Complete(p.ctx, b.CompleteRequest{
		Reference:        ref,
		ArgumentName:     req.ArgumentName,
		ArgumentValue:    req.ArgumentValue,
		ContextArguments: witKeyValues(req.ContextArguments),
		Meta:             someRaw(req.Meta),
	}))
	if !handled || err != nil {
		return mcpcore.Completion{}, err, handled
	}
	return mcpcore.Completion{Values: res.Values, Total: optPtr(res.Total), HasMore: optPtr(res.HasMore)}, nil, true
}
