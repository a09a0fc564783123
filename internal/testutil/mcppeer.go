package testutil

import (
	"path/filepath"
	"runtime"
)

// MCPPeerModules returns the absolute paths of the JavaScript test peers a
// transport is run with on its own, for jco's --map: mcppeer/handler.mjs
// (wasmcp:mcp/handler, a minimal head of the chain) and mcppeer/channels.mjs
// (wasmcp:mcp/channels). It needs no testing.TB so that it can be called
// from TestMain.
func MCPPeerModules() (handler, channels string) {
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "mcppeer")
	return filepath.Join(dir, "handler.mjs"), filepath.Join(dir, "channels.mjs")
}

// KeyvalueModule returns the absolute path of mcppeer/keyvalue.mjs, an
// in-memory wasi:keyvalue/store@0.2.0-draft for jco's --map (jco provides
// none).
func KeyvalueModule() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "mcppeer", "keyvalue.mjs")
}
