//go:build wasip1 && wasmcp_calls && !wasmcp_session_part

package main

// The transport of a server with a session part (the -client builds)
// tells it about each call (wasmcp:framework/calls), so that components
// can ask the client while they serve one.

import (
	"github.com/wasmcp/wasmcp/framework/mcpcore"
	fwcalls "github.com/wasmcp/wasmcp/framework/server/iface/wasmcp/framework/v0.1.0/calls"
)

const hasCalls = true

func callsBegin(ch uint64, session string, caps mcpcore.RawMessage) {
	fwcalls.Begin(ch, someString(session), someString(string(caps)))
}

func callsEnd(ch uint64) { fwcalls.End(ch) }

// callsAnswer gives the session part a response the client sent; it
// reports whether it answered a request of the server's.
func callsAnswer(session string, raw []byte) bool {
	return fwcalls.Answer(someString(session), string(raw))
}

func callsEndSession(id string) { fwcalls.EndSession(id) }
