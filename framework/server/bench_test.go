package main

import (
	"net/http"
	"strings"
	"testing"
)

// BenchmarkToolsCall measures tools/call round trips, one at a time, over
// loopback to the transport under jco serve (the JavaScript test handler
// answers; the call queues a log message, so each answer is an SSE stream).
func BenchmarkToolsCall(b *testing.B) {
	url := serveDefault(b) + "/mcp"
	body := `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"}}}`
	do(b, "POST", url, body, "Accept", acceptBoth, "Content-Type", ctJSON) // warm up
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		resp, out := do(b, "POST", url, body, "Accept", acceptBoth, "Content-Type", ctJSON)
		if resp.StatusCode != http.StatusOK || !strings.Contains(out, `"text":"hi"`) {
			b.Fatalf("%d %q", resp.StatusCode, out)
		}
	}
}
