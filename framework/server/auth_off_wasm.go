//go:build wasip1 && wasmcp_http && !wasmcp_oauth

package main

// The HTTP transport of a build without OAuth (the default: token
// validation needs Go's crypto, which would double the program). Such a
// server must not be mistaken for a protected one: with WASMCP_AUTH_MODE
// asking for anything but public, it refuses every request with 500 and
// says once on stderr how to compose a server that validates tokens.

import (
	"strings"
	"sync"

	"github.com/wasmcp/wasmcp/cabi"
	"github.com/wasmcp/wasmcp/framework/mcpcore"
	wasihttp "github.com/wasmcp/wasmcp/framework/server/iface/wasi/http/v0.2.12/types"
	mcp "github.com/wasmcp/wasmcp/framework/server/iface/wasmcp/mcp/v0.2.0/types"
)

// envAuthMode is auth.EnvMode; the auth package is not linked here.
const envAuthMode = "WASMCP_AUTH_MODE"

// authRefusal is the log line when the environment asks for a protected
// server; empty when it does not.
var authRefusal = sync.OnceValue(func() string {
	mode := strings.ToLower(strings.TrimSpace(getenv()(envAuthMode)))
	if mode == "" || mode == "public" {
		return ""
	}
	msg := "wasmcp: auth: " + envAuthMode + "=" + mode + ", but this server was composed without OAuth support " +
		"(compose it with `wasmcp compose server --oauth`); every request is refused"
	writeStderr(msg + "\n")
	return msg
})

func authorize(_ wasihttp.IncomingRequest, out wasihttp.ResponseOutparam, _ mcpcore.HTTPPolicy, _, _ string, _ fieldsHeader) (id cabi.Option[mcp.Identity], answered bool) {
	if authRefusal() == "" {
		return cabi.None[mcp.Identity](), false
	}
	body := mcpcore.ErrorResponse(nil, mcpcore.Errorf(mcpcore.CodeInternalError, "Internal error: the server is misconfigured"))
	respond(out, 500, [][2]string{{"Content-Type", mcpcore.MediaJSON}}, body)
	return cabi.None[mcp.Identity](), true
}
