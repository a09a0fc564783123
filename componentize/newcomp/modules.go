package newcomp

import (
	"strconv"

	"github.com/wasmcp/wasmcp/internal/wasmbin"
)

// The two small core modules that break the cycle between the main module
// and what it imports: the shim exports one function per slot that calls
// through its table, the fixup fills the table once the real functions
// exist (and then runs the main module's _initialize, which may call them).

// shimTable is the name under which the shim exports its table.
const shimTable = "$imports"

func typeIndex(types *[]funcType, t funcType) uint32 {
	for i, u := range *types {
		if u.equal(t) {
			return uint32(i)
		}
	}
	*types = append(*types, t)
	return uint32(len(*types) - 1)
}

func appendTypes(out []byte, types []funcType) []byte {
	b := wasmbin.AppendU32(nil, uint32(len(types)))
	for _, t := range types {
		b = append(b, 0x60)
		b = wasmbin.AppendU32(b, uint32(len(t.params)))
		b = append(b, t.params...)
		b = wasmbin.AppendU32(b, uint32(len(t.results)))
		b = append(b, t.results...)
	}
	return wasmbin.AppendSection(out, secType, b)
}

func tableType(n int) []byte {
	b := []byte{valFuncref, 0x01}
	b = wasmbin.AppendU32(b, uint32(n))
	return wasmbin.AppendU32(b, uint32(n))
}

func shimModule(slots []slot) []byte {
	var types []funcType
	idx := make([]uint32, len(slots))
	for i, s := range slots {
		idx[i] = typeIndex(&types, s.typ)
	}
	out := append([]byte(nil), coreMagic...)
	out = appendTypes(out, types)
	b := wasmbin.AppendU32(nil, uint32(len(slots)))
	for _, t := range idx {
		b = wasmbin.AppendU32(b, t)
	}
	out = wasmbin.AppendSection(out, secFunc, b)
	out = wasmbin.AppendSection(out, secTable, append([]byte{1}, tableType(len(slots))...))
	b = wasmbin.AppendU32(nil, uint32(len(slots)+1))
	for i := range slots {
		b = wasmbin.AppendName(b, strconv.Itoa(i))
		b = append(b, kindFunc)
		b = wasmbin.AppendU32(b, uint32(i))
	}
	b = wasmbin.AppendName(b, shimTable)
	b = append(b, kindTable, 0)
	out = wasmbin.AppendSection(out, secExport, b)
	b = wasmbin.AppendU32(nil, uint32(len(slots)))
	for i, s := range slots {
		body := []byte{0x00} // no locals
		for p := range s.typ.params {
			body = append(body, 0x20)
			body = wasmbin.AppendU32(body, uint32(p))
		}
		body = wasmbin.AppendSLEB(append(body, 0x41), int64(i))
		body = append(body, 0x11)
		body = wasmbin.AppendU32(body, idx[i])
		body = append(body, 0x00, 0x0b) // table 0; end
		b = wasmbin.AppendU32(b, uint32(len(body)))
		b = append(b, body...)
	}
	return wasmbin.AppendSection(out, secCode, b)
}

func fixupModule(slots []slot, initialize bool) []byte {
	var types []funcType
	out := append([]byte(nil), coreMagic...)
	var imps []byte
	n := 0
	for i, s := range slots {
		imps = wasmbin.AppendName(imps, "actual")
		imps = wasmbin.AppendName(imps, strconv.Itoa(i))
		imps = append(imps, kindFunc)
		imps = wasmbin.AppendU32(imps, typeIndex(&types, s.typ))
		n++
	}
	initFunc := uint32(len(slots))
	if initialize {
		imps = wasmbin.AppendName(imps, "main")
		imps = wasmbin.AppendName(imps, "_initialize")
		imps = append(imps, kindFunc)
		imps = wasmbin.AppendU32(imps, typeIndex(&types, funcType{}))
		n++
	}
	if len(slots) > 0 {
		imps = wasmbin.AppendName(imps, "shim")
		imps = wasmbin.AppendName(imps, shimTable)
		imps = append(imps, kindTable)
		imps = append(imps, tableType(len(slots))...)
		n++
	}
	out = appendTypes(out, types)
	out = wasmbin.AppendSection(out, secImport, append(wasmbin.AppendU32(nil, uint32(n)), imps...))
	if initialize {
		out = wasmbin.AppendSection(out, secStart, wasmbin.AppendU32(nil, initFunc))
	}
	if len(slots) > 0 {
		b := []byte{1, 0x00, 0x41, 0x00, 0x0b} // one active segment, table 0, offset 0
		b = wasmbin.AppendU32(b, uint32(len(slots)))
		for i := range slots {
			b = wasmbin.AppendU32(b, uint32(i))
		}
		out = wasmbin.AppendSection(out, secElem, b)
	}
	return out
}
