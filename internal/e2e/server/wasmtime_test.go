package server

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

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

// TestWasmtimeConcurrentCalls: 8 clients at once, 25 calls each, against the
// HTTP server on wasmtime (a store and instance per request, requests served
// in parallel); every answer is the client's own.
func TestWasmtimeConcurrentCalls(t *testing.T) {
	t.Parallel()
	url := serveWasmtime(t, "examples", exampleServer(t, "http"), "WASMCP_LOG_LEVEL=info") + "/mcp"
	client := &http.Client{Timeout: time.Minute}
	errs := make(chan error, 8)
	for c := 0; c < 8; c++ {
		go func(c int) {
			for i := 0; i < 25; i++ {
				a := c*1000 + i
				body := fmt.Sprintf(`{"jsonrpc":"2.0","id":"c%d-%d","method":"tools/call","params":{"name":"add","arguments":{"a":%d,"b":1}}}`, c, i, a)
				req, _ := http.NewRequest("POST", url, strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Accept", "application/json, text/event-stream")
				resp, err := client.Do(req)
				if err != nil {
					errs <- err
					return
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				want := fmt.Sprintf(`"id":"c%d-%d","result":{"content":[{"type":"text","text":"%d"}]}`, c, i, a+1)
				if resp.StatusCode != 200 || !strings.Contains(string(b), want) {
					errs <- fmt.Errorf("client %d call %d: %d %s", c, i, resp.StatusCode, b)
					return
				}
			}
			errs <- nil
		}(c)
	}
	for c := 0; c < 8; c++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
