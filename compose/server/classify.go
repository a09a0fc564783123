package server

import (
	"fmt"
	"sort"
	"strings"

	"github.com/wasmcp/wasmcp/component"
	mcpwit "github.com/wasmcp/wasmcp/wit/mcp"
)

// Capability is one of the typed interfaces a provider may export.
type Capability string

// The capabilities, in the order their middlewares are placed for a
// component that provides several.
const (
	Tools       Capability = "tools"
	Resources   Capability = "resources"
	Prompts     Capability = "prompts"
	Completions Capability = "completions"
)

// Capabilities lists the capabilities in chain order.
var Capabilities = []Capability{Tools, Resources, Prompts, Completions}

// Interface is the contract interface of the capability, at the contract's
// version; a provider may export it at any version same accepts.
func (c Capability) Interface() string { return mcpwit.QualifiedInterface(string(c)) }

// Middleware is the framework part that adapts the capability to the chain.
func (c Capability) Middleware() string { return string(c) + "-middleware" }

// The chain, channel and session interfaces of the contract, at its
// version.
const (
	HandlerInterface  = contract + mcpwit.InterfaceHandler + "@" + mcpwit.Version
	NotifyInterface   = contract + mcpwit.InterfaceNotify + "@" + mcpwit.Version
	ChannelsInterface = contract + mcpwit.InterfaceChannels + "@" + mcpwit.Version
	// SessionInterface (new in 0.2.0) is served by a session part
	// (SessionPart) to every component that imports it.
	SessionInterface = contract + mcpwit.InterfaceSession + "@" + mcpwit.Version
	// ClientInterface (new in 0.2.0), requests to the client during a
	// call, is served by the session part too.
	ClientInterface = contract + mcpwit.InterfaceClient + "@" + mcpwit.Version
	// The interfaces between the transport and the session part.
	callsInterface      = "wasmcp:framework/calls@0.1.0"
	httpCallsInterface  = "wasmcp:server/http-calls@0.1.0"
	stdioCallsInterface = "wasmcp:server/stdio-calls@0.1.0"
)

// contract is the prefix of the contract's interface names.
const contract = mcpwit.Namespace + ":" + mcpwit.Name + "/"

// runtimeInterfaces are the WASI 0.2 packages every host a server runs on
// provides; their imports are lifted to the composed server.
var runtimePackages = []string{"wasi:cli/", "wasi:io/", "wasi:clocks/", "wasi:random/", "wasi:filesystem/", "wasi:sockets/", "wasi:http/"}

// IsRuntimeImport reports whether name is a WASI 0.2.x interface the
// runtime provides.
func IsRuntimeImport(name string) bool {
	for _, p := range runtimePackages {
		if strings.HasPrefix(name, p) {
			_, ver, ok := strings.Cut(name, "@")
			return ok && strings.HasPrefix(ver, "0.2.")
		}
	}
	return false
}

// same reports whether name is a semver-compatible version of iface or,
// for the contract, a version whose components compose with this one's
// (mcpwit.SameInterface: a 0.1.x name of an interface 0.1.0 had). The
// structural types are identical, so a 0.1.0 export fits a 0.2.0 import.
func same(name, iface string) bool {
	return mcpwit.SameInterface(name, iface) || component.InterfaceKey(name) == component.InterfaceKey(iface)
}

// Class is what a component is in a server.
type Class struct {
	// Capabilities the component provides (it exports their interfaces),
	// in chain order; empty for a middleware.
	Capabilities []Capability
	// Middleware is set for a component that imports and exports
	// wasmcp:mcp/handler: it joins the chain as it is.
	Middleware bool
	// Exports maps each capability (and "handler") to the export name of
	// the component (which may be of another compatible version).
	Exports map[string]string
	// Session is set when the component imports wasmcp:mcp/session or
	// wasmcp:mcp/client: the
	// server then has a session part.
	Session bool
	// Tools lists the tool names the component declares in its wasmcp:tools
	// custom section; nil when it has none (see package toolmanifest).
	Tools []string
}

func (c Class) String() string {
	if c.Middleware {
		return "middleware (handler)"
	}
	s := make([]string, len(c.Capabilities))
	for i, k := range c.Capabilities {
		s[i] = string(k)
	}
	return strings.Join(s, "+") + " provider"
}

// Classify decides what the component named name (for messages) is from
// its world. It refuses a component that exports nothing the chain can use,
// or that imports what neither the framework nor the runtime provides.
func Classify(name string, w *component.World) (Class, error) {
	cl := Class{Exports: map[string]string{}}
	var handlerExport string
	for _, e := range w.Exports {
		if e.Kind != component.ExternInstance {
			continue
		}
		for _, k := range Capabilities {
			if same(e.Name, k.Interface()) {
				cl.Capabilities = append(cl.Capabilities, k)
				cl.Exports[string(k)] = e.Name
			}
		}
		if same(e.Name, HandlerInterface) {
			handlerExport = e.Name
		}
	}
	sort.SliceStable(cl.Capabilities, func(i, j int) bool { return capIndex(cl.Capabilities[i]) < capIndex(cl.Capabilities[j]) })
	importsHandler := false
	for _, e := range w.Imports {
		if same(e.Name, HandlerInterface) {
			importsHandler = true
		}
	}
	switch {
	case handlerExport != "" && len(cl.Capabilities) > 0:
		return Class{}, fmt.Errorf("%s exports both %s and %s: a component is either a middleware or a provider", name, handlerExport, cl.Exports[string(cl.Capabilities[0])])
	case handlerExport != "" && !importsHandler:
		return Class{}, fmt.Errorf("%s exports %s but does not import it: only middlewares (which import the next handler) can join the chain", name, handlerExport)
	case handlerExport != "":
		cl.Middleware = true
		cl.Exports["handler"] = handlerExport
	case len(cl.Capabilities) == 0:
		var ex []string
		for _, e := range w.Exports {
			ex = append(ex, e.Name)
		}
		what := "exports nothing"
		if len(ex) > 0 {
			what = "exports only " + strings.Join(ex, ", ")
		}
		return Class{}, fmt.Errorf("component %s %s: a server component must export wasmcp:mcp/tools, resources, prompts or completions (0.1.x or 0.2.x), or import and export wasmcp:mcp/handler", name, what)
	}
	for _, e := range w.Imports {
		switch {
		case same(e.Name, typesInterface), same(e.Name, NotifyInterface):
		case same(e.Name, SessionInterface), same(e.Name, ClientInterface):
			cl.Session = true
		case same(e.Name, HandlerInterface) && cl.Middleware:
		case IsRuntimeImport(e.Name):
		default:
			return Class{}, fmt.Errorf("%s imports %s, which neither the framework (wasmcp:mcp/types, notify, session, client, and handler for middlewares) nor the runtime (WASI 0.2: cli, io, clocks, random, filesystem, sockets, http) provides", name, e.Name)
		}
	}
	return cl, nil
}

func capIndex(c Capability) int {
	for i, k := range Capabilities {
		if k == c {
			return i
		}
	}
	return len(Capabilities)
}
