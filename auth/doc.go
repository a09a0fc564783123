// Package auth protects an MCP server with OAuth 2.1 bearer tokens that are
// JWTs, as the MCP authorization specification describes: it validates the
// token (RS256, PS256, ES256, EdDSA; exp, nbf, iss, aud, scopes), keeps the
// authorization server's JWKS in a cache, answers the RFC 9728 protected
// resource metadata, and formats the WWW-Authenticate challenges.
//
// The package is written for two hosts. `wasmcp serve` uses it through
// net/http (package auth/authhttp); the composed server's HTTP transport is a
// Go wasm component (GOOS=wasip1) that has no net/http, so nothing here
// imports it. Guard.Decide is the whole decision as a function of the
// request's method, path, query and headers, and the JWKS is fetched through
// the small Fetcher interface, which the component implements over
// wasi:http/outgoing-handler.
//
// Configuration comes from the environment (ConfigFromEnv):
// WASMCP_AUTH_MODE, JWT_ISSUER, JWT_JWKS_URI or JWT_PUBLIC_KEY, JWT_AUDIENCE,
// JWT_REQUIRED_SCOPES, JWT_JWKS_TTL, JWT_JWKS_TIMEOUT, WASMCP_SERVER_URI,
// WASMCP_AUTH_SERVER_URL and WASMCP_DISCOVERY_CACHE_TTL. See docs/auth.md.
//
// Tokens are secrets: no error, log line or response made here contains one.
//
// See https://modelcontextprotocol.io/specification/2025-06-18/basic/authorization,
// RFC 7515, 7517, 7518, 7519, 8037, 8725 and 9728.
package auth
