package mcpcore

import (
	"github.com/wasmcp/wasmcp/jsonv"
)

// rawMembers reads a JSON object as encoding/json fills a
// map[string]json.RawMessage: each member's text as written, the last of a
// key winning; null gives an empty map.
func rawMembers(text []byte) (map[string]RawMessage, error) {
	v, err := jsonv.Parse(string(text))
	if err != nil {
		return nil, err
	}
	m := map[string]RawMessage{}
	switch v.Kind() {
	case jsonv.Null:
		return m, nil
	case jsonv.Object:
	default:
		return nil, errorf("json: cannot unmarshal %s into an object", v.Kind().String())
	}
	for _, mem := range v.Members() {
		m[mem.Key] = RawMessage(mem.Value.Raw())
	}
	return m, nil
}

// rawElems reads a JSON array as encoding/json fills a []json.RawMessage.
func rawElems(text []byte) ([]RawMessage, error) {
	v, err := jsonv.Parse(string(text))
	if err != nil {
		return nil, err
	}
	switch v.Kind() {
	case jsonv.Null:
		return nil, nil
	case jsonv.Array:
	default:
		return nil, errorf("json: cannot unmarshal %s into an array", v.Kind().String())
	}
	out := make([]RawMessage, 0, len(v.Elems()))
	for _, e := range v.Elems() {
		out = append(out, RawMessage(e.Raw()))
	}
	return out, nil
}

// marshalMap writes m as json.Marshal writes a map of raw messages: keys
// sorted, values compacted, HTML characters escaped. A value that is not
// JSON is an error.
func marshalMap(m map[string]RawMessage) ([]byte, error) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortStrings(keys)
	b := []byte{'{'}
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonv.AppendString(b, k)
		b = append(b, ':')
		var err error
		if b, err = appendRaw(b, m[k]); err != nil {
			return nil, err
		}
	}
	return htmlSafe(append(b, '}')), nil
}

// appendRaw appends raw compacted, as json.Marshal writes a json.RawMessage:
// nil is null.
func appendRaw(b []byte, raw RawMessage) ([]byte, error) {
	if raw == nil {
		return append(b, "null"...), nil
	}
	out, err := jsonv.Compact(b, string(raw))
	if err != nil {
		return nil, errorf("json: error calling MarshalJSON for type json.RawMessage: %w", err)
	}
	return out, nil
}

// sortStrings sorts the few keys of a JSON object by insertion: package
// slices' pdqsort would add 18 kB of code to every component.
func sortStrings(keys []string) {
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
}
