package newcomp

import (
	"fmt"

	"github.com/wasmcp/wasmcp/internal/wasmbin"
)

// The preview1 adapter exports every preview1 function and imports every
// WASI 0.2 function any of them may call. The component keeps only what the
// main module uses: the adapter is cut down to the exports the main module
// imports (and the realloc functions lowerings use) and to what they reach,
// so that its imports, and with them the component's, are the WASI functions
// actually needed.

// alwaysKept are adapter exports kept whether or not the main module
// imports them: canonical lowerings into the adapter's memory use them.
var alwaysKept = []string{"cabi_realloc", "cabi_import_realloc", "cabi_export_realloc"}

// adapterStackSize is the size of the shadow stack the adapter takes from
// the main module's realloc the first time one of its exports runs.
const adapterStackSize = 64 << 10

// gcAdapter returns the adapter reduced to the exports named in keep (and
// alwaysKept) and everything they reach. The adapter's shadow stack pointer
// starts at 0: every kept export first calls an added function that, once,
// allocates the stack with the main module's cabi_realloc (imported by the
// adapter as __main_module__.cabi_realloc).
func gcAdapter(m *module, keep []string) ([]byte, error) {
	if m.hasElem || m.hasData || m.start != nil {
		return nil, fmt.Errorf("adapter: element, data and start sections are not supported in an adapter module")
	}
	g := &gc{m: m,
		liveFunc:   make([]bool, int(m.nImportFuncs)+len(m.funcs)),
		liveGlobal: make([]bool, int(m.nImportGlobals)+len(m.globals)),
		liveTable:  make([]bool, int(m.nImportTables)+len(m.tables)),
	}
	want := map[string]bool{}
	for _, k := range keep {
		if _, ok := m.export(k); !ok {
			return nil, fmt.Errorf("adapter: no export %q (the main module imports it from wasi_snapshot_preview1)", k)
		}
		want[k] = true
	}
	for _, k := range alwaysKept {
		want[k] = true
	}
	for _, e := range m.exports {
		if !want[e.name] {
			continue
		}
		g.exports = append(g.exports, e)
		switch e.kind {
		case kindFunc:
			g.markFunc(e.index)
		case kindGlobal:
			g.markGlobal(e.index)
		case kindTable:
			g.markTable(e.index)
		}
	}
	if err := g.drain(); err != nil {
		return nil, err
	}
	if err := g.findStack(); err != nil {
		return nil, err
	}
	return g.encode()
}

type gc struct {
	m                               *module
	liveFunc, liveGlobal, liveTable []bool
	work                            []uint32 // functions to scan
	exports                         []coreExport

	sp, allocState, realloc uint32
	stack                   bool // inject the stack allocation
}

func (g *gc) markFunc(i uint32) {
	if int(i) < len(g.liveFunc) && !g.liveFunc[i] {
		g.liveFunc[i] = true
		g.work = append(g.work, i)
	}
}

func (g *gc) markGlobal(i uint32) {
	if int(i) < len(g.liveGlobal) {
		g.liveGlobal[i] = true
	}
}

func (g *gc) markTable(i uint32) {
	if int(i) < len(g.liveTable) {
		g.liveTable[i] = true
	}
}

func (g *gc) mark(k refKind, idx uint32, at int) (uint32, error) {
	var n int
	switch k {
	case refFunc:
		n = len(g.liveFunc)
		g.markFunc(idx)
	case refGlobal:
		n = len(g.liveGlobal)
		g.markGlobal(idx)
	case refTable:
		n = len(g.liveTable)
		g.markTable(idx)
	case refType:
		n = len(g.m.types)
	}
	if int(idx) >= n {
		return 0, &CoreError{Module: "adapter", Offset: at, Msg: fmt.Sprintf("index %d out of range", idx)}
	}
	return idx, nil
}

func (g *gc) drain() error {
	for len(g.work) > 0 {
		f := g.work[len(g.work)-1]
		g.work = g.work[:len(g.work)-1]
		if f < g.m.nImportFuncs {
			continue
		}
		c := g.m.codes[f-g.m.nImportFuncs]
		r := &reader{Module: "adapter", B: c.body, Off: c.off}
		if err := skipLocals(r); err != nil {
			return err
		}
		if _, err := rewriteExpr(r, g.mark); err != nil {
			return err
		}
	}
	// Global initializers may refer to functions (ref.func) and globals.
	for changed := true; changed; {
		changed = false
		for i, gl := range g.m.globals {
			gi := g.m.nImportGlobals + uint32(i)
			if !g.liveGlobal[gi] {
				continue
			}
			before := append([]bool(nil), g.liveGlobal...)
			r := &reader{Module: "adapter", B: gl.init, Off: gl.off}
			if _, err := rewriteExpr(r, g.mark); err != nil {
				return err
			}
			for j := range before {
				if before[j] != g.liveGlobal[j] {
					changed = true
				}
			}
		}
		if len(g.work) > 0 {
			if err := g.drain(); err != nil {
				return err
			}
			changed = true
		}
	}
	return nil
}

func skipLocals(r *reader) error {
	n, err := r.Count(2)
	if err != nil {
		return err
	}
	for i := uint32(0); i < n; i++ {
		if _, err := r.U32(); err != nil {
			return err
		}
		if _, err := valType(r); err != nil {
			return err
		}
	}
	return nil
}

// findStack finds the shadow stack pointer and the allocation state by the
// names the name section gives them; the adapter is built to leave the
// stack to whoever links it.
func (g *gc) findStack() error {
	names := globalNames(g.m)
	sp, okSP := names["__stack_pointer"]
	as, okAS := names["allocation_state"]
	if !okSP || !g.liveGlobal[sp] {
		return nil
	}
	if !okAS {
		return fmt.Errorf("adapter: it has a __stack_pointer global but no allocation_state global")
	}
	fi := uint32(0)
	found := false
	for _, im := range g.m.imports {
		if im.kind != kindFunc {
			continue
		}
		if im.module == "__main_module__" && im.name == "cabi_realloc" {
			found = true
			break
		}
		fi++
	}
	if !found {
		return fmt.Errorf("adapter: it has a __stack_pointer global but does not import __main_module__.cabi_realloc to allocate the stack with")
	}
	g.sp, g.allocState, g.realloc, g.stack = sp, as, fi, true
	g.markGlobal(as)
	g.markFunc(fi)
	return g.drain()
}

// globalNames reads the global names subsection (7) of the name section;
// a malformed name section gives no names, as the specification asks.
func globalNames(m *module) map[string]uint32 {
	out := map[string]uint32{}
	for _, c := range m.customs {
		if c.name != "name" {
			continue
		}
		r := &reader{Module: "adapter", B: c.data}
		for !r.EOF() {
			id, err := r.Byte()
			if err != nil {
				return out
			}
			size, err := r.U32()
			if err != nil {
				return out
			}
			s, err := r.Sub(size)
			if err != nil {
				return out
			}
			if id != 7 {
				continue
			}
			n, err := s.Count(2)
			if err != nil {
				return out
			}
			for i := uint32(0); i < n; i++ {
				idx, err := s.U32()
				if err != nil {
					return out
				}
				name, err := s.Name()
				if err != nil {
					return out
				}
				out[name] = idx
			}
		}
	}
	return out
}

func (g *gc) encode() ([]byte, error) {
	m := g.m
	funcMap := map[uint32]uint32{}
	globalMap := map[uint32]uint32{}
	tableMap := map[uint32]uint32{}
	var nf, ng, nt uint32

	types := append([]funcType(nil), m.types...)
	emptyType := -1
	for i, t := range types {
		if len(t.params) == 0 && len(t.results) == 0 {
			emptyType = i
			break
		}
	}
	if g.stack && emptyType < 0 {
		emptyType = len(types)
		types = append(types, funcType{})
	}

	var imports []byte
	nImports := 0
	fi, gi, ti := uint32(0), uint32(0), uint32(0)
	for _, im := range m.imports {
		keep := false
		switch im.kind {
		case kindFunc:
			if g.liveFunc[fi] {
				funcMap[fi] = nf
				nf++
				keep = true
			}
			fi++
		case kindGlobal:
			if g.liveGlobal[gi] {
				globalMap[gi] = ng
				ng++
				keep = true
			}
			gi++
		case kindTable:
			if g.liveTable[ti] {
				tableMap[ti] = nt
				nt++
				keep = true
			}
			ti++
		case kindMemory:
			keep = true
		}
		if keep {
			imports = wasmbin.AppendName(imports, im.module)
			imports = wasmbin.AppendName(imports, im.name)
			imports = append(imports, im.kind)
			imports = append(imports, im.desc...)
			nImports++
		}
	}
	var defined []uint32 // old indices of kept defined functions
	for i := range m.funcs {
		old := m.nImportFuncs + uint32(i)
		if g.liveFunc[old] {
			funcMap[old] = nf
			nf++
			defined = append(defined, old)
		}
	}
	allocStack := nf
	var tables [][]byte
	for i, t := range m.tables {
		old := m.nImportTables + uint32(i)
		if g.liveTable[old] {
			tableMap[old] = nt
			nt++
			tables = append(tables, t)
		}
	}
	var globals []global
	for i, gl := range m.globals {
		old := m.nImportGlobals + uint32(i)
		if g.liveGlobal[old] {
			globalMap[old] = ng
			ng++
			globals = append(globals, gl)
		}
	}
	remap := func(k refKind, idx uint32, at int) (uint32, error) {
		var v uint32
		ok := true
		switch k {
		case refFunc:
			v, ok = funcMap[idx]
		case refGlobal:
			v, ok = globalMap[idx]
		case refTable:
			v, ok = tableMap[idx]
		case refType:
			v = idx
		}
		if !ok {
			return 0, &CoreError{Module: "adapter", Offset: at, Msg: fmt.Sprintf("index %d refers to a removed item", idx)}
		}
		return v, nil
	}

	out := append([]byte(nil), coreMagic...)
	var b []byte
	b = wasmbin.AppendU32(b[:0], uint32(len(types)))
	for _, t := range types {
		b = append(b, 0x60)
		b = wasmbin.AppendU32(b, uint32(len(t.params)))
		b = append(b, t.params...)
		b = wasmbin.AppendU32(b, uint32(len(t.results)))
		b = append(b, t.results...)
	}
	out = wasmbin.AppendSection(out, secType, b)
	out = wasmbin.AppendSection(out, secImport, append(wasmbin.AppendU32(nil, uint32(nImports)), imports...))

	b = nil
	n := uint32(len(defined))
	if g.stack {
		n++
	}
	b = wasmbin.AppendU32(b, n)
	for _, old := range defined {
		b = wasmbin.AppendU32(b, m.funcs[old-m.nImportFuncs])
	}
	if g.stack {
		b = wasmbin.AppendU32(b, uint32(emptyType))
	}
	out = wasmbin.AppendSection(out, secFunc, b)
	if len(tables) > 0 {
		b = wasmbin.AppendU32(nil, uint32(len(tables)))
		for _, t := range tables {
			b = append(b, t...)
		}
		out = wasmbin.AppendSection(out, secTable, b)
	}
	if len(m.memories) > 0 {
		b = wasmbin.AppendU32(nil, uint32(len(m.memories)))
		for _, t := range m.memories {
			b = append(b, t...)
		}
		out = wasmbin.AppendSection(out, secMemory, b)
	}
	if len(globals) > 0 {
		b = wasmbin.AppendU32(nil, uint32(len(globals)))
		for _, gl := range globals {
			b = append(b, gl.typ...)
			init, err := rewriteExpr(&reader{Module: "adapter", B: gl.init, Off: gl.off}, remap)
			if err != nil {
				return nil, err
			}
			b = append(b, init...)
		}
		out = wasmbin.AppendSection(out, secGlobal, b)
	}
	exports := append([]coreExport(nil), g.exports...)
	b = wasmbin.AppendU32(nil, uint32(len(exports)))
	stackUsers := map[uint32]bool{}
	for _, e := range exports {
		idx := e.index
		var err error
		switch e.kind {
		case kindFunc:
			idx, err = remap(refFunc, idx, 0)
			stackUsers[e.index] = true
		case kindGlobal:
			idx, err = remap(refGlobal, idx, 0)
		case kindTable:
			idx, err = remap(refTable, idx, 0)
		}
		if err != nil {
			return nil, fmt.Errorf("adapter: export %q: %w", e.name, err)
		}
		b = wasmbin.AppendName(b, e.name)
		b = append(b, e.kind)
		b = wasmbin.AppendU32(b, idx)
	}
	out = wasmbin.AppendSection(out, secExport, b)

	b = wasmbin.AppendU32(nil, n)
	for _, old := range defined {
		c := m.codes[old-m.nImportFuncs]
		r := &reader{Module: "adapter", B: c.body, Off: c.off}
		if err := skipLocals(r); err != nil {
			return nil, err
		}
		locals := c.body[:r.Pos]
		expr, err := rewriteExpr(r, remap)
		if err != nil {
			return nil, err
		}
		body := append([]byte(nil), locals...)
		if g.stack && stackUsers[old] {
			body = append(body, 0x10)
			body = wasmbin.AppendU32(body, allocStack)
		}
		body = append(body, expr...)
		b = wasmbin.AppendU32(b, uint32(len(body)))
		b = append(b, body...)
	}
	if g.stack {
		body := g.allocateStackBody(globalMap[g.allocState], globalMap[g.sp], funcMap[g.realloc])
		b = wasmbin.AppendU32(b, uint32(len(body)))
		b = append(b, body...)
	}
	out = wasmbin.AppendSection(out, secCode, b)
	return out, nil
}

// allocateStackBody is a function that, the first time it runs, takes the
// adapter's stack from realloc and points the stack pointer at its top.
// allocation_state is 0 before, 1 while realloc runs (the adapter's own
// code reads it to know it may not allocate yet) and 2 after.
func (g *gc) allocateStackBody(state, sp, realloc uint32) []byte {
	b := []byte{0x00}                     // no locals
	b = append(b, 0x23)                   // global.get state
	b = wasmbin.AppendU32(b, state)       //
	b = append(b, 0x45, 0x04, 0x40)       // i32.eqz; if
	b = append(b, 0x41, 0x01, 0x24)       // i32.const 1; global.set state
	b = wasmbin.AppendU32(b, state)       //
	b = append(b, 0x41, 0x00, 0x41, 0x00) // old ptr, old size
	b = append(b, 0x41, 0x08)             // align
	b = wasmbin.AppendSLEB(append(b, 0x41), adapterStackSize)
	b = append(b, 0x10)
	b = wasmbin.AppendU32(b, realloc)
	b = wasmbin.AppendSLEB(append(b, 0x41), adapterStackSize)
	b = append(b, 0x6a, 0x24) // i32.add; global.set sp
	b = wasmbin.AppendU32(b, sp)
	b = append(b, 0x41, 0x02, 0x24) // i32.const 2; global.set state
	b = wasmbin.AppendU32(b, state)
	return append(b, 0x0b, 0x0b) // end if; end
}
