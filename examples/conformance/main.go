// Command conformance is a WebAssembly component that provides the fixture tools,
// resources, prompts and completions of the MCP conformance suite (server scenarios):
// it exports the wasmcp:mcp@0.1.0 world conformance-provider. Build it with `make`.
package main

//go:generate wasmcp bindgen go --world conformance-provider wit -o internal/bindings

// main is not called: a component built with -buildmode=c-shared runs only
// package initialisation (see the init functions), then serves its exports.
func main() {}
