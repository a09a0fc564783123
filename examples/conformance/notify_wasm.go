//go:build wasip1

package main

import (
	"conformance/internal/bindings"

	"github.com/wasmcp/wasmcp/cabi"
)

// Notifications go to the imported wasmcp:mcp/notify. A failed send (the
// message filtered by the client's log level, a closed channel) is not an
// error of the tool, so the result is ignored.

func notifyLog(ch bindings.ChannelId, level bindings.LogLevel, data string) {
	bindings.Log(ch, level, cabi.Some("conformance"), data)
}

func progress(ch bindings.ChannelId, token string, done, total float64) {
	bindings.Progress(ch, token, done, cabi.Some(total), cabi.None[string]())
}

func notify(ch bindings.ChannelId, method, params string) {
	p := cabi.None[string]()
	if params != "" {
		p = cabi.Some(params)
	}
	bindings.Send(ch, method, p)
}
