// Package coremod writes small core WebAssembly modules by hand: function
// types, one memory, globals, functions whose bodies are emitted
// instruction by instruction with structured control flow, exports and
// data. It is what the framework's Go-free components are written with; it
// knows the binary format and nothing of the component model.
//
// Branches name their target with the Label a Block, Loop or If returned,
// and the relative depth is computed, so bodies read like the control flow
// they encode. Misuse (an End without an open block, a branch to a closed
// label) is a programming error and panics.
package coremod

import (
	"encoding/binary"
	"math"

	"github.com/wasmcp/wasmcp/internal/wasmbin"
)

// ValType is a core value type.
type ValType byte

// The value types these modules use.
const (
	I32 ValType = 0x7f
	I64 ValType = 0x7e
	F64 ValType = 0x7c
)

// Op is an instruction without immediates.
type Op byte

// The instructions without immediates used by the framework's modules.
const (
	Unreachable Op = 0x00
	Return      Op = 0x0f
	Drop        Op = 0x1a
	Select      Op = 0x1b

	I32Eqz Op = 0x45
	I32Eq  Op = 0x46
	I32Ne  Op = 0x47
	I32LtU Op = 0x49
	I32GtU Op = 0x4b
	I32LeU Op = 0x4d
	I32GeU Op = 0x4f
	I64Eqz Op = 0x50
	I64Eq  Op = 0x51
	I64Ne  Op = 0x52
	I64GtU Op = 0x56
	F64Eq  Op = 0x61
	F64Le  Op = 0x65

	I32Add  Op = 0x6a
	I32Sub  Op = 0x6b
	I32Mul  Op = 0x6c
	I32And  Op = 0x71
	I32Or   Op = 0x72
	I32ShrU Op = 0x76
	I64Add  Op = 0x7c
	I64Sub  Op = 0x7d
	I64Shl  Op = 0x86
	I64ShrU Op = 0x88
	F64Sub  Op = 0xa1

	I32WrapI64    Op = 0xa7
	I64ExtendI32U Op = 0xad
)

// Module is a core module being written.
type Module struct {
	types   [][]byte
	funcs   []uint32 // type index of each function
	code    [][]byte
	globals []byte
	nglob   uint32
	memory  []byte // limits, nil for no memory
	exports []byte
	nexp    uint32
	data    []byte
	ndata   uint32
	custom  []byte
}

// Type returns the index of the function type params → results, adding it
// when new.
func (m *Module) Type(params, results []ValType) uint32 {
	b := []byte{0x60}
	b = wasmbin.AppendU32(b, uint32(len(params)))
	for _, p := range params {
		b = append(b, byte(p))
	}
	b = wasmbin.AppendU32(b, uint32(len(results)))
	for _, r := range results {
		b = append(b, byte(r))
	}
	for i, t := range m.types {
		if string(t) == string(b) {
			return uint32(i)
		}
	}
	m.types = append(m.types, b)
	return uint32(len(m.types) - 1)
}

// Memory declares the module's memory with an initial size in 64 KiB pages
// and no maximum.
func (m *Module) Memory(pages uint32) {
	m.memory = wasmbin.AppendU32([]byte{0x00}, pages)
}

// GlobalI32 adds a mutable i32 global and returns its index.
func (m *Module) GlobalI32(init int32) uint32 {
	m.globals = append(m.globals, byte(I32), 0x01, 0x41)
	m.globals = wasmbin.AppendSLEB(m.globals, int64(init))
	m.globals = append(m.globals, 0x0b)
	m.nglob++
	return m.nglob - 1
}

// GlobalI64 adds a mutable i64 global and returns its index.
func (m *Module) GlobalI64(init int64) uint32 {
	m.globals = append(m.globals, byte(I64), 0x01, 0x42)
	m.globals = wasmbin.AppendSLEB(m.globals, init)
	m.globals = append(m.globals, 0x0b)
	m.nglob++
	return m.nglob - 1
}

// Func declares a function of type params → results and returns its index
// and its body, to be filled before Bytes is called. Declaring every
// function before writing bodies lets them call each other.
func (m *Module) Func(params, results []ValType) (uint32, *Code) {
	m.funcs = append(m.funcs, m.Type(params, results))
	idx := uint32(len(m.funcs) - 1)
	m.code = append(m.code, nil)
	c := &Code{m: m, idx: idx, nparams: uint32(len(params))}
	return idx, c
}

// ExportFunc exports function f under name.
func (m *Module) ExportFunc(name string, f uint32) { m.export(name, 0x00, f) }

// ExportMemory exports the memory under name.
func (m *Module) ExportMemory(name string) { m.export(name, 0x02, 0) }

func (m *Module) export(name string, kind byte, idx uint32) {
	m.exports = wasmbin.AppendName(m.exports, name)
	m.exports = append(m.exports, kind)
	m.exports = wasmbin.AppendU32(m.exports, idx)
	m.nexp++
}

// Data places bytes in memory at a fixed address when the module is
// instantiated.
func (m *Module) Data(addr uint32, b []byte) {
	m.data = append(m.data, 0x00, 0x41)
	m.data = wasmbin.AppendSLEB(m.data, int64(int32(addr)))
	m.data = append(m.data, 0x0b)
	m.data = wasmbin.AppendU32(m.data, uint32(len(b)))
	m.data = append(m.data, b...)
	m.ndata++
}

// Custom appends a custom section.
func (m *Module) Custom(name string, payload []byte) {
	m.custom = wasmbin.AppendSection(m.custom, 0, append(wasmbin.AppendName(nil, name), payload...))
}

// Bytes returns the encoded module.
func (m *Module) Bytes() []byte {
	out := []byte{0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00}
	vec := func(id byte, n uint32, body []byte) {
		if n > 0 {
			out = wasmbin.AppendSection(out, id, append(wasmbin.AppendU32(nil, n), body...))
		}
	}
	var types []byte
	for _, t := range m.types {
		types = append(types, t...)
	}
	vec(1, uint32(len(m.types)), types)
	var funcs []byte
	for _, t := range m.funcs {
		funcs = wasmbin.AppendU32(funcs, t)
	}
	vec(3, uint32(len(m.funcs)), funcs)
	if m.memory != nil {
		vec(5, 1, m.memory)
	}
	vec(6, m.nglob, m.globals)
	vec(7, m.nexp, m.exports)
	var code []byte
	for _, body := range m.code {
		if body == nil {
			panic("coremod: function body not finished")
		}
		code = wasmbin.AppendU32(code, uint32(len(body)))
		code = append(code, body...)
	}
	vec(10, uint32(len(m.code)), code)
	vec(11, m.ndata, m.data)
	return append(out, m.custom...)
}

// Code is the body of one function.
type Code struct {
	m       *Module
	idx     uint32
	nparams uint32
	locals  []ValType
	b       []byte
	open    []*Label
}

// Label is a block, loop or if that branches may target.
type Label struct{ depth int }

// Local declares a local of type t and returns its index (parameters come
// first).
func (c *Code) Local(t ValType) uint32 {
	c.locals = append(c.locals, t)
	return c.nparams + uint32(len(c.locals)-1)
}

// Op emits instructions without immediates.
func (c *Code) Op(ops ...Op) *Code {
	for _, o := range ops {
		c.b = append(c.b, byte(o))
	}
	return c
}

func (c *Code) u32(op byte, v uint32) *Code {
	c.b = wasmbin.AppendU32(append(c.b, op), v)
	return c
}

// LocalGet, LocalSet, LocalTee, GlobalGet and GlobalSet emit the variable
// instructions.
func (c *Code) LocalGet(i uint32) *Code  { return c.u32(0x20, i) }
func (c *Code) LocalSet(i uint32) *Code  { return c.u32(0x21, i) }
func (c *Code) LocalTee(i uint32) *Code  { return c.u32(0x22, i) }
func (c *Code) GlobalGet(i uint32) *Code { return c.u32(0x23, i) }
func (c *Code) GlobalSet(i uint32) *Code { return c.u32(0x24, i) }

// Call emits a call of function f.
func (c *Code) Call(f uint32) *Code { return c.u32(0x10, f) }

// I32Const emits an i32 constant.
func (c *Code) I32Const(v int32) *Code {
	c.b = wasmbin.AppendSLEB(append(c.b, 0x41), int64(v))
	return c
}

// U32 emits an i32 constant given as an unsigned number.
func (c *Code) U32(v uint32) *Code { return c.I32Const(int32(v)) }

// I64Const emits an i64 constant.
func (c *Code) I64Const(v int64) *Code {
	c.b = wasmbin.AppendSLEB(append(c.b, 0x42), v)
	return c
}

// F64Const emits an f64 constant.
func (c *Code) F64Const(v float64) *Code {
	c.b = binary.LittleEndian.AppendUint64(append(c.b, 0x44), math.Float64bits(v))
	return c
}

func (c *Code) mem(op byte, align, offset uint32) *Code {
	c.b = wasmbin.AppendU32(wasmbin.AppendU32(append(c.b, op), align), offset)
	return c
}

// Loads and stores, with a constant offset added to the address on the
// stack. The alignment hint is the natural one.
func (c *Code) I32Load(off uint32) *Code   { return c.mem(0x28, 2, off) }
func (c *Code) I64Load(off uint32) *Code   { return c.mem(0x29, 3, off) }
func (c *Code) F64Load(off uint32) *Code   { return c.mem(0x2b, 3, off) }
func (c *Code) I32Load8U(off uint32) *Code { return c.mem(0x2d, 0, off) }
func (c *Code) I32Store(off uint32) *Code  { return c.mem(0x36, 2, off) }
func (c *Code) I64Store(off uint32) *Code  { return c.mem(0x37, 3, off) }
func (c *Code) F64Store(off uint32) *Code  { return c.mem(0x39, 3, off) }
func (c *Code) I32Store8(off uint32) *Code { return c.mem(0x3a, 0, off) }

// MemorySize pushes the memory's size in pages; MemoryGrow grows it by the
// number of pages on the stack and pushes the old size, or -1.
func (c *Code) MemorySize() *Code { c.b = append(c.b, 0x3f, 0x00); return c }
func (c *Code) MemoryGrow() *Code { c.b = append(c.b, 0x40, 0x00); return c }

// MemoryCopy copies (dst, src, n) from the stack, overlapping allowed.
func (c *Code) MemoryCopy() *Code { c.b = append(c.b, 0xfc, 0x0a, 0x00, 0x00); return c }

func (c *Code) push(op byte) *Label {
	c.b = append(c.b, op, 0x40) // no block results
	l := &Label{depth: len(c.open)}
	c.open = append(c.open, l)
	return l
}

// Block, Loop and If open a structured block without results; a branch to
// a Block or If label leaves it, a branch to a Loop label starts the loop
// again. If pops its condition.
func (c *Code) Block() *Label { return c.push(0x02) }
func (c *Code) Loop() *Label  { return c.push(0x03) }
func (c *Code) If() *Label    { return c.push(0x04) }

// Else starts the else arm of the innermost If.
func (c *Code) Else() *Code { c.b = append(c.b, 0x05); return c }

// End closes the innermost open block.
func (c *Code) End() *Code {
	if len(c.open) == 0 {
		panic("coremod: End without an open block")
	}
	c.open = c.open[:len(c.open)-1]
	c.b = append(c.b, 0x0b)
	return c
}

func (c *Code) rel(l *Label) uint32 {
	if l.depth >= len(c.open) || c.open[l.depth] != l {
		panic("coremod: branch to a label that is not open")
	}
	return uint32(len(c.open) - 1 - l.depth)
}

// Br branches to l; BrIf pops a condition and branches when it is not zero.
func (c *Code) Br(l *Label) *Code   { return c.u32(0x0c, c.rel(l)) }
func (c *Code) BrIf(l *Label) *Code { return c.u32(0x0d, c.rel(l)) }

// Finish ends the body and stores it in the module.
func (c *Code) Finish() {
	if len(c.open) != 0 {
		panic("coremod: function body has open blocks")
	}
	var b []byte
	// One local declaration per run of equal types.
	var groups [][2]uint32
	for _, t := range c.locals {
		if n := len(groups); n > 0 && groups[n-1][1] == uint32(t) {
			groups[n-1][0]++
		} else {
			groups = append(groups, [2]uint32{1, uint32(t)})
		}
	}
	b = wasmbin.AppendU32(b, uint32(len(groups)))
	for _, g := range groups {
		b = append(wasmbin.AppendU32(b, g[0]), byte(g[1]))
	}
	b = append(b, c.b...)
	c.m.code[c.idx] = append(b, 0x0b)
}
