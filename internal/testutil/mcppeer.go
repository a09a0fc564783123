package testutil

import (
	"path/filepath"
	"runtime"
	"strings"
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

// FileKeyvalueModule returns the absolute path of mcppeer/filekv.mjs, a
// wasi:keyvalue/store@0.2.0-draft kept in files under $WASMCP_TEST_KV_DIR,
// which several jco serve processes share.
func FileKeyvalueModule() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "mcppeer", "filekv.mjs")
}

// FrameworkPeerMaps returns jco --map arguments that run a framework
// program (framework/server) on its own, given the names it imports:
// wasmcp:mcp/handler is mcppeer/handler.mjs, the channel
// mcppeer/notifications.mjs (over channels.mjs), the layout
// mcppeer/layout.mjs (no provider, the handler below), and every provider
// slot (tools1, resources2, …) mcppeer/unused.mjs.
func FrameworkPeerMaps(imports []string) []string {
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "mcppeer")
	var out []string
	for _, name := range imports {
		var mod string
		switch {
		case strings.HasPrefix(name, "wasmcp:mcp/handler@"):
			mod = "handler.mjs"
		case strings.HasPrefix(name, "wasmcp:framework/notifications@"):
			mod = "notifications.mjs"
		case strings.HasPrefix(name, "wasmcp:framework/layout@"):
			mod = "layout.mjs"
		case slotName(name):
			mod = "unused.mjs"
		default:
			continue
		}
		out = append(out, name+"="+filepath.Join(dir, mod))
	}
	return out
}

// slotName reports whether name is a provider slot: a capability name and
// a number.
func slotName(name string) bool {
	for _, k := range []string{"tools", "resources", "prompts", "completions"} {
		if rest, ok := strings.CutPrefix(name, k); ok && rest != "" && strings.Trim(rest, "0123456789") == "" {
			return true
		}
	}
	return false
}
