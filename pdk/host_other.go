//go:build !wasm

package pdk

// Outside a wasm guest there is no Extism kernel to talk to. These stand-ins
// let packages that import pdk compile and be vetted on the host; calling any
// of them is a programming error.

const notWasm = "pdk: the Extism kernel is only reachable from a wasm guest (GOOS=wasip1 GOARCH=wasm)"

func hostInputLength() uint64               { panic(notWasm) }
func hostInputLoadU8(uint64) uint32         { panic(notWasm) }
func hostInputLoadU64(uint64) uint64        { panic(notWasm) }
func hostLength(uint64) uint64              { panic(notWasm) }
func hostAlloc(uint64) uint64               { panic(notWasm) }
func hostFree(uint64)                       { panic(notWasm) }
func hostLoadU8(uint64) uint32              { panic(notWasm) }
func hostLoadU64(uint64) uint64             { panic(notWasm) }
func hostStoreU8(uint64, uint32)            { panic(notWasm) }
func hostStoreU64(uint64, uint64)           { panic(notWasm) }
func hostOutputSet(uint64, uint64)          { panic(notWasm) }
func hostErrorSet(uint64)                   { panic(notWasm) }
func hostConfigGet(uint64) uint64           { panic(notWasm) }
func hostVarGet(uint64) uint64              { panic(notWasm) }
func hostVarSet(uint64, uint64)             { panic(notWasm) }
func hostGetLogLevel() int32                { panic(notWasm) }
func hostLogTrace(uint64)                   { panic(notWasm) }
func hostLogDebug(uint64)                   { panic(notWasm) }
func hostLogInfo(uint64)                    { panic(notWasm) }
func hostLogWarn(uint64)                    { panic(notWasm) }
func hostLogError(uint64)                   { panic(notWasm) }
func hostHTTPRequest(uint64, uint64) uint64 { panic(notWasm) }
func hostHTTPStatusCode() int32             { panic(notWasm) }
func hostHTTPHeaders() uint64               { panic(notWasm) }
