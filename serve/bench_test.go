package serve

import (
	"fmt"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkToolsCall measures tools/call of the echo tool over Streamable
// HTTP on loopback, with 1 and 8 concurrent clients (one session each), and
// reports calls/s and the p50/p99 latency.
func BenchmarkToolsCall(b *testing.B) {
	ts := newTestServer(b)
	for _, workers := range []int{1, 8} {
		b.Run(fmt.Sprintf("concurrency=%d", workers), func(b *testing.B) {
			clients := make([]*client, workers)
			for i := range clients {
				tr := &http.Transport{MaxIdleConnsPerHost: 4}
				b.Cleanup(tr.CloseIdleConnections)
				clients[i] = &client{t: b, url: ts.url, token: clientToken, hc: &http.Client{Transport: tr}}
				clients[i].initialize()
			}
			// Warm up concurrently, so that the plugin instances exist
			// before timing starts.
			var warm sync.WaitGroup
			for _, c := range clients {
				warm.Add(1)
				go func() {
					defer warm.Done()
					for range 20 {
						c.callTool("echo", map[string]any{"text": "warm"})
					}
				}()
			}
			warm.Wait()
			lat := make([][]time.Duration, workers)
			var next atomic.Int64
			var failed atomic.Int64
			var wg sync.WaitGroup
			b.ResetTimer()
			start := time.Now()
			for w := range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					c := clients[w]
					text := fmt.Sprintf("client %d", w)
					want := fmt.Sprintf(`{"text":%q}`, text)
					for next.Add(1) <= int64(b.N) {
						t0 := time.Now()
						out, isErr, err := c.callTool("echo", map[string]any{"text": text})
						lat[w] = append(lat[w], time.Since(t0))
						if err != nil || isErr || out != want {
							failed.Add(1)
						}
					}
				}()
			}
			wg.Wait()
			elapsed := time.Since(start)
			b.StopTimer()
			if n := failed.Load(); n > 0 {
				b.Fatalf("%d failed calls", n)
			}
			var all []time.Duration
			for _, l := range lat {
				all = append(all, l...)
			}
			sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
			pct := func(p float64) float64 {
				return float64(all[int(p*float64(len(all)-1))].Microseconds()) / 1000
			}
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "calls/s")
			b.ReportMetric(pct(0.50), "p50_ms")
			b.ReportMetric(pct(0.99), "p99_ms")
			b.ReportMetric(0, "ns/op")
		})
	}
}
