package mcpcore

import (
	"errors"
	"math"
	"slices"
	"strconv"
)

// Session values: what components keep for a session through
// wasmcp:mcp/session. They live in the session store beside the session
// records: each value under its own key, and an index of the session's keys
// so that they can be listed and removed with the session (wasi:keyvalue
// lists keys only across a whole bucket).

// Limits of session values.
const (
	MaxValueKey  = 256
	MaxValueSize = 1 << 20
	// maxValueKeys bounds a session's index, so that a component cannot make
	// every call read an ever-growing index.
	maxValueKeys = 4096
)

// ErrValueLimit is the error of a key or value past the limits.
var ErrValueLimit = errors.New("mcpcore: session value past the limits")

// limitError is ErrValueLimit with what went past. (No fmt: the session
// part links this file, and fmt would double its size.)
func limitError(what string) error { return valueLimitError(what) }

type valueLimitError string

func (e valueLimitError) Error() string        { return "session value past the limits: " + string(e) }
func (e valueLimitError) Is(target error) bool { return target == ErrValueLimit }

// SessionValues reads and writes the values of sessions in Store.
type SessionValues struct {
	Store SessionStore
}

func valueKey(id, key string) string { return "mcp-session-value:" + id + ":" + key }
func valueIndexKey(id string) string { return "mcp-session-values:" + id }

// CheckValueKey says what is wrong with a key, nil when nothing is.
func CheckValueKey(key string) error {
	switch {
	case key == "":
		return limitError("the key is empty")
	case len(key) > MaxValueKey:
		return limitError("the key is " + strconv.Itoa(len(key)) + " bytes, at most " + strconv.Itoa(MaxValueKey) + " are allowed")
	}
	return nil
}

// Get returns the value of key in session id.
func (v SessionValues) Get(id, key string) ([]byte, bool, error) {
	if err := CheckValueKey(key); err != nil {
		return nil, false, err
	}
	return v.Store.Get(valueKey(id, key))
}

// Set stores the value of key in session id.
func (v SessionValues) Set(id, key string, value []byte) error {
	if err := CheckValueKey(key); err != nil {
		return err
	}
	if len(value) > MaxValueSize {
		return limitError("the value is " + strconv.Itoa(len(value)) + " bytes, at most " + strconv.Itoa(MaxValueSize) + " are allowed")
	}
	keys, err := v.Keys(id)
	if err != nil {
		return err
	}
	i, found := slices.BinarySearch(keys, key)
	if !found {
		if len(keys) >= maxValueKeys {
			return limitError("the session holds " + strconv.Itoa(len(keys)) + " keys already")
		}
		keys = append(keys[:i], append([]string{key}, keys[i:]...)...)
		if err := v.Store.Set(valueIndexKey(id), encodeKeys(keys)); err != nil {
			return err
		}
	}
	return v.Store.Set(valueKey(id, key), value)
}

// Delete removes key from session id.
func (v SessionValues) Delete(id, key string) error {
	if err := CheckValueKey(key); err != nil {
		return err
	}
	keys, err := v.Keys(id)
	if err != nil {
		return err
	}
	if i, found := slices.BinarySearch(keys, key); found {
		keys = append(keys[:i], keys[i+1:]...)
		if err := v.Store.Set(valueIndexKey(id), encodeKeys(keys)); err != nil {
			return err
		}
	}
	return v.Store.Delete(valueKey(id, key))
}

// Keys lists the keys of session id, sorted.
func (v SessionValues) Keys(id string) ([]string, error) {
	b, ok, err := v.Store.Get(valueIndexKey(id))
	if err != nil || !ok {
		return nil, err
	}
	keys, err := decodeKeys(b)
	if err != nil {
		// A damaged index loses the listing, not the session.
		return nil, nil
	}
	return keys, nil
}

// DeleteAll removes every value of session id.
func (v SessionValues) DeleteAll(id string) error {
	keys, err := v.Keys(id)
	if err != nil {
		return err
	}
	for _, k := range keys {
		if err := v.Store.Delete(valueKey(id, k)); err != nil {
			return err
		}
	}
	return v.Store.Delete(valueIndexKey(id))
}

// encodeKeys writes sorted keys as length-prefixed strings, so that a key
// may hold any byte.
func encodeKeys(keys []string) []byte {
	var b []byte
	for _, k := range keys {
		b = appendUvarint(b, uint64(len(k)))
		b = append(b, k...)
	}
	return b
}

func decodeKeys(b []byte) ([]string, error) {
	var keys []string
	for off := 0; off < len(b); {
		n, w := uvarint(b[off:])
		if w <= 0 || w != len(appendUvarint(nil, n)) || n == 0 || n > MaxValueKey || uint64(len(b)-off-w) < n {
			return nil, errors.New("mcpcore: session value index: bad entry at byte " + strconv.Itoa(off))
		}
		off += w
		k := string(b[off : off+int(n)])
		if len(keys) > 0 && keys[len(keys)-1] >= k {
			return nil, errors.New("mcpcore: session value index: keys out of order at byte " + strconv.Itoa(off))
		}
		keys = append(keys, k)
		off += int(n)
	}
	return keys, nil
}

// The typed values of wasmcp:mcp/session, as stored: a tag byte, then the
// payload.
const (
	ValueText byte = iota
	ValueInteger
	ValueNumber
	ValueBoolean
	ValueBytes
	ValueJSON
)

// EncodeValue writes a value of the given tag: payload is the text,
// bytes or JSON text; n the integer; f the number; t the boolean.
func EncodeValue(tag byte, payload []byte, n int64, f float64, t bool) []byte {
	out := []byte{tag}
	switch tag {
	case ValueInteger:
		out = appendU64(out, uint64(n))
	case ValueNumber:
		out = appendU64(out, math.Float64bits(f))
	case ValueBoolean:
		if t {
			out = append(out, 1)
		} else {
			out = append(out, 0)
		}
	default:
		out = append(out, payload...)
	}
	return out
}

// StoredValue is a decoded stored value.
type StoredValue struct {
	Tag     byte
	Payload []byte
	Int     int64
	Float   float64
	Bool    bool
}

// DecodeValue reads what EncodeValue wrote.
func DecodeValue(b []byte) (StoredValue, error) {
	if len(b) == 0 || b[0] > ValueJSON {
		return StoredValue{}, errors.New("mcpcore: not a stored session value")
	}
	v := StoredValue{Tag: b[0]}
	rest := b[1:]
	switch v.Tag {
	case ValueInteger, ValueNumber:
		if len(rest) != 8 {
			return StoredValue{}, errors.New("mcpcore: stored session value: bad number")
		}
		var u uint64
		for _, c := range rest {
			u = u<<8 | uint64(c)
		}
		v.Int, v.Float = int64(u), math.Float64frombits(u)
	case ValueBoolean:
		if len(rest) != 1 || rest[0] > 1 {
			return StoredValue{}, errors.New("mcpcore: stored session value: bad boolean")
		}
		v.Bool = rest[0] == 1
	default:
		v.Payload = rest
	}
	return v, nil
}

// The byte encodings of the store, written out: mcpcore keeps to a short
// list of imports (depcheck_test.go) so that every part stays small.

func appendU64(b []byte, u uint64) []byte {
	for shift := 56; shift >= 0; shift -= 8 {
		b = append(b, byte(u>>shift))
	}
	return b
}

func appendUvarint(b []byte, u uint64) []byte {
	for u >= 0x80 {
		b = append(b, byte(u)|0x80)
		u >>= 7
	}
	return append(b, byte(u))
}

// uvarint reads an unsigned LEB128 number of at most 10 bytes: it returns
// the number and the bytes read, 0 when b ends first, -1 on overflow.
func uvarint(b []byte) (uint64, int) {
	var u uint64
	for i, c := range b {
		if i == 10 || i == 9 && c > 1 {
			return 0, -1
		}
		u |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			return u, i + 1
		}
	}
	return 0, 0
}
