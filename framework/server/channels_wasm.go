//go:build !wasmcp_session_part

package main

// The notification channel's JSON side. The channel component is written
// without Go and keeps what components send as entries; the framework
// turns them into JSON-RPC notifications when it drains them.

import (
	"github.com/wasmcp/wasmcp/cabi"
	"github.com/wasmcp/wasmcp/framework/mcpcore"
	fwnotify "github.com/wasmcp/wasmcp/framework/server/iface/wasmcp/framework/v0.1.0/notifications"
	mcp "github.com/wasmcp/wasmcp/framework/server/iface/wasmcp/mcp/v0.2.0/types"
)

// openChannel opens a request's channel.
func openChannel(min *mcpcore.Level) uint64 {
	lvl := cabi.None[mcp.LogLevel]()
	if min != nil {
		lvl = cabi.Some(mcp.LogLevel(*min))
	}
	return fwnotify.Open(lvl)
}

// drainChannel takes the notifications queued on channel, oldest first.
// An entry whose JSON text does not parse is dropped with a warning on
// stderr: the channel does not parse JSON, so this is where a component's
// bad log data or params are caught.
func drainChannel(channel uint64) [][]byte {
	entries := fwnotify.Drain(channel)
	out := make([][]byte, 0, len(entries))
	for _, e := range entries {
		msg, err := notification(e)
		if err != nil {
			writeStderr("wasmcp: dropped a notification: " + err.Error() + "\n")
			continue
		}
		out = append(out, msg)
	}
	return out
}

func closeChannel(channel uint64) { fwnotify.Close(channel) }

// notification encodes one entry as a JSON-RPC notification.
func notification(e fwnotify.Entry) ([]byte, error) {
	name, _ := e.Name.Get()
	body, hasBody := e.Body.Get()
	switch e.Kind {
	case fwnotify.EntryKindLog:
		return mcpcore.LogMessage(mcpcore.Level(e.Level), name, mcpcore.RawMessage(body))
	case fwnotify.EntryKindProgress:
		return mcpcore.ProgressMessage(mcpcore.RawMessage(name), e.Progress, e.Total.Ptr(), body)
	}
	var params mcpcore.RawMessage
	if hasBody {
		params = mcpcore.RawMessage(body)
	}
	return mcpcore.NotificationMessage(name, params)
}

// channelsExport is wasmcp:mcp/channels for a transport given with
// --override: the same channel, drained as JSON text.
type channelsExport struct{}

func (channelsExport) Open(minLevel cabi.Option[mcp.LogLevel]) mcp.ChannelId {
	if l, ok := minLevel.Get(); ok {
		lvl := mcpcore.Level(l)
		return openChannel(&lvl)
	}
	return openChannel(nil)
}

func (channelsExport) Drain(channel mcp.ChannelId) []mcp.Json {
	queued := drainChannel(channel)
	out := make([]mcp.Json, 0, len(queued))
	for _, m := range queued {
		out = append(out, string(m))
	}
	return out
}

func (channelsExport) Close(channel mcp.ChannelId) { closeChannel(channel) }
