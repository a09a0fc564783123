//go:build wasip1

// Command testplugin is an Extism-ABI plugin for the tests of wasmcp serve,
// written against the raw Extism host functions (no PDK). Build it with
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o testplugin.wasm .
//
// Exports: echo, add, fail, trap, loop, oom, config, slow.
package main

import (
	"encoding/binary"
	"encoding/json"
	"strconv"
	"time"
	"unsafe"
)

//go:wasmimport extism:host/env input_length
func inputLength() uint64

//go:wasmimport extism:host/env input_load_u8
func inputLoadU8(uint64) uint32

//go:wasmimport extism:host/env input_load_u64
func inputLoadU64(uint64) uint64

//go:wasmimport extism:host/env store_u64
func storeU64(uint64, uint64)

//go:wasmimport extism:host/env alloc
func alloc(uint64) uint64

//go:wasmimport extism:host/env store_u8
func storeU8(uint64, uint32)

//go:wasmimport extism:host/env load_u8
func loadU8(uint64) uint32

//go:wasmimport extism:host/env length
func length(uint64) uint64

//go:wasmimport extism:host/env output_set
func outputSet(uint64, uint64)

//go:wasmimport extism:host/env error_set
func errorSet(uint64)

//go:wasmimport extism:host/env config_get
func configGet(uint64) uint64

// Every host call costs a good deal more than a guest instruction, so
// bytes move eight at a time.
func input() []byte {
	n := inputLength()
	b := make([]byte, n)
	i := uint64(0)
	for ; i+8 <= n; i += 8 {
		binary.LittleEndian.PutUint64(b[i:], inputLoadU64(i))
	}
	for ; i < n; i++ {
		b[i] = byte(inputLoadU8(i))
	}
	return b
}

func store(b []byte) uint64 {
	n := uint64(len(b))
	off := alloc(n)
	i := uint64(0)
	for ; i+8 <= n; i += 8 {
		storeU64(off+i, binary.LittleEndian.Uint64(b[i:]))
	}
	for ; i < n; i++ {
		storeU8(off+i, uint32(b[i]))
	}
	return off
}

func load(off uint64) []byte {
	n := length(off)
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(loadU8(off + uint64(i)))
	}
	return b
}

func output(b []byte) int32 {
	outputSet(store(b), uint64(len(b)))
	return 0
}

func fail(msg string) int32 {
	errorSet(store([]byte(msg)))
	return 1
}

func config(key string) string {
	off := configGet(store([]byte(key)))
	if off == 0 {
		return ""
	}
	return string(load(off))
}

//go:wasmexport echo
func echo() int32 { return output(input()) }

//go:wasmexport add
func add() int32 {
	var args struct{ A, B float64 }
	if err := json.Unmarshal(input(), &args); err != nil {
		return fail("add: " + err.Error())
	}
	return output([]byte(strconv.FormatFloat(args.A+args.B, 'f', -1, 64)))
}

//go:wasmexport fail
func failing() int32 { return fail("the plugin refused: " + string(input())) }

//go:wasmexport trap
func trap() int32 {
	var p *int
	return int32(*(*int)(unsafe.Pointer(p)))
}

var sink int

//go:wasmexport loop
func loop() int32 {
	for i := 0; ; i++ {
		sink = i
	}
}

var hoard [][]byte

//go:wasmexport oom
func oom() int32 {
	for {
		hoard = append(hoard, make([]byte, 8<<20))
	}
}

//go:wasmexport config
func cfg() int32 { return output([]byte(config(string(input())))) }

//go:wasmexport slow
func slow() int32 {
	var args struct{ Ms int }
	json.Unmarshal(input(), &args)
	time.Sleep(time.Duration(args.Ms) * time.Millisecond)
	return output([]byte("version " + config("version")))
}

func main() {}
