package main

import (
	"github.com/wasmcp/wasmcp/cabi"
	b "github.com/wasmcp/wasmcp/framework/server/bindings"
)

// The slots of each capability, in the order the composer fills them.
var (
	toolsSlots       = []toolsAPI{freeSlot{}}
	resourcesSlots   = []resourcesAPI{freeSlot{}}
	promptsSlots     = []promptsAPI{freeSlot{}}
	completionsSlots = []completionsAPI{freeSlot{}}
)

// freeSlot is the single import of each capability.
type freeSlot struct{}

func (freeSlot) ListTools(ctx b.RequestContext, cursor cabi.Option[string]) cabi.Result[b.ListToolsResult, b.Error] {
	return b.ListTools(ctx, cursor)
}
func (freeSlot) CallTool(ctx b.RequestContext, r b.CallToolRequest) cabi.Option[cabi.Result[b.CallToolResult, b.Error]] {
	return b.CallTool(ctx, r)
}
func (freeSlot) ListResources(ctx b.RequestContext, cursor cabi.Option[string]) cabi.Result[b.ListResourcesResult, b.Error] {
	return b.ListResources(ctx, cursor)
}
func (freeSlot) ListResourceTemplates(ctx b.RequestContext, cursor cabi.Option[string]) cabi.Result[b.ListResourceTemplatesResult, b.Error] {
	return b.ListResourceTemplates(ctx, cursor)
}
func (freeSlot) ReadResource(ctx b.RequestContext, r b.ReadResourceRequest) cabi.Option[cabi.Result[b.ReadResourceResult, b.Error]] {
	return b.ReadResource(ctx, r)
}
func (freeSlot) ListPrompts(ctx b.RequestContext, cursor cabi.Option[string]) cabi.Result[b.ListPromptsResult, b.Error] {
	return b.ListPrompts(ctx, cursor)
}
func (freeSlot) GetPrompt(ctx b.RequestContext, r b.GetPromptRequest) cabi.Option[cabi.Result[b.GetPromptResult, b.Error]] {
	return b.GetPrompt(ctx, r)
}
func (freeSlot) Complete(ctx b.RequestContext, r b.CompleteRequest) cabi.Option[cabi.Result[b.Completion, b.Error]] {
	return b.Complete(ctx, r)
}
