// Package mcpwit holds the MCP contract that every wasmcp component speaks:
// the WIT package wasmcp:mcp, embedded so that the CLI, the composer and the
// binding generator work without files on disk.
//
// docs/contract.md describes the interfaces and worlds.
package mcpwit

import "embed"

// FS holds the package's .wit files at its root.
//
//go:embed *.wit
var FS embed.FS

// The package's identity.
const (
	Namespace = "wasmcp"
	Name      = "mcp"
	Version   = "0.2.0"
	// Package is the full package name as written in the WIT files.
	Package = Namespace + ":" + Name + "@" + Version
)

// The interfaces of the package.
const (
	InterfaceTypes       = "types"
	InterfaceHandler     = "handler"
	InterfaceTools       = "tools"
	InterfaceResources   = "resources"
	InterfacePrompts     = "prompts"
	InterfaceCompletions = "completions"
	InterfaceNotify      = "notify"
	InterfaceChannels    = "channels"
)

// The worlds of the package.
const (
	WorldToolsProvider         = "tools-provider"
	WorldResourcesProvider     = "resources-provider"
	WorldPromptsProvider       = "prompts-provider"
	WorldCompletionsProvider   = "completions-provider"
	WorldHandlerMiddleware     = "handler-middleware"
	WorldToolsMiddleware       = "tools-middleware"
	WorldResourcesMiddleware   = "resources-middleware"
	WorldPromptsMiddleware     = "prompts-middleware"
	WorldCompletionsMiddleware = "completions-middleware"
	WorldChainEnd              = "chain-end"
	WorldNotifyChannel         = "notify-channel"
	WorldTransportCore         = "transport-core"
)

// Interfaces lists every interface of the package, in dependency order.
var Interfaces = []string{
	InterfaceTypes, InterfaceHandler, InterfaceTools, InterfaceResources,
	InterfacePrompts, InterfaceCompletions, InterfaceNotify, InterfaceChannels,
}

// Worlds lists every world of the package: first those users implement,
// then those of the framework's parts.
var Worlds = []string{
	WorldToolsProvider, WorldResourcesProvider, WorldPromptsProvider, WorldCompletionsProvider,
	WorldHandlerMiddleware,
	WorldToolsMiddleware, WorldResourcesMiddleware, WorldPromptsMiddleware, WorldCompletionsMiddleware,
	WorldChainEnd, WorldNotifyChannel, WorldTransportCore,
}

// QualifiedInterface returns the name under which a component imports or
// exports an interface of the package, e.g. "wasmcp:mcp/tools@0.1.0".
func QualifiedInterface(name string) string {
	return Namespace + ":" + Name + "/" + name + "@" + Version
}
