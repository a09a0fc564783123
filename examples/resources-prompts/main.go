// Command resources-prompts is a WebAssembly component that provides MCP resources
// and prompts:
// it exports the wasmcp:mcp@0.1.0 world resources-prompts-provider. Build it with `make`.
package main

//go:generate wasmcp bindgen go --world resources-prompts-provider wit -o internal/bindings

// main is not called: a component built with -buildmode=c-shared runs only
// package initialisation (see init in resources.go and prompts.go), then serves its exports.
func main() {}
