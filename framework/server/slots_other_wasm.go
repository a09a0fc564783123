//go:build wasip1 && !wasmcp_tools_only && !wasmcp_session_part

package main

import (
	"github.com/wasmcp/wasmcp/framework/mcpcore"
	b "github.com/wasmcp/wasmcp/framework/server/bindings"
	fwlayout "github.com/wasmcp/wasmcp/framework/server/iface/wasmcp/framework/v0.1.0/layout"
	mcp "github.com/wasmcp/wasmcp/framework/server/iface/wasmcp/mcp/v0.2.0/types"
)

// The slots of the capabilities besides tools, in the order the composer
// fills them. A build for servers of tools providers only
// (wasmcp_tools_only) leaves them, their bindings and their part of
// mcpcore out.
var (
	resourcesSlots   = asSlots[resourcesAPI](b.ResourcesImports)
	promptsSlots     = asSlots[promptsAPI](b.PromptsImports)
	completionsSlots = asSlots[completionsAPI](b.CompletionsImports)
)

// otherLinks are the chain's links after the tools slots: resources,
// prompts, completions.
func otherLinks() []link {
	var links []link
	for _, api := range slotsOf(resourcesSlots, fwlayout.Count(fwlayout.SlotKindResources)) {
		links = append(links, func(ctx mcp.RequestContext, m mcpcore.Middleware, msg mcpcore.Message) (mcpcore.RawMessage, *mcpcore.Error, bool) {
			return m.Resources(resourcesProvider{api, ctx}, msg)
		})
	}
	for _, api := range slotsOf(promptsSlots, fwlayout.Count(fwlayout.SlotKindPrompts)) {
		links = append(links, func(ctx mcp.RequestContext, m mcpcore.Middleware, msg mcpcore.Message) (mcpcore.RawMessage, *mcpcore.Error, bool) {
			return m.Prompts(promptsProvider{api, ctx}, msg)
		})
	}
	for _, api := range slotsOf(completionsSlots, fwlayout.Count(fwlayout.SlotKindCompletions)) {
		links = append(links, func(ctx mcp.RequestContext, m mcpcore.Middleware, msg mcpcore.Message) (mcpcore.RawMessage, *mcpcore.Error, bool) {
			return m.Completions(completionsProvider{api, ctx}, msg)
		})
	}
	return links
}
