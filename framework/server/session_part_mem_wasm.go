//go:build wasip1 && wasmcp_session_part && !wasmcp_sessions

package main

import "github.com/wasmcp/wasmcp/framework/mcpcore"

// The session-memory part keeps values in the instance's memory: it serves
// runtimes that keep one instance for every request (jco serve) and stdio.
// It cannot see the transport's sessions (another instance's memory), so
// any session id the transport gave the call is taken as it is; ids are
// random, so an ended session's values are never reached again.
const checksSessions = false

// answersStored: a client's answer reaches a waiting call only through the
// keyvalue store (session_part_kv_wasm.go).
const answersStored = false

var memoryValues = mcpcore.MemoryStore{}

func valueStore(string) (mcpcore.SessionStore, error) { return memoryValues, nil }
