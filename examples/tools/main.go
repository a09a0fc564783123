// Command calc is a WebAssembly component that provides MCP tools:
// it exports the wasmcp:mcp@0.1.0 world tools-provider. Build it with `make`.
package main

//go:generate wasmcp bindgen go --world tools-provider wit -o internal/bindings

// main is not called: a component built with -buildmode=c-shared runs only
// package initialisation (see init in tools.go), then serves its exports.
func main() {}
