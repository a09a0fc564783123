package mcpcore

import (
	"math"
	"strconv"

	"github.com/wasmcp/wasmcp/jsonv"
)

// object writes a JSON object member by member, in the order and with the
// omissions of the Go structs (`json:",omitempty"`) the parts used to
// marshal, so that the bytes on the wire stay the same. Keys are constants of
// this package and need no escaping; htmlSafe finishes the text the way
// json.Marshal did.
type object struct {
	b []byte
	n int
}

func (o *object) key(k string) {
	if o.n == 0 {
		o.b = append(o.b, '{')
	} else {
		o.b = append(o.b, ',')
	}
	o.n++
	o.b = append(o.b, '"')
	o.b = append(o.b, k...)
	o.b = append(o.b, '"', ':')
}

func (o *object) str(k, v string) {
	o.key(k)
	o.b = jsonv.AppendString(o.b, v)
}

func (o *object) strOmit(k, v string) {
	if v != "" {
		o.str(k, v)
	}
}

func (o *object) strPtr(k string, v *string) {
	if v != nil {
		o.str(k, *v)
	}
}

// raw adds JSON text that is valid and compact; nil is null.
func (o *object) raw(k string, v []byte) {
	o.key(k)
	if v == nil {
		v = nullID
	}
	o.b = append(o.b, v...)
}

func (o *object) rawOmit(k string, v []byte) {
	if len(v) > 0 {
		o.raw(k, v)
	}
}

func (o *object) boolPtr(k string, v *bool) {
	if v != nil {
		o.key(k)
		o.b = strconv.AppendBool(o.b, *v)
	}
}

// float adds a number; JSON has no NaN or infinities, and json.Marshal
// failed on them, so they are an error.
func (o *object) float(k string, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return errorf("json: unsupported value: %s", strconv.FormatFloat(v, 'g', -1, 64))
	}
	o.key(k)
	o.b = jsonv.AppendFloat(o.b, v)
	return nil
}

func (o *object) uint(k string, v uint64) {
	o.key(k)
	o.b = strconv.AppendUint(o.b, v, 10)
}

// strings adds an array of strings; nil is null.
func (o *object) strings(k string, v []string) {
	o.key(k)
	if v == nil {
		o.b = append(o.b, "null"...)
		return
	}
	o.b = append(o.b, '[')
	for i, s := range v {
		if i > 0 {
			o.b = append(o.b, ',')
		}
		o.b = jsonv.AppendString(o.b, s)
	}
	o.b = append(o.b, ']')
}

func (o *object) stringsOmit(k string, v []string) {
	if len(v) > 0 {
		o.strings(k, v)
	}
}

// array adds an array whose elements are written by elem.
func (o *object) array(k string, n int, elem func(b []byte, i int) []byte) {
	o.key(k)
	o.b = append(o.b, '[')
	for i := 0; i < n; i++ {
		if i > 0 {
			o.b = append(o.b, ',')
		}
		o.b = elem(o.b, i)
	}
	o.b = append(o.b, ']')
}

// close returns the object's text.
func (o *object) close() []byte {
	if o.n == 0 {
		o.b = append(o.b, '{')
	}
	return append(o.b, '}')
}

// htmlSafe escapes <, >, & and U+2028/U+2029 in a complete JSON text, which
// is what json.Marshal's default HTML escaping did to every string in it,
// raw members included.
func htmlSafe(text []byte) []byte {
	for _, c := range text {
		if c == '<' || c == '>' || c == '&' || c == 0xE2 {
			return jsonv.HTMLEscape(nil, string(text))
		}
	}
	return text
}
