//go:build wasip1 && wasmcp_session_part && wasmcp_part_http

package main

// The HTTP side of the session part: the transport lends each call's
// response (http-calls.lend); the first request to the client starts an
// SSE stream on it and writes the request there; the client POSTs its
// answer, which the transport handling that POST (in this instance or,
// under wasmtime serve, another one) stores with calls.answer, and the
// waiting call polls the store for it.

import (
	"strings"

	"github.com/wasmcp/wasmcp/cabi"
	"github.com/wasmcp/wasmcp/framework/mcpcore"
	wasiclock "github.com/wasmcp/wasmcp/framework/server/iface/wasi/clocks/v0.2.12/monotonic-clock"
	wasihttp "github.com/wasmcp/wasmcp/framework/server/iface/wasi/http/v0.2.12/types"
	wasistreams "github.com/wasmcp/wasmcp/framework/server/iface/wasi/io/v0.2.12/streams"
	mcp "github.com/wasmcp/wasmcp/framework/server/iface/wasmcp/mcp/v0.2.0/types"
	httpcalls "github.com/wasmcp/wasmcp/framework/server/iface/wasmcp/server/v0.1.0/http-calls"
	hb "github.com/wasmcp/wasmcp/framework/server/sessionhttpbind"
)

func init() { hb.ExportHttpCalls(httpCalls{}) }

// answerPoll is how often a waiting call looks for the client's answer,
// in milliseconds.
const answerPoll = 20

// callWire is the response of one call: lent by the transport, streaming
// once a request went out on it.
type callWire struct {
	lent, streaming bool
	out             wasihttp.ResponseOutparam
	headers         [][2]string
	body            wasihttp.OutgoingBody
	stream          wasistreams.OutputStream
}

type httpCalls struct{}

func (httpCalls) Lend(ch mcp.ChannelId, out wasihttp.ResponseOutparam, headers []struct{ F0, F1 string }) {
	c := inFlight[ch]
	if c == nil {
		c = &call{}
		inFlight[ch] = c
	}
	c.wire = callWire{lent: true, out: out}
	for _, h := range headers {
		c.wire.headers = append(c.wire.headers, [2]string{h.F0, h.F1})
	}
}

func (httpCalls) Reclaim(ch mcp.ChannelId) httpcalls.Reclaimed {
	c := inFlight[ch]
	if c == nil || !c.wire.lent {
		panic("wasmcp session part: reclaim of a response that was not lent")
	}
	w := c.wire
	c.wire = callWire{}
	if w.streaming {
		return httpcalls.ReclaimedStreaming(struct {
			F0 wasihttp.OutgoingBody
			F1 wasistreams.OutputStream
		}{w.body, w.stream})
	}
	return httpcalls.ReclaimedUnused(w.out)
}

// startStream answers the call with a 200 SSE response, once.
func (w *callWire) startStream() *mcpcore.Error {
	if w.streaming {
		return nil
	}
	if !w.lent {
		return mcpcore.Errorf(mcpcore.CodeInternalError, "this request cannot carry a request to the client: the client does not accept text/event-stream, or the request is outside a session")
	}
	f := wasihttp.NewFields()
	for _, kv := range w.headers {
		f.Append(strings.ToLower(kv[0]), []byte(kv[1]))
	}
	resp := wasihttp.NewOutgoingResponse(f)
	resp.SetStatusCode(200)
	body, err := resp.Body().Unwrap()
	wasihttp.ResponseOutparamSet(w.out, cabi.Ok[wasihttp.OutgoingResponse, wasihttp.ErrorCode](resp))
	if err != nil {
		return mcpcore.Errorf(mcpcore.CodeInternalError, "the call's response has no body")
	}
	stream, err := body.Write().Unwrap()
	if err != nil {
		return mcpcore.Errorf(mcpcore.CodeInternalError, "the call's response body cannot be written")
	}
	w.body, w.stream, w.streaming = body, stream, true
	return nil
}

// send writes one message as an SSE event.
func (w *callWire) send(msg []byte) bool {
	return writeAll(w.stream, mcpcore.AppendEvent(nil, mcpcore.MessageEvent("", msg)))
}

// askClient sends msg on the call's stream and waits for the answer to
// id in the store, at most wait milliseconds.
func askClient(c *call, id string, msg []byte, wait uint32) ([]byte, *mcpcore.Error) {
	if !answersStored {
		return nil, mcpcore.Errorf(mcpcore.CodeInternalError, "requests to the client need a server composed with --sessions, on a runtime that serves requests concurrently (wasmtime serve, Spin): the client's answer comes as another request, which a runtime keeping one instance cannot serve while this call waits")
	}
	if c.session == "" {
		return nil, mcpcore.Errorf(mcpcore.CodeInternalError, "requests to the client need a session: enable sessions with WASMCP_SESSION_ENABLED=true")
	}
	st, err := partStore()
	if err != nil {
		return nil, mcpcore.Errorf(mcpcore.CodeInternalError, "session store: %v", err)
	}
	reqs := mcpcore.ClientRequests{Store: st}
	if err := c.wire.startStream(); err != nil {
		return nil, err
	}
	if err := reqs.Pending(id, c.session); err != nil {
		return nil, mcpcore.Errorf(mcpcore.CodeInternalError, "session store: %v", err)
	}
	if !c.wire.send(msg) {
		_ = reqs.Forget(id)
		return nil, mcpcore.Errorf(mcpcore.CodeInternalError, "the client closed the call's stream")
	}
	deadline := nowMillis() + int64(wait)
	for {
		answer, ok, err := reqs.TakeAnswer(id)
		if err != nil {
			return nil, mcpcore.Errorf(mcpcore.CodeInternalError, "session store: %v", err)
		}
		if ok {
			return answer, nil
		}
		if nowMillis() >= deadline {
			_ = reqs.Forget(id)
			c.wire.send(mcpcore.CancelledNotification(id, "timed out"))
			return nil, mcpcore.Errorf(mcpcore.CodeRequestTimeout, "the client did not answer %s within %d ms", id, wait)
		}
		p := wasiclock.SubscribeDuration(answerPoll * 1_000_000)
		p.Block()
		p.Drop()
	}
}

// deliverAnswer stores a client's answer for the call waiting for it.
func deliverAnswer(session, message string) bool {
	if !answersStored || session == "" {
		return false
	}
	msg, perr := mcpcore.Parse([]byte(message))
	if perr != nil {
		return false
	}
	st, err := partStore()
	if err != nil {
		return false
	}
	ok, err := mcpcore.ClientRequests{Store: st}.DeliverAnswer(session, msg, []byte(message))
	return ok && err == nil
}
