//go:build wasip1 && wasmcp_http

package main

import (
	"strings"

	"github.com/wasmcp/wasmcp/cabi"
	"github.com/wasmcp/wasmcp/framework/mcpcore"
	wasiclock "github.com/wasmcp/wasmcp/framework/server/iface/wasi/clocks/v0.2.12/monotonic-clock"
	wasihttp "github.com/wasmcp/wasmcp/framework/server/iface/wasi/http/v0.2.12/types"
)

// The GET stream of a session: the messages other requests queued for it
// (mcpcore.HTTPSession.Route), as server-sent events whose ids resume with
// Last-Event-ID. A runtime may make one instance per request, so nothing
// wakes the stream when a message is queued: it looks at the store every
// streamPoll until the session's stream wait is over, then ends, and the
// client reconnects after streamRetry with the id of the last event it
// got. A wasm instance has one thread, and jco serve one instance for
// every request: a waiting stream would hold every other request back, so
// the plain build does not wait (defaultStreamWait).

const (
	// streamPoll is how often a waiting stream looks at the store, in
	// milliseconds.
	streamPoll = 200
	// streamRetry is the reconnection delay the stream asks of the client
	// (the SSE retry field), in milliseconds.
	streamRetry = 1000
)

// serveStream answers an opened GET stream (mcpcore.ActionOpenStream).
func serveStream(out wasihttp.ResponseOutparam, hs *mcpcore.HTTPSession, c httpConfig, lastEventID string, headers [][2]string) {
	send := func(status int, hdrs [][2]string, body []byte) { respond(out, status, hdrs, body) }
	if sessionFailed(hs, send, hs.Touch()) {
		return
	}
	wait := c.Sessions.StreamWait
	if wait < 0 {
		wait = defaultStreamWait
	}
	deadline := wasiclock.Now() + uint64(wait)*1_000_000

	f := wasihttp.NewFields()
	for _, kv := range append(headers, [2]string{"Content-Type", mcpcore.MediaSSE}, [2]string{"Cache-Control", "no-cache"}) {
		f.Append(strings.ToLower(kv[0]), []byte(kv[1]))
	}
	resp := wasihttp.NewOutgoingResponse(f)
	resp.SetStatusCode(200)
	ob, err := resp.Body().Unwrap()
	wasihttp.ResponseOutparamSet(out, cabi.Ok[wasihttp.OutgoingResponse, wasihttp.ErrorCode](resp))
	if err != nil {
		return
	}
	w, err := ob.Write().Unwrap()
	if err != nil {
		wasihttp.OutgoingBodyFinish(ob, cabi.None[wasihttp.Fields]())
		return
	}
	write := func(b []byte) bool { return writeAll(w, b) }

	// The first event carries no message: its id is where the stream
	// starts, so that a client reconnecting before any message arrives
	// resumes from there.
	cur := hs.StreamStart(lastEventID)
	ok := write(mcpcore.AppendEvent(nil, mcpcore.Event{ID: cur.String(), Retry: streamRetry}))
	for ok {
		events, next, alive, err := hs.Poll(nowMillis(), cur)
		if err != nil {
			writeStderr("wasmcp: GET stream: session store: " + err.Error() + "\n")
		}
		if err != nil || !alive {
			break
		}
		if len(events) > 0 {
			var buf []byte
			for _, e := range events {
				buf = mcpcore.AppendEvent(buf, e)
			}
			if ok = write(buf); !ok {
				break
			}
			cur = next
		}
		now := wasiclock.Now()
		if now >= deadline {
			break
		}
		sleep := min(deadline-now, streamPoll*1_000_000)
		p := wasiclock.SubscribeDuration(sleep)
		p.Block()
		p.Drop()
	}
	w.Drop()
	wasihttp.OutgoingBodyFinish(ob, cabi.None[wasihttp.Fields]())
}
