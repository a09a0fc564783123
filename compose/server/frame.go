package server

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/wasmcp/wasmcp/compose"
	"github.com/wasmcp/wasmcp/framework/coreparts"
	"github.com/wasmcp/wasmcp/framework/embedded"
	fwwit "github.com/wasmcp/wasmcp/wit/framework"
)

// The framework as one program: a server is the user's components, one
// instance of the framework program (more only where a user's middleware
// splits the chain, or when a capability has more providers than the
// program has slots), and three small components with no language
// runtime: the notification channel, the layout constants of each
// framework instance and a stub for its unused slots. docs/framework.md
// describes the layout and why.

// frameworkPart is the framework program's part for the plan's transport.
// A handler chain (no transport) uses the stdio build, whose extra imports
// are the WASI streams every runtime has. An HTTP server with Sessions uses
// the build that keeps sessions in wasi:keyvalue.
// With OAuth, the build that validates tokens (Go's crypto doubles it).
// A server whose providers serve tools only gets the build without the
// other capabilities, where there is one.
//
// With a session part, the build that tells it about calls: the HTTP
// builds without and with --sessions, or the stdio one (--oauth has none
// yet; NewPlan refuses the combination).
func (p *Plan) frameworkPart() string {
	if p.framework != "" {
		return p.framework
	}
	if p.SessionPart() != "" {
		switch {
		case p.Transport == HTTP && p.Sessions:
			return embedded.ServerHTTPSessionsClient
		case p.Transport == HTTP:
			return embedded.ServerHTTPClient
		}
		return embedded.ServerStdioClient
	}
	return p.choosePart(p.toolsOnly())
}

// choosePart is frameworkPart, with or without the tools-only builds.
func (p *Plan) choosePart(tools bool) string {
	switch {
	case p.Transport == HTTP && !p.Sessions && !p.OAuth && tools:
		return embedded.ServerHTTPTools
	case p.Transport != HTTP && tools:
		return embedded.ServerStdioTools
	case p.Transport == HTTP && p.Sessions && p.OAuth:
		return embedded.ServerHTTPSessionsOAuth
	case p.Transport == HTTP && p.Sessions:
		return embedded.ServerHTTPSessions
	case p.Transport == HTTP && p.OAuth:
		return embedded.ServerHTTPOAuth
	case p.Transport == HTTP:
		return embedded.ServerHTTP
	}
	return embedded.ServerStdio
}

// describeSegment says what one framework instance serves: its wired
// slots, by provider instance, and what its handler import leads to.
func describeSegment(seg *segment) string {
	var parts []string
	for _, k := range Capabilities {
		for _, l := range seg.slots[k] {
			parts = append(parts, string(k)+"("+l.provider.Name+")")
		}
	}
	if len(parts) == 0 {
		parts = append(parts, "no provider")
	}
	next := "chain end"
	if seg.next != nil {
		next = "then " + seg.next.Name
	}
	return strings.Join(parts, ", ") + "; " + next
}

// toolsOnly reports whether no component provides anything but tools.
func (p *Plan) toolsOnly() bool {
	for _, c := range p.Components {
		for _, k := range c.Class.Capabilities {
			if k != Tools {
				return false
			}
		}
	}
	return true
}

// Roles are the framework roles a user may give with --override, besides
// the program itself (whose parts are embedded.Parts()).
var Roles = []string{
	embedded.HTTPTransport, embedded.StdioTransport, embedded.ChainEnd, embedded.NotifyChannel,
	embedded.ToolsMiddleware, embedded.ResourcesMiddleware, embedded.PromptsMiddleware, embedded.CompletionsMiddleware,
}

// slotNames returns the names under which the framework component imports
// the capability, in slot order: "tools1", "tools2", … (or the
// interface's own name for a build with one slot).
func slotNames(comp *compose.Component, k Capability) []string {
	type slot struct {
		n    int
		name string
	}
	var slots []slot
	for _, e := range comp.World.Imports {
		if same(e.Name, k.Interface()) {
			slots = append(slots, slot{0, e.Name})
			continue
		}
		if rest, ok := strings.CutPrefix(e.Name, string(k)); ok {
			if n, err := strconv.Atoi(rest); err == nil && n > 0 {
				slots = append(slots, slot{n, e.Name})
			}
		}
	}
	sort.Slice(slots, func(i, j int) bool { return slots[i].n < slots[j].n })
	out := make([]string, len(slots))
	for i, s := range slots {
		out[i] = s.name
	}
	return out
}

// link is one step of the chain before framework instances are placed: a
// provider's capability served by a slot, or a component that joins the
// chain through wasmcp:mcp/handler (a user's middleware, or a capability
// middleware given with --override wired to its provider).
type link struct {
	cap      Capability
	provider *compose.Instance
	export   string            // the provider's export of cap
	handler  *compose.Instance // set for a handler link
}

// segment is one framework instance: the providers of its slots, in chain
// order, and what its imported handler leads to (nil: nothing, it ends
// the chain).
type segment struct {
	slots map[Capability][]link
	next  *compose.Instance
}

// The keys of the Go-free components in a builder.
const (
	notifyKey = embedded.NotifyChannel
	stubKey   = "unused-slot"
)

// addHelpers adds the Go-free notification channel (unless the plan has
// one given with --override) and the stub of unused slots, and returns the
// keys it added.
func addHelpers(b *builder, fw *compose.Component) ([]string, error) {
	var added []string
	if _, ok := b.comps[notifyKey]; !ok {
		wasm, err := coreparts.NotifyChannel()
		if err != nil {
			return nil, err
		}
		if _, err := b.add(notifyKey, wasm); err != nil {
			return nil, fmt.Errorf("notify channel: %w", err)
		}
		added = append(added, notifyKey)
	}
	// The stub serves the interfaces the program imports (a tools-only
	// build has no other slots): each one is kilobytes of types.
	ifaces := []string{HandlerInterface}
	for _, k := range Capabilities {
		if len(slotNames(fw, k)) > 0 {
			ifaces = append(ifaces, k.Interface())
		}
	}
	wasm, err := coreparts.Stub(ifaces...)
	if err != nil {
		return nil, err
	}
	if _, err := b.add(stubKey, wasm); err != nil {
		return nil, fmt.Errorf("unused-slot stub: %w", err)
	}
	return append(added, stubKey), nil
}

// buildFramework places the framework program's instances (see
// docs/framework.md). It returns the head of the chain, the instance that
// exports the transport's entry point, and the notification channel that
// user components are wired to (nil for a handler chain, whose components
// notify on the channel of the server it joins).
func (p *Plan) buildFramework(b *builder, userInst []*compose.Instance) (head, transport, notify *compose.Instance, err error) {
	fwName := p.frameworkPart()
	fw := b.comps[fwName]
	slots := map[Capability][]string{}
	for _, k := range Capabilities {
		slots[k] = slotNames(fw, k)
	}
	notifyInst, err := b.instantiate(b.comps[notifyKey], notifyKey)
	if err != nil {
		return nil, nil, nil, err
	}
	var stubInst *compose.Instance
	stub := func() (*compose.Instance, error) {
		if stubInst == nil {
			stubInst, err = b.instantiate(b.comps[stubKey], stubKey)
		}
		return stubInst, err
	}

	// The chain's steps, in order.
	var links []link
	for i, pc := range p.Components {
		if pc.Class.Middleware {
			links = append(links, link{handler: userInst[i]})
			continue
		}
		for _, k := range pc.Class.Capabilities {
			if mw, ok := b.comps[k.Middleware()]; ok {
				// A capability middleware given with --override: it joins the
				// chain as a handler, wired to its provider.
				inst, err := b.instantiate(mw, k.Middleware())
				if err != nil {
					return nil, nil, nil, err
				}
				if err := b.wire(inst, k.Interface(), userInst[i]); err != nil {
					return nil, nil, nil, fmt.Errorf("%s of %s: %w", k.Middleware(), pc.Name, err)
				}
				links = append(links, link{handler: inst})
				continue
			}
			links = append(links, link{cap: k, provider: userInst[i], export: pc.Class.Exports[string(k)]})
		}
	}

	// Place framework instances from the end of the chain back to its head.
	var next *compose.Instance
	if end, ok := b.comps[embedded.ChainEnd]; ok {
		if next, err = b.instantiate(end, embedded.ChainEnd); err != nil {
			return nil, nil, nil, err
		}
	}
	layouts := map[coreparts.Counts]*compose.Component{}
	var placed []string // from the end of the chain
	place := func(seg *segment) (*compose.Instance, error) {
		inst, err := b.instantiate(fw, "framework")
		if err != nil {
			return nil, err
		}
		placed = append(placed, describeSegment(seg))
		counts := coreparts.Counts{
			Tools: uint32(len(seg.slots[Tools])), Resources: uint32(len(seg.slots[Resources])),
			Prompts: uint32(len(seg.slots[Prompts])), Completions: uint32(len(seg.slots[Completions])),
		}
		if seg.next != nil || p.Transport == NoTransport {
			// A handler chain without an end goes on outside: the import
			// is lifted to the composition's.
			counts.Next = 1
		}
		for _, k := range Capabilities {
			for j, name := range slots[k] {
				if j < len(seg.slots[k]) {
					l := seg.slots[k][j]
					if err := b.c.Wire(inst, name, l.provider, l.export); err != nil {
						return nil, err
					}
					continue
				}
				s, err := stub()
				if err != nil {
					return nil, err
				}
				if err := b.c.Wire(inst, name, s, k.Interface()); err != nil {
					return nil, err
				}
			}
		}
		if seg.next != nil {
			if err := b.wire(inst, HandlerInterface, seg.next); err != nil {
				return nil, err
			}
		} else if p.Transport != NoTransport {
			s, err := stub()
			if err != nil {
				return nil, err
			}
			if err := b.wire(inst, HandlerInterface, s); err != nil {
				return nil, err
			}
		}
		lc, ok := layouts[counts]
		if !ok {
			wasm, err := coreparts.Layout(counts)
			if err != nil {
				return nil, err
			}
			if lc, err = b.add(fmt.Sprintf("layout %+v", counts), wasm); err != nil {
				return nil, fmt.Errorf("layout: %w", err)
			}
			layouts[counts] = lc
		}
		li, err := b.instantiate(lc, "layout")
		if err != nil {
			return nil, err
		}
		if err := b.c.Wire(inst, fwwit.InterfaceLayout, li, fwwit.InterfaceLayout); err != nil {
			return nil, err
		}
		if err := b.c.Wire(inst, fwwit.InterfaceNotifications, notifyInst, fwwit.InterfaceNotifications); err != nil {
			return nil, err
		}
		return inst, nil
	}
	// Group the steps from the head: consecutive providers share a
	// framework instance until a capability's slots are full or a handler
	// of the user's comes between.
	type step struct {
		seg     *segment
		handler *compose.Instance
	}
	var steps []step
	var cur *segment
	for _, l := range links {
		if l.handler != nil {
			cur = nil
			steps = append(steps, step{handler: l.handler})
			continue
		}
		if len(slots[l.cap]) == 0 {
			return nil, nil, nil, fmt.Errorf("framework part %s (%s) has no import of %s", fwName, p.Parts[fwName].Source, l.cap.Interface())
		}
		if cur == nil || len(cur.slots[l.cap]) == len(slots[l.cap]) {
			cur = &segment{slots: map[Capability][]link{}}
			steps = append(steps, step{seg: cur})
		}
		cur.slots[l.cap] = append(cur.slots[l.cap], l)
	}
	// The head must be a framework instance: it holds the transport, or,
	// for a handler chain, the export.
	if len(steps) == 0 || steps[0].seg == nil {
		steps = append([]step{{seg: &segment{}}}, steps...)
	}
	// A middleware at the end of a server's chain needs an end below it.
	if p.Transport != NoTransport && next == nil && steps[len(steps)-1].handler != nil {
		steps = append(steps, step{seg: &segment{}})
	}
	// Place them from the end back to the head: each needs the next one.
	for i := len(steps) - 1; i >= 0; i-- {
		st := steps[i]
		if st.handler != nil {
			if next != nil {
				if err := b.wire(st.handler, HandlerInterface, next); err != nil {
					return nil, nil, nil, err
				}
			}
			next = st.handler
			continue
		}
		st.seg.next = next
		if next, err = place(st.seg); err != nil {
			return nil, nil, nil, err
		}
	}
	head = next
	p.Instances = nil
	for i := len(placed) - 1; i >= 0; i-- {
		p.Instances = append(p.Instances, placed[i])
	}
	// A transport given with --override takes the head's handler and
	// channel.
	if p.Transport != NoTransport {
		if tc, ok := b.comps[p.Transport.Part()]; ok {
			if transport, err = b.instantiate(tc, p.Transport.Part()); err != nil {
				return nil, nil, nil, err
			}
			if err := b.wire(transport, HandlerInterface, head); err != nil {
				return nil, nil, nil, err
			}
			if err := b.wire(transport, ChannelsInterface, head); err != nil {
				return nil, nil, nil, err
			}
		} else {
			transport = head
		}
	}
	if p.Transport == NoTransport {
		notifyInst = nil
	}
	return head, transport, notifyInst, nil
}
