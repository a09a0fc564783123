//go:build wasip1 && wasmcp_http && !wasmcp_calls

package main

import h "github.com/wasmcp/wasmcp/framework/server/httpbind"

// Without a session part responses are never lent (hasCalls is false).

func lendResponse(uint64, h.ResponseOutparam, [][2]string) {}

func reclaimResponse(uint64) (out h.ResponseOutparam, body h.OutgoingBody, stream h.OutputStream, streaming bool) {
	return
}
