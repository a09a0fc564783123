package main

import wasistreams "github.com/wasmcp/wasmcp/framework/server/iface/wasi/io/v0.2.12/streams"

// writeChunk is the most one blocking-write-and-flush may carry (WASI 0.2).
const writeChunk = 4096

// writeAll writes b to w in writeChunk pieces and reports whether all of
// it was written. Every build writes through it: the transports' responses
// and the session part's requests to the client share one type of stream.
func writeAll(w wasistreams.OutputStream, b []byte) bool {
	for len(b) > 0 {
		n := min(writeChunk, len(b))
		if _, err := w.BlockingWriteAndFlush(b[:n]).Unwrap(); err != nil {
			return false
		}
		b = b[n:]
	}
	return true
}
