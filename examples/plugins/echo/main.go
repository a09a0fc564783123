// Command echo is an Extism plugin whose function echo answers its input
// unchanged. Served as an MCP tool it returns the JSON object of its
// arguments, which lets load tests check every answer against its call.
package main

import "github.com/wasmcp/wasmcp/pdk"

//go:wasmexport echo
func echo() int32 {
	pdk.Output(pdk.Input())
	return 0
}

func main() {}
