// Command proof is a hand-written guest that checks the canonical ABI choices
// of package cabi before any generated code exists: an export taking and
// returning a string, and an import returning a record with a string.
package main

import (
	"fmt"
	"unsafe"

	"github.com/wasmcp/wasmcp/cabi"
)

func main() {}

//go:wasmimport test:proof/host get-info
func hostGetInfo(retptr uint32)

type info struct {
	name string
	n    uint32
}

func getInfo() info {
	var pins cabi.Pins
	ret := pins.Alloc(12, 4)
	hostGetInfo(uint32(ret))
	v := info{
		name: cabi.LiftString(uintptr(cabi.LoadU32(ret)), cabi.LoadU32(ret+4)),
		n:    cabi.LoadU32(ret + 8),
	}
	cabi.ImportPins.Release()
	pins.Release()
	return v
}

//go:wasmexport greet
func greet(ptr, n uint32) uint32 {
	name := cabi.LiftString(uintptr(ptr), n)
	cabi.ArgPins.Release()
	in := getInfo()
	s := fmt.Sprintf("hello %s from %s #%d", name, in.name, in.n)
	ret := cabi.ResultPins.Alloc(8, 4)
	p, l := cabi.LowerString(&cabi.ResultPins, s)
	cabi.StoreU32(ret, uint32(p))
	cabi.StoreU32(ret+4, l)
	_ = unsafe.Pointer(nil)
	return uint32(ret)
}

//go:wasmexport cabi_post_greet
func postGreet(uint32) { cabi.ResultPins.Release() }
