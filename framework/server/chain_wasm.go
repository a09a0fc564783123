//go:build !wasmcp_session_part

package main

// The chain inside the framework: one link per provider wired to a slot,
// in chain order, then the imported next handler or the chain end.

import (
	"strconv"
	"sync"

	"github.com/wasmcp/wasmcp/cabi"
	"github.com/wasmcp/wasmcp/framework/mcpcore"
	b "github.com/wasmcp/wasmcp/framework/server/bindings"
	fwlayout "github.com/wasmcp/wasmcp/framework/server/iface/wasmcp/framework/v0.1.0/layout"
	mcphandler "github.com/wasmcp/wasmcp/framework/server/iface/wasmcp/mcp/v0.2.0/handler"
	mcp "github.com/wasmcp/wasmcp/framework/server/iface/wasmcp/mcp/v0.2.0/types"
	"github.com/wasmcp/wasmcp/jsonv"
)

func init() {
	b.ExportHandler(handler{})
	b.ExportChannels(channelsExport{})
}

// link is one middleware of the chain, bound to its provider.
type link func(ctx mcp.RequestContext, m mcpcore.Middleware, msg mcpcore.Message) (mcpcore.RawMessage, *mcpcore.Error, bool)

// plan is this instance's chain, read from the layout on first use: the
// layout import is a component call, which Go's initialization must not
// make.
var plan = sync.OnceValue(func() struct {
	links   []link
	hasNext bool
} {
	var p struct {
		links   []link
		hasNext bool
	}
	for _, api := range slotsOf(toolsSlots, fwlayout.Count(fwlayout.SlotKindTools)) {
		p.links = append(p.links, func(ctx mcp.RequestContext, m mcpcore.Middleware, msg mcpcore.Message) (mcpcore.RawMessage, *mcpcore.Error, bool) {
			m.Warn = warnOnce
			return m.Tools(toolsProvider{api, ctx}, msg)
		})
	}
	p.links = append(p.links, otherLinks()...)
	p.hasNext = fwlayout.Count(fwlayout.SlotKindNext) > 0
	return p
})

// slotsOf returns the first n slots; a layout that claims more slots than
// the build has is cut to what exists (the composer never writes one).
func slotsOf[T any](slots []T, n uint32) []T {
	return slots[:min(int(n), len(slots))]
}

// runChain passes msg down this instance's chain.
func runChain(ctx mcp.RequestContext, msg mcpcore.Message) (mcpcore.RawMessage, *mcpcore.Error, bool) {
	p := plan()
	var step func(i int, m mcpcore.Message) (mcpcore.RawMessage, *mcpcore.Error, bool)
	step = func(i int, m mcpcore.Message) (mcpcore.RawMessage, *mcpcore.Error, bool) {
		if i == len(p.links) {
			if p.hasNext {
				return fromHandle(mcphandler.Handle(ctx, witMessage(m)))
			}
			return mcpcore.ChainEnd(m)
		}
		mw := mcpcore.Middleware{Version: ctx.ProtocolVersion, Next: func(m mcpcore.Message) (mcpcore.RawMessage, *mcpcore.Error, bool) {
			return step(i+1, m)
		}}
		return p.links[i](ctx, mw, m)
	}
	return step(0, msg)
}

// handler is the exported head of the chain, for a transport given with
// --override or a framework instance further up.
type handler struct{}

func (handler) Handle(ctx mcp.RequestContext, msg mcphandler.Message) cabi.Option[cabi.Result[mcp.Json, mcp.Error]] {
	return toHandle(runChain(ctx, coreMessage(msg)))
}

// stdioSession is the session id of a stdio connection, which is one
// session: components keep values for it (wasmcp:mcp/session) like for any.
const stdioSession = "stdio"

// chainFor returns the head of the chain for one request of the stdio
// transport.
func chainFor(version string, channel uint64, progressToken mcpcore.RawMessage) mcpcore.Chain {
	return chainAs(cabi.None[mcp.Identity](), stdioSession, version, channel, progressToken)
}

// chainAs is chainFor for a request of an HTTP caller in a session
// (session empty outside one), authenticated when id is set: both are in
// the context every link and provider gets.
func chainAs(id cabi.Option[mcp.Identity], session, version string, channel uint64, progressToken mcpcore.RawMessage) mcpcore.Chain {
	ctx := mcp.RequestContext{ProtocolVersion: version, Channel: channel, Identity: id}
	if session != "" {
		ctx.SessionId = cabi.Some(session)
	}
	if progressToken != nil {
		ctx.ProgressToken = cabi.Some(string(progressToken))
	}
	return func(msg mcpcore.Message) (mcpcore.RawMessage, *mcpcore.Error, bool) {
		return runChain(ctx, msg)
	}
}

// coreMessage turns the chain's message into an mcpcore message.
func coreMessage(m mcphandler.Message) mcpcore.Message {
	out := mcpcore.Message{Kind: mcpcore.KindNotification, Method: m.Method}
	if id, ok := m.Id.Get(); ok {
		out.Kind = mcpcore.KindRequest
		if n, ok := id.AsNumber(); ok {
			out.ID = mcpcore.RawMessage(strconv.FormatInt(n, 10))
		} else if s, ok := id.AsText(); ok {
			// As encoding/json wrote it, so that the id comes back byte
			// for byte as before.
			out.ID = jsonv.HTMLEscape(nil, jsonv.Quote(s))
		}
	}
	if p, ok := m.Params.Get(); ok && p != "null" {
		out.Params = mcpcore.RawMessage(p)
	}
	return out
}

// witMessage turns an mcpcore message into the chain's message.
func witMessage(m mcpcore.Message) mcphandler.Message {
	out := mcphandler.Message{Method: m.Method}
	if m.Kind == mcpcore.KindRequest && m.ID != nil {
		out.Id = cabi.Some(witID(m.ID))
	}
	if m.Params != nil {
		out.Params = cabi.Some(string(m.Params))
	}
	return out
}

// witID turns a raw JSON-RPC id into the chain's request-id: an integer
// stays a number, a string its text, any other number its JSON text.
func witID(raw mcpcore.RawMessage) mcp.RequestId {
	if v, err := jsonv.Parse(string(raw)); err == nil {
		if s, ok := v.Str(); ok {
			return mcp.RequestIdText(s)
		}
	}
	if n, err := strconv.ParseInt(string(raw), 10, 64); err == nil {
		return mcp.RequestIdNumber(n)
	}
	return mcp.RequestIdText(string(raw))
}

// fromHandle reads the result of handle.
func fromHandle(r cabi.Option[cabi.Result[mcp.Json, mcp.Error]]) (mcpcore.RawMessage, *mcpcore.Error, bool) {
	res, ok := r.Get()
	if !ok {
		return nil, nil, false
	}
	if e, isErr := res.Err(); isErr {
		return nil, coreError(e), true
	}
	v, _ := res.Ok()
	return mcpcore.RawMessage(v), nil, true
}

// toHandle builds the result of handle.
func toHandle(res mcpcore.RawMessage, err *mcpcore.Error, handled bool) cabi.Option[cabi.Result[mcp.Json, mcp.Error]] {
	if !handled {
		return cabi.None[cabi.Result[mcp.Json, mcp.Error]]()
	}
	if err != nil {
		return cabi.Some(cabi.Err[mcp.Json](witError(err)))
	}
	if res == nil {
		res = mcpcore.RawMessage("null")
	}
	return cabi.Some(cabi.Ok[mcp.Json, mcp.Error](string(res)))
}

func coreError(e mcp.Error) *mcpcore.Error {
	out := &mcpcore.Error{Code: e.Code, Message: e.Message}
	if d, ok := e.Data.Get(); ok {
		out.Data = mcpcore.RawMessage(d)
	}
	return out
}

func witError(e *mcpcore.Error) mcp.Error {
	out := mcp.Error{Code: e.Code, Message: e.Message}
	if e.Data != nil {
		out.Data = cabi.Some(string(e.Data))
	}
	return out
}

// warned holds the warnings already written. A client lists tools often;
// once per instance is enough for the operator to learn that a tool is
// hidden, without filling the log.
var warned = map[string]bool{}

// warnOnce writes to stderr, the runtime's log: a tools/list answer has no
// place for a warning, and the notify channel reaches only the client.
func warnOnce(msg string) {
	if warned[msg] {
		return
	}
	warned[msg] = true
	writeStderr("wasmcp: warning: " + msg + "; the later one is neither listed nor called\n")
}
