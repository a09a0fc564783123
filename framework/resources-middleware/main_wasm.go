// Command resources-middleware is the framework part that makes a
// resources provider one link of the chain (world
// wasmcp:mcp/resources-middleware): resources/list and
// resources/templates/list answer the provider's items followed by
// downstream's, resources/read goes to the provider first (it serves its
// own URIs and every URI its templates match) and downstream when the
// provider returns none, initialize gains "resources", and every other
// message passes on. The logic is mcpcore.Middleware.Resources.
package main

import (
	"github.com/wasmcp/wasmcp/cabi"
	"github.com/wasmcp/wasmcp/framework/mcpcore"
	b "github.com/wasmcp/wasmcp/framework/resources-middleware/bindings"
)

func main() {}

func init() { b.ExportHandler(handler{}) }

type handler struct{}

func (handler) Handle(ctx b.RequestContext, msg b.Message) cabi.Option[cabi.Result[b.Json, b.Error]] {
	m := mcpcore.Middleware{Version: ctx.ProtocolVersion, Next: next(ctx, msg)}
	return toHandle(m.Resources(provider{ctx}, coreMessage(msg)))
}

// provider is the imported resources interface seen as an
// mcpcore.ResourcesProvider.
type provider struct{ ctx b.RequestContext }

func (p provider) ListResources(cursor string) ([]mcpcore.ResourceInfo, string, *mcpcore.Error) {
	page, err := providerError(b.ListResources(p.ctx, someString(cursor)))
	if err != nil {
		return nil, "", err
	}
	out := make([]mcpcore.ResourceInfo, 0, len(page.Resources))
	for _, r := range page.Resources {
		out = append(out, coreResourceInfo(r))
	}
	return out, optString(page.NextCursor), nil
}

func (p provider) ListResourceTemplates(cursor string) ([]mcpcore.ResourceTemplate, string, *mcpcore.Error) {
	page, err := providerError(b.ListResourceTemplates(p.ctx, someString(cursor)))
	if err != nil {
		return nil, "", err
	}
	out := make([]mcpcore.ResourceTemplate, 0, len(page.ResourceTemplates))
	for _, t := range page.ResourceTemplates {
		out = append(out, mcpcore.ResourceTemplate{
			URITemplate: t.UriTemplate,
			Name:        t.Name,
			Title:       optString(t.Title),
			Description: optString(t.Description),
			MimeType:    optString(t.MimeType),
			Annotations: coreOptAnnotations(t.Annotations),
			Icons:       coreIcons(t.Icons),
			Meta:        optRaw(t.Meta),
		})
	}
	return out, optString(page.NextCursor), nil
}

func (p provider) ReadResource(req mcpcore.ReadResourceRequest) (mcpcore.ReadResourceResult, *mcpcore.Error, bool) {
	res, err, handled := call(b.ReadResource(p.ctx, b.ReadResourceRequest{Uri: req.URI, Meta: someRaw(req.Meta)}))
	if !handled || err != nil {
		return mcpcore.ReadResourceResult{}, err, handled
	}
	out := mcpcore.ReadResourceResult{Meta: optRaw(res.Meta)}
	for _, c := range res.Contents {
		out.Contents = append(out.Contents, coreResourceContents(c))
	}
	return out, nil, true
}
