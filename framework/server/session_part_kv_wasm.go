//go:build wasip1 && wasmcp_session_part && wasmcp_sessions

package main

import "github.com/wasmcp/wasmcp/framework/mcpcore"

// The session-kv part keeps values in the transport's session bucket, and
// serves them only while the transport's record of the session is alive
// and belongs to the caller; ending the session removes them
// (mcpcore.Sessions.End).
const checksSessions = true

// answersStored: the client's answers to requests of the server's go
// through the bucket too, from the instance serving the POST that carries
// one to the instance whose call waits for it.
const answersStored = true

func valueStore(bucket string) (mcpcore.SessionStore, error) { return sessionStore(bucket) }
