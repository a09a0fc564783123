package component_test

import (
	"fmt"
	"os"

	"github.com/wasmcp/wasmcp/component"
)

func ExampleInspect() {
	wasm, err := os.ReadFile("testdata/wasi.wasm")
	if err != nil {
		panic(err)
	}
	w, err := component.Inspect(wasm)
	if err != nil {
		panic(err)
	}
	for _, im := range w.Imports {
		fmt.Println(im.Kind, im.Name)
	}
	streams, _ := w.Import("wasi:io/streams@0.2.0")
	read, _ := streams.Type.(*component.Interface).Export("[method]input-stream.read")
	fmt.Println(component.TypeString(read.Type))
	// Output:
	// instance wasi:io/error@0.2.0
	// instance wasi:io/streams@0.2.0
	// instance wasi:cli/stdout@0.2.0
	// instance wasi:cli/run@0.2.0
	// func(self: borrow<input-stream>, len: u64) -> result<list<u8>, stream-error>
}

func ExampleBuilder() {
	wasm, _ := os.ReadFile("testdata/wasi.wasm")
	w, _ := component.Inspect(wasm)
	// Re-declare the imports of one component in a new one.
	b := component.NewBuilder()
	for _, im := range w.Imports {
		if _, err := b.Import(im); err != nil {
			panic(err)
		}
	}
	again, _ := component.Inspect(b.Bytes())
	for i, im := range w.Imports {
		fmt.Println(im.Name, component.Equal(im.Type, again.Imports[i].Type))
	}
	// Output:
	// wasi:io/error@0.2.0 true
	// wasi:io/streams@0.2.0 true
	// wasi:cli/stdout@0.2.0 true
	// wasi:cli/run@0.2.0 true
}
