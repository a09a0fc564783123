//go:build !wasmcp_session_part

package main

// The providers wired to the slots, each seen as the mcpcore provider of
// its capability.

import (
	"github.com/wasmcp/wasmcp/cabi"
	"github.com/wasmcp/wasmcp/framework/mcpcore"
	mcpcompletions "github.com/wasmcp/wasmcp/framework/server/iface/wasmcp/mcp/v0.2.0/completions"
	mcpprompts "github.com/wasmcp/wasmcp/framework/server/iface/wasmcp/mcp/v0.2.0/prompts"
	mcpresources "github.com/wasmcp/wasmcp/framework/server/iface/wasmcp/mcp/v0.2.0/resources"
	mcptools "github.com/wasmcp/wasmcp/framework/server/iface/wasmcp/mcp/v0.2.0/tools"
	mcp "github.com/wasmcp/wasmcp/framework/server/iface/wasmcp/mcp/v0.2.0/types"
)

// The functions of one slot of each capability.
type (
	toolsAPI interface {
		ListTools(ctx mcp.RequestContext, cursor cabi.Option[string]) cabi.Result[mcptools.ListToolsResult, mcp.Error]
		CallTool(ctx mcp.RequestContext, request mcptools.CallToolRequest) cabi.Option[cabi.Result[mcptools.CallToolResult, mcp.Error]]
	}
	resourcesAPI interface {
		ListResources(ctx mcp.RequestContext, cursor cabi.Option[string]) cabi.Result[mcpresources.ListResourcesResult, mcp.Error]
		ListResourceTemplates(ctx mcp.RequestContext, cursor cabi.Option[string]) cabi.Result[mcpresources.ListResourceTemplatesResult, mcp.Error]
		ReadResource(ctx mcp.RequestContext, request mcpresources.ReadResourceRequest) cabi.Option[cabi.Result[mcpresources.ReadResourceResult, mcp.Error]]
	}
	promptsAPI interface {
		ListPrompts(ctx mcp.RequestContext, cursor cabi.Option[string]) cabi.Result[mcpprompts.ListPromptsResult, mcp.Error]
		GetPrompt(ctx mcp.RequestContext, request mcpprompts.GetPromptRequest) cabi.Option[cabi.Result[mcpprompts.GetPromptResult, mcp.Error]]
	}
	completionsAPI interface {
		Complete(ctx mcp.RequestContext, request mcpcompletions.CompleteRequest) cabi.Option[cabi.Result[mcpcompletions.Completion, mcp.Error]]
	}
)

type toolsProvider struct {
	api toolsAPI
	ctx mcp.RequestContext
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
	res, err, handled := call(p.api.CallTool(p.ctx, mcptools.CallToolRequest{
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

func coreTool(t mcptools.Tool) mcpcore.Tool {
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
	ctx mcp.RequestContext
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
	res, err, handled := call(p.api.ReadResource(p.ctx, mcpresources.ReadResourceRequest{Uri: req.URI, Meta: someRaw(req.Meta)}))
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
	ctx mcp.RequestContext
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
	res, err, handled := call(p.api.GetPrompt(p.ctx, mcpprompts.GetPromptRequest{
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
	ctx mcp.RequestContext
}

func (p completionsProvider) Complete(req mcpcore.CompleteRequest) (mcpcore.Completion, *mcpcore.Error, bool) {
	ref := mcpcompletions.CompletionReferencePrompt(req.Ref)
	if req.RefKind == mcpcore.RefResourceTemplate {
		ref = mcpcompletions.CompletionReferenceResourceTemplate(req.Ref)
	}
	res, err, handled := call(p.api.Complete(p.ctx, mcpcompletions.CompleteRequest{
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
