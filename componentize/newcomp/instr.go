package newcomp

import (
	"encoding/binary"
	"fmt"
)

// refKind says what an instruction immediate indexes.
type refKind int

const (
	refFunc refKind = iota
	refGlobal
	refTable
	refType
)

// mapper sees every function, global, table and type index an expression
// uses and returns the index to write in its place.
type mapper func(k refKind, idx uint32, at int) (uint32, error)

// rewriteExpr reads one expression (up to and including its final end)
// from s. With fn nil it only checks and skips it; otherwise it returns the
// expression with every index replaced by fn's answer. Instructions outside
// the MVP, sign-extension, saturating conversions, bulk memory, reference
// types and tail calls (SIMD, atomics, exceptions, GC) are refused with their
// offset.
func rewriteExpr(s *reader, fn mapper) ([]byte, error) {
	var out []byte
	copied := s.Pos // bytes before copied are in out (when fn != nil)
	flush := func(upto int) {
		if fn != nil {
			out = append(out, s.B[copied:upto]...)
		}
		copied = upto
	}
	// ref reads an index immediate and writes fn's replacement.
	ref := func(k refKind) error {
		at := s.At()
		p := s.Pos
		v, err := s.U32()
		if err != nil {
			return err
		}
		if fn == nil {
			return nil
		}
		nv, err := fn(k, v, at)
		if err != nil {
			return err
		}
		flush(p)
		out = binary.AppendUvarint(out, uint64(nv))
		copied = s.Pos
		return nil
	}
	u32s := func(n int) error {
		for i := 0; i < n; i++ {
			if _, err := s.U32(); err != nil {
				return err
			}
		}
		return nil
	}
	depth := 0
	for {
		at := s.At()
		op, err := s.Byte()
		if err != nil {
			return nil, err
		}
		switch {
		case op == 0x00 || op == 0x01 || op == 0x05 || op == 0x0f || op == 0x1a || op == 0x1b || op == 0xd1:
		case op >= 0x45 && op <= 0xc4: // numeric, sign extension
		case op == 0x02 || op == 0x03 || op == 0x04: // block, loop, if
			depth++
			if s.EOF() {
				return nil, s.Errorf("unexpected end in block type")
			}
			if c := s.B[s.Pos]; c == 0x40 || isValType(c) {
				s.Pos++
			} else {
				p, a := s.Pos, s.At()
				if err := s.SkipSLEB(33); err != nil {
					return nil, err
				}
				idx, err := (&reader{Module: s.Module, B: s.B[p:s.Pos], Off: a}).ULEB(32)
				if err != nil || s.B[s.Pos-1]&0x40 != 0 {
					return nil, &CoreError{Module: s.Module, Offset: a, Msg: "bad block type"}
				}
				if fn != nil {
					nv, err := fn(refType, uint32(idx), a)
					if err != nil {
						return nil, err
					}
					flush(p)
					out = appendS33(out, nv)
					copied = s.Pos
				}
			}
		case op == 0x0b: // end
			if depth == 0 {
				flush(s.Pos)
				return out, nil
			}
			depth--
		case op == 0x0c || op == 0x0d || (op >= 0x20 && op <= 0x22): // br, br_if, local.*
			err = u32s(1)
		case op == 0x0e: // br_table
			var n uint32
			if n, err = s.Count(1); err == nil {
				err = u32s(int(n) + 1)
			}
		case op == 0x10 || op == 0x12 || op == 0xd2: // call, return_call, ref.func
			err = ref(refFunc)
		case op == 0x11 || op == 0x13: // call_indirect, return_call_indirect
			if err = ref(refType); err == nil {
				err = ref(refTable)
			}
		case op == 0x1c: // select t*
			var n uint32
			if n, err = s.Count(1); err == nil {
				for i := uint32(0); i < n && err == nil; i++ {
					_, err = valType(s)
				}
			}
		case op == 0x23 || op == 0x24:
			err = ref(refGlobal)
		case op == 0x25 || op == 0x26:
			err = ref(refTable)
		case op >= 0x28 && op <= 0x3e: // loads and stores: memarg
			var align uint32
			if align, err = s.U32(); err == nil {
				if align&0x40 != 0 {
					_, err = s.U32()
				}
				if err == nil {
					_, err = s.ULEB(64)
				}
			}
		case op == 0x3f || op == 0x40: // memory.size, memory.grow
			err = u32s(1)
		case op == 0x41:
			err = s.SkipSLEB(32)
		case op == 0x42:
			err = s.SkipSLEB(64)
		case op == 0x43:
			_, err = s.Bytes(4)
		case op == 0x44:
			_, err = s.Bytes(8)
		case op == 0xd0: // ref.null
			_, err = valType(s)
		case op == 0xfc:
			var sub uint32
			if sub, err = s.U32(); err != nil {
				break
			}
			switch {
			case sub <= 7: // saturating truncation
			case sub == 8 || sub == 10: // memory.init, memory.copy
				err = u32s(2)
			case sub == 9 || sub == 11 || sub == 13: // data.drop, memory.fill, elem.drop
				err = u32s(1)
			case sub == 12: // table.init elem table
				if err = u32s(1); err == nil {
					err = ref(refTable)
				}
			case sub == 14: // table.copy
				if err = ref(refTable); err == nil {
					err = ref(refTable)
				}
			case sub >= 15 && sub <= 17: // table.grow, size, fill
				err = ref(refTable)
			default:
				return nil, &CoreError{Module: s.Module, Offset: at, Msg: fmt.Sprintf("unsupported instruction 0xfc %d", sub)}
			}
		default:
			return nil, &CoreError{Module: s.Module, Offset: at, Msg: fmt.Sprintf("unsupported instruction 0x%02x", op)}
		}
		if err != nil {
			return nil, err
		}
	}
}

// appendS33 writes a non-negative type index as a signed LEB128 block type.
func appendS33(b []byte, v uint32) []byte {
	x := int64(v)
	for {
		c := byte(x & 0x7f)
		x >>= 7
		if x == 0 && c&0x40 == 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}
