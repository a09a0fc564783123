package main

// The chain and the notification channel as the transport's logic sees
// them: mcpcore values on one side, the generated bindings on the other.

import (
	"strconv"

	"github.com/wasmcp/wasmcp/cabi"
	b "github.com/wasmcp/wasmcp/framework/http-transport/bindings"
	"github.com/wasmcp/wasmcp/framework/mcpcore"
	"github.com/wasmcp/wasmcp/jsonv"
)

// openChannel opens the request's notification channel on the imported
// channels interface.
func openChannel(min *mcpcore.Level) uint64 {
	lvl := cabi.None[b.LogLevel]()
	if min != nil {
		lvl = cabi.Some(b.LogLevel(*min))
	}
	return b.Open(lvl)
}

// drainChannel takes the notifications queued on channel, oldest first.
func drainChannel(channel uint64) [][]byte {
	queued := b.Drain(channel)
	out := make([][]byte, 0, len(queued))
	for _, n := range queued {
		out = append(out, []byte(n))
	}
	return out
}

// chainFor returns the head of the chain for one request: each message is
// passed to the imported handler with the request's context.
func chainFor(version string, channel uint64, progressToken mcpcore.RawMessage) mcpcore.Chain {
	ctx := b.RequestContext{ProtocolVersion: version, Channel: channel}
	if progressToken != nil {
		ctx.ProgressToken = cabi.Some(string(progressToken))
	}
	return func(msg mcpcore.Message) (mcpcore.RawMessage, *mcpcore.Error, bool) {
		return fromHandle(b.Handle(ctx, witMessage(msg)))
	}
}

// witMessage turns an mcpcore message into the chain's message.
func witMessage(m mcpcore.Message) b.Message {
	out := b.Message{Method: m.Method}
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
func witID(raw mcpcore.RawMessage) b.RequestId {
	if v, err := jsonv.Parse(string(raw)); err == nil {
		if s, ok := v.Str(); ok {
			return b.RequestIdText(s)
		}
	}
	if n, err := strconv.ParseInt(string(raw), 10, 64); err == nil {
		return b.RequestIdNumber(n)
	}
	return b.RequestIdText(string(raw))
}

// fromHandle reads what the chain returned.
func fromHandle(r cabi.Option[cabi.Result[b.Json, b.Error]]) (mcpcore.RawMessage, *mcpcore.Error, bool) {
	res, ok := r.Get()
	if !ok {
		return nil, nil, false
	}
	if e, isErr := res.Err(); isErr {
		out := &mcpcore.Error{Code: e.Code, Message: e.Message}
		if d, ok := e.Data.Get(); ok {
			out.Data = mcpcore.RawMessage(d)
		}
		return nil, out, true
	}
	v, _ := res.Ok()
	return mcpcore.RawMessage(v), nil, true
}
