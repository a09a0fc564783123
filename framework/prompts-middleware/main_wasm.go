// Command prompts-middleware is the framework part that makes a prompts
// provider one link of the chain (world wasmcp:mcp/prompts-middleware):
// prompts/list answers the provider's prompts followed by downstream's,
// prompts/get goes to the provider first and downstream when it returns
// none, initialize gains "prompts", and every other message passes on. The
// logic is mcpcore.Middleware.Prompts.
package main

import (
	"github.com/wasmcp/wasmcp/cabi"
	"github.com/wasmcp/wasmcp/framework/mcpcore"
	b "github.com/wasmcp/wasmcp/framework/prompts-middleware/bindings"
)

func main() {}

func init() { b.ExportHandler(handler{}) }

type handler struct{}

func (handler) Handle(ctx b.RequestContext, msg b.Message) cabi.Option[cabi.Result[b.Json, b.Error]] {
	m := mcpcore.Middleware{Version: ctx.ProtocolVersion, Next: next(ctx, msg)}
	return toHandle(m.Prompts(provider{ctx}, coreMessage(msg)))
}

// provider is the imported prompts interface seen as an
// mcpcore.PromptsProvider.
type provider struct{ ctx b.RequestContext }

func (p provider) ListPrompts(cursor string) ([]mcpcore.Prompt, string, *mcpcore.Error) {
	page, err := providerError(b.ListPrompts(p.ctx, someString(cursor)))
	if err != nil {
		return nil, "", err
	}
	out := make([]mcpcore.Prompt, 0, len(page.Prompts))
	for _, pr := range page.Prompts {
		c := mcpcore.Prompt{
			Name:        pr.Name,
			Title:       optString(pr.Title),
			Description: optString(pr.Description),
			Icons:       coreIcons(pr.Icons),
			Meta:        optRaw(pr.Meta),
		}
		for _, a := range pr.Arguments {
			c.Arguments = append(c.Arguments, mcpcore.PromptArgument{
				Name:        a.Name,
				Title:       optString(a.Title),
				Description: optString(a.Description),
				Required:    optPtr(a.Required),
			})
		}
		out = append(out, c)
	}
	return out, optString(page.NextCursor), nil
}

func (p provider) GetPrompt(req mcpcore.GetPromptRequest) (mcpcore.GetPromptResult, *mcpcore.Error, bool) {
	res, err, handled := call(b.GetPrompt(p.ctx, b.GetPromptRequest{
		Name:      req.Name,
		Arguments: witKeyValues(req.Arguments),
		Meta:      someRaw(req.Meta),
	}))
	if !handled || err != nil {
		return mcpcore.GetPromptResult{}, err, handled
	}
	out := mcpcore.GetPromptResult{Description: optString(res.Description), Meta: optRaw(res.Meta)}
	for _, m := range res.Messages {
		out.Messages = append(out.Messages, mcpcore.PromptMessage{Role: m.Role.String(), Content: coreContent(m.Content)})
	}
	return out, nil, true
}
