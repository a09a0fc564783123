// Command guest is a wasi:cli/run program that imports wasmcp:mcp/tools
// three times (tools1, tools2, tools3) and, for each import, lists the
// tools and calls each one, printing a line per import.
package main

import (
	"fmt"
	"strings"

	b "github.com/wasmcp/wasmcp/internal/e2e/bindgen/slots/guest/bindings"

	"github.com/wasmcp/wasmcp/cabi"
)

func main() {}

func init() { b.ExportRun(run{}) }

type run struct{}

func (run) Run() cabi.Result[cabi.Unit, cabi.Unit] {
	for i, imp := range b.ToolsImports {
		ctx := b.RequestContext{ProtocolVersion: "2025-06-18", Channel: uint64(i + 1)}
		list, ok := imp.ListTools(ctx, cabi.None[string]()).Ok()
		if !ok {
			fmt.Printf("%s: list-tools failed\n", imp.ImportName())
			return cabi.Err[cabi.Unit, cabi.Unit](cabi.Unit{})
		}
		var report []string
		for _, tool := range list.Tools {
			res, ok := imp.CallTool(ctx, b.CallToolRequest{Name: tool.Name}).Get()
			if !ok {
				report = append(report, tool.Name+"=none")
				continue
			}
			out, _ := res.Ok()
			for _, c := range out.Content {
				if t, ok := c.AsText(); ok {
					report = append(report, tool.Name+"="+t.Text)
				}
			}
		}
		// A tool of another provider is unknown here.
		_, other := imp.CallTool(ctx, b.CallToolRequest{Name: "nobody-tool"}).Get()
		fmt.Printf("%s: %s; unknown=%v\n", imp.ImportName(), strings.Join(report, ", "), other)
	}
	return cabi.Ok[cabi.Unit, cabi.Unit](cabi.Unit{})
}
