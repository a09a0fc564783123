package mcpcore

import "strings"

// Environment variables that configure the Origin check.
const (
	// EnvAllowedOrigins is a comma-separated list of allowed origins. An
	// entry is an origin ("https://app.example.com", "http://host:8080"),
	// an origin with any port ("https://app.example.com:*"), "localhost"
	// (the default set below), "null" (the opaque origin of sandboxed pages
	// and file: URLs) or "*" (any origin: turns the check off). Unset or
	// empty means "localhost".
	EnvAllowedOrigins = "WASMCP_ALLOWED_ORIGINS"
	// EnvRequireOrigin, when "1", "true" or "yes", rejects requests without
	// an Origin header. By default they pass: non-browser clients send none.
	EnvRequireOrigin = "WASMCP_REQUIRE_ORIGIN"
)

// OriginPolicy decides which Origin headers a server accepts, the defence
// against DNS rebinding that the Streamable HTTP transport requires
// ("servers MUST validate the Origin header"). See
// https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#security-warning
//
// The zero value accepts localhost origins only (http or https, host
// localhost, 127.0.0.1 or [::1], any port) and requests without an Origin.
type OriginPolicy struct {
	// Allowed holds entries in the syntax of EnvAllowedOrigins; empty means
	// "localhost".
	Allowed []string
	// Require rejects requests that carry no Origin header.
	Require bool
}

// OriginPolicyFromEnv reads EnvAllowedOrigins and EnvRequireOrigin through
// getenv (os.Getenv, or a map in tests).
func OriginPolicyFromEnv(getenv func(string) string) OriginPolicy {
	var p OriginPolicy
	for _, e := range strings.Split(getenv(EnvAllowedOrigins), ",") {
		if e = strings.TrimSpace(e); e != "" {
			p.Allowed = append(p.Allowed, e)
		}
	}
	switch strings.ToLower(strings.TrimSpace(getenv(EnvRequireOrigin))) {
	case "1", "true", "yes", "on":
		p.Require = true
	}
	return p
}

// Check returns nil when a request with this Origin header value (empty when
// the header is absent) may proceed, and otherwise why not.
func (p OriginPolicy) Check(origin string) error {
	origin = strings.TrimSpace(origin)
	if origin == "" {
		if p.Require {
			return errorf("the request has no Origin header and %s is set", EnvRequireOrigin)
		}
		return nil
	}
	allowed := p.Allowed
	if len(allowed) == 0 {
		allowed = []string{"localhost"}
	}
	o, ok := parseOrigin(origin)
	for _, e := range allowed {
		switch {
		case e == "*":
			return nil
		case e == "null":
			if origin == "null" {
				return nil
			}
		case e == "localhost":
			if ok && (o.scheme == "http" || o.scheme == "https") && isLoopbackHost(o.host) {
				return nil
			}
		case ok:
			if w, wok := parseOrigin(e); wok && w.scheme == o.scheme && w.host == o.host &&
				(w.port == "*" || w.port == o.port) {
				return nil
			}
		}
	}
	return errorf("origin %q is not allowed (set %s to allow it)", origin, EnvAllowedOrigins)
}

type origin struct{ scheme, host, port string }

// parseOrigin splits a serialized origin (RFC 6454: scheme "://" host [":"
// port], no path) and normalizes case and default ports.
func parseOrigin(s string) (origin, bool) {
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok || scheme == "" || rest == "" || strings.ContainsAny(rest, "/?#@ \t") {
		return origin{}, false
	}
	o := origin{scheme: strings.ToLower(scheme)}
	host, port := rest, ""
	if strings.HasPrefix(rest, "[") {
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			return origin{}, false
		}
		host = rest[:end+1]
		switch after := rest[end+1:]; {
		case after == "":
		case strings.HasPrefix(after, ":"):
			port = after[1:]
		default:
			return origin{}, false
		}
	} else if i := strings.LastIndexByte(rest, ':'); i >= 0 {
		host, port = rest[:i], rest[i+1:]
	}
	if host == "" || strings.Contains(host[strings.LastIndexByte(host, ']')+1:], ":") {
		return origin{}, false
	}
	if port != "*" {
		for _, c := range port {
			if c < '0' || c > '9' {
				return origin{}, false
			}
		}
	}
	switch {
	case o.scheme == "http" && port == "80", o.scheme == "https" && port == "443":
		port = ""
	}
	o.host, o.port = strings.ToLower(host), port
	return o, true
}

func isLoopbackHost(h string) bool {
	return h == "localhost" || h == "127.0.0.1" || h == "[::1]"
}
