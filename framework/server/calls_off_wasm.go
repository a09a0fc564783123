//go:build wasip1 && !wasmcp_calls && !wasmcp_session_part

package main

import "github.com/wasmcp/wasmcp/framework/mcpcore"

// A server without a session part: nothing to tell.
const hasCalls = false

func callsBegin(uint64, string, mcpcore.RawMessage) {}
func callsEnd(uint64)                               {}
func callsAnswer(string, []byte) bool               { return false }
func callsEndSession(string)                        {}
