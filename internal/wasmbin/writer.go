package wasmbin

import "encoding/binary"

// AppendU32 appends v as unsigned LEB128.
func AppendU32(b []byte, v uint32) []byte { return binary.AppendUvarint(b, uint64(v)) }

// AppendSLEB appends v as signed LEB128 (binary.AppendVarint is zig-zag,
// another encoding).
func AppendSLEB(b []byte, v int64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

// AppendName appends a name: its length, then its bytes.
func AppendName(b []byte, s string) []byte { return append(AppendU32(b, uint32(len(s))), s...) }

// AppendSection appends a section: its id, the body's length, the body.
func AppendSection(out []byte, id byte, body []byte) []byte {
	return append(AppendU32(append(out, id), uint32(len(body))), body...)
}
