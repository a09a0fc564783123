//go:build wasip1 && wasmcp_calls && !wasmcp_session_part

package main

// The transport of a server with a session part (the -client builds)
// tells it about each call (wasmcp:framework/calls), so that components
// can ask the client while they serve one.

import (
	"github.com/wasmcp/wasmcp/framework/mcpcore"
	cb "github.com/wasmcp/wasmcp/framework/server/callsbind"
)

const hasCalls = true

func callsBegin(ch uint64, session string, caps mcpcore.RawMessage) {
	cb.Begin(ch, someString(session), someString(string(caps)))
}

func callsEnd(ch uint64) { cb.End(ch) }

// callsAnswer gives the session part a response the client sent; it
// reports whether it answered a request of the server's.
func callsAnswer(session string, raw []byte) bool {
	return cb.Answer(someString(session), string(raw))
}

func callsEndSession(id string) { cb.EndSession(id) }
