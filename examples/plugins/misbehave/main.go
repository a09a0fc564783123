// Command misbehave is an Extism plugin for robustness tests of hosts: each
// function fails in its own way.
//
//   - fail reports an error through the Extism error channel and returns 1,
//     the well-behaved way to fail.
//   - trap panics; the Go runtime prints the panic and exits with status 2,
//     which ends the instance.
//   - loop_forever never returns; only the host's timeout stops it.
//   - exhaust_memory keeps allocating until the linear memory cannot grow,
//     which the Go runtime reports as a fatal error (exit status 2).
package main

import (
	"errors"

	"github.com/wasmcp/wasmcp/pdk"
)

//go:wasmexport fail
func fail() int32 {
	return pdk.Fail(errors.New("misbehave: failing on purpose"))
}

//go:wasmexport trap
func trap() int32 {
	var table []int
	i := len(pdk.Input()) + 3
	return int32(table[i]) // index out of range: a runtime panic
}

var spins uint64

//go:wasmexport loop_forever
func loopForever() int32 {
	for {
		spins++
	}
}

var hoard [][]byte

//go:wasmexport exhaust_memory
func exhaustMemory() int32 {
	for {
		chunk := make([]byte, 4<<20)
		for i := 0; i < len(chunk); i += 4096 {
			chunk[i] = byte(i >> 12) // touch every page so nothing is optimised away
		}
		hoard = append(hoard, chunk)
	}
}

func main() {}
