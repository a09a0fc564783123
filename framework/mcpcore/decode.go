package mcpcore

import (
	"strconv"
	"strings"

	"github.com/wasmcp/wasmcp/jsonv"
)

// The params of a request are read the way encoding/json's Unmarshal into
// a Go struct reads them, so that every framework part accepts the same
// messages whichever way it was built: a key selects the field of that name
// case-insensitively, later members overwrite earlier ones, null leaves a
// plain field as it is, and a member of the wrong type is skipped but makes
// the whole read fail.

// field is one field of such a struct.
type field struct {
	name string
	set  func(v jsonv.Value) bool // false: the member has the wrong type
}

// decodeStruct applies the members of v to fields in document order. null
// sets nothing; any other value but an object fails.
func decodeStruct(v jsonv.Value, fields ...field) bool {
	switch v.Kind() {
	case jsonv.Null:
		return true
	case jsonv.Object:
	default:
		return false
	}
	ok := true
	for _, m := range v.Members() {
		for _, f := range fields {
			if strings.EqualFold(m.Key, f.name) {
				if !f.set(m.Value) {
					ok = false
				}
				break
			}
		}
	}
	return ok
}

// decodeText parses text and applies it to fields; false when text is not
// JSON or does not fit.
func decodeText(text []byte, fields ...field) bool {
	v, err := jsonv.Parse(string(text))
	return err == nil && decodeStruct(v, fields...)
}

// decodeValue parses text and reads it as f's type; false when text is not
// JSON or has another type.
func decodeValue(text []byte, f field) bool {
	v, err := jsonv.Parse(string(text))
	return err == nil && f.set(v)
}

func stringField(name string, p *string) field {
	return field{name, func(v jsonv.Value) bool {
		switch v.Kind() {
		case jsonv.Null:
			return true
		case jsonv.String:
			*p, _ = v.Str()
			return true
		}
		return false
	}}
}

// stringPtrField is a *string field: null makes it nil again.
func stringPtrField(name string, p **string) field {
	return field{name, func(v jsonv.Value) bool {
		switch v.Kind() {
		case jsonv.Null:
			*p = nil
			return true
		case jsonv.String:
			s, _ := v.Str()
			*p = &s
			return true
		}
		return false
	}}
}

// rawField is a RawMessage field: any value, as written (null too).
func rawField(name string, p *RawMessage) field {
	return field{name, func(v jsonv.Value) bool {
		*p = RawMessage(v.Raw())
		return true
	}}
}

// int64Field takes an integer written without fraction or exponent, as
// encoding/json does for an int64.
func int64Field(name string, p *int64) field {
	return field{name, func(v jsonv.Value) bool {
		switch v.Kind() {
		case jsonv.Null:
			return true
		case jsonv.Number:
			text, _ := v.NumberText()
			n, err := strconv.ParseInt(text, 10, 64)
			if err != nil {
				return false
			}
			*p = n
			return true
		}
		return false
	}}
}

// structField is a nested struct: an object's members are applied to what
// earlier members set.
func structField(name string, fields ...field) field {
	return field{name, func(v jsonv.Value) bool { return decodeStruct(v, fields...) }}
}
