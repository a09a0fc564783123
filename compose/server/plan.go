package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/wasmcp/wasmcp/component"
	"github.com/wasmcp/wasmcp/component/wasiversion"
	"github.com/wasmcp/wasmcp/compose/toolmanifest"
	"github.com/wasmcp/wasmcp/framework/embedded"
)

// Transport selects the server's entry point.
type Transport string

const (
	// HTTP serves MCP over Streamable HTTP: the server exports
	// wasi:http/incoming-handler@0.2.x.
	HTTP Transport = "http"
	// Stdio serves MCP over stdin/stdout: the server exports wasi:cli/run@0.2.x.
	Stdio Transport = "stdio"
	// NoTransport composes the chain alone (wasmcp compose handler): the
	// result imports and exports wasmcp:mcp/handler.
	NoTransport Transport = ""
)

// Part returns the framework part of the transport.
func (t Transport) Part() string {
	switch t {
	case HTTP:
		return embedded.HTTPTransport
	case Stdio:
		return embedded.StdioTransport
	}
	return ""
}

// entry is the interface the transport's component exports.
func (t Transport) entry() string {
	switch t {
	case HTTP:
		return "wasi:http/incoming-handler@0.2.0"
	case Stdio:
		return "wasi:cli/run@0.2.0"
	}
	return ""
}

// ParseTransport parses a --transport value.
func ParseTransport(s string) (Transport, error) {
	switch Transport(s) {
	case HTTP, Stdio:
		return Transport(s), nil
	}
	return "", fmt.Errorf("unknown transport %q (want http or stdio)", s)
}

// Input is one user component, as resolved from a spec.
type Input struct {
	// Name names the component in messages and instance names (an alias, a
	// file name, a package name).
	Name string
	// Resolved says how it was found, for the plan's description
	// ("alias calc -> path /x/calc.wasm").
	Resolved string
	Wasm     []byte
}

// Part is a framework part with where it came from.
type Part struct {
	Name string
	// Source says where the bytes come from: "embedded 0.1.0", "file x.wasm",
	// "registry ghcr.io/wasmcp/http-transport:0.2.0", …
	Source string
	Wasm   []byte
}

// PartFunc fetches a framework part by name.
type PartFunc func(ctx context.Context, name string) (Part, error)

// EmbeddedParts is the PartFunc of the parts built into wasmcp.
func EmbeddedParts(_ context.Context, name string) (Part, error) {
	info, ok := embedded.Lookup(name)
	if !ok {
		return Part{}, fmt.Errorf("framework part %s: %w", name, embedded.ErrUnknownPart)
	}
	b, err := embedded.Part(name)
	if err != nil {
		return Part{}, err
	}
	return Part{Name: name, Source: "embedded " + info.Version, Wasm: b}, nil
}

// Options configure NewPlan.
type Options struct {
	Transport Transport
	// Parts fetches framework parts (nil: EmbeddedParts).
	Parts PartFunc
	// WASI, when set, selects the WASI 0.2 release the output's WASI names
	// are written at (see compose.Composition.SetWASI); nil keeps the
	// versions of the inputs.
	WASI *wasiversion.Target
	// Overridden reports whether the user gave a framework role (a part
	// name such as http-transport or chain-end) with --override; the
	// framework program then leaves that role to the part. nil: none.
	Overridden func(part string) bool
	// Sessions builds an HTTP server whose sessions (WASMCP_SESSION_ENABLED)
	// live in wasi:keyvalue, which the server then imports, so that they
	// last across instances; without it they live in the instance's memory.
	Sessions bool
	// OAuth builds an HTTP server that can validate bearer tokens
	// (WASMCP_AUTH_MODE=oauth); one without refuses every request when
	// that mode is asked for.
	OAuth bool
}

// Planned is one input with its classification and world.
type Planned struct {
	Input
	Class Class
	World *component.World
}

// Plan is a server (or handler chain) ready to build.
type Plan struct {
	Transport  Transport
	Components []Planned
	// Parts are the framework parts used, by name.
	Parts map[string]Part
	// PartOrder lists the names of Parts in the order they were fetched.
	PartOrder []string
	// Warnings are problems that do not stop the build but that the user
	// must hear of, such as tools that may be hidden at run time.
	Warnings []string
	// WASI is Options.WASI.
	WASI *wasiversion.Target
	// WASIVersion is the release Build wrote WASI names at (set by Build
	// when WASI is set).
	WASIVersion wasiversion.Version
	// Sessions is Options.Sessions.
	Sessions bool
	// OAuth is Options.OAuth.
	OAuth bool
	// framework is the part of the framework program NewPlan chose.
	framework string
	// Instances describes, after Build, each instance of the framework
	// program in chain order: the providers of its slots and what follows.
	Instances []string
}

// The session parts (with wasmcp:mcp@0.2.0) are embedded.SessionMemory,
// SessionKV and SessionStdio.
const (
	SessionMemory = embedded.SessionMemory
	SessionKV     = embedded.SessionKV
	SessionStdio  = embedded.SessionStdio
)

// SessionPart is the part that serves wasmcp:mcp/session to the plan's
// components, or "" when none imports it. A handler chain has none: its
// import is lifted, and the server it joins wires it to its own, so that
// the chain sees that server's sessions.
func (p *Plan) SessionPart() string {
	if p.Transport == NoTransport || len(p.sessionUsers()) == 0 {
		return ""
	}
	switch {
	case p.Transport == HTTP && p.Sessions:
		return SessionKV
	case p.Transport == HTTP:
		return SessionMemory
	}
	return SessionStdio
}

// sessionUsers names the components that import wasmcp:mcp/session or
// wasmcp:mcp/client.
func (p *Plan) sessionUsers() []string {
	var out []string
	for _, c := range p.Components {
		if c.Class.Session {
			out = append(out, c.Name)
		}
	}
	return out
}

// ErrDuplicateTool is returned when two components declare the same tool.
var ErrDuplicateTool = errors.New("duplicate tool name")

// NewPlan classifies the inputs and fetches the framework parts the chain
// needs. The chain follows the order of inputs.
func NewPlan(ctx context.Context, inputs []Input, opts Options) (*Plan, error) {
	if len(inputs) == 0 {
		return nil, errors.New("no components to compose")
	}
	parts := opts.Parts
	if parts == nil {
		parts = EmbeddedParts
	}
	p := &Plan{Transport: opts.Transport, Parts: map[string]Part{}, WASI: opts.WASI, Sessions: opts.Sessions, OAuth: opts.OAuth}
	toolOwner := map[string]string{}
	for _, in := range inputs {
		w, err := component.Inspect(in.Wasm)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", in.Name, err)
		}
		cl, err := Classify(in.Name, w)
		if err != nil {
			return nil, err
		}
		if names, ok, err := toolmanifest.Read(in.Wasm); err != nil {
			return nil, fmt.Errorf("%s: %w", in.Name, err)
		} else if ok && len(cl.Capabilities) > 0 && cl.Capabilities[0] == Tools {
			cl.Tools = names
			for _, n := range names {
				if prev, dup := toolOwner[n]; dup {
					return nil, fmt.Errorf("%w: tool %q is offered by both %s and %s", ErrDuplicateTool, n, prev, in.Name)
				}
				toolOwner[n] = in.Name
			}
		}
		p.Components = append(p.Components, Planned{Input: in, Class: cl, World: w})
	}
	p.Warnings = append(p.Warnings, undeclaredTools(p.Components)...)
	if users := p.sessionUsers(); p.OAuth && len(users) > 0 && p.Transport == HTTP {
		return nil, fmt.Errorf("%s imports wasmcp:mcp/session or client, which a server composed with --oauth cannot serve yet: compose without --oauth, or without the component", strings.Join(users, ", "))
	}
	need := p.frameworkParts(opts.Overridden)
	for _, name := range need {
		if _, ok := p.Parts[name]; ok {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		part, err := parts(ctx, name)
		if err != nil {
			return nil, err
		}
		part.Name = name
		p.Parts[name] = part
		p.PartOrder = append(p.PartOrder, name)
	}
	return p, nil
}

// frameworkParts lists the parts of a composition with the framework
// program: the program, and each role the user overrides.
func (p *Plan) frameworkParts(overridden func(string) bool) []string {
	p.framework = p.frameworkPart()
	// An override of the full build is honoured where a tools-only build
	// would otherwise serve.
	if full := p.choosePart(false); full != p.framework && overridden != nil && overridden(full) {
		p.framework = full
	}
	need := []string{p.framework}
	if s := p.SessionPart(); s != "" {
		need = append(need, s)
	}
	if overridden == nil {
		return need
	}
	roles := []string{embedded.NotifyChannel, embedded.ChainEnd}
	if p.Transport != NoTransport {
		roles = append(roles, p.Transport.Part())
	}
	for _, c := range p.Components {
		for _, k := range c.Class.Capabilities {
			roles = append(roles, k.Middleware())
		}
	}
	for _, r := range roles {
		if overridden(r) {
			need = append(need, r)
		}
	}
	return need
}

// undeclaredTools warns about each tools provider that declares no tool
// names when another component could serve tools too: compose cannot check
// its names, and at run time a name offered twice is served by the
// component nearest the transport while the other is silently not listed.
// A lone provider cannot collide with anything, so it gets no warning.
func undeclaredTools(cs []Planned) []string {
	serving := 0
	for _, c := range cs {
		if c.Class.Middleware || hasTools(c.Class) {
			serving++
		}
	}
	if serving < 2 {
		return nil
	}
	var out []string
	for _, c := range cs {
		if hasTools(c.Class) && c.Class.Tools == nil {
			out = append(out, fmt.Sprintf("%s declares no tool names (no %s section), so they cannot be checked against the other components' tools: a tool name offered twice is served by the component nearest the transport and the other is hidden (a project made by `wasmcp new` records its names on every build; see docs/compose-server.md#duplicate-tool-names)", c.Name, toolmanifest.Section))
		}
	}
	return out
}

func hasTools(cl Class) bool {
	for _, k := range cl.Capabilities {
		if k == Tools {
			return true
		}
	}
	return false
}

// Chain describes the chain from the transport to its end.
func (p *Plan) Chain() []string {
	return p.frameworkChain()
}

// frameworkChain describes the chain of a composition with the framework
// program: its transport, each provider's capability (served by the
// program) or middleware, and the end.
func (p *Plan) frameworkChain() []string {
	var out []string
	if _, ok := p.Parts[p.Transport.Part()]; ok && p.Transport != NoTransport {
		out = append(out, p.Transport.Part())
	} else if p.Transport != NoTransport {
		out = append(out, p.frameworkPart())
	}
	for _, c := range p.Components {
		if c.Class.Middleware {
			out = append(out, c.Name)
			continue
		}
		for _, k := range c.Class.Capabilities {
			if _, ok := p.Parts[k.Middleware()]; ok {
				out = append(out, k.Middleware()+"("+c.Name+")")
			} else {
				out = append(out, string(k)+"("+c.Name+")")
			}
		}
	}
	switch _, ok := p.Parts[embedded.ChainEnd]; {
	case ok:
		out = append(out, embedded.ChainEnd)
	case p.Transport == NoTransport:
		out = append(out, "(imported "+HandlerInterface+")")
	default:
		out = append(out, "(end)")
	}
	return out
}

// Describe writes the plan for --verbose: each component, how it was
// resolved and classified, each framework part and its source, the chain.
func (p *Plan) Describe(w io.Writer) {
	t := string(p.Transport)
	if t == "" {
		t = "none (handler)"
	}
	fmt.Fprintf(w, "transport: %s\n", t)
	fmt.Fprintln(w, "components:")
	for i, c := range p.Components {
		fmt.Fprintf(w, "  %d. %s: %s\n", i+1, c.Name, c.Class)
		if c.Resolved != "" {
			fmt.Fprintf(w, "     resolved: %s\n", c.Resolved)
		}
		if c.Class.Tools != nil {
			fmt.Fprintf(w, "     tools (%s): %s\n", toolmanifest.Section, strings.Join(c.Class.Tools, ", "))
		} else if len(c.Class.Capabilities) > 0 && c.Class.Capabilities[0] == Tools {
			fmt.Fprintf(w, "     tools: not declared (no %s section); duplicates are resolved at run time, first in the chain wins\n", toolmanifest.Section)
		}
	}
	fmt.Fprintln(w, "framework parts:")
	for _, name := range p.PartOrder {
		fmt.Fprintf(w, "  %s: %s\n", name, p.Parts[name].Source)
	}
	if s := p.SessionPart(); s != "" {
		fmt.Fprintf(w, "session part: %s, for %s\n", s, strings.Join(p.sessionUsers(), ", "))
	}
	fmt.Fprintf(w, "chain: %s\n", strings.Join(p.Chain(), " -> "))
}
