package embedded_test

import (
	"fmt"

	"github.com/wasmcp/wasmcp/framework/embedded"
)

func ExampleLookup() {
	info, ok := embedded.Lookup(embedded.ServerHTTP)
	fmt.Println(ok, info.Version, info.World)
	// Output: true 0.2.0 wasmcp:server/server-http@0.1.0
}

func ExamplePart() {
	wasm, err := embedded.Part(embedded.ServerStdio)
	if err != nil {
		panic(err)
	}
	// A component starts with the component-model preamble (layer 1).
	fmt.Printf("% x\n", wasm[:8])
	// Output: 00 61 73 6d 0d 00 01 00
}
