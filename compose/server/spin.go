package server

import (
	"fmt"
	"strings"
)

// SpinManifest returns a spin.toml (manifest version 2) that serves the
// component at source (a path relative to the manifest) on the HTTP route
// /mcp, with no outbound hosts allowed and the key-value store "default"
// (where sessions live, so that any replica can serve any request).
func SpinManifest(name, source string) []byte {
	var b strings.Builder
	b.WriteString("spin_manifest_version = 2\n\n")
	b.WriteString("[application]\n")
	fmt.Fprintf(&b, "name = %q\n", name)
	b.WriteString("version = \"0.1.0\"\n")
	b.WriteString("description = \"MCP server composed by wasmcp\"\n\n")
	b.WriteString("[[trigger.http]]\n")
	b.WriteString("route = \"/mcp\"\n")
	b.WriteString("component = \"mcp\"\n\n")
	b.WriteString("[component.mcp]\n")
	fmt.Fprintf(&b, "source = %q\n", source)
	b.WriteString("allowed_outbound_hosts = []\n")
	b.WriteString("key_value_stores = [\"default\"]\n")
	return []byte(b.String())
}
