// Command mw is a middleware (world handler-middleware) that answers the
// method test/who itself, logs every other request it passes on, and
// passes everything else to the next handler unchanged.
package main

import (
	"github.com/wasmcp/wasmcp/cabi"
	b "github.com/wasmcp/wasmcp/internal/e2e/server/testdata/layout/mw/bindings"
)

func main() {}

func init() { b.ExportHandler(handler{}) }

type handler struct{}

func (handler) Handle(ctx b.RequestContext, msg b.Message) cabi.Option[cabi.Result[b.Json, b.Error]] {
	if msg.Method == "test/who" {
		return cabi.Some(cabi.Ok[b.Json, b.Error](`{"who":"mw"}`))
	}
	if msg.Id.IsSome() {
		b.Log(ctx.Channel, b.LogLevelDebug, cabi.Some("mw"), `"passing `+msg.Method+`"`)
	}
	return b.Handle(ctx, msg)
}
