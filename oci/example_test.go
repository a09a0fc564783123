package oci_test

import (
	"fmt"

	"github.com/wasmcp/wasmcp/oci"
)

func ExampleNamespaces_Target() {
	ns := oci.Namespaces{"acme": {Registry: "localhost:5000/tools", PlainHTTP: true}}.WithBuiltins()
	for _, s := range []string{"acme:calc@0.1.0", "wasmcp:http-transport@0.1.0", "ghcr.io/acme/weather:1.2.0"} {
		t, err := ns.Target(s, false)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(t.Ref, t.PlainHTTP)
	}
	// Output:
	// localhost:5000/tools/calc:0.1.0 true
	// ghcr.io/wasmcp/http-transport:0.1.0 false
	// ghcr.io/acme/weather:1.2.0 false
}

func ExampleHighestSemver() {
	tag, _ := oci.HighestSemver([]string{"0.9.0", "0.10.0", "1.0.0-rc.1", "latest"})
	fmt.Println(tag)
	// Output: 0.10.0
}

func ExampleParseOverride() {
	for _, s := range []string{"http-transport=0.2.0", "http-transport=./build/http-transport.wasm"} {
		o, _ := oci.ParseOverride(s)
		fmt.Printf("%s version=%q path=%q\n", o.Part, o.Version, o.Path)
	}
	// Output:
	// http-transport version="0.2.0" path=""
	// http-transport version="" path="./build/http-transport.wasm"
}
