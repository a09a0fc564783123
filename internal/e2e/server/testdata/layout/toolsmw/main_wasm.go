// Command toolsmw is a tools middleware of the user's (world
// tools-middleware), given with --override tools-middleware=…: each tools
// provider gets an instance of it instead of the framework's tools handling.
// It answers test/tools with the names of its provider's tools (first page)
// and passes every other message on.
package main

import (
	"strings"

	"github.com/wasmcp/wasmcp/cabi"
	b "github.com/wasmcp/wasmcp/internal/e2e/server/testdata/layout/toolsmw/bindings"
)

func main() {}

func init() { b.ExportHandler(handler{}) }

type handler struct{}

func (handler) Handle(ctx b.RequestContext, msg b.Message) cabi.Option[cabi.Result[b.Json, b.Error]] {
	if msg.Method != "test/tools" {
		return b.Handle(ctx, msg)
	}
	page, ok := b.ListTools(ctx, cabi.None[string]()).Ok()
	if !ok {
		return cabi.Some(cabi.Err[b.Json](b.Error{Code: -32603, Message: "provider failed"}))
	}
	var names []string
	for _, t := range page.Tools {
		names = append(names, `"`+t.Name+`"`)
	}
	// Each provider has its own instance of this middleware: the first one
	// answers.
	return cabi.Some(cabi.Ok[b.Json, b.Error](`{"tools":[` + strings.Join(names, ",") + `]}`))
}
