//go:build wasip1 && wasmcp_http && wasmcp_calls

package main

import (
	wasihttp "github.com/wasmcp/wasmcp/framework/server/iface/wasi/http/v0.2.12/types"
	wasistreams "github.com/wasmcp/wasmcp/framework/server/iface/wasi/io/v0.2.12/streams"
	httpcalls "github.com/wasmcp/wasmcp/framework/server/iface/wasmcp/server/v0.1.0/http-calls"
)

// The HTTP transport lends each call's response to the session part and
// takes it back.

func lendResponse(ch uint64, out wasihttp.ResponseOutparam, headers [][2]string) {
	hdrs := make([]struct{ F0, F1 string }, len(headers))
	for i, kv := range headers {
		hdrs[i].F0, hdrs[i].F1 = kv[0], kv[1]
	}
	httpcalls.Lend(ch, out, hdrs)
}

// reclaimResponse takes the response back: the outparam when nothing was
// sent on it, or the started SSE body and its stream.
func reclaimResponse(ch uint64) (out wasihttp.ResponseOutparam, body wasihttp.OutgoingBody, stream wasistreams.OutputStream, streaming bool) {
	r := httpcalls.Reclaim(ch)
	if s, ok := r.AsStreaming(); ok {
		return out, s.F0, s.F1, true
	}
	o, _ := r.AsUnused()
	return o, body, stream, false
}
