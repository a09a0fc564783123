package main

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// TestConcurrentRequests sends calls from several clients at once and
// checks that every answer, and every notification in it, belongs to its
// own request: each request has its own channel and progress token.
func TestConcurrentRequests(t *testing.T) {
	url := serveDefault(t) + "/mcp"
	const clients, calls = 8, 10
	var wg sync.WaitGroup
	errs := make(chan string, clients*calls)
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for i := 0; i < calls; i++ {
				tag := fmt.Sprintf("c%d-%d", c, i)
				body := `{"jsonrpc":"2.0","id":"` + tag + `","method":"tools/call","params":{"name":"echo","arguments":{"text":"` + tag + `"},"_meta":{"progressToken":"` + tag + `"}}}`
				// Not do: t.Fatal must not be called from these goroutines.
				req, _ := http.NewRequest("POST", url, strings.NewReader(body))
				req.Header.Set("Accept", acceptBoth)
				req.Header.Set("Content-Type", ctJSON)
				resp, err := client.Do(req)
				if err != nil {
					errs <- fmt.Sprintf("%s: %v", tag, err)
					continue
				}
				raw, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != 200 {
					errs <- fmt.Sprintf("%s: status %d, %v", tag, resp.StatusCode, err)
					continue
				}
				out := string(raw)
				msgs := strings.Split(strings.TrimSpace(out), "\n\n")
				if len(msgs) != 4 {
					errs <- fmt.Sprintf("%s: %d events: %q", tag, len(msgs), out)
					continue
				}
				for _, m := range msgs[1:3] {
					if !strings.Contains(m, `"progressToken":"`+tag+`"`) {
						errs <- fmt.Sprintf("%s: foreign progress %q", tag, m)
					}
				}
				if !strings.Contains(msgs[3], `"id":"`+tag+`"`) || !strings.Contains(msgs[3], `"text":"`+tag+`"`) {
					errs <- fmt.Sprintf("%s: foreign answer %q", tag, msgs[3])
				}
			}
		}(c)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
