// Package mcpcore is the Model Context Protocol logic of wasmcp's framework
// parts that does not depend on the host: JSON-RPC 2.0 parsing and
// responses, protocol version negotiation, the initialize result, logging
// levels, the Streamable HTTP decisions (status codes, JSON or SSE, Origin
// checks), SSE framing, and the merging and routing of capability lists.
//
// The transports and middlewares are built as components (GOOS=wasip1) with
// generated bindings; they call into this package for everything that is a
// pure function of bytes and headers. It uses a few standard library
// packages and package jsonv only, without net/http, encoding/json, fmt,
// reflect or regexp, so that it stays small inside a component; its JSON
// output is byte for byte what encoding/json's Marshal wrote (keys of
// merged objects sorted, <, > and & escaped).
//
// See docs/framework.md for the design, and docs/contract.md for the WIT
// contract the parts speak.
package mcpcore
