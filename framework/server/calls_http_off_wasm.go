//go:build wasip1 && wasmcp_http && !wasmcp_calls

package main

import (
	wasihttp "github.com/wasmcp/wasmcp/framework/server/iface/wasi/http/v0.2.12/types"
	wasistreams "github.com/wasmcp/wasmcp/framework/server/iface/wasi/io/v0.2.12/streams"
)

// Without a session part responses are never lent (hasCalls is false).

func lendResponse(uint64, wasihttp.ResponseOutparam, [][2]string) {}

func reclaimResponse(uint64) (out wasihttp.ResponseOutparam, body wasihttp.OutgoingBody, stream wasistreams.OutputStream, streaming bool) {
	return
}
