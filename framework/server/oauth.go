//go:build (wasmcp_http && wasmcp_oauth) || !wasip1

package main

// The oauth mode of the HTTP transport (WASMCP_AUTH_MODE=oauth, see
// docs/auth.md): what the transport asks package auth about a request and
// what it answers. Package auth reads the environment (the same variables
// as `wasmcp serve`), validates tokens and builds the challenges; the
// wasi:http side is in auth_wasm.go and jwks_wasm.go. The stdio build
// leaves this file out, so that it does not carry package auth.

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/wasmcp/wasmcp/auth"
	"github.com/wasmcp/wasmcp/framework/mcpcore"
)

// authAnswer is what the transport does with a request after the guard.
type authAnswer struct {
	// Respond: answer with Status, Headers and Body, and nothing else.
	Respond bool
	Status  int
	Headers [][2]string
	Body    []byte
	// Caller is the verified token's holder of an allowed request; nil in
	// public mode and for requests that are not the guard's business.
	Caller *caller
}

// caller is what the chain learns about an authenticated request: the
// record identity of wasmcp:mcp/types.
type caller struct {
	Subject string
	Claims  string // every verified claim, a JSON object
}

// newAuthGuard reads the authorization settings through getenv. A
// configuration that cannot be served gives a guard that answers every
// request 500 and logs the reason once, at the first request: a component
// has no way to refuse to start.
func newAuthGuard(getenv func(string) string, f auth.Fetcher, logLine func(string)) *auth.Guard {
	return auth.NewGuardFromEnv(getenv, auth.Options{Fetcher: f, Log: func(format string, args ...any) {
		logLine("wasmcp: " + fmt.Sprintf(format, args...) + "\n")
	}})
}

// authorizeHTTP asks g about a request for pathWithQuery. Only the MCP
// endpoint and the metadata paths are the guard's business; other paths
// are answered 404 by the transport as before. Refusals on the endpoint
// carry a JSON-RPC error body, as the transport's other HTTP errors;
// the metadata document and its errors are the guard's own.
func authorizeHTTP(ctx context.Context, g *auth.Guard, p mcpcore.HTTPPolicy, method, pathWithQuery, authority string, secure bool, hdr auth.Header) authAnswer {
	path, query, _ := strings.Cut(pathWithQuery, "?")
	r := auth.Request{Method: method, Path: path, RawQuery: query, Host: authority, Secure: secure, Header: hdr}
	onEndpoint := endpoint(pathWithQuery)
	if !onEndpoint && !g.IsMetadataPath(r) {
		return authAnswer{}
	}
	d := g.Decide(ctx, r)
	switch d.Action {
	case auth.Pass:
		return authAnswer{}
	case auth.Allow:
		return authAnswer{Caller: callerOf(d.Claims)}
	}
	a := authAnswer{Respond: true, Status: d.Status, Headers: d.Headers, Body: d.Body}
	if onEndpoint {
		a.Body = mcpcore.ErrorResponse(nil, mcpcore.Errorf(mcpcore.CodeInvalidRequest, "%s: %s", statusText(d.Status), d.Description))
		// A browser client needs CORS headers to read the challenge.
		if h, _ := cors(p, method, hdr.Get("Origin")); h != nil {
			a.Headers = append(append(h, [2]string{"Access-Control-Expose-Headers", "WWW-Authenticate"}), a.Headers...)
		}
	}
	if method == "HEAD" {
		a.Body = nil
	}
	return a
}

// callerOf turns verified claims into the chain's identity.
func callerOf(c *auth.Claims) *caller {
	if c == nil {
		return nil
	}
	raw, err := json.Marshal(c.Raw)
	if err != nil || c.Raw == nil {
		raw = []byte("{}")
	}
	return &caller{Subject: c.Subject, Claims: string(raw)}
}

func statusText(status int) string {
	switch status {
	case 400:
		return "Bad Request"
	case 401:
		return "Unauthorized"
	case 403:
		return "Forbidden"
	case 405:
		return "Method Not Allowed"
	case 500:
		return "Internal Server Error"
	case 503:
		return "Service Unavailable"
	}
	return fmt.Sprintf("HTTP %d", status)
}
