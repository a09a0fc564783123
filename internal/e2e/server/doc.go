// Package server holds the end-to-end tests of composed MCP servers: the
// examples in examples/ are built from their Go sources with the in-repo
// wasmcp, composed with `wasmcp compose server`, served with `jco serve`
// (HTTP) or run with `jco run` (stdio), and driven by the MCP TypeScript SDK
// client (client.mjs) and the MCP conformance suite. See docs/examples.md.
package server
