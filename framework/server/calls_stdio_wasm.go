//go:build wasip1 && wasmcp_stdio && wasmcp_calls

package main

import (
	"github.com/wasmcp/wasmcp/framework/mcpcore"
	stdiocalls "github.com/wasmcp/wasmcp/framework/server/iface/wasmcp/server/v0.1.0/stdio-calls"
)

// chainBuilder builds the chain of one request, as chainFor does.
type chainBuilder = func(version string, ch uint64, token mcpcore.RawMessage) mcpcore.Chain

// lendingInput wraps chain for a server with a session part: a component
// may ask the client while the chain handles a line, and the session part
// then reads stdin itself, so the input not handled yet is lent to it for
// the call and what it leaves comes back (stdio-calls).
func lendingInput(chain chainBuilder, split *mcpcore.LineSplitter, sess *mcpcore.Session) chainBuilder {
	return func(version string, ch uint64, token mcpcore.RawMessage) mcpcore.Chain {
		inner := chain(version, ch, token)
		return func(m mcpcore.Message) (mcpcore.RawMessage, *mcpcore.Error, bool) {
			callsBegin(ch, stdioSession, sess.ClientCapabilities)
			stdiocalls.Lend(ch, split.Unread())
			res, err, ok := inner(m)
			split.Restore(stdiocalls.Reclaim(ch))
			callsEnd(ch)
			return res, err, ok
		}
	}
}
