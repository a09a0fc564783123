//go:build !wasip1

package mcpcore

import "encoding/json"

// RawMessage is JSON text passed through unparsed: ids, params, results,
// schemas, _meta. Natively it is json.RawMessage, so that Go programs and
// tests hand mcpcore what encoding/json gives them; in a component
// (raw_wasip1.go) it is a plain []byte, so that encoding/json and reflect
// are not linked. mcpcore itself never uses encoding/json.
type RawMessage = json.RawMessage
