//go:build wasip1

package mcpcore

// RawMessage is JSON text passed through unparsed (see raw.go): a plain
// []byte in a component, where encoding/json would link reflect.
type RawMessage = []byte
