package compose_test

import (
	"fmt"
	"os"

	"github.com/wasmcp/wasmcp/component"
	"github.com/wasmcp/wasmcp/compose"
)

// Plug the exports of text and geo into the imports of app.
func ExamplePlug() {
	read := func(name string) compose.Input {
		b, err := os.ReadFile("testdata/" + name + ".wasm")
		if err != nil {
			panic(err)
		}
		return compose.Input{Name: name, Wasm: b}
	}
	wasm, err := compose.Plug(read("app"), read("text"), read("geo"))
	if err != nil {
		fmt.Println(err)
		return
	}
	w, err := component.Inspect(wasm)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("imports:", len(w.Imports))
	for _, e := range w.Exports {
		fmt.Println("export:", e.Name)
	}
	// Output:
	// imports: 0
	// export: test:demo/geo@0.1.0
	// export: test:demo/app@0.1.0
}

// Wire an import to an export of a semver-compatible version, and see what
// the composed component will import.
func ExampleComposition() {
	c := compose.New()
	add := func(name string) *compose.Instance {
		b, err := os.ReadFile("testdata/" + name + ".wasm")
		if err != nil {
			panic(err)
		}
		comp, err := c.AddComponent(name, b)
		if err != nil {
			panic(err)
		}
		inst, err := c.Instantiate(comp, name)
		if err != nil {
			panic(err)
		}
		return inst
	}
	a, b, io := add("api-a"), add("api-b"), add("io-a")
	if err := c.Wire(b, "test:x/api@0.1.0", a, "test:x/api@0.1.2"); err != nil {
		fmt.Println(err)
		return
	}
	if err := c.Export(b, "g", "g"); err != nil {
		fmt.Println(err)
		return
	}
	if err := c.Export(io, "test:x/a@0.1.0", "test:x/a@0.1.0"); err != nil {
		fmt.Println(err)
		return
	}
	lifted, err := c.Lifted()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range lifted {
		fmt.Println("import:", l.Name)
	}
	if _, err := c.Encode(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// import: wasi:io/error@0.2.0
	// import: wasi:io/poll@0.2.0
	// import: wasi:io/streams@0.2.0
}
