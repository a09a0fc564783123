// Package leb128 reads and writes the LEB128 variable-length integers of the
// WebAssembly binary format without allocating.
//
// See https://webassembly.github.io/spec/core/binary/values.html#integers
package leb128

import "errors"

var (
	// ErrTruncated reports input that ends inside a number.
	ErrTruncated = errors.New("leb128: unexpected end of input")
	// ErrOverflow reports a number wider than its declared bit width.
	ErrOverflow = errors.New("leb128: integer too large")
)

// DecodeUint32 reads an unsigned 32-bit LEB128 number from b and returns it
// with the number of bytes consumed.
func DecodeUint32(b []byte) (uint32, int, error) {
	v, n, err := DecodeUint64(b, 32)
	return uint32(v), n, err
}

// DecodeUint64 reads an unsigned LEB128 number of at most bits bits.
func DecodeUint64(b []byte, bits uint) (uint64, int, error) {
	var v uint64
	var shift uint
	maxBytes := int((bits + 6) / 7)
	for i := 0; ; i++ {
		if i >= len(b) {
			return 0, i, ErrTruncated
		}
		if i >= maxBytes {
			return 0, i, ErrOverflow
		}
		c := b[i]
		if i == maxBytes-1 {
			// The last byte may only carry the remaining bits.
			rem := bits - shift
			if c&0x80 != 0 || (rem < 7 && c>>rem != 0) {
				return 0, i + 1, ErrOverflow
			}
		}
		v |= uint64(c&0x7f) << shift
		if c&0x80 == 0 {
			return v, i + 1, nil
		}
		shift += 7
	}
}

// DecodeInt64 reads a signed LEB128 number of at most bits bits (33 for the
// component model's s33 type indices, 64 for s64).
func DecodeInt64(b []byte, bits uint) (int64, int, error) {
	var v int64
	var shift uint
	maxBytes := int((bits + 6) / 7)
	for i := 0; ; i++ {
		if i >= len(b) {
			return 0, i, ErrTruncated
		}
		if i >= maxBytes {
			return 0, i, ErrOverflow
		}
		c := b[i]
		if i == maxBytes-1 {
			if c&0x80 != 0 {
				return 0, i + 1, ErrOverflow
			}
			rem := bits - shift // bits left including the sign bit
			if rem < 7 {
				// The unused high bits must all equal the sign bit.
				upper := int8(c<<1) >> rem
				if upper != 0 && upper != -1 {
					return 0, i + 1, ErrOverflow
				}
			}
		}
		v |= int64(c&0x7f) << shift
		shift += 7
		if c&0x80 == 0 {
			if shift < 64 && c&0x40 != 0 {
				v |= -1 << shift
			}
			return v, i + 1, nil
		}
	}
}

// AppendUint32 appends the minimal unsigned encoding of v.
func AppendUint32(dst []byte, v uint32) []byte { return AppendUint64(dst, uint64(v)) }

// AppendUint64 appends the minimal unsigned encoding of v.
func AppendUint64(dst []byte, v uint64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v == 0 {
			return append(dst, c)
		}
		dst = append(dst, c|0x80)
	}
}

// AppendInt64 appends the minimal signed encoding of v.
func AppendInt64(dst []byte, v int64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(dst, c)
		}
		dst = append(dst, c|0x80)
	}
}
