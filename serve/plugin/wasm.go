package plugin

import (
	"errors"
	"fmt"
)

// ErrNotWasm is returned by Exports for bytes that are not a core wasm module.
var ErrNotWasm = errors.New("not a WebAssembly module (bad magic or version)")

// Exports lists the function exports of a core wasm module, reading only the
// module header and the export section. It checks lengths against what
// remains, so that hostile input cannot make it allocate or panic.
// See https://webassembly.github.io/spec/core/binary/modules.html#export-section
func Exports(b []byte) ([]string, error) {
	if len(b) < 8 || string(b[:4]) != "\x00asm" {
		return nil, ErrNotWasm
	}
	if b[4] != 1 || b[5] != 0 || b[6] != 0 || b[7] != 0 {
		if b[6] != 0 || b[7] != 0 {
			return nil, fmt.Errorf("%w: a component, not a core module (Extism plugins are core modules)", ErrNotWasm)
		}
		return nil, ErrNotWasm
	}
	r := &reader{b: b, pos: 8}
	var out []string
	for r.pos < len(r.b) {
		id, err := r.byte()
		if err != nil {
			return nil, err
		}
		size, err := r.u32()
		if err != nil {
			return nil, err
		}
		if int(size) > len(r.b)-r.pos {
			return nil, r.errorf("section %d: size %d exceeds the %d bytes left", id, size, len(r.b)-r.pos)
		}
		end := r.pos + int(size)
		if id != 7 {
			r.pos = end
			continue
		}
		count, err := r.u32()
		if err != nil {
			return nil, err
		}
		if int(count) > end-r.pos {
			return nil, r.errorf("export section: count %d exceeds its size", count)
		}
		for i := uint32(0); i < count; i++ {
			name, err := r.name(end)
			if err != nil {
				return nil, fmt.Errorf("export[%d]: %w", i, err)
			}
			kind, err := r.byte()
			if err != nil {
				return nil, err
			}
			if _, err := r.u32(); err != nil {
				return nil, err
			}
			if kind > 4 {
				return nil, r.errorf("export[%d] %q: unknown kind 0x%02x", i, name, kind)
			}
			if kind == 0 {
				out = append(out, name)
			}
		}
		if r.pos != end {
			return nil, r.errorf("export section: %d bytes left over", end-r.pos)
		}
	}
	return out, nil
}

type reader struct {
	b   []byte
	pos int
}

func (r *reader) errorf(format string, args ...any) error {
	return fmt.Errorf(format+" (at offset 0x%x)", append(args, r.pos)...)
}

func (r *reader) byte() (byte, error) {
	if r.pos >= len(r.b) {
		return 0, r.errorf("unexpected end of module")
	}
	c := r.b[r.pos]
	r.pos++
	return c, nil
}

func (r *reader) u32() (uint32, error) {
	var v uint32
	for shift := 0; shift < 35; shift += 7 {
		c, err := r.byte()
		if err != nil {
			return 0, err
		}
		if shift == 28 && c > 0x0f {
			return 0, r.errorf("LEB128 u32 overflows")
		}
		v |= uint32(c&0x7f) << shift
		if c&0x80 == 0 {
			return v, nil
		}
	}
	return 0, r.errorf("LEB128 u32 too long")
}

func (r *reader) name(end int) (string, error) {
	n, err := r.u32()
	if err != nil {
		return "", err
	}
	if int(n) > end-r.pos {
		return "", r.errorf("name length %d exceeds the section", n)
	}
	s := string(r.b[r.pos : r.pos+int(n)])
	r.pos += int(n)
	return s, nil
}

// FunctionImports lists the functions a core wasm module imports, as
// "module.name". Like Exports it reads only the header and one section
// and checks every length against what remains.
// See https://webassembly.github.io/spec/core/binary/modules.html#import-section
func FunctionImports(b []byte) ([]string, error) {
	if _, err := Exports(b); err != nil {
		return nil, err
	}
	r := &reader{b: b, pos: 8}
	for r.pos < len(r.b) {
		id, err := r.byte()
		if err != nil {
			return nil, err
		}
		size, err := r.u32()
		if err != nil {
			return nil, err
		}
		end := r.pos + int(size)
		if id != 2 {
			r.pos = end
			continue
		}
		count, err := r.u32()
		if err != nil {
			return nil, err
		}
		if int(count) > end-r.pos {
			return nil, r.errorf("import section: count %d exceeds its size", count)
		}
		var out []string
		for i := uint32(0); i < count; i++ {
			mod, err := r.name(end)
			if err != nil {
				return nil, fmt.Errorf("import[%d]: %w", i, err)
			}
			field, err := r.name(end)
			if err != nil {
				return nil, fmt.Errorf("import[%d]: %w", i, err)
			}
			kind, err := r.byte()
			if err != nil {
				return nil, err
			}
			if err := r.importDesc(kind); err != nil {
				return nil, fmt.Errorf("import[%d] %s.%s: %w", i, mod, field, err)
			}
			if kind == 0 {
				out = append(out, mod+"."+field)
			}
		}
		return out, nil
	}
	return nil, nil
}

// importDesc skips the description of an import of the given kind.
func (r *reader) importDesc(kind byte) error {
	switch kind {
	case 0: // function: type index
		_, err := r.u32()
		return err
	case 1: // table: reference type, limits
		if _, err := r.byte(); err != nil {
			return err
		}
		return r.limits()
	case 2: // memory
		return r.limits()
	case 3: // global: value type, mutability
		if _, err := r.byte(); err != nil {
			return err
		}
		_, err := r.byte()
		return err
	case 4: // tag: attribute, type index
		if _, err := r.byte(); err != nil {
			return err
		}
		_, err := r.u32()
		return err
	}
	return r.errorf("unknown import kind 0x%02x", kind)
}

func (r *reader) limits() error {
	flags, err := r.byte()
	if err != nil {
		return err
	}
	n := 1
	if flags&1 != 0 {
		n = 2
	}
	for range n {
		if err := r.skipLEB(); err != nil {
			return err
		}
	}
	return nil
}

// skipLEB skips one LEB128 number of up to 64 bits (memory64 limits).
func (r *reader) skipLEB() error {
	for range 10 {
		c, err := r.byte()
		if err != nil {
			return err
		}
		if c&0x80 == 0 {
			return nil
		}
	}
	return r.errorf("LEB128 too long")
}
