package server

import "github.com/wasmcp/wasmcp/compose/toolmanifest"

// ToolManifestSection is the custom section in which a tools provider may
// declare its tool names (see package toolmanifest).
const ToolManifestSection = toolmanifest.Section

// ToolManifest reads the tool names from the component's top-level
// ToolManifestSection. ok is false when the component has none.
func ToolManifest(wasm []byte) (names []string, ok bool, err error) {
	return toolmanifest.Read(wasm)
}

// ToolManifestBytes returns a custom section declaring names.
func ToolManifestBytes(names []string) []byte { return toolmanifest.Encode(names) }
