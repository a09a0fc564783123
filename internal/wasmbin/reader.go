// Package wasmbin reads the binary encoding of core WebAssembly modules:
// a reader that knows the offset of every byte in the module, bounds every
// length against what is left before it allocates, and reports problems
// with that offset. The componentizer, the adapter's realloc patch and
// the plugin host all read core modules through it.
package wasmbin

import (
	"fmt"
	"strconv"
)

// Error is a malformed or unsupported core module, with the offset in the
// module where the problem was found.
type Error struct {
	// Module names the module in messages ("main module", "adapter");
	// empty leaves the name out.
	Module string
	Offset int
	Msg    string
}

func (e *Error) Error() string {
	msg := e.Msg + " (at offset 0x" + strconv.FormatInt(int64(e.Offset), 16) + ")"
	if e.Module == "" {
		return msg
	}
	return e.Module + ": " + msg
}

// Reader reads B from Pos; Off is the offset of B[0] in the module, so
// that errors name offsets in the module, not in a section.
type Reader struct {
	Module string
	B      []byte
	Pos    int
	Off    int
}

// At is the offset in the module of the next byte.
func (r *Reader) At() int { return r.Off + r.Pos }

// Errorf returns an *Error at the reader's position.
func (r *Reader) Errorf(format string, args ...any) error {
	return &Error{Module: r.Module, Offset: r.At(), Msg: fmt.Sprintf(format, args...)}
}

// EOF reports whether every byte has been read.
func (r *Reader) EOF() bool { return r.Pos >= len(r.B) }

// Left is how many bytes are left.
func (r *Reader) Left() int { return len(r.B) - r.Pos }

// Byte reads one byte.
func (r *Reader) Byte() (byte, error) {
	if r.Pos >= len(r.B) {
		return 0, r.Errorf("unexpected end")
	}
	c := r.B[r.Pos]
	r.Pos++
	return c, nil
}

// ULEB reads an unsigned LEB128 number of at most bits bits, refusing
// encodings longer than such a number needs and bits beyond it.
func (r *Reader) ULEB(bits int) (uint64, error) {
	var v uint64
	max := (bits + 6) / 7
	for i := 0; i < max; i++ {
		c, err := r.Byte()
		if err != nil {
			return 0, err
		}
		shift := 7 * i
		if i == max-1 {
			if c&0x80 != 0 {
				return 0, r.Errorf("LEB128 number longer than %d bytes", max)
			}
			if rem := bits - shift; rem < 7 && c>>rem != 0 {
				return 0, r.Errorf("LEB128 number does not fit in %d bits", bits)
			}
		}
		v |= uint64(c&0x7f) << shift
		if c&0x80 == 0 {
			return v, nil
		}
	}
	return v, nil
}

// SkipSLEB skips a signed LEB128 number of at most bits bits.
func (r *Reader) SkipSLEB(bits int) error {
	max := (bits + 6) / 7
	for i := 0; i < max; i++ {
		c, err := r.Byte()
		if err != nil {
			return err
		}
		if c&0x80 == 0 {
			return nil
		}
	}
	return r.Errorf("signed LEB128 number longer than %d bytes", max)
}

// U32 reads an unsigned 32-bit LEB128 number.
func (r *Reader) U32() (uint32, error) {
	v, err := r.ULEB(32)
	return uint32(v), err
}

// Bytes reads n bytes (a slice of B, not a copy).
func (r *Reader) Bytes(n uint32) ([]byte, error) {
	if uint64(n) > uint64(len(r.B)-r.Pos) {
		return nil, r.Errorf("length %d exceeds the %d bytes left", n, len(r.B)-r.Pos)
	}
	b := r.B[r.Pos : r.Pos+int(n)]
	r.Pos += int(n)
	return b, nil
}

// Name reads a name: a length, then that many bytes.
func (r *Reader) Name() (string, error) {
	n, err := r.U32()
	if err != nil {
		return "", err
	}
	b, err := r.Bytes(n)
	return string(b), err
}

// Count reads a vector length and checks it against the bytes left, each
// element taking at least min bytes, before anything is allocated.
func (r *Reader) Count(min int) (uint32, error) {
	n, err := r.U32()
	if err != nil {
		return 0, err
	}
	if uint64(n)*uint64(min) > uint64(len(r.B)-r.Pos) {
		return 0, r.Errorf("vector of %d elements exceeds the %d bytes left", n, len(r.B)-r.Pos)
	}
	return n, nil
}

// Sub returns a reader of the next n bytes, and skips them.
func (r *Reader) Sub(n uint32) (*Reader, error) {
	off := r.At()
	b, err := r.Bytes(n)
	if err != nil {
		return nil, err
	}
	return &Reader{Module: r.Module, B: b, Off: off}, nil
}
