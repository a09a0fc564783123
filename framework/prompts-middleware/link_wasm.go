package main

// The chain side of a framework part: the handler message and results of
// the bindings seen as mcpcore values. This file is the same in every capability
// middleware (framework/build checks that the copies agree).

import (
	"strconv"

	"github.com/wasmcp/wasmcp/cabi"
	"github.com/wasmcp/wasmcp/framework/mcpcore"
	"github.com/wasmcp/wasmcp/jsonv"

	b "github.com/wasmcp/wasmcp/framework/prompts-middleware/bindings"
)

// coreMessage turns the chain's message into an mcpcore message.
func coreMessage(m b.Message) mcpcore.Message {
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

// next returns the mcpcore view of the imported handler for one call. The
// message passed down keeps the original id; method and params come from
// what the logic passes on.
func next(ctx b.RequestContext, orig b.Message) mcpcore.Chain {
	return func(msg mcpcore.Message) (mcpcore.RawMessage, *mcpcore.Error, bool) {
		down := b.Message{Id: orig.Id, Method: msg.Method}
		if msg.Params != nil {
			down.Params = cabi.Some(string(msg.Params))
		}
		return fromHandle(b.Handle(ctx, down))
	}
}

// fromHandle reads the result of handle.
func fromHandle(r cabi.Option[cabi.Result[b.Json, b.Error]]) (mcpcore.RawMessage, *mcpcore.Error, bool) {
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
func toHandle(res mcpcore.RawMessage, err *mcpcore.Error, handled bool) cabi.Option[cabi.Result[b.Json, b.Error]] {
	if !handled {
		return cabi.None[cabi.Result[b.Json, b.Error]]()
	}
	if err != nil {
		return cabi.Some(cabi.Err[b.Json](witError(err)))
	}
	if res == nil {
		res = mcpcore.RawMessage("null")
	}
	return cabi.Some(cabi.Ok[b.Json, b.Error](string(res)))
}

func coreError(e b.Error) *mcpcore.Error {
	out := &mcpcore.Error{Code: e.Code, Message: e.Message}
	if d, ok := e.Data.Get(); ok {
		out.Data = mcpcore.RawMessage(d)
	}
	return out
}

func witError(e *mcpcore.Error) b.Error {
	out := b.Error{Code: e.Code, Message: e.Message}
	if e.Data != nil {
		out.Data = cabi.Some(string(e.Data))
	}
	return out
}

// coreErrorPtr converts an optional error of a provider call.
func providerError[T any](r cabi.Result[T, b.Error]) (T, *mcpcore.Error) {
	if e, isErr := r.Err(); isErr {
		var zero T
		return zero, coreError(e)
	}
	v, _ := r.Ok()
	return v, nil
}

// call reads the option<result<T, error>> of a provider's call function.
func call[T any](r cabi.Option[cabi.Result[T, b.Error]]) (v T, err *mcpcore.Error, handled bool) {
	res, ok := r.Get()
	if !ok {
		return v, nil, false
	}
	v, err = providerError(res)
	return v, err, true
}

func optString(o cabi.Option[string]) string {
	s, _ := o.Get()
	return s
}

func optRaw(o cabi.Option[b.Json]) mcpcore.RawMessage {
	if s, ok := o.Get(); ok {
		return mcpcore.RawMessage(s)
	}
	return nil
}

func optPtr[T any](o cabi.Option[T]) *T {
	if v, ok := o.Get(); ok {
		return &v
	}
	return nil
}

func someString(s string) cabi.Option[string] {
	if s == "" {
		return cabi.None[string]()
	}
	return cabi.Some(s)
}

func someRaw(r mcpcore.RawMessage) cabi.Option[b.Json] {
	if r == nil {
		return cabi.None[b.Json]()
	}
	return cabi.Some(string(r))
}

// witKeyValues builds a WIT list<tuple<string, string>>.
func witKeyValues(kvs []mcpcore.KeyValue) []struct{ F0, F1 string } {
	out := make([]struct{ F0, F1 string }, 0, len(kvs))
	for _, kv := range kvs {
		out = append(out, struct{ F0, F1 string }{kv.Key, kv.Value})
	}
	return out
}
