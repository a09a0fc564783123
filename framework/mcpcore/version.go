package mcpcore

import "slices"

// Protocol versions wasmcp speaks, newest first.
const (
	Version20251125 = "2025-11-25"
	Version20250618 = "2025-06-18"
	Version20250326 = "2025-03-26"

	// LatestVersion is offered to clients that ask for a version wasmcp does
	// not speak.
	LatestVersion = Version20251125
	// DefaultHTTPVersion is assumed for an HTTP request without an
	// MCP-Protocol-Version header, as the 2025-06-18 transport spec says.
	DefaultHTTPVersion = Version20250326
)

// SupportedVersions lists the protocol versions wasmcp negotiates, newest
// first.
var SupportedVersions = []string{Version20251125, Version20250618, Version20250326}

// IsSupportedVersion reports whether v is one of SupportedVersions.
func IsSupportedVersion(v string) bool { return slices.Contains(SupportedVersions, v) }

// NegotiateVersion answers a client's initialize: the requested version when
// wasmcp speaks it, otherwise the latest one (the client then decides whether
// to disconnect). See
// https://modelcontextprotocol.io/specification/2025-06-18/basic/lifecycle#version-negotiation
func NegotiateVersion(requested string) string {
	if IsSupportedVersion(requested) {
		return requested
	}
	return LatestVersion
}

// AtLeast reports whether protocol version v is the same as or newer than
// min. Versions are dates, so they compare as strings.
func AtLeast(v, min string) bool { return v >= min }
