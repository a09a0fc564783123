package server

import (
	"encoding/json"
	"testing"

	"github.com/wasmcp/wasmcp/internal/testutil"
)

// The tests of this file run the composed servers on wasmtime (its C library,
// through the test host in internal/wasmtimehost) instead of jco: the
// runtime users deploy to.

// TestWasmtimeInstantiates: the example components and the servers composed
// from them compile and instantiate on wasmtime.
func TestWasmtimeInstantiates(t *testing.T) {
	t.Parallel()
	testutil.WasmtimeCheck(t, toolsExample(t), contentExample(t), conformanceExample(t),
		exampleServer(t, "http"), exampleServer(t, "stdio"), conformanceServer(t))
}

// TestWasmtimeStdioServer: the stdio server's wasi:cli/run on wasmtime's own
// WASI with the SDK's stdio client on its stdin and stdout.
func TestWasmtimeStdioServer(t *testing.T) {
	t.Parallel()
	argv, _ := json.Marshal([]string{testutil.WasmtimeHost(t), "run", exampleServer(t, "stdio")})
	checkSession(t, runClient(t, "stdio", string(argv)), false)
}

// TestWasmtimeHTTPServer: the HTTP server answering the SDK's Streamable HTTP
// client with a new instance per request.
func TestWasmtimeHTTPServer(t *testing.T) {
	t.Parallel()
	url := serveWasmtime(t, "examples", exampleServer(t, "http"), "WASMCP_LOG_LEVEL=info")
	checkSession(t, runClient(t, "http", url+"/mcp"), true)
}

// TestWasmtimeConformance: the conformance suite against the conformance
// server on wasmtime.
func TestWasmtimeConformance(t *testing.T) {
	t.Parallel()
	url := serveWasmtime(t, "conformance", conformanceServer(t), "WASMCP_LOG_LEVEL=debug") + "/mcp"
	checkConformance(t, url, "wasmtime", "conformance-wasmtime")
}
