package compose

import "errors"

// skeleton returns a copy of a component binary in which every core module
// (at any depth) is replaced by an empty module and custom sections are
// left out. Neither affects index spaces or types, so decoding and
// resolving the skeleton gives the component's world at a fraction of the
// cost when the modules are large (a stock-Go module is about 2 MB); the
// output then embeds the original bytes. ok is false for input that is not
// a well-framed component; the caller then decodes the original to report
// the error precisely.
func skeleton(b []byte) (out []byte, ok bool) {
	out, err := appendSkeleton(make([]byte, 0, 4096), b, 0)
	return out, err == nil
}

var errFrame = errors.New("bad framing")

var emptyModule = []byte{0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00}

func appendSkeleton(dst, b []byte, depth int) ([]byte, error) {
	if depth > 100 || len(b) < 8 || b[0] != 0 || b[1] != 'a' || b[2] != 's' || b[3] != 'm' || b[6] != 1 || b[7] != 0 {
		return nil, errFrame
	}
	dst = append(dst, b[:8]...)
	pos := 8
	for pos < len(b) {
		id := b[pos]
		size, n := readU32(b[pos+1:])
		if n == 0 {
			return nil, errFrame
		}
		start := pos + 1 + n
		end := start + int(size)
		if int(size) < 0 || end > len(b) || end < start {
			return nil, errFrame
		}
		switch id {
		case 0: // custom
		case 1: // core module
			dst = append(dst, 1, byte(len(emptyModule)))
			dst = append(dst, emptyModule...)
		case 4: // nested component
			mark := len(dst)
			dst = append(dst, 4, 0, 0, 0, 0, 0) // size as a 5-byte LEB128, patched below
			var err error
			if dst, err = appendSkeleton(dst, b[start:end], depth+1); err != nil {
				return nil, err
			}
			putU32Padded(dst[mark+1:mark+6], uint32(len(dst)-mark-6))
		default:
			dst = append(dst, b[pos:end]...)
		}
		pos = end
	}
	return dst, nil
}

// readU32 reads an unsigned LEB128 number of at most 5 bytes; n is 0 when
// the encoding is invalid or truncated.
func readU32(b []byte) (v uint32, n int) {
	var shift uint
	for i := 0; i < 5 && i < len(b); i++ {
		c := b[i]
		if i == 4 && c > 0x0f {
			return 0, 0
		}
		v |= uint32(c&0x7f) << shift
		if c&0x80 == 0 {
			return v, i + 1
		}
		shift += 7
	}
	return 0, 0
}

func putU32Padded(b []byte, v uint32) {
	for i := range 4 {
		b[i] = byte(v&0x7f) | 0x80
		v >>= 7
	}
	b[4] = byte(v)
}
