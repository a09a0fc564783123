package componentize

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/wasmcp/wasmcp/internal/wasmbin"
)

// ArenaMagic marks the descriptor of cabi's adapter arena in a data segment:
// the 16 marker bytes are followed by the arena's address (8 bytes, little
// endian).
var ArenaMagic = []byte("wasmcp:arena:v01")

// ArenaSize is the size of cabi's adapter arena (cabi.AdapterArenaSize).
const ArenaSize = 256 << 10

// ErrNoArena reports a core module without cabi's adapter arena (it does not
// import github.com/wasmcp/wasmcp/cabi).
var ErrNoArena = errors.New("no cabi adapter arena in the module (does it import github.com/wasmcp/wasmcp/cabi?)")

// Section ids of the core module binary format.
const (
	secType   = 1
	secImport = 2
	secFunc   = 3
	secGlobal = 6
	secExport = 7
	secCode   = 10
	secData   = 11
)

type section struct {
	id   byte
	body []byte
	off  int // offset of the body in the module
}

// reader reads the module; errors name it "core module".
type reader = wasmbin.Reader

func parseSections(mod []byte) ([]section, error) {
	if len(mod) < 8 || !bytes.Equal(mod[:8], coreMagic) {
		return nil, fmt.Errorf("core module: bad header (at offset 0x0)")
	}
	r := &reader{Module: "core module", B: mod, Pos: 8}
	var secs []section
	for r.Pos < len(r.B) {
		id, err := r.Byte()
		if err != nil {
			return nil, err
		}
		size, err := r.U32()
		if err != nil {
			return nil, err
		}
		off := r.Pos
		body, err := r.Bytes(size)
		if err != nil {
			return nil, err
		}
		secs = append(secs, section{id: id, body: body, off: off})
	}
	return secs, nil
}

func findSection(secs []section, id byte) int {
	for i, s := range secs {
		if s.id == id {
			return i
		}
	}
	return -1
}

// vecCount reads the element count at the start of a vector section.
func vecCount(s section) (uint32, *reader, error) {
	r := &reader{Module: "core module", B: s.body, Off: s.off}
	n, err := r.U32()
	return n, r, err
}

// appendToVec returns the body of a vector section with entries appended.
func appendToVec(s section, count uint32, entries ...[]byte) ([]byte, error) {
	n, r, err := vecCount(s)
	if err != nil {
		return nil, err
	}
	out := wasmbin.AppendU32(nil, n+count)
	out = append(out, s.body[r.Pos:]...)
	for _, e := range entries {
		out = append(out, e...)
	}
	return out, nil
}

// importCounts counts the imported functions and globals.
func importCounts(secs []section) (funcs, globals uint32, err error) {
	i := findSection(secs, secImport)
	if i < 0 {
		return 0, 0, nil
	}
	n, r, err := vecCount(secs[i])
	if err != nil {
		return 0, 0, err
	}
	for k := uint32(0); k < n; k++ {
		if _, err := r.Name(); err != nil {
			return 0, 0, err
		}
		if _, err := r.Name(); err != nil {
			return 0, 0, err
		}
		kind, err := r.Byte()
		if err != nil {
			return 0, 0, err
		}
		switch kind {
		case 0x00: // func
			funcs++
			_, err = r.U32()
		case 0x01: // table: reftype, limits
			if _, err = r.Byte(); err == nil {
				err = skipLimits(r)
			}
		case 0x02: // memory
			err = skipLimits(r)
		case 0x03: // global: valtype, mut
			globals++
			if _, err = r.Byte(); err == nil {
				_, err = r.Byte()
			}
		case 0x04: // tag
			if _, err = r.Byte(); err == nil {
				_, err = r.U32()
			}
		default:
			return 0, 0, r.Errorf("import %d: unknown kind 0x%02x", k, kind)
		}
		if err != nil {
			return 0, 0, err
		}
	}
	return funcs, globals, nil
}

func skipLimits(r *reader) error {
	flags, err := r.Byte()
	if err != nil {
		return err
	}
	if _, err := r.ULEB(64); err != nil {
		return err
	}
	if flags&1 != 0 {
		_, err = r.ULEB(64)
	}
	return err
}

func sectionCount(secs []section, id byte) (uint32, error) {
	i := findSection(secs, id)
	if i < 0 {
		return 0, nil
	}
	n, _, err := vecCount(secs[i])
	return n, err
}

// hasExport reports whether the module exports name.
func hasExport(secs []section, name string) (bool, error) {
	i := findSection(secs, secExport)
	if i < 0 {
		return false, nil
	}
	n, r, err := vecCount(secs[i])
	if err != nil {
		return false, err
	}
	for k := uint32(0); k < n; k++ {
		nm, err := r.Name()
		if err != nil {
			return false, err
		}
		if _, err := r.Byte(); err != nil {
			return false, err
		}
		if _, err := r.U32(); err != nil {
			return false, err
		}
		if nm == name {
			return true, nil
		}
	}
	return false, nil
}

// findArena finds cabi's arena descriptor in the data segments and returns
// the arena's address.
func findArena(secs []section) (uint32, error) {
	i := findSection(secs, secData)
	if i < 0 {
		return 0, ErrNoArena
	}
	n, r, err := vecCount(secs[i])
	if err != nil {
		return 0, err
	}
	var segs []dataSeg
	for k := uint32(0); k < n; k++ {
		flags, err := r.U32()
		if err != nil {
			return 0, err
		}
		var base int64 = -1
		switch flags {
		case 0, 2:
			if flags == 2 {
				if _, err := r.U32(); err != nil {
					return 0, err
				}
			}
			// Offset expression: i32.const N end (anything else is skipped).
			op, err := r.Byte()
			if err != nil {
				return 0, err
			}
			if op != 0x41 {
				return 0, r.Errorf("data segment %d: unsupported offset expression opcode 0x%02x", k, op)
			}
			v, err := readSLEB(r)
			if err != nil {
				return 0, err
			}
			if end, err := r.Byte(); err != nil {
				return 0, err
			} else if end != 0x0b {
				return 0, r.Errorf("data segment %d: offset expression not closed", k)
			}
			base = v
		case 1:
		default:
			return 0, r.Errorf("data segment %d: unknown flags %d", k, flags)
		}
		size, err := r.U32()
		if err != nil {
			return 0, err
		}
		data, err := r.Bytes(size)
		if err != nil {
			return 0, err
		}
		if base >= 0 {
			segs = append(segs, dataSeg{base: base, data: data})
		}
	}
	// The Go linker trims zero runs out of data segments, so the address
	// after the marker may be partly outside any segment (zero).
	for _, sg := range segs {
		j := bytes.Index(sg.data, ArenaMagic)
		if j < 0 {
			continue
		}
		at := sg.base + int64(j+len(ArenaMagic))
		var p uint64
		for k := int64(0); k < 8; k++ {
			p |= uint64(byteAt(segs, at+k)) << (8 * k)
		}
		if p == 0 || p+ArenaSize > 1<<32 {
			return 0, fmt.Errorf("core module: cabi arena address 0x%x out of range", p)
		}
		return uint32(p), nil
	}
	return 0, ErrNoArena
}

type dataSeg struct {
	base int64
	data []byte
}

func byteAt(segs []dataSeg, addr int64) byte {
	for _, s := range segs {
		if addr >= s.base && addr < s.base+int64(len(s.data)) {
			return s.data[addr-s.base]
		}
	}
	return 0
}

func readSLEB(r *reader) (int64, error) {
	var v int64
	var shift uint
	for {
		c, err := r.Byte()
		if err != nil {
			return 0, err
		}
		v |= int64(c&0x7f) << shift
		shift += 7
		if c&0x80 == 0 {
			if shift < 64 && c&0x40 != 0 {
				v |= -1 << shift
			}
			return v, nil
		}
		if shift >= 64 {
			return 0, r.Errorf("LEB128 too long")
		}
	}
}

// AddAdapterRealloc returns the core module with an exported cabi_realloc
// that bump-allocates from cabi's adapter arena, for the
// wasi_snapshot_preview1 adapter. It is written in WebAssembly, not Go, so that
// the adapter may call it while _initialize is still running. A module that
// already exports cabi_realloc is returned unchanged; one without the arena
// yields ErrNoArena.
func AddAdapterRealloc(mod []byte) ([]byte, error) {
	secs, err := parseSections(mod)
	if err != nil {
		return nil, err
	}
	if ok, err := hasExport(secs, "cabi_realloc"); err != nil {
		return nil, err
	} else if ok {
		return mod, nil
	}
	arena, err := findArena(secs)
	if err != nil {
		return nil, err
	}
	for _, id := range []byte{secType, secFunc, secGlobal, secExport, secCode} {
		if findSection(secs, id) < 0 {
			return nil, fmt.Errorf("core module: no section %d to extend", id)
		}
	}
	impFuncs, impGlobals, err := importCounts(secs)
	if err != nil {
		return nil, err
	}
	nTypes, err := sectionCount(secs, secType)
	if err != nil {
		return nil, err
	}
	nFuncs, err := sectionCount(secs, secFunc)
	if err != nil {
		return nil, err
	}
	nGlobals, err := sectionCount(secs, secGlobal)
	if err != nil {
		return nil, err
	}
	funcIdx := impFuncs + nFuncs
	globalIdx := impGlobals + nGlobals
	end := int64(arena) + ArenaSize

	// (func (param $old i32) (param $oldSize i32) (param $align i32) (param $newSize i32) (result i32) (local $p i32)
	var code []byte
	code = append(code, 0x01, 0x01, 0x7f) // one local: i32
	ins := func(b ...byte) { code = append(code, b...) }
	// p = (next + align - 1) & -align
	ins(0x23)
	code = wasmbin.AppendU32(code, globalIdx)
	ins(0x20, 0x02, 0x6a, 0x41, 0x01, 0x6b, 0x41, 0x00, 0x20, 0x02, 0x6b, 0x71, 0x21, 0x04)
	// if p + newSize > end: unreachable
	ins(0x20, 0x04, 0x20, 0x03, 0x6a, 0x41)
	code = wasmbin.AppendSLEB(code, end)
	ins(0x4b, 0x04, 0x40, 0x00, 0x0b)
	// next = p + newSize
	ins(0x20, 0x04, 0x20, 0x03, 0x6a, 0x24)
	code = wasmbin.AppendU32(code, globalIdx)
	// if old != 0: memory.copy(p, old, min(oldSize, newSize))
	ins(0x20, 0x00, 0x04, 0x40, 0x20, 0x04, 0x20, 0x00, 0x20, 0x01, 0x20, 0x03, 0x20, 0x01, 0x20, 0x03, 0x49, 0x1b, 0xfc, 0x0a, 0x00, 0x00, 0x0b)
	// return p
	ins(0x20, 0x04, 0x0b)
	body := wasmbin.AppendU32(nil, uint32(len(code)))
	body = append(body, code...)

	typ := []byte{0x60, 0x04, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f}
	global := append([]byte{0x7f, 0x01, 0x41}, wasmbin.AppendSLEB(nil, int64(arena))...)
	global = append(global, 0x0b)
	export := wasmbin.AppendU32(nil, uint32(len("cabi_realloc")))
	export = append(export, "cabi_realloc"...)
	export = append(export, 0x00)
	export = wasmbin.AppendU32(export, funcIdx)

	add := map[byte][]byte{
		secType:   typ,
		secFunc:   wasmbin.AppendU32(nil, nTypes),
		secGlobal: global,
		secExport: export,
		secCode:   body,
	}
	out := append([]byte(nil), mod[:8]...)
	for _, s := range secs {
		b := s.body
		if e, ok := add[s.id]; ok {
			if b, err = appendToVec(s, 1, e); err != nil {
				return nil, err
			}
		}
		out = append(out, s.id)
		out = wasmbin.AppendU32(out, uint32(len(b)))
		out = append(out, b...)
	}
	return out, nil
}

// HasArena reports whether a core module holds cabi's adapter arena, that is
// whether componentizing it gives the adapter memory of its own.
func HasArena(mod []byte) bool {
	secs, err := parseSections(mod)
	if err != nil {
		return false
	}
	_, err = findArena(secs)
	return err == nil
}
