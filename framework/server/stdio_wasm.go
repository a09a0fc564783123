//go:build wasip1 && wasmcp_stdio

package main

import (
	"github.com/wasmcp/wasmcp/cabi"
	"github.com/wasmcp/wasmcp/framework/mcpcore"
	wasistderr "github.com/wasmcp/wasmcp/framework/server/iface/wasi/cli/v0.2.12/stderr"
	wasistdin "github.com/wasmcp/wasmcp/framework/server/iface/wasi/cli/v0.2.12/stdin"
	wasistdout "github.com/wasmcp/wasmcp/framework/server/iface/wasi/cli/v0.2.12/stdout"
	s "github.com/wasmcp/wasmcp/framework/server/stdiobind"
)

func init() { s.ExportRun(runner{}) }

type runner struct{}

var imported = channelsAPI{
	open:  openChannel,
	drain: drainChannel,
	close: closeChannel,
}

// Run serves stdin until it ends: Ok at the end of input, Err when stdout
// fails.
func (runner) Run() cabi.Result[cabi.Unit, cabi.Unit] {
	c := loadStdioConfig(getenv())
	in, out, errOut := wasistdin.GetStdin(), wasistdout.GetStdout(), wasistderr.GetStderr()
	defer in.Drop()
	defer out.Drop()
	defer errOut.Drop()

	split := mcpcore.LineSplitter{Max: c.MaxLine}
	sess := mcpcore.Session{LogLevel: c.LogLevel}
	chain := lendingInput(chainFor, &split, &sess)
	failed := false
	for !failed {
		chunk, err := in.BlockingRead(stdinChunk).Unwrap()
		if err != nil {
			break // closed: the end of input
		}
		ferr := split.Feed(chunk, func(line []byte) {
			for _, m := range handleLine(&c.Server, &sess, imported, line, chain) {
				if !writeAll(out, append(m, '\n')) {
					failed = true
					return
				}
			}
		})
		if ferr != nil {
			writeAll(errOut, []byte("wasmcp stdio: "+ferr.Error()+"\n"))
		}
	}
	if failed {
		writeAll(errOut, []byte("wasmcp stdio: stdout is closed\n"))
		return cabi.Err[cabi.Unit, cabi.Unit](cabi.Unit{})
	}
	return cabi.Ok[cabi.Unit, cabi.Unit](cabi.Unit{})
}
