//go:build wasip1 && wasmcp_stdio && !wasmcp_calls

package main

import "github.com/wasmcp/wasmcp/framework/mcpcore"

type chainBuilder = func(version string, ch uint64, token mcpcore.RawMessage) mcpcore.Chain

// lendingInput: without a session part nothing reads stdin but the
// transport.
func lendingInput(chain chainBuilder, _ *mcpcore.LineSplitter, _ *mcpcore.Session) chainBuilder {
	return chain
}
