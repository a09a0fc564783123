// Package mcpwit holds the MCP contract that every wasmcp component speaks:
// the WIT package wasmcp:mcp, embedded so that the CLI, the composer and the
// binding generator work without files on disk.
//
// docs/contract.md describes the interfaces and worlds.
package mcpwit

import (
	"embed"
	"slices"
	"strings"
)

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
	// InterfaceSession is new in 0.2.0: values a component keeps for the
	// session of the request it serves.
	InterfaceSession = "session"
	// InterfaceClient is new in 0.2.0: requests from the server to the
	// client (sampling, elicitation, roots) during a call.
	InterfaceClient = "client"
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
	InterfaceSession, InterfaceClient,
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
// exports an interface of the package, e.g. "wasmcp:mcp/tools@0.2.0".
func QualifiedInterface(name string) string {
	return Namespace + ":" + Name + "/" + name + "@" + Version
}

// CompatibleVersions are the older releases whose components still compose
// with this one: every interface they have is, in this release, the same
// but for the version (0.2.0 only added session).
var CompatibleVersions = []string{"0.1.0"}

// compatibleInterfaces are the interfaces that CompatibleVersions already
// had, so that their names at either version mean the same interface.
var compatibleInterfaces = []string{
	InterfaceTypes, InterfaceHandler, InterfaceTools, InterfaceResources,
	InterfacePrompts, InterfaceCompletions, InterfaceNotify, InterfaceChannels,
}

// SameInterface reports whether a and b, qualified names such as
// "wasmcp:mcp/tools@0.1.0", name the same interface of the contract at
// versions a component of either can be wired to the other's: the same
// release line (0.1.x with 0.1.y, 0.2.x with 0.2.y), or, for an interface
// that 0.1.0 had, 0.1.x with 0.2.y. It is false for names outside the
// package and for session at 0.1.x, which never existed.
func SameInterface(a, b string) bool {
	ia, la, ok := split(a)
	if !ok {
		return false
	}
	ib, lb, ok := split(b)
	if !ok || ia != ib {
		return false
	}
	return la == lb || slices.Contains(compatibleInterfaces, ia) && compatibleLine(la) && compatibleLine(lb)
}

// compatibleLine reports whether line is this release's or a compatible
// older one's.
func compatibleLine(line string) bool {
	if line == releaseLine(Version) {
		return true
	}
	for _, v := range CompatibleVersions {
		if line == releaseLine(v) {
			return true
		}
	}
	return false
}

// releaseLine is "0.m" of a version "0.m.p" (semver: while the major is 0,
// the minor is the compatibility line), "M" of "M.m.p" from 1.0 on.
func releaseLine(v string) string {
	v, _, _ = strings.Cut(v, "+")
	v, _, _ = strings.Cut(v, "-")
	p := strings.Split(v, ".")
	if len(p) != 3 {
		return ""
	}
	if p[0] != "0" {
		return p[0]
	}
	return "0." + p[1]
}

// split parses "wasmcp:mcp/<iface>@<version>" into the interface and its
// release line.
func split(qualified string) (iface, line string, ok bool) {
	rest, ok := strings.CutPrefix(qualified, Namespace+":"+Name+"/")
	if !ok {
		return "", "", false
	}
	iface, ver, ok := strings.Cut(rest, "@")
	if !ok || iface == "" {
		return "", "", false
	}
	line = releaseLine(ver)
	return iface, line, line != ""
}
