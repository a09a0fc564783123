//go:build !wasmcp_session_part

package main

import b "github.com/wasmcp/wasmcp/framework/server/bindings"

// The slots of each capability, in the order the composer fills them (the
// imports tools1, tools2, …; the layout says how many are wired).
var toolsSlots = asSlots[toolsAPI](b.ToolsImports)

func asSlots[I any, T any](imports []T) []I {
	out := make([]I, len(imports))
	for i, imp := range imports {
		out[i] = any(imp).(I)
	}
	return out
}
