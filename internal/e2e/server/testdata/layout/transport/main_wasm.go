// Command transport is a transport of the user's (world
// test:transport/transport, which includes wasmcp:mcp/transport-core): it
// reads lines "METHOD [PARAMS-JSON]" from stdin, passes each down the chain
// it imports as a request, and writes, one line each, the notifications the
// chain queued on the request's channel and the outcome:
// "METHOD => note …", "METHOD => ok RESULT", "METHOD => error …",
// "METHOD => none".
package main

import (
	"strconv"
	"strings"

	"github.com/wasmcp/wasmcp/cabi"
	b "github.com/wasmcp/wasmcp/internal/e2e/server/testdata/layout/transport/bindings"
)

func main() {}

func init() { b.ExportRun(runner{}) }

type runner struct{}

func (runner) Run() cabi.Result[cabi.Unit, cabi.Unit] {
	in, out := b.GetStdin(), b.GetStdout()
	var input []byte
	for {
		chunk, err := in.BlockingRead(256).Unwrap()
		if err != nil {
			break
		}
		input = append(input, chunk...)
	}
	in.Drop()
	write := func(s string) {
		p := []byte(s + "\n")
		for len(p) > 0 {
			n := min(len(p), 4096)
			if _, err := out.BlockingWriteAndFlush(p[:n]).Unwrap(); err != nil {
				return
			}
			p = p[n:]
		}
	}
	for i, line := range strings.Split(strings.TrimSpace(string(input)), "\n") {
		method, params, _ := strings.Cut(line, " ")
		msg := b.Message{Id: cabi.Some(b.RequestIdNumber(int64(i + 1))), Method: method}
		if params != "" {
			msg.Params = cabi.Some(params)
		}
		ch := b.Open(cabi.Some(b.LogLevelDebug))
		res := b.Handle(b.RequestContext{ProtocolVersion: "2025-06-18", Channel: ch}, msg)
		for _, n := range b.Drain(ch) {
			write(method + " => note " + n)
		}
		b.Close(ch)
		r, ok := res.Get()
		switch {
		case !ok:
			write(method + " => none")
		default:
			if e, isErr := r.Err(); isErr {
				write(method + " => error " + strconv.FormatInt(e.Code, 10) + " " + e.Message)
			} else {
				v, _ := r.Ok()
				write(method + " => ok " + v)
			}
		}
	}
	out.Drop()
	return cabi.Ok[cabi.Unit, cabi.Unit](cabi.Unit{})
}
