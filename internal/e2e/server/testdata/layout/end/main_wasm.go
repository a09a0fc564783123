// Command end is a chain end of the user's (world chain-end), given with
// --override chain-end=…: it answers initialize with an experimental
// capability that names it, test/end itself, and nothing else.
package main

import (
	"github.com/wasmcp/wasmcp/cabi"
	b "github.com/wasmcp/wasmcp/internal/e2e/server/testdata/layout/end/bindings"
)

func main() {}

func init() { b.ExportHandler(handler{}) }

type handler struct{}

func (handler) Handle(ctx b.RequestContext, msg b.Message) cabi.Option[cabi.Result[b.Json, b.Error]] {
	if !msg.Id.IsSome() {
		return cabi.None[cabi.Result[b.Json, b.Error]]()
	}
	switch msg.Method {
	case "initialize":
		return cabi.Some(cabi.Ok[b.Json, b.Error](`{"capabilities":{"experimental":{"custom-end":{}}}}`))
	case "test/end":
		return cabi.Some(cabi.Ok[b.Json, b.Error](`{"end":"custom"}`))
	}
	return cabi.None[cabi.Result[b.Json, b.Error]]()
}
