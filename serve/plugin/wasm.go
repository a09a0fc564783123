package plugin

import (
	"errors"
	"fmt"

	"github.com/wasmcp/wasmcp/internal/wasmbin"
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
	r := &wasmbin.Reader{B: b, Pos: 8}
	var out []string
	for !r.EOF() {
		id, sec, err := section(r)
		if err != nil {
			return nil, err
		}
		if id != 7 {
			continue
		}
		count, err := sec.Count(4) // a name, a kind, an index
		if err != nil {
			return nil, fmt.Errorf("export section: %w", err)
		}
		for i := uint32(0); i < count; i++ {
			name, err := sec.Name()
			if err != nil {
				return nil, fmt.Errorf("export[%d]: %w", i, err)
			}
			kind, err := sec.Byte()
			if err != nil {
				return nil, err
			}
			if _, err := sec.U32(); err != nil {
				return nil, err
			}
			if kind > 4 {
				return nil, sec.Errorf("export[%d] %q: unknown kind 0x%02x", i, name, kind)
			}
			if kind == 0 {
				out = append(out, name)
			}
		}
		if !sec.EOF() {
			return nil, sec.Errorf("export section: %d bytes left over", sec.Left())
		}
	}
	return out, nil
}

// section reads the next section's id and a reader of its body.
func section(r *wasmbin.Reader) (byte, *wasmbin.Reader, error) {
	id, err := r.Byte()
	if err != nil {
		return 0, nil, err
	}
	size, err := r.U32()
	if err != nil {
		return 0, nil, err
	}
	if int(size) > r.Left() {
		return 0, nil, r.Errorf("section %d: size %d exceeds the %d bytes left", id, size, r.Left())
	}
	sec, err := r.Sub(size)
	return id, sec, err
}

// FunctionImports lists the functions a core wasm module imports, as
// "module.name". Like Exports it reads only the header and one section
// and checks every length against what remains.
// See https://webassembly.github.io/spec/core/binary/modules.html#import-section
func FunctionImports(b []byte) ([]string, error) {
	if _, err := Exports(b); err != nil {
		return nil, err
	}
	r := &wasmbin.Reader{B: b, Pos: 8}
	for !r.EOF() {
		id, sec, err := section(r)
		if err != nil {
			return nil, err
		}
		if id != 2 {
			continue
		}
		count, err := sec.Count(4) // two names, a kind, a description
		if err != nil {
			return nil, fmt.Errorf("import section: %w", err)
		}
		var out []string
		for i := uint32(0); i < count; i++ {
			mod, err := sec.Name()
			if err != nil {
				return nil, fmt.Errorf("import[%d]: %w", i, err)
			}
			field, err := sec.Name()
			if err != nil {
				return nil, fmt.Errorf("import[%d]: %w", i, err)
			}
			kind, err := sec.Byte()
			if err != nil {
				return nil, err
			}
			if err := importDesc(sec, kind); err != nil {
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
func importDesc(r *wasmbin.Reader, kind byte) error {
	switch kind {
	case 0: // function: type index
		_, err := r.U32()
		return err
	case 1: // table: reference type, limits
		if _, err := r.Byte(); err != nil {
			return err
		}
		return limits(r)
	case 2: // memory
		return limits(r)
	case 3: // global: value type, mutability
		if _, err := r.Byte(); err != nil {
			return err
		}
		_, err := r.Byte()
		return err
	case 4: // tag: attribute, type index
		if _, err := r.Byte(); err != nil {
			return err
		}
		_, err := r.U32()
		return err
	}
	return r.Errorf("unknown import kind 0x%02x", kind)
}

// limits skips table or memory limits (64-bit bounds for memory64).
func limits(r *wasmbin.Reader) error {
	flags, err := r.Byte()
	if err != nil {
		return err
	}
	n := 1
	if flags&1 != 0 {
		n = 2
	}
	for range n {
		if _, err := r.ULEB(64); err != nil {
			return err
		}
	}
	return nil
}
