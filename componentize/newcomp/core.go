package newcomp

import (
	"bytes"
	"fmt"

	"github.com/wasmcp/wasmcp/internal/wasmbin"
)

// The core module format, as far as `component new` needs it: the main
// module is only read (its imports, exports and function types), the
// adapter is read whole and written back smaller (gc.go).
// See https://webassembly.github.io/spec/core/binary/modules.html

var coreMagic = []byte{0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00}

// Section ids of the core module binary format.
const (
	secCustom    = 0
	secType      = 1
	secImport    = 2
	secFunc      = 3
	secTable     = 4
	secMemory    = 5
	secGlobal    = 6
	secExport    = 7
	secStart     = 8
	secElem      = 9
	secCode      = 10
	secData      = 11
	secDataCount = 12
)

// External kinds of core imports and exports.
const (
	kindFunc   = 0
	kindTable  = 1
	kindMemory = 2
	kindGlobal = 3
)

// CoreError is a malformed or unsupported core module, with the byte
// offset the problem was found at.
type CoreError = wasmbin.Error

// reader reads one core module.
type reader = wasmbin.Reader

// funcType is a core function type; params and results are value type
// codes.
type funcType struct {
	params, results []byte
}

func (t funcType) String() string {
	names := func(vs []byte) string {
		var b bytes.Buffer
		for i, v := range vs {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(valTypeName(v))
		}
		return b.String()
	}
	return "(" + names(t.params) + ") -> (" + names(t.results) + ")"
}

func (t funcType) equal(u funcType) bool {
	return bytes.Equal(t.params, u.params) && bytes.Equal(t.results, u.results)
}

const (
	valI32       = 0x7f
	valI64       = 0x7e
	valF32       = 0x7d
	valF64       = 0x7c
	valV128      = 0x7b
	valFuncref   = 0x70
	valExternref = 0x6f
)

func valTypeName(v byte) string {
	switch v {
	case valI32:
		return "i32"
	case valI64:
		return "i64"
	case valF32:
		return "f32"
	case valF64:
		return "f64"
	case valV128:
		return "v128"
	case valFuncref:
		return "funcref"
	case valExternref:
		return "externref"
	}
	return fmt.Sprintf("0x%02x", v)
}

func isValType(v byte) bool {
	switch v {
	case valI32, valI64, valF32, valF64, valV128, valFuncref, valExternref:
		return true
	}
	return false
}

// valType reads a value type.
func valType(r *reader) (byte, error) {
	at := r.At()
	v, err := r.Byte()
	if err != nil {
		return 0, err
	}
	if !isValType(v) {
		return 0, &CoreError{Module: r.Module, Offset: at, Msg: fmt.Sprintf("unsupported value type 0x%02x", v)}
	}
	return v, nil
}

type coreImport struct {
	module, name string
	field        string // the name in the input, before renameDuplicates
	kind         byte
	typeIdx      uint32 // kindFunc
	desc         []byte // the encoded descriptor after the kind byte
}

type coreExport struct {
	name  string
	kind  byte
	index uint32
}

type global struct {
	typ  []byte // value type and mutability
	init []byte // constant expression, with its end
	off  int
}

type code struct {
	body []byte // locals and expression
	off  int
}

type customSection struct {
	name string
	data []byte
}

// rawSection is one section as it appears in the module.
type rawSection struct {
	id   byte
	name string // custom sections
	full []byte // id, size and contents
}

// module is a decoded core module.
type module struct {
	types    []funcType
	imports  []coreImport
	funcs    []uint32 // type of each defined function
	tables   [][]byte // encoded table types
	memories [][]byte // encoded memory types
	globals  []global
	exports  []coreExport
	start    *uint32
	codes    []code
	customs  []customSection
	sections []rawSection
	hasElem  bool
	hasData  bool

	nImportFuncs, nImportGlobals, nImportTables uint32
}

func parseModule(name string, b []byte) (*module, error) {
	if len(b) < 8 || !bytes.Equal(b[:8], coreMagic) {
		return nil, &CoreError{Module: name, Offset: 0, Msg: "not a core WebAssembly module (bad header)"}
	}
	m := &module{}
	r := &reader{Module: name, B: b, Pos: 8}
	var nfuncDecl uint32
	for !r.EOF() {
		start := r.Pos
		id, err := r.Byte()
		if err != nil {
			return nil, err
		}
		size, err := r.U32()
		if err != nil {
			return nil, err
		}
		s, err := r.Sub(size)
		if err != nil {
			return nil, err
		}
		raw := rawSection{id: id, full: b[start:r.Pos]}
		switch id {
		case secCustom:
			n, err := s.Name()
			if err != nil {
				return nil, err
			}
			raw.name = n
			m.customs = append(m.customs, customSection{name: n, data: s.B[s.Pos:]})
			s.Pos = len(s.B)
		case secType:
			err = m.parseTypes(s)
		case secImport:
			err = m.parseImports(s)
		case secFunc:
			var n uint32
			if n, err = s.Count(1); err == nil {
				nfuncDecl = n
				m.funcs = make([]uint32, 0, n)
				for i := uint32(0); i < n && err == nil; i++ {
					var t uint32
					if t, err = s.U32(); err == nil {
						if int(t) >= len(m.types) {
							err = s.Errorf("function %d: type index %d out of range", i, t)
						}
						m.funcs = append(m.funcs, t)
					}
				}
			}
		case secTable:
			m.tables, err = rawItems(s, skipTableType)
		case secMemory:
			m.memories, err = rawItems(s, skipLimits)
		case secGlobal:
			err = m.parseGlobals(s)
		case secExport:
			err = m.parseExports(s)
		case secStart:
			var f uint32
			if f, err = s.U32(); err == nil {
				m.start = &f
			}
		case secElem:
			m.hasElem = true
			s.Pos = len(s.B)
		case secData:
			m.hasData = true
			s.Pos = len(s.B)
		case secDataCount:
			_, err = s.U32()
		case secCode:
			err = m.parseCode(s, nfuncDecl)
		default:
			return nil, &CoreError{Module: name, Offset: r.Off + start, Msg: fmt.Sprintf("unknown section id %d", id)}
		}
		if err != nil {
			return nil, err
		}
		if !s.EOF() {
			return nil, s.Errorf("section %d: %d bytes left over", id, len(s.B)-s.Pos)
		}
		m.sections = append(m.sections, raw)
	}
	if len(m.codes) != len(m.funcs) {
		return nil, &CoreError{Module: name, Offset: len(b), Msg: fmt.Sprintf("%d functions declared but %d bodies", len(m.funcs), len(m.codes))}
	}
	return m, nil
}

func (m *module) parseTypes(s *reader) error {
	n, err := s.Count(3)
	if err != nil {
		return err
	}
	m.types = make([]funcType, 0, n)
	for i := uint32(0); i < n; i++ {
		at := s.At()
		form, err := s.Byte()
		if err != nil {
			return err
		}
		if form != 0x60 {
			return &CoreError{Module: s.Module, Offset: at, Msg: fmt.Sprintf("type %d: unsupported type form 0x%02x (only function types)", i, form)}
		}
		var t funcType
		for _, dst := range []*[]byte{&t.params, &t.results} {
			k, err := s.Count(1)
			if err != nil {
				return err
			}
			vs := make([]byte, k)
			for j := range vs {
				if vs[j], err = valType(s); err != nil {
					return err
				}
			}
			*dst = vs
		}
		m.types = append(m.types, t)
	}
	return nil
}

func (m *module) parseImports(s *reader) error {
	n, err := s.Count(4)
	if err != nil {
		return err
	}
	m.imports = make([]coreImport, 0, n)
	for i := uint32(0); i < n; i++ {
		var im coreImport
		if im.module, err = s.Name(); err != nil {
			return err
		}
		if im.name, err = s.Name(); err != nil {
			return err
		}
		at := s.At()
		if im.kind, err = s.Byte(); err != nil {
			return err
		}
		d0 := s.Pos
		switch im.kind {
		case kindFunc:
			if im.typeIdx, err = s.U32(); err == nil && int(im.typeIdx) >= len(m.types) {
				err = s.Errorf("import %s.%s: type index %d out of range", im.module, im.name, im.typeIdx)
			}
			m.nImportFuncs++
		case kindTable:
			err = skipTableType(s)
			m.nImportTables++
		case kindMemory:
			err = skipLimits(s)
		case kindGlobal:
			err = skipGlobalType(s)
			m.nImportGlobals++
		default:
			return &CoreError{Module: s.Module, Offset: at, Msg: fmt.Sprintf("import %s.%s: unsupported kind 0x%02x", im.module, im.name, im.kind)}
		}
		if err != nil {
			return err
		}
		im.desc = s.B[d0:s.Pos]
		im.field = im.name
		m.imports = append(m.imports, im)
	}
	return nil
}

func skipLimits(s *reader) error {
	at := s.At()
	flags, err := s.Byte()
	if err != nil {
		return err
	}
	if flags&^0x0f != 0 {
		return &CoreError{Module: s.Module, Offset: at, Msg: fmt.Sprintf("unsupported limits flags 0x%02x", flags)}
	}
	bits := 32
	if flags&0x04 != 0 {
		bits = 64
	}
	if _, err := s.ULEB(bits); err != nil {
		return err
	}
	if flags&0x01 != 0 {
		if _, err := s.ULEB(bits); err != nil {
			return err
		}
	}
	if flags&0x08 != 0 { // custom page size
		if _, err := s.U32(); err != nil {
			return err
		}
	}
	return nil
}

func skipTableType(s *reader) error {
	at := s.At()
	t, err := s.Byte()
	if err != nil {
		return err
	}
	if t != valFuncref && t != valExternref {
		return &CoreError{Module: s.Module, Offset: at, Msg: fmt.Sprintf("unsupported table element type 0x%02x", t)}
	}
	return skipLimits(s)
}

func skipGlobalType(s *reader) error {
	if _, err := valType(s); err != nil {
		return err
	}
	at := s.At()
	mut, err := s.Byte()
	if err == nil && mut > 1 {
		return &CoreError{Module: s.Module, Offset: at, Msg: fmt.Sprintf("bad global mutability 0x%02x", mut)}
	}
	return err
}

func rawItems(s *reader, skip func(*reader) error) ([][]byte, error) {
	n, err := s.Count(2)
	if err != nil {
		return nil, err
	}
	out := make([][]byte, 0, n)
	for i := uint32(0); i < n; i++ {
		p := s.Pos
		if err := skip(s); err != nil {
			return nil, err
		}
		out = append(out, s.B[p:s.Pos])
	}
	return out, nil
}

func (m *module) parseGlobals(s *reader) error {
	n, err := s.Count(4)
	if err != nil {
		return err
	}
	m.globals = make([]global, 0, n)
	for i := uint32(0); i < n; i++ {
		p := s.Pos
		if err := skipGlobalType(s); err != nil {
			return err
		}
		g := global{typ: s.B[p:s.Pos], off: s.At()}
		p = s.Pos
		if _, err := rewriteExpr(s, nil); err != nil {
			return err
		}
		g.init = s.B[p:s.Pos]
		m.globals = append(m.globals, g)
	}
	return nil
}

func (m *module) parseExports(s *reader) error {
	n, err := s.Count(3)
	if err != nil {
		return err
	}
	m.exports = make([]coreExport, 0, n)
	for i := uint32(0); i < n; i++ {
		var e coreExport
		if e.name, err = s.Name(); err != nil {
			return err
		}
		at := s.At()
		if e.kind, err = s.Byte(); err != nil {
			return err
		}
		if e.kind > kindGlobal {
			return &CoreError{Module: s.Module, Offset: at, Msg: fmt.Sprintf("export %q: unsupported kind 0x%02x", e.name, e.kind)}
		}
		if e.index, err = s.U32(); err != nil {
			return err
		}
		m.exports = append(m.exports, e)
	}
	return nil
}

func (m *module) parseCode(s *reader, declared uint32) error {
	n, err := s.Count(2)
	if err != nil {
		return err
	}
	if n != declared {
		return s.Errorf("code section has %d bodies for %d declared functions", n, declared)
	}
	m.codes = make([]code, 0, n)
	for i := uint32(0); i < n; i++ {
		size, err := s.U32()
		if err != nil {
			return err
		}
		off := s.At()
		body, err := s.Bytes(size)
		if err != nil {
			return err
		}
		m.codes = append(m.codes, code{body: body, off: off})
	}
	return nil
}

// export returns the export named name.
func (m *module) export(name string) (coreExport, bool) {
	for _, e := range m.exports {
		if e.name == name {
			return e, true
		}
	}
	return coreExport{}, false
}

// funcType returns the type of function idx (imports first).
func (m *module) funcType(idx uint32) (funcType, bool) {
	if idx < m.nImportFuncs {
		n := uint32(0)
		for _, im := range m.imports {
			if im.kind != kindFunc {
				continue
			}
			if n == idx {
				return m.types[im.typeIdx], true
			}
			n++
		}
	}
	i := idx - m.nImportFuncs
	if int(i) >= len(m.funcs) {
		return funcType{}, false
	}
	return m.types[m.funcs[i]], true
}

// exportedFunc returns the type of the function exported as name.
func (m *module) exportedFunc(name string) (funcType, bool) {
	e, ok := m.export(name)
	if !ok || e.kind != kindFunc {
		return funcType{}, false
	}
	return m.funcType(e.index)
}

// stripCustom returns the module's bytes without the custom sections drop
// selects.
func (m *module) stripCustom(drop func(name string) bool) []byte {
	n := 8
	for _, s := range m.sections {
		n += len(s.full)
	}
	out := make([]byte, 0, n)
	out = append(out, coreMagic...)
	for _, s := range m.sections {
		if s.id == secCustom && drop(s.name) {
			continue
		}
		out = append(out, s.full...)
	}
	return out
}

// renameDuplicates gives a repeated import (same module and name, which a
// component may not hold) a distinct name, "name [v2]" and so on, as
// `wasm-tools component new` does, and returns the module with its import
// section rewritten.
func (m *module) renameDuplicates() []byte {
	seen := map[[2]string]int{}
	changed := false
	for i := range m.imports {
		im := &m.imports[i]
		k := [2]string{im.module, im.field}
		seen[k]++
		if n := seen[k]; n > 1 {
			im.name = fmt.Sprintf("%s [v%d]", im.field, n)
			changed = true
		}
	}
	if !changed {
		return nil
	}
	body := wasmbin.AppendU32(nil, uint32(len(m.imports)))
	for _, im := range m.imports {
		body = wasmbin.AppendName(body, im.module)
		body = wasmbin.AppendName(body, im.name)
		body = append(body, im.kind)
		body = append(body, im.desc...)
	}
	for i, s := range m.sections {
		if s.id == secImport {
			m.sections[i].full = wasmbin.AppendSection(nil, secImport, body)
		}
	}
	return body
}
