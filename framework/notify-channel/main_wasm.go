// Command notify-channel is the framework part that queues the
// notifications sent while a request is served (world
// wasmcp:mcp/notify-channel). It imports nothing, so it is instantiated
// first and every other part may import it: components send through
// notify, the transport opens, drains and closes channels through
// channels. The logic is mcpcore.Channels.
package main

import (
	"errors"

	"github.com/wasmcp/wasmcp/cabi"
	"github.com/wasmcp/wasmcp/framework/mcpcore"
	b "github.com/wasmcp/wasmcp/framework/notify-channel/bindings"
)

func main() {}

// table is the instance's state: one component instance serves one call at
// a time, and the channels live as long as the instance.
var table mcpcore.Channels

func init() {
	b.ExportNotify(notify{})
	b.ExportChannels(channels{})
}

type notify struct{}

type sendResult = cabi.Result[cabi.Unit, b.SendError]

func result(err error) sendResult {
	switch {
	case err == nil:
		return cabi.Ok[cabi.Unit, b.SendError](cabi.Unit{})
	case errors.Is(err, mcpcore.ErrChannelClosed):
		return cabi.Err[cabi.Unit](b.SendErrorClosed)
	case errors.Is(err, mcpcore.ErrFiltered):
		return cabi.Err[cabi.Unit](b.SendErrorFiltered)
	default:
		return cabi.Err[cabi.Unit](b.SendErrorInvalid)
	}
}

func (notify) Log(channel b.ChannelId, level b.LogLevel, logger cabi.Option[string], data b.Json) sendResult {
	name, _ := logger.Get()
	return result(table.Log(channel, mcpcore.Level(level), name, mcpcore.RawMessage(data)))
}

func (notify) Progress(channel b.ChannelId, token b.Json, progress float64, total cabi.Option[float64], message cabi.Option[string]) sendResult {
	msg, _ := message.Get()
	return result(table.Progress(channel, mcpcore.RawMessage(token), progress, total.Ptr(), msg))
}

func (notify) Send(channel b.ChannelId, method string, params cabi.Option[b.Json]) sendResult {
	var raw mcpcore.RawMessage
	if p, ok := params.Get(); ok {
		raw = mcpcore.RawMessage(p)
	}
	return result(table.Send(channel, method, raw))
}

type channels struct{}

func (channels) Open(minLevel cabi.Option[b.LogLevel]) b.ChannelId {
	if l, ok := minLevel.Get(); ok {
		lvl := mcpcore.Level(l)
		return table.Open(&lvl)
	}
	return table.Open(nil)
}

func (channels) Drain(channel b.ChannelId) []b.Json {
	queued := table.Drain(channel)
	out := make([]b.Json, 0, len(queued))
	for _, m := range queued {
		out = append(out, string(m))
	}
	return out
}

func (channels) Close(channel b.ChannelId) { table.Close(channel) }
