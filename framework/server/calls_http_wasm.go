//go:build wasip1 && wasmcp_http && wasmcp_calls

package main

import (
	"unsafe"

	h "github.com/wasmcp/wasmcp/framework/server/httpbind"
	hc "github.com/wasmcp/wasmcp/framework/server/httpcallsbind"
)

// The HTTP transport lends each call's response to the session part and
// takes it back. httpbind and httpcallsbind are bindings of two worlds
// that both import wasi:http/types, so each has its own Go type for a
// response-outparam, an outgoing-body and an output-stream; a value of
// either is the same handle of the component's one import, and converts
// as such.

func lendResponse(ch uint64, out h.ResponseOutparam, headers [][2]string) {
	hdrs := make([]struct{ F0, F1 string }, len(headers))
	for i, kv := range headers {
		hdrs[i].F0, hdrs[i].F1 = kv[0], kv[1]
	}
	hc.Lend(ch, *(*hc.ResponseOutparam)(unsafe.Pointer(&out)), hdrs)
}

// reclaimResponse takes the response back: the outparam when nothing was
// sent on it, or the started SSE body and its stream.
func reclaimResponse(ch uint64) (out h.ResponseOutparam, body h.OutgoingBody, stream h.OutputStream, streaming bool) {
	r := hc.Reclaim(ch)
	if s, ok := r.AsStreaming(); ok {
		return out, *(*h.OutgoingBody)(unsafe.Pointer(&s.F0)), *(*h.OutputStream)(unsafe.Pointer(&s.F1)), true
	}
	o, _ := r.AsUnused()
	return *(*h.ResponseOutparam)(unsafe.Pointer(&o)), body, stream, false
}
