package componentize

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/wasmcp/wasmcp/compose/toolmanifest"
)

// ErrBadToolManifest is wrapped by the errors of ParseToolManifest.
var ErrBadToolManifest = errors.New("bad tools manifest")

// ParseToolManifest reads a tools manifest, the JSON that `wasmcp compose
// server` reads from the wasmcp:tools custom section (toolmanifest.Read):
//
//	{"tools": ["echo", "add"]}
//
// It is stricter than compose: the object must have exactly the member
// "tools", an array of distinct, non-empty names. An empty array is allowed
// (a provider that declares no tools).
func ParseToolManifest(data []byte) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var man struct {
		Tools *[]string `json:"tools"`
	}
	if err := dec.Decode(&man); err != nil {
		return nil, fmt.Errorf("%w: %v (want {\"tools\": [\"name\", ...]})", ErrBadToolManifest, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: data after the JSON object", ErrBadToolManifest)
	}
	if man.Tools == nil {
		return nil, fmt.Errorf("%w: missing \"tools\" (want {\"tools\": [\"name\", ...]})", ErrBadToolManifest)
	}
	seen := map[string]bool{}
	for i, n := range *man.Tools {
		switch {
		case n == "":
			return nil, fmt.Errorf("%w: tools[%d] is empty", ErrBadToolManifest, i)
		case seen[n]:
			return nil, fmt.Errorf("%w: tools[%d] %q is listed twice", ErrBadToolManifest, i, n)
		}
		seen[n] = true
	}
	names := *man.Tools
	if names == nil {
		names = []string{}
	}
	return names, nil
}

// AddToolManifest appends a top-level wasmcp:tools custom section declaring
// names to a component, where `wasmcp compose server` looks for it. It
// refuses a core module, and a component that already declares its tools.
func AddToolManifest(comp []byte, names []string) ([]byte, error) {
	if len(comp) < 8 || !bytes.Equal(comp[:8], componentMagic) {
		return nil, errors.New("componentize: tools manifest: not a component")
	}
	if _, ok, err := toolmanifest.Read(comp); err != nil {
		return nil, fmt.Errorf("componentize: tools manifest: %w", err)
	} else if ok {
		return nil, fmt.Errorf("componentize: tools manifest: the component already has a %s section", toolmanifest.Section)
	}
	if names == nil {
		names = []string{}
	}
	out := make([]byte, 0, len(comp)+64)
	out = append(out, comp...)
	return append(out, toolmanifest.Encode(names)...), nil
}
