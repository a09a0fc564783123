package server

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestManyCalls sends 2000 tools/call requests one after the other to a
// server of its own. Every Go component's heap grows now and then while the
// host is lowering arguments or results into it; the server must keep
// answering through that (see docs/benchmarks.md: before the cabi allocator
// served realloc from a reserve, the server trapped after a few hundred
// calls).
func TestManyCalls(t *testing.T) {
	t.Parallel()
	url := serve(t, "examples-load", exampleServer(t, "http")) + "/mcp"
	client := &http.Client{Timeout: time.Minute}
	for i := 1; i <= 2000; i++ {
		body := fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"add","arguments":{"a":%d,"b":1}}}`, i, i)
		req, _ := http.NewRequest("POST", url, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		resp, err := client.Do(req)
		if err != nil {
			time.Sleep(time.Second) // let jco serve finish writing why it ended
			t.Fatalf("call %d: %v (after %d good calls); server log:\n%s", i, err, i-1, serverLog("examples-load"))
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if want := fmt.Sprintf(`"text":"%d"`, i+1); resp.StatusCode != 200 || !strings.Contains(string(b), want) {
			t.Fatalf("call %d: %d %s; server log:\n%s", i, resp.StatusCode, b, serverLog("examples-load"))
		}
	}
}
