// Command stdio-transport is the framework part that serves a wasmcp
// server over stdio: it exports wasi:cli/run, reads newline-delimited
// JSON-RPC messages from stdin (through wasi:cli/stdin and wasi:io/streams,
// at most 256 bytes per read), passes each down the chain it imports
// (wasmcp:mcp/handler) with the request's notification channel
// (wasmcp:mcp/channels), and writes the queued notifications, then the
// response, one line each, to stdout. Diagnostics go to stderr. The protocol
// logic is framework/mcpcore's. See docs/transports.md.
package main

import (
	"strconv"
	"strings"

	"github.com/wasmcp/wasmcp/framework/mcpcore"
)

func main() {}

// Environment variables the transport reads (through wasi:cli/environment).
const (
	// EnvMaxLine is the longest message in bytes (default 4 MiB); longer
	// lines are skipped and reported on stderr.
	EnvMaxLine = "WASMCP_MAX_LINE"
	// EnvServerName, EnvServerVersion and EnvInstructions fill initialize's
	// serverInfo and instructions.
	EnvServerName    = "WASMCP_SERVER_NAME"
	EnvServerVersion = "WASMCP_SERVER_VERSION"
	EnvInstructions  = "WASMCP_INSTRUCTIONS"
)

// readChunk is the most one read of stdin asks for: larger reads trip the
// WASI adapter under jco run (see docs/transports.md).
const readChunk = 256

// config is what the transport reads from its environment.
type config struct {
	MaxLine int
	// LogLevel is the minimum level of log messages until the client calls
	// logging/setLevel; nil sends none.
	LogLevel *mcpcore.Level
	Server   mcpcore.Server
}

func loadConfig(getenv func(string) string) config {
	c := config{Server: mcpcore.Server{Options: mcpcore.InitializeOptions{
		Server:       mcpcore.ServerInfo{Name: "wasmcp", Version: "0.1.0"},
		Instructions: getenv(EnvInstructions),
		Logging:      true,
	}}}
	if n, err := strconv.Atoi(strings.TrimSpace(getenv(EnvMaxLine))); err == nil && n > 0 {
		c.MaxLine = n
	}
	if v := getenv(EnvServerName); v != "" {
		c.Server.Options.Server.Name = v
	}
	if v := getenv(EnvServerVersion); v != "" {
		c.Server.Options.Server.Version = v
	}
	if l, ok := mcpcore.LevelFromEnv(getenv); ok {
		c.LogLevel = &l
	}
	return c
}

func envLookup(pairs [][2]string) func(string) string {
	m := make(map[string]string, len(pairs))
	for _, p := range pairs {
		m[p[0]] = p[1]
	}
	return func(k string) string { return m[k] }
}

// channelsAPI is the part of wasmcp:mcp/channels a line needs.
type channelsAPI struct {
	open  func(min *mcpcore.Level) uint64
	drain func(ch uint64) [][]byte
	close func(ch uint64)
}

// handleLine serves one line read from stdin and returns the messages to
// write, in order: the notifications queued while the chain handled it,
// then the response (none for a notification or a response). It is
// mcpcore.Stdio.HandleLine with the channel of the imported notify-channel
// part, so that every component of the chain can notify on it.
func handleLine(srv *mcpcore.Server, sess *mcpcore.Session, chans channelsAPI, line []byte,
	chain func(version string, channel uint64, progressToken mcpcore.RawMessage) mcpcore.Chain) [][]byte {
	msg, perr := mcpcore.Parse(line)
	if perr != nil {
		return [][]byte{mcpcore.ErrorResponse(perr.ID, perr.Err)}
	}
	ch := chans.open(sess.LogLevel)
	defer chans.close(ch)
	version := sess.Version
	if version == "" {
		version = mcpcore.DefaultHTTPVersion
	}
	if msg.Kind == mcpcore.KindRequest && msg.Method == "initialize" {
		p, _ := mcpcore.ParseInitializeParams(msg.Params)
		version = mcpcore.NegotiateVersion(p.ProtocolVersion)
	}
	resp := srv.Handle(sess, msg, chain(version, ch, mcpcore.ProgressToken(msg.Params)))
	out := chans.drain(ch)
	if resp != nil {
		out = append(out, resp)
	}
	return out
}
