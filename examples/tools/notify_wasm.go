//go:build wasip1

package main

import (
	"calc/internal/bindings"

	"github.com/wasmcp/wasmcp/cabi"
)

// In the component, notifications go to the imported wasmcp:mcp/notify. A
// send that fails (closed channel, message filtered by the client's log
// level) is not an error of the tool, so the result is ignored.

func notifyLog(ch bindings.ChannelId, level bindings.LogLevel, logger, data string) {
	bindings.Log(ch, level, cabi.Some(logger), data)
}

func progress(ch bindings.ChannelId, token string, done, total float64, msg string) {
	bindings.Progress(ch, token, done, cabi.Some(total), cabi.Some(msg))
}
