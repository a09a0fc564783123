package wit

import (
	"encoding/base64"
	"errors"
)

type reader struct {
	b   []byte
	off int
}

func (r *reader) u32() (uint32, error) {
	var v uint32
	for shift := 0; shift < 35; shift += 7 {
		if r.off >= len(r.b) {
			return 0, errors.New("eof")
		}
		c := r.b[r.off]
		r.off++
		v |= uint32(c&0x7f) << shift
		if c&0x80 == 0 {
			return v, nil
		}
	}
	return 0, errors.New("leb too long")
}

func (r *reader) name() (string, error) {
	n, err := r.u32()
	if err != nil || r.off+int(n) > len(r.b) {
		return "", errors.New("bad name")
	}
	s := string(r.b[r.off : r.off+int(n)])
	r.off += int(n)
	return s, nil
}

func decodeB64(s string) ([]byte, error) { return base64.StdEncoding.DecodeString(s) }
