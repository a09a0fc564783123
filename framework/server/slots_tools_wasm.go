//go:build wasip1 && wasmcp_tools_only && !wasmcp_session_part

package main

// otherLinks: a build for servers of tools providers only imports no other
// capability.
func otherLinks() []link { return nil }
