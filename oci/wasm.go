package oci

import (
	"errors"
	"fmt"
	"sort"

	"github.com/wasmcp/wasmcp/component"
)

// ErrNotComponent is wrapped by every error that says some bytes are not a
// WebAssembly component.
var ErrNotComponent = errors.New("not a WebAssembly component")

// World summarises what a component imports and exports at its top level: the
// names of its imported and exported items (interfaces such as
// "wasi:cli/run@0.2.0", or plain functions), sorted.
type World struct {
	Imports []string `json:"imports"`
	Exports []string `json:"exports"`
}

// wasmMagic is "\0asm"; a component's version field is 0x0d 0x00 and its layer
// field 0x01 0x00, where a core module has version 0x01 0x00 and layer 0x00 0x00.
// See https://github.com/WebAssembly/component-model/blob/main/design/mvp/Binary.md
var wasmMagic = []byte{0x00, 0x61, 0x73, 0x6d}

// CheckComponent verifies the preamble of a WebAssembly component: the magic
// number, then the component layer (1) and a known component encoding version.
// The error says what the bytes are instead (a core module, not wasm at all).
func CheckComponent(b []byte) error {
	if len(b) < 8 {
		return fmt.Errorf("%w: %d bytes is too short for a wasm preamble", ErrNotComponent, len(b))
	}
	if string(b[:4]) != string(wasmMagic) {
		return fmt.Errorf("%w: no wasm magic number (\\0asm) at the start", ErrNotComponent)
	}
	version := uint16(b[4]) | uint16(b[5])<<8
	layer := uint16(b[6]) | uint16(b[7])<<8
	switch {
	case layer == 0 && version == 1:
		return fmt.Errorf("%w: it is a core wasm module (version 1); wrap it into a component first (for example `jco new core.wasm --wasi-reactor -o component.wasm`)", ErrNotComponent)
	case layer != 1:
		return fmt.Errorf("%w: unknown wasm layer %d (a component has layer 1)", ErrNotComponent, layer)
	case version != 0x0d:
		return fmt.Errorf("%w: unsupported component encoding version 0x%x (want 0x0d)", ErrNotComponent, version)
	}
	return nil
}

// Summarize returns the world summary of a component. It decodes and resolves
// the component with package component; when that fails (a construct the
// decoder does not know, or a component it considers malformed) the summary
// comes from ScanWorld and the decoder's error is returned as a warning. An
// error is returned only for bytes ScanWorld refuses.
func Summarize(b []byte) (w World, warning error, err error) {
	w, err = ScanWorld(b)
	if err != nil {
		return World{}, nil, err
	}
	full, ierr := inspect(b)
	if ierr != nil {
		return w, fmt.Errorf("the component could not be fully decoded (%v); its world summary lists import and export names only", ierr), nil
	}
	imports, exports := map[string]bool{}, map[string]bool{}
	for _, e := range full.Imports {
		imports[e.Name] = true
	}
	for _, e := range full.Exports {
		exports[e.Name] = true
	}
	return World{Imports: sortedKeys(imports), Exports: sortedKeys(exports)}, nil, nil
}

// inspect runs component.Inspect, turning a panic into an error.
func inspect(b []byte) (w *component.World, err error) {
	defer func() {
		if r := recover(); r != nil {
			w, err = nil, fmt.Errorf("decoder panic: %v", r)
		}
	}()
	return component.Inspect(b)
}

// ScanWorld checks the preamble and the section framing of a component and
// returns the names of its top-level imports and exports. It reads only the
// import (10) and export (11) sections of the outermost component; nested
// components and core modules are skipped by their declared sizes.
func ScanWorld(b []byte) (World, error) {
	if err := CheckComponent(b); err != nil {
		return World{}, err
	}
	s := &scanner{b: b, pos: 8}
	imports, exports := map[string]bool{}, map[string]bool{}
	for s.pos < len(s.b) {
		start := s.pos
		id, err := s.byte()
		if err != nil {
			return World{}, err
		}
		size, err := s.u32()
		if err != nil {
			return World{}, err
		}
		if uint64(size) > uint64(len(s.b)-s.pos) {
			return World{}, fmt.Errorf("%w: section %d at offset 0x%x declares %d bytes but only %d remain", ErrNotComponent, id, start, size, len(s.b)-s.pos)
		}
		body := &scanner{b: s.b[:s.pos+int(size)], pos: s.pos}
		s.pos += int(size)
		switch id {
		case 10:
			if err := body.names(imports, false); err != nil {
				return World{}, fmt.Errorf("import section at offset 0x%x: %w", start, err)
			}
		case 11:
			if err := body.names(exports, true); err != nil {
				return World{}, fmt.Errorf("export section at offset 0x%x: %w", start, err)
			}
		}
	}
	return World{Imports: sortedKeys(imports), Exports: sortedKeys(exports)}, nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// scanner reads the few component-binary encodings ScanWorld needs. Every
// error names the offset where reading stopped.
type scanner struct {
	b   []byte
	pos int
}

func (s *scanner) errorf(format string, args ...any) error {
	return fmt.Errorf("%w: %s (at offset 0x%x)", ErrNotComponent, fmt.Sprintf(format, args...), s.pos)
}

func (s *scanner) byte() (byte, error) {
	if s.pos >= len(s.b) {
		return 0, s.errorf("unexpected end of data")
	}
	c := s.b[s.pos]
	s.pos++
	return c, nil
}

// leb reads an unsigned LEB128 of at most maxBits bits.
func (s *scanner) leb(maxBits uint) (uint64, error) {
	var v uint64
	for shift := uint(0); ; shift += 7 {
		if shift >= maxBits+7 {
			return 0, s.errorf("LEB128 number too long")
		}
		c, err := s.byte()
		if err != nil {
			return 0, err
		}
		v |= uint64(c&0x7f) << shift
		if c&0x80 == 0 {
			if maxBits < 64 && v>>maxBits != 0 {
				return 0, s.errorf("LEB128 number out of range")
			}
			return v, nil
		}
	}
}

func (s *scanner) u32() (uint32, error) {
	v, err := s.leb(32)
	return uint32(v), err
}

// s33 skips a signed LEB128 of at most 33 bits (a valtype or block type).
func (s *scanner) s33() error {
	for i := 0; i < 5; i++ {
		c, err := s.byte()
		if err != nil {
			return err
		}
		if c&0x80 == 0 {
			return nil
		}
	}
	return s.errorf("s33 number too long")
}

func (s *scanner) string() (string, error) {
	n, err := s.u32()
	if err != nil {
		return "", err
	}
	if uint64(n) > uint64(len(s.b)-s.pos) {
		return "", s.errorf("name of %d bytes overruns the section", n)
	}
	str := string(s.b[s.pos : s.pos+int(n)])
	s.pos += int(n)
	return str, nil
}

// name reads an importname'/exportname': a 0x00 or 0x01 discriminant, then
// the name (0x01 adds a version suffix string after it).
func (s *scanner) name() (string, error) {
	tag, err := s.byte()
	if err != nil {
		return "", err
	}
	switch tag {
	case 0x00, 0x01:
	default:
		return "", s.errorf("unknown name encoding 0x%02x", tag)
	}
	n, err := s.string()
	if err != nil {
		return "", err
	}
	if tag == 0x01 {
		if _, err := s.string(); err != nil {
			return "", err
		}
	}
	return n, nil
}

// externdesc skips an extern descriptor.
func (s *scanner) externdesc() error {
	kind, err := s.byte()
	if err != nil {
		return err
	}
	switch kind {
	case 0x00: // core module: 0x11 typeidx
		if c, err := s.byte(); err != nil {
			return err
		} else if c != 0x11 {
			return s.errorf("core module extern descriptor has sort 0x%02x, want 0x11", c)
		}
		_, err = s.u32()
	case 0x01, 0x04, 0x05: // func, component, instance: typeidx
		_, err = s.u32()
	case 0x02: // value: eq valueidx | valtype
		b, e := s.byte()
		if e != nil {
			return e
		}
		switch b {
		case 0x00:
			_, err = s.u32()
		case 0x01:
			err = s.s33()
		default:
			err = s.errorf("unknown value bound 0x%02x", b)
		}
	case 0x03: // type: eq typeidx | sub resource
		b, e := s.byte()
		if e != nil {
			return e
		}
		switch b {
		case 0x00:
			_, err = s.u32()
		case 0x01:
		default:
			err = s.errorf("unknown type bound 0x%02x", b)
		}
	default:
		err = s.errorf("unknown extern kind 0x%02x", kind)
	}
	return err
}

// names reads an import section (name externdesc) or an export section (name
// sortidx externdesc?) and records each name.
func (s *scanner) names(into map[string]bool, export bool) error {
	count, err := s.u32()
	if err != nil {
		return err
	}
	// Each entry takes at least three bytes, which bounds the count.
	if uint64(count) > uint64(len(s.b)-s.pos) {
		return s.errorf("%d entries cannot fit in the section", count)
	}
	for i := uint32(0); i < count; i++ {
		n, err := s.name()
		if err != nil {
			return fmt.Errorf("entry %d: %w", i, err)
		}
		if export {
			sort, err := s.byte()
			if err != nil {
				return err
			}
			if sort == 0x00 { // core sort byte follows
				if _, err := s.byte(); err != nil {
					return err
				}
			} else if sort > 0x05 {
				return fmt.Errorf("export %q: %w", n, s.errorf("unknown sort 0x%02x", sort))
			}
			if _, err := s.u32(); err != nil {
				return err
			}
			opt, err := s.byte()
			if err != nil {
				return err
			}
			switch opt {
			case 0x00:
			case 0x01:
				if err := s.externdesc(); err != nil {
					return fmt.Errorf("export %q: %w", n, err)
				}
			default:
				return fmt.Errorf("export %q: %w", n, s.errorf("bad optional type ascription 0x%02x", opt))
			}
		} else if err := s.externdesc(); err != nil {
			return fmt.Errorf("import %q: %w", n, err)
		}
		into[n] = true
	}
	if s.pos != len(s.b) {
		return s.errorf("%d bytes left over after the entries", len(s.b)-s.pos)
	}
	return nil
}
