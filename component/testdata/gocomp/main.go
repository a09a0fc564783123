// A stock-Go guest: built with GOOS=wasip1 GOARCH=wasm -buildmode=c-shared
// and turned into a component with the WASI preview1 reactor adapter by the
// component package's tests, to have a large real component to decode.
package main

import (
	"fmt"
	"os"
)

//go:wasmexport run
func run() uint32 {
	fmt.Fprintln(os.Stderr, "hello from Go", len(os.Args))
	return 42
}

func main() {}
