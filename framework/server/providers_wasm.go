//go:build !wasmcp_session_part

package main

// The providers wired to the slots, each seen as the mcpcore provider of
// its capability.

import (
	"github.com/wasmcp/wasmcp/cabi"
	"github.com/wasmcp/wasmcp/framework/mcpcore"
	b "github.com/wasmcp/wasmcp/framework/server/bindings"
)

// The functions of one slot of each capability.
type (
	toolsAPI interface {
		ListTools(ctx b.RequestContext, cursor cabi.Option[string]) cabi.Result[b.ListToolsResult, b.Error]
		CallTool(ctx b.RequestContext, request b.CallToolRequest) cabi.Option[cabi.Result[b.CallToolResult, b.Error]]
	}
	resourcesAPI interface {
		ListResources(ctx b.RequestContext, cursor cabi.Option[string]) cabi.Result[b.ListResourcesResult, b.Error]
		ListResourceTemplates(ctx b.RequestContext, cursor cabi.Option[string]) cabi.Result[b.ListResourceTemplatesResult, b.Error]
		ReadResource(ctx b.RequestContext, request b.ReadResourceRequest) cabi.Option[cabi.Result[b.ReadResourceResult, b.Error]]
	}
	promptsAPI interface {
		ListPrompts(ctx b.RequestContext, cursor cabi.Option[string]) cabi.Result[b.ListPromptsResult, b.Error]
		GetPrompt(ctx b.RequestContext, request b.GetPromptRequest) cabi.Option[cabi.Result[b.GetPromptResult, b.Error]]
	}
	completionsAPI interface {
		Complete(ctx b.RequestContext, request b.CompleteRequest) cabi.Option[cabi.Result[b.Completion, b.Error]]
	}
)

type toolsProvider struct {
	api toolsAPI
	ctx b.RequestContext
}

func (p toolsProvider) ListTools(cursor string) ([]mcpcore.Tool, string, *mcpcore.Error) {
	page, err := providerError(p.api.ListTools(p.ctx, someString(cursor)))
	if err != nil {
		return nil, "", err
	}
	tools := make([]mcpcore.Tool, 0, len(page.Tools))
	for _, t := range page.Tools {
		tools = append(tools, coreTool(t))
	}
	return tools, optString(page.NextCursor), nil
}

func (p toolsProvider) CallTool(req mcpcore.CallToolRequest) (mcpcore.CallToolResult, *mcpcore.Error, bool) {
	res, err, handled := call(p.api.CallTool(p.ctx, b.CallToolRequest{
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

type resourcesProvider struct {
	api resourcesAPI
	ctx b.RequestContext
}

func (p resourcesProvider) ListResources(cursor string) ([]mcpcore.ResourceInfo, string, *mcpcore.Error) {
	page, err := providerError(p.api.ListResources(p.ctx, someString(cursor)))
	if err != nil {
		return nil, "", err
	}
	out := make([]mcpcore.ResourceInfo, 0, len(page.Resources))
	for _, r := range page.Resources {
		out = append(out, coreResourceInfo(r))
	}
	return out, optString(page.NextCursor), nil
}

func (p resourcesProvider) ListResourceTemplates(cursor string) ([]mcpcore.ResourceTemplate, string, *mcpcore.Error) {
	page, err := providerError(p.api.ListResourceTemplates(p.ctx, someString(cursor)))
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

func (p resourcesProvider) ReadResource(req mcpcore.ReadResourceRequest) (mcpcore.ReadResourceResult, *mcpcore.Error, bool) {
	res, err, handled := call(p.api.ReadResource(p.ctx, b.ReadResourceRequest{Uri: req.URI, Meta: someRaw(req.Meta)}))
	if !handled || err != nil {
		return mcpcore.ReadResourceResult{}, err, handled
	}
	out := mcpcore.ReadResourceResult{Meta: optRaw(res.Meta)}
	for _, c := range res.Contents {
		out.Contents = append(out.Contents, coreResourceContents(c))
	}
	return out, nil, true
}

type promptsProvider struct {
	api promptsAPI
	ctx b.RequestContext
}

func (p promptsProvider) ListPrompts(cursor string) ([]mcpcore.Prompt, string, *mcpcore.Error) {
	page, err := providerError(p.api.ListPrompts(p.ctx, someString(cursor)))
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

func (p promptsProvider) GetPrompt(req mcpcore.GetPromptRequest) (mcpcore.GetPromptResult, *mcpcore.Error, bool) {
	res, err, handled := call(p.api.GetPrompt(p.ctx, b.GetPromptRequest{
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

type completionsProvider struct {
	api completionsAPI
	ctx b.RequestContext
}

func (p completionsProvider) Complete(req mcpcore.CompleteRequest) (mcpcore.Completion, *mcpcore.Error, bool) {
	ref := b.CompletionReferencePrompt(req.Ref)
	if req.RefKind == mcpcore.RefResourceTemplate {
		ref = b.CompletionReferenceResourceTemplate(req.Ref)
	}
	res, err, handled := call(p.api.Complete(p.ctx, b.CompleteRequest{
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
