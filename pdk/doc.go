// Package pdk writes Extism plugins in stock Go: the tools that `wasmcp serve`
// exposes over MCP. Other Extism hosts run them too when they enable WASI and
// call `_initialize` (verified with the Extism Go SDK).
//
// A plugin is a main package built as a WASI reactor:
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o plugin.wasm .
//
// Each plugin function is an exported wasm function without parameters that
// returns an int32 status (0 for success). It reads its input and writes its
// output through this package:
//
//	//go:wasmexport say_hello
//	func sayHello() int32 {
//		var args struct{ Name string `json:"name"` }
//		if err := pdk.InputJSON(&args); err != nil {
//			return pdk.Fail(err)
//		}
//		pdk.OutputString("Hello " + args.Name)
//		return 0
//	}
//
//	func main() {}
//
// The host must enable WASI (the Go runtime imports wasi_snapshot_preview1)
// and run the module's `_initialize` export once before the first call; the
// Extism Go SDK does both when its PluginConfig has EnableWasi set.
//
// The input and output live in the Extism kernel's memory, apart from the
// module's own linear memory, so this package copies them in and out eight
// bytes per host call. Calls into the package are only meaningful inside an
// exported function that the host is running; outside wasm (GOARCH != wasm)
// every function panics.
//
// See https://extism.org/docs/concepts/pdk for the ABI this package follows.
package pdk
