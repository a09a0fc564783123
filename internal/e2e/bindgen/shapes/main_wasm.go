// Command shapes is the guest of the bindgen end-to-end test: it implements
// the exported interface api of wit/shapes.wit with the generated bindings,
// passing every value through the matching import of interface host.
package main

import (
	"fmt"

	"github.com/wasmcp/wasmcp/cabi"
	b "github.com/wasmcp/wasmcp/internal/e2e/bindgen/shapes/bindings"
)

func main() {}

func init() { b.ExportApi(api{}) }

type api struct{}

var live uint32

type counter struct {
	n     uint32
	label string
}

func (c *counter) Add(n uint32) uint32 { c.n += n; return c.n }
func (c *counter) Get() uint32         { return c.n }
func (c *counter) Label() string       { return c.label }
func (c *counter) Drop()               { live-- }

func (api) NewCounter(start uint32) b.Counter {
	live++
	return &counter{n: start, label: fmt.Sprintf("counter-%d", start)}
}

func (api) CounterMerge(x, y b.Counter) b.Counter {
	live++
	return &counter{n: x.Get() + y.Get(), label: x.Label() + "+" + y.Label()}
}

func (api) Echo(e b.Everything) b.Everything          { return b.Echo(e) }
func (api) EchoList(xs []uint32) []uint32             { return b.EchoList(xs) }
func (api) EchoStrings(xs []string) []string          { return b.EchoStrings(xs) }
func (api) EchoOuter(o b.Outer) b.Outer               { return b.EchoOuter(o) }
func (api) Fail(ok bool) cabi.Result[string, b.Color] { return b.Fail(ok) }

func (api) Many(a1 uint32, a2 uint64, a3 float32, a4 float64, a5 string, a6 uint8, a7 int16, a8 bool, a9 rune, a10 int64, a11 float32, a12 uint32, a13 int8, a14 uint16, a15 int32, a16 string, a17 uint8) string {
	return b.Many(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17)
}

func (api) Maybe(x cabi.Option[uint32]) cabi.Option[uint32] {
	if v, ok := x.Get(); ok {
		return cabi.Some(v * 2)
	}
	return x
}

// Big toggles the first and the last flag.
func (api) Big(f b.BigFlags) b.BigFlags { return f ^ b.BigFlagsB0 ^ b.BigFlagsB31 }

func (api) BlobRoundtrip(init, extra []uint8) struct {
	F0 uint32
	F1 []uint8
} {
	blob := b.NewBlob(init)
	blob.Write(extra)
	n := blob.Size()
	data := blob.Read(n)
	blob.Drop()
	return struct {
		F0 uint32
		F1 []uint8
	}{n, data}
}

func (api) Consume(c b.Counter) uint32 { return c.Get() }

func (api) LiveCounters() uint32 { return live }

// Pinned reports the memory kept for the host: after the previous export's
// post-return and this export's argument lifting, nothing should be.
func (api) Pinned() uint32 {
	return uint32(cabi.ArgPins.Len() + cabi.ResultPins.Len() + cabi.ImportPins.Len())
}

func (api) Ping() uint32 {
	b.Ping()
	return 1
}
