//go:build wasip1 && wasmcp_http && wasmcp_oauth

package main

// The HTTP transport's side of oauth mode: the guard of this instance, and
// the hook Handle calls before it reads anything else of a request.

import (
	"context"
	"strings"
	"sync"

	"github.com/wasmcp/wasmcp/auth"
	"github.com/wasmcp/wasmcp/cabi"
	"github.com/wasmcp/wasmcp/framework/mcpcore"
	wasihttp "github.com/wasmcp/wasmcp/framework/server/iface/wasi/http/v0.2.12/types"
	mcp "github.com/wasmcp/wasmcp/framework/server/iface/wasmcp/mcp/v0.2.0/types"
)

// guard is made at the first request, from the environment the host
// gives the component. Its JWKS cache lives as long as the instance: for
// the whole server under a host that keeps one instance (jco serve), for
// one request under one that instantiates per request (wasmtime serve).
var guard = sync.OnceValue(func() *auth.Guard {
	return newAuthGuard(getenv(), wasiFetcher{}, writeStderr)
})

// authorize asks the guard about req. answered: the guard's answer has
// been sent and the request is done. Otherwise id is the caller to pass
// down the chain (none without oauth mode).
func authorize(req wasihttp.IncomingRequest, out wasihttp.ResponseOutparam, policy mcpcore.HTTPPolicy, method, pathWithQuery string, hdr fieldsHeader) (id cabi.Option[mcp.Identity], answered bool) {
	authority, _ := req.Authority().Get()
	if authority == "" {
		authority = hdr.Get("Host")
	}
	secure := false
	if s, ok := req.Scheme().Get(); ok {
		secure = s.IsHTTPS()
	}
	a := authorizeHTTP(context.Background(), guard(), policy, method, pathWithQuery, strings.TrimSpace(authority), secure, hdr)
	if a.Respond {
		respond(out, a.Status, a.Headers, a.Body)
		return cabi.None[mcp.Identity](), true
	}
	if a.Caller == nil {
		return cabi.None[mcp.Identity](), false
	}
	return cabi.Some(mcp.Identity{Subject: a.Caller.Subject, Claims: a.Caller.Claims}), false
}
