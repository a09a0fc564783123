package newcomp

import "strconv"

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
	b := appendU32(nil, uint32(len(types)))
	for _, t := range types {
		b = append(b, 0x60)
		b = appendU32(b, uint32(len(t.params)))
		b = append(b, t.params...)
		b = appendU32(b, uint32(len(t.results)))
		b = append(b, t.results...)
	}
	return appendSection(out, secType, b)
}

func tableType(n int) []byte {
	b := []byte{valFuncref, 0x01}
	b = appendU32(b, uint32(n))
	return appendU32(b, uint32(n))
}

func shimModule(slots []slot) []byte {
	var types []funcType
	idx := make([]uint32, len(slots))
	for i, s := range slots {
		idx[i] = typeIndex(&types, s.typ)
	}
	out := append([]byte(nil), coreMagic...)
	out = appendTypes(out, types)
	b := appendU32(nil, uint32(len(slots)))
	for _, t := range idx {
		b = appendU32(b, t)
	}
	out = appendSection(out, secFunc, b)
	out = appendSection(out, secTable, append([]byte{1}, tableType(len(slots))...))
	b = appendU32(nil, uint32(len(slots)+1))
	for i := range slots {
		b = appendName(b, strconv.Itoa(i))
		b = append(b, kindFunc)
		b = appendU32(b, uint32(i))
	}
	b = appendName(b, shimTable)
	b = append(b, kindTable, 0)
	out = appendSection(out, secExport, b)
	b = appendU32(nil, uint32(len(slots)))
	for i, s := range slots {
		body := []byte{0x00} // no locals
		for p := range s.typ.params {
			body = append(body, 0x20)
			body = appendU32(body, uint32(p))
		}
		body = appendSLEB(append(body, 0x41), int64(i))
		body = append(body, 0x11)
		body = appendU32(body, idx[i])
		body = append(body, 0x00, 0x0b) // table 0; end
		b = appendU32(b, uint32(len(body)))
		b = append(b, body...)
	}
	return appendSection(out, secCode, b)
}

func fixupModule(slots []slot, initialize bool) []byte {
	var types []funcType
	out := append([]byte(nil), coreMagic...)
	var imps []byte
	n := 0
	for i, s := range slots {
		imps = appendName(imps, "actual")
		imps = appendName(imps, strconv.Itoa(i))
		imps = append(imps, kindFunc)
		imps = appendU32(imps, typeIndex(&types, s.typ))
		n++
	}
	initFunc := uint32(len(slots))
	if initialize {
		imps = appendName(imps, "main")
		imps = appendName(imps, "_initialize")
		imps = append(imps, kindFunc)
		imps = appendU32(imps, typeIndex(&types, funcType{}))
		n++
	}
	if len(slots) > 0 {
		imps = appendName(imps, "shim")
		imps = appendName(imps, shimTable)
		imps = append(imps, kindTable)
		imps = append(imps, tableType(len(slots))...)
		n++
	}
	out = appendTypes(out, types)
	out = appendSection(out, secImport, append(appendU32(nil, uint32(n)), imps...))
	if initialize {
		out = appendSection(out, secStart, appendU32(nil, initFunc))
	}
	if len(slots) > 0 {
		b := []byte{1, 0x00, 0x41, 0x00, 0x0b} // one active segment, table 0, offset 0
		b = appendU32(b, uint32(len(slots)))
		for i := range slots {
			b = appendU32(b, uint32(i))
		}
		out = appendSection(out, secElem, b)
	}
	return out
}
