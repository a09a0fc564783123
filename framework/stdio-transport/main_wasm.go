package main

import (
	"github.com/wasmcp/wasmcp/cabi"
	"github.com/wasmcp/wasmcp/framework/mcpcore"
	b "github.com/wasmcp/wasmcp/framework/stdio-transport/bindings"
)

func init() { b.ExportRun(runner{}) }

type runner struct{}

var imported = channelsAPI{
	open:  openChannel,
	drain: drainChannel,
	close: func(ch uint64) { b.Close(ch) },
}

// Run serves stdin until it ends: Ok at the end of input, Err when stdout
// fails.
func (runner) Run() cabi.Result[cabi.Unit, cabi.Unit] {
	env := b.GetEnvironment()
	pairs := make([][2]string, 0, len(env))
	for _, kv := range env {
		pairs = append(pairs, [2]string{kv.F0, kv.F1})
	}
	c := loadConfig(envLookup(pairs))
	in, out, errOut := b.GetStdin(), b.GetStdout(), b.GetStderr()
	defer in.Drop()
	defer out.Drop()
	defer errOut.Drop()

	split := mcpcore.LineSplitter{Max: c.MaxLine}
	sess := mcpcore.Session{LogLevel: c.LogLevel}
	failed := false
	for !failed {
		chunk, err := in.BlockingRead(readChunk).Unwrap()
		if err != nil {
			break // closed: the end of input
		}
		ferr := split.Feed(chunk, func(line []byte) {
			for _, m := range handleLine(&c.Server, &sess, imported, line, chainFor) {
				if !write(out, append(m, '\n')) {
					failed = true
					return
				}
			}
		})
		if ferr != nil {
			write(errOut, []byte("wasmcp stdio: "+ferr.Error()+"\n"))
		}
	}
	if failed {
		write(errOut, []byte("wasmcp stdio: stdout is closed\n"))
		return cabi.Err[cabi.Unit, cabi.Unit](cabi.Unit{})
	}
	return cabi.Ok[cabi.Unit, cabi.Unit](cabi.Unit{})
}

// writeChunk is the most one blocking-write-and-flush may carry (WASI 0.2).
const writeChunk = 4096

// write writes p to s and reports whether all of it was written.
func write(s b.OutputStream, p []byte) bool {
	for len(p) > 0 {
		n := min(writeChunk, len(p))
		if _, err := s.BlockingWriteAndFlush(p[:n]).Unwrap(); err != nil {
			return false
		}
		p = p[n:]
	}
	return true
}
