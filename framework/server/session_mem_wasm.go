//go:build wasip1 && wasmcp_http && !wasmcp_sessions

package main

import "github.com/wasmcp/wasmcp/framework/mcpcore"

// sessionStore of the plain HTTP build keeps sessions in the instance's
// memory: they last as long as the instance, which is every request under
// a runtime that keeps one instance (jco serve), and one request under
// runtimes that make one per request (wasmtime serve), where the
// server-http-sessions build (wasi:keyvalue) is needed.
func sessionStore(string) (mcpcore.SessionStore, error) {
	return mcpcore.MemoryStore{}, nil
}

// defaultStreamWait: a GET stream of the plain build answers what is
// queued and ends at once, since the runtimes it suits (jco serve) run
// every request in one instance, which a waiting stream would hold.
const defaultStreamWait = 0
