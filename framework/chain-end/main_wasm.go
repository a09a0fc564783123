// Command chain-end is the last link of the chain (world
// wasmcp:mcp/chain-end): it answers initialize with empty capabilities,
// which the capability middlewares above it fill in on the way back, and
// returns none for everything else, which the transport turns into the
// right error (-32601 method not found in general). The logic is
// mcpcore.ChainEnd.
package main

import (
	"github.com/wasmcp/wasmcp/cabi"
	b "github.com/wasmcp/wasmcp/framework/chain-end/bindings"
	"github.com/wasmcp/wasmcp/framework/mcpcore"
)

func main() {}

func init() { b.ExportHandler(handler{}) }

type handler struct{}

func (handler) Handle(_ b.RequestContext, msg b.Message) cabi.Option[cabi.Result[b.Json, b.Error]] {
	kind := mcpcore.KindNotification
	if msg.Id.IsSome() {
		kind = mcpcore.KindRequest
	}
	res, _, handled := mcpcore.ChainEnd(mcpcore.Message{Kind: kind, Method: msg.Method})
	if !handled {
		return cabi.None[cabi.Result[b.Json, b.Error]]()
	}
	return cabi.Some(cabi.Ok[b.Json, b.Error](string(res)))
}
