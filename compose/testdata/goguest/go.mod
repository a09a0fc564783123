module example.com/goguest

go 1.26.8

require github.com/wasmcp/wasmcp v0.0.0

replace github.com/wasmcp/wasmcp => ../../..
