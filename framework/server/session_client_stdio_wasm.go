//go:build wasip1 && wasmcp_session_part && wasmcp_part_stdio

package main

// The stdio side of the session part: a request to the client is one line
// on stdout; while the call waits, the part reads stdin itself (the
// transport is busy in the chain) until the answer's line comes. Input the
// transport had read but not handled is lent to it first
// (stdio-calls.lend), and every other line read on the way goes back to
// the transport, in order, with what is left (reclaim).

import (
	"bytes"

	"github.com/wasmcp/wasmcp/framework/mcpcore"
	wasistdin "github.com/wasmcp/wasmcp/framework/server/iface/wasi/cli/v0.2.12/stdin"
	wasistdout "github.com/wasmcp/wasmcp/framework/server/iface/wasi/cli/v0.2.12/stdout"
	wasiclock "github.com/wasmcp/wasmcp/framework/server/iface/wasi/clocks/v0.2.12/monotonic-clock"
	wasipoll "github.com/wasmcp/wasmcp/framework/server/iface/wasi/io/v0.2.12/poll"
	mcp "github.com/wasmcp/wasmcp/framework/server/iface/wasmcp/mcp/v0.2.0/types"
	ib "github.com/wasmcp/wasmcp/framework/server/sessionstdiobind"
)

func init() { ib.ExportStdioCalls(stdioCalls{}) }

// callWire is the input of one call: what the transport lent, then what
// was read since, less the answers taken out of it.
type callWire struct {
	in []byte
}

type stdioCalls struct{}

func (stdioCalls) Lend(ch mcp.ChannelId, unread []uint8) {
	c := inFlight[ch]
	if c == nil {
		c = &call{}
		inFlight[ch] = c
	}
	c.wire.in = append([]byte(nil), unread...)
}

func (stdioCalls) Reclaim(ch mcp.ChannelId) []uint8 {
	c := inFlight[ch]
	if c == nil {
		return nil
	}
	in := c.wire.in
	c.wire.in = nil
	return in
}

// askClient writes msg to stdout and reads stdin until the answer to id,
// at most wait milliseconds.
func askClient(c *call, id string, msg []byte, wait uint32) ([]byte, *mcpcore.Error) {
	out := wasistdout.GetStdout()
	ok := writeAll(out, append(append([]byte(nil), msg...), '\n'))
	out.Drop()
	if !ok {
		return nil, mcpcore.Errorf(mcpcore.CodeInternalError, "stdout is closed")
	}
	in := wasistdin.GetStdin()
	defer in.Drop()
	deadline := nowMillis() + int64(wait)
	scanned := 0
	for {
		// Look through the complete lines not looked at yet.
		for {
			i := bytes.IndexByte(c.wire.in[scanned:], '\n')
			if i < 0 {
				break
			}
			l := c.wire.in[scanned : scanned+i]
			if m, perr := mcpcore.Parse(bytes.TrimSpace(l)); perr == nil {
				if got, ok := mcpcore.AnswerID(m); ok && got == id {
					answer := append([]byte(nil), l...)
					c.wire.in = append(c.wire.in[:scanned], c.wire.in[scanned+i+1:]...)
					return answer, nil
				}
			}
			scanned += i + 1
		}
		left := deadline - nowMillis()
		if left <= 0 {
			writeLine(mcpcore.CancelledNotification(id, "timed out"))
			return nil, mcpcore.Errorf(mcpcore.CodeRequestTimeout, "the client did not answer %s within %d ms", id, wait)
		}
		ready, clock := in.Subscribe(), wasiclock.SubscribeDuration(uint64(left)*1_000_000)
		wasipoll.Poll([]wasipoll.Pollable{ready, clock})
		ready.Drop()
		clock.Drop()
		chunk, err := in.Read(64 << 10).Unwrap()
		if err != nil {
			return nil, mcpcore.Errorf(mcpcore.CodeInternalError, "stdin ended before the client answered")
		}
		c.wire.in = append(c.wire.in, chunk...)
	}
}

func writeLine(msg []byte) {
	out := wasistdout.GetStdout()
	defer out.Drop()
	writeAll(out, append(append([]byte(nil), msg...), '\n'))
}

// deliverAnswer: over stdio the waiting call reads the answer itself.
func deliverAnswer(string, string) bool { return false }
