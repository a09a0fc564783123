// Command provider implements test:kv/store for the composition test: a
// key-value store in a Go map, with an exported cursor resource.
package main

import (
	"sort"
	"strings"

	"github.com/wasmcp/wasmcp/cabi"
	b "github.com/wasmcp/wasmcp/internal/e2e/bindgen/compose/provider/bindings"
)

func main() {}

func init() { b.ExportStore(store{}) }

var data = map[string][]byte{}

type store struct{}

func (store) Set(key string, value []uint8) cabi.Option[[]uint8] {
	old, ok := data[key]
	// value aliases the memory the host wrote the argument into; that memory
	// is Go's and stays valid as long as value is reachable.
	data[key] = value
	if ok {
		return cabi.Some(old)
	}
	return cabi.None[[]uint8]()
}

func sortedKeys(prefix string) []string {
	var keys []string
	for k := range data {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

func (store) Get(key string) b.Lookup {
	if p, ok := strings.CutSuffix(key, "*"); ok {
		var es []b.Entry
		for _, k := range sortedKeys(p) {
			es = append(es, b.Entry{Key: k, Value: data[k]})
		}
		return b.LookupMany(es)
	}
	if v, ok := data[key]; ok {
		return b.LookupFound(b.Entry{Key: key, Value: v})
	}
	return b.LookupMissing()
}

func (store) Keys() []string { return sortedKeys("") }

type cursor struct{ keys []string }

func (store) NewCursor(prefix string) b.Cursor { return &cursor{keys: sortedKeys(prefix)} }

func (c *cursor) Next() cabi.Option[b.Entry] {
	if len(c.keys) == 0 {
		return cabi.None[b.Entry]()
	}
	k := c.keys[0]
	c.keys = c.keys[1:]
	return cabi.Some(b.Entry{Key: k, Value: data[k]})
}
