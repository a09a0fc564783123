module cart

go 1.26.8

require github.com/wasmcp/wasmcp v0.0.0

// The test points it at the checkout under test.
replace github.com/wasmcp/wasmcp => ../../../../..
