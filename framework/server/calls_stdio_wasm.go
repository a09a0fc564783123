//go:build wasip1 && wasmcp_stdio && wasmcp_calls

package main

import (
	"bytes"

	"github.com/wasmcp/wasmcp/framework/mcpcore"
	s "github.com/wasmcp/wasmcp/framework/server/stdiobind"
	sc "github.com/wasmcp/wasmcp/framework/server/stdiocallsbind"
)

// serveStdio is Run's loop for a server with a session part: a component
// may ask the client while the chain handles a line, and the session part
// then reads stdin itself, so the input not handled yet is lent to it for
// the call and what it leaves comes back (stdio-calls).
func serveStdio(c stdioConfig, in s.InputStream, out, errOut s.OutputStream) (failed bool) {
	max := c.MaxLine
	if max <= 0 {
		max = mcpcore.DefaultMaxLine
	}
	sess := mcpcore.Session{LogLevel: c.LogLevel}
	var pending []byte
	chain := func(version string, ch uint64, token mcpcore.RawMessage) mcpcore.Chain {
		inner := chainFor(version, ch, token)
		return func(m mcpcore.Message) (mcpcore.RawMessage, *mcpcore.Error, bool) {
			callsBegin(ch, stdioSession, sess.ClientCapabilities)
			sc.Lend(ch, pending)
			res, err, ok := inner(m)
			pending = sc.Reclaim(ch)
			callsEnd(ch)
			return res, err, ok
		}
	}
	skipping := false
	for {
		i := bytes.IndexByte(pending, '\n')
		if i < 0 {
			if len(pending) > max {
				write(errOut, []byte("wasmcp stdio: a message is longer than the limit; skipped\n"))
				pending, skipping = pending[:0], true
			}
			chunk, err := in.BlockingRead(stdinChunk).Unwrap()
			if err != nil {
				return false // closed: the end of input
			}
			pending = append(pending, chunk...)
			continue
		}
		line := bytes.TrimSpace(pending[:i])
		pending = append([]byte(nil), pending[i+1:]...)
		if skipping {
			skipping = false
			continue
		}
		if len(line) == 0 {
			continue
		}
		for _, m := range handleLine(&c.Server, &sess, imported, line, chain) {
			if !write(out, append(m, '\n')) {
				return true
			}
		}
	}
}
