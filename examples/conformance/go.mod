module conformance

go 1.26.8

// The generated bindings (internal/bindings) import the canonical ABI runtime
// github.com/wasmcp/wasmcp/cabi. If this version cannot be downloaded (a
// development build of wasmcp), point it at a wasmcp checkout:
//
//	go mod edit -replace github.com/wasmcp/wasmcp=/path/to/wasmcp && go mod tidy
require github.com/wasmcp/wasmcp v0.0.0

replace github.com/wasmcp/wasmcp => ../..
