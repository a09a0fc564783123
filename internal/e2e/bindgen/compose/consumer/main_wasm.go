// Command consumer implements test:kv/app with the store it imports (the
// provider component, once composed).
package main

import (
	"fmt"
	"strings"

	b "github.com/wasmcp/wasmcp/internal/e2e/bindgen/compose/consumer/bindings"
)

func main() {}

func init() { b.ExportApp(app{}) }

type app struct{}

func (app) Run(n uint32) string {
	var report []string
	replaced := 0
	for i := uint32(0); i < n; i++ {
		key := fmt.Sprintf("k%03d", i%50)
		if old, ok := b.Set(key, []byte(strings.Repeat("v", int(i%7)))).Get(); ok && old != nil {
			replaced++
		}
	}
	report = append(report, fmt.Sprintf("keys=%d replaced=%d", len(b.Keys()), replaced))
	if e, ok := b.Get("k007").AsFound(); ok {
		report = append(report, fmt.Sprintf("k007=%q", e.Value))
	}
	if b.Get("nope").IsMissing() {
		report = append(report, "nope=missing")
	}
	if es, ok := b.Get("k00*").AsMany(); ok {
		report = append(report, fmt.Sprintf("k00*=%d", len(es)))
	}
	c := b.NewCursor("k04")
	var seen []string
	for {
		e, ok := c.Next().Get()
		if !ok {
			break
		}
		seen = append(seen, e.Key)
	}
	c.Drop()
	report = append(report, "cursor="+strings.Join(seen, ","))
	return strings.Join(report, " ")
}
