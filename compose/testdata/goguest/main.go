// A stock-Go guest for the composition tests: built with GOOS=wasip1
// GOARCH=wasm -buildmode=c-shared and componentized with the WASI preview1
// reactor adapter, so that its component imports WASI interfaces (streams,
// error, poll, …) that a composition has to lift. It imports
// test:plug/num@0.1.0, which a plug component satisfies.
package main

import (
	"fmt"
	"os"

	// The canonical ABI runtime: its cabi_realloc gives the preview1
	// adapter the memory for its state, as in every Go component.
	_ "github.com/wasmcp/wasmcp/cabi"
)

//go:wasmimport test:plug/num@0.1.0 get
func get() uint32

//go:wasmexport run
func run() uint32 {
	n := get()
	fmt.Fprintln(os.Stderr, "goguest: got", n)
	return n * 2
}

func main() {}
