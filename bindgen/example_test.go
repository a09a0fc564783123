package bindgen_test

import (
	"fmt"
	"strings"

	"github.com/wasmcp/wasmcp/bindgen"
	"github.com/wasmcp/wasmcp/wit"
)

func ExampleGenerate() {
	res, pkg, err := wit.ParseSource("hello.wit", `package example:hello@0.1.0;

interface greeter {
  greet: func(name: string) -> string;
}

world hello {
  export greeter;
}
`)
	if err != nil {
		panic(err)
	}
	files, err := bindgen.Generate(res, pkg.Worlds[0], bindgen.Options{Package: "bindings"})
	if err != nil {
		panic(err)
	}
	for _, f := range files {
		fmt.Println(f.Name)
		for _, l := range strings.Split(string(f.Content), "\n") {
			if strings.HasPrefix(l, "//go:wasmexport") || strings.HasPrefix(l, "func Export") || strings.HasPrefix(l, "\tGreet(") {
				fmt.Println("  " + strings.TrimSpace(l))
			}
		}
	}
	// Output:
	// bindings.go
	//   Greet(name string) string
	//   func ExportGreeter(impl Greeter) { _implGreeter = impl }
	// bindings_wasm.go
	//   //go:wasmexport example:hello/greeter@0.1.0#greet
	//   //go:wasmexport cabi_post_example:hello/greeter@0.1.0#greet
}
