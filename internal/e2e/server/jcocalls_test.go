package server

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// jcoCall is a line jco's WASI shim writes with PREVIEW2_SHIM_DEBUG=1 for
// each synchronous call to its I/O worker thread: the instance, then the
// call's name (the lines with "->" are the answers).
var jcoCall = regexp.MustCompile(`(?m)^\d+ ([A-Z][A-Z_]+) `)

// TestJcoWorkerCallsPerToolCall counts the calls a tools/call makes to
// jco's I/O worker thread, each a synchronous round trip between threads
// and most of what a request costs under jco serve (docs/framework.md, "Why
// this layout, measured"). The transport reads the body once (it stops at
// Content-Length) and writes the response in one piece: seven calls, each
// one any wasi:http handler that reads a request body and writes a response
// body makes under jco (read the body, drop its stream, create the
// response's body, set the response, write, finish), and the shim's own
// drop of the response's stream after the handler returns.
func TestJcoWorkerCallsPerToolCall(t *testing.T) {
	wasm := exampleServer(t, "http")
	base := serve(t, "examples-shim-debug", wasm, "PREVIEW2_SHIM_DEBUG=1")
	url := base + "/mcp"
	call := `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add","arguments":{"a":1,"b":2}}}`
	// The first call starts the Go runtimes; count the second.
	if res := last(t, post(t, url, call)); !strings.Contains(res, `"text":"3"`) {
		t.Fatalf("tools/call: %s", res)
	}
	settle := func() string {
		// The shim drops the response's stream after the handler returns,
		// which may be after the client has its answer.
		prev := ""
		for i := 0; i < 40; i++ {
			time.Sleep(50 * time.Millisecond)
			cur := serverLog("examples-shim-debug")
			if cur == prev && strings.HasSuffix(strings.TrimSpace(cur), "-> undefined") {
				return cur
			}
			prev = cur
		}
		return prev
	}
	before := len(settle())
	if res := last(t, post(t, url, call)); !strings.Contains(res, `"text":"3"`) {
		t.Fatalf("tools/call: %s", res)
	}
	var calls []string
	for _, m := range jcoCall.FindAllStringSubmatch(settle()[before:], -1) {
		calls = append(calls, m[1])
	}
	want := []string{
		"INPUT_STREAM_BLOCKING_READ", "INPUT_STREAM_DISPOSE",
		"OUTPUT_STREAM_CREATE", "HTTP_SERVER_SET_OUTGOING_RESPONSE",
		"OUTPUT_STREAM_BLOCKING_WRITE_AND_FLUSH", "HTTP_OUTPUT_STREAM_FINISH", "OUTPUT_STREAM_DISPOSE",
	}
	got := slices.Clone(calls)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("one tools/call made %d calls to jco's I/O thread, want %d:\n%s", len(calls), len(want), strings.Join(calls, "\n"))
	}
}
