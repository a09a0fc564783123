package main

import (
	"strconv"
	"strings"

	"github.com/wasmcp/wasmcp/framework/mcpcore"
)

// Environment variables the transport reads (through wasi:cli/environment).
const (
	// EnvDisableSSE set to a true value answers every request with one
	// application/json body, never an SSE stream.
	EnvDisableSSE = "WASMCP_DISABLE_SSE"
	// EnvMaxBody is the largest request body in bytes (default 4 MiB).
	EnvMaxBody = "WASMCP_MAX_BODY"
	// EnvServerName, EnvServerVersion and EnvInstructions fill initialize's
	// serverInfo and instructions.
	EnvServerName    = "WASMCP_SERVER_NAME"
	EnvServerVersion = "WASMCP_SERVER_VERSION"
	EnvInstructions  = "WASMCP_INSTRUCTIONS"
	// EnvSessionEnabled set to a true value makes the HTTP transport issue
	// an Mcp-Session-Id at initialize and require it afterwards.
	EnvSessionEnabled = "WASMCP_SESSION_ENABLED"
	// EnvSessionBucket names the wasi:keyvalue bucket sessions are kept in
	// (default: the empty identifier, the host's default store).
	EnvSessionBucket = "WASMCP_SESSION_BUCKET"
	// EnvSessionTTL is how long a session lasts after its last request, in
	// seconds (default 1800).
	EnvSessionTTL = "WASMCP_SESSION_TTL"
	// EnvStreamWait is how long a GET stream of a session waits for
	// messages before it ends (the client then reconnects), in
	// milliseconds; the default depends on the build (see streamWait).
	EnvStreamWait = "WASMCP_SESSION_STREAM_WAIT"
	// EnvMaxLine is the longest stdio message in bytes (default 4 MiB);
	// longer lines are skipped and reported on stderr.
	EnvMaxLine = "WASMCP_MAX_LINE"
)

// Path is where the MCP endpoint is served; other paths answer 404.
const Path = "/mcp"

// httpConfig is what the HTTP transport reads from its environment once.
type httpConfig struct {
	Policy     mcpcore.HTTPPolicy
	DisableSSE bool
	// LogLevel is the minimum level of log messages sent to clients; nil
	// sends none (a stateless transport cannot remember logging/setLevel).
	LogLevel *mcpcore.Level
	Server   mcpcore.Server
	// Sessions is set when EnvSessionEnabled is (Policy.Sessions too).
	Sessions *SessionConfig
}

// SessionConfig is how the HTTP transport keeps sessions.
type SessionConfig struct {
	// Bucket is the wasi:keyvalue bucket (EnvSessionBucket).
	Bucket string
	// TTL is how long a session lasts after its last request, in
	// milliseconds.
	TTL int64
	// StreamWait is how long a GET stream waits for messages, in
	// milliseconds; negative: the build's default.
	StreamWait int64
}

// loadHTTPConfig reads the configuration through getenv.
func loadHTTPConfig(getenv func(string) string) httpConfig {
	c := httpConfig{
		Policy:     mcpcore.HTTPPolicy{Origins: mcpcore.OriginPolicyFromEnv(getenv)},
		DisableSSE: isTrue(getenv(EnvDisableSSE)),
	}
	c.Server, c.LogLevel = serverFromEnv(getenv)
	if n, err := strconv.Atoi(strings.TrimSpace(getenv(EnvMaxBody))); err == nil && n > 0 {
		c.Policy.MaxBody = n
	}
	if isTrue(getenv(EnvSessionEnabled)) {
		c.Policy.Sessions = true
		// Sessions give the server somewhere to keep subscriptions and
		// messages for a client's GET stream.
		c.Policy.Push = true
		c.Server.Options.Push = true
		c.Sessions = &SessionConfig{Bucket: getenv(EnvSessionBucket), TTL: mcpcore.DefaultSessionTTL, StreamWait: -1}
		if n, err := strconv.ParseInt(strings.TrimSpace(getenv(EnvStreamWait)), 10, 64); err == nil && n >= 0 && n <= maxStreamWait {
			c.Sessions.StreamWait = n
		}
		if n, err := strconv.ParseInt(strings.TrimSpace(getenv(EnvSessionTTL)), 10, 64); err == nil && n > 0 && n < 1<<40 {
			c.Sessions.TTL = n * 1000
		}
	}
	return c
}

// maxStreamWait bounds EnvStreamWait: 10 minutes.
const maxStreamWait = 10 * 60 * 1000

// isTrue reads a boolean setting: 1, true, yes or on (any case).
func isTrue(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}

// hostEnv is envLookup over what wasi:cli/environment's get-environment
// returns (the same Go type in every bindings package).
func hostEnv(env []struct{ F0, F1 string }) func(string) string {
	pairs := make([][2]string, 0, len(env))
	for _, kv := range env {
		pairs = append(pairs, [2]string{kv.F0, kv.F1})
	}
	return envLookup(pairs)
}

// envLookup turns name=value pairs into a getenv function.
func envLookup(pairs [][2]string) func(string) string {
	m := make(map[string]string, len(pairs))
	for _, p := range pairs {
		m[p[0]] = p[1]
	}
	return func(k string) string { return m[k] }
}

// endpoint reports whether pathWithQuery addresses the MCP endpoint.
func endpoint(pathWithQuery string) bool {
	p, _, _ := strings.Cut(pathWithQuery, "?")
	return p == Path || p == Path+"/"
}

// responseMode picks JSON or SSE for the answer to a request, once the
// chain has returned and queued notifications are known. ok is false when
// SSE is disabled and the client accepts nothing else (406).
func (c httpConfig) responseMode(accept string, notifications int) (mode mcpcore.ResponseMode, ok bool) {
	if c.DisableSSE {
		return mcpcore.ModeJSON, mcpcore.ParseAccept(accept).JSON
	}
	return mcpcore.ChooseResponse(accept, notifications), true
}

// cors returns the CORS response headers for a request from origin (the
// Origin header, empty when absent), and whether the request is a CORS
// preflight the transport answers itself (204). Browsers send Origin on
// cross-origin requests; a page on http://localhost:5173 calling
// http://localhost:8080/mcp is one, and its JSON POST is preflighted. Only an
// origin the policy allows gets CORS headers; the others get none (and the
// request itself is refused with 403 by mcpcore.DecideHTTP).
func cors(p mcpcore.HTTPPolicy, method, origin string) (headers [][2]string, preflight bool) {
	if origin == "" || p.Origins.Check(origin) != nil {
		return nil, false
	}
	headers = [][2]string{
		{"Access-Control-Allow-Origin", origin},
		{"Vary", "Origin"},
		{"Access-Control-Expose-Headers", mcpcore.HeaderSessionID + ", " + mcpcore.HeaderProtocolVersion},
	}
	if method != "OPTIONS" {
		return headers, false
	}
	methods := "POST"
	if p.Push {
		methods += ", GET"
	}
	if p.Sessions {
		methods += ", DELETE"
	}
	return append(headers,
		[2]string{"Access-Control-Allow-Methods", methods},
		[2]string{"Access-Control-Allow-Headers", "Content-Type, Accept, Authorization, " +
			mcpcore.HeaderProtocolVersion + ", " + mcpcore.HeaderSessionID + ", " + mcpcore.HeaderLastEventID},
		[2]string{"Access-Control-Max-Age", "600"},
	), true
}

// stdinChunk is the most one read of stdin asks for: larger reads trip the
// WASI adapter under jco run (see docs/transports.md).
const stdinChunk = 256

// stdioConfig is what the stdio transport reads from its environment.
type stdioConfig struct {
	MaxLine int
	// LogLevel is the minimum level of log messages until the client calls
	// logging/setLevel; nil sends none.
	LogLevel *mcpcore.Level
	Server   mcpcore.Server
}

func loadStdioConfig(getenv func(string) string) stdioConfig {
	var c stdioConfig
	c.Server, c.LogLevel = serverFromEnv(getenv)
	if n, err := strconv.Atoi(strings.TrimSpace(getenv(EnvMaxLine))); err == nil && n > 0 {
		c.MaxLine = n
	}
	return c
}

// serverFromEnv reads what both transports answer initialize with (server
// name and version, instructions) and the starting log level.
func serverFromEnv(getenv func(string) string) (mcpcore.Server, *mcpcore.Level) {
	srv := mcpcore.Server{Options: mcpcore.InitializeOptions{
		Server:       mcpcore.ServerInfo{Name: "wasmcp", Version: "0.1.0"},
		Instructions: getenv(EnvInstructions),
		Logging:      true,
	}}
	if v := getenv(EnvServerName); v != "" {
		srv.Options.Server.Name = v
	}
	if v := getenv(EnvServerVersion); v != "" {
		srv.Options.Server.Version = v
	}
	if l, ok := mcpcore.LevelFromEnv(getenv); ok {
		return srv, &l
	}
	return srv, nil
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

// contentLength reads a Content-Length header: -1 when absent or not a
// plain decimal number.
func contentLength(v string) int {
	if v == "" || len(v) > 12 {
		return -1
	}
	n := 0
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return -1
		}
		n = n*10 + int(v[i]-'0')
	}
	return n
}
