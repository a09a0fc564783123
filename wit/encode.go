package wit

import (
	"bytes"
	"fmt"
)

// Encoding a world as component types.
// See https://github.com/WebAssembly/component-model/blob/main/design/mvp/Binary.md
//
// The result of EncodeWorld is the small component that `wasm-tools component
// embed` stores in a core module's `component-type` custom section:
//
//	(component
//	  (@custom "wit-component-encoding" "\04\00")   ; version 4, UTF-8
//	  (type (component
//	    (type (component …the world: imports and exports…))
//	    (export "ns:pkg/world@v" (component (type 0)))))
//	  (export "world" (type 0)))

// Binary codes of the component model used here.
const (
	secCustom = 0x00
	secType   = 0x07
	secExport = 0x0b

	declCoreType = 0x00
	declType     = 0x01
	declAlias    = 0x02
	declImport   = 0x03
	declExport   = 0x04

	sortFunc      = 0x01
	sortType      = 0x03
	sortComponent = 0x04
	sortInstance  = 0x05

	aliasExport = 0x00
	aliasOuter  = 0x02

	typeComponent = 0x41
	typeInstance  = 0x42
	typeFunc      = 0x40
	typeAsyncFunc = 0x43
	typeResource  = 0x3f

	boundEq          = 0x00
	boundSubResource = 0x01
)

var primCodes = map[Primitive]byte{
	Bool: 0x7f, S8: 0x7e, U8: 0x7d, S16: 0x7c, U16: 0x7b, S32: 0x7a, U32: 0x79,
	S64: 0x78, U64: 0x77, F32: 0x76, F64: 0x75, Char: 0x74, String: 0x73, ErrorContext: 0x64,
}

// buf is a little binary writer.
type buf struct{ bytes.Buffer }

func (b *buf) u32(v uint32) {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v != 0 {
			b.WriteByte(c | 0x80)
			continue
		}
		b.WriteByte(c)
		return
	}
}

// s33 writes a non-negative type index as a signed LEB128 (valtype).
func (b *buf) s33(v uint32) {
	x := int64(v)
	for {
		c := byte(x & 0x7f)
		x >>= 7
		if (x == 0 && c&0x40 == 0) || (x == -1 && c&0x40 != 0) {
			b.WriteByte(c)
			return
		}
		b.WriteByte(c | 0x80)
	}
}

func (b *buf) name(s string) {
	b.u32(uint32(len(s)))
	b.WriteString(s)
}

// externName writes an import/export name (0x00 prefix).
func (b *buf) externName(s string) {
	b.WriteByte(0x00)
	b.name(s)
}

// scope is an index space being built: an instance type, the world's
// component type.
type encScope struct {
	parent *encScope
	body   buf
	count  int // number of declarations
	types  uint32
	// named maps TypeDefs to this scope's type index.
	named map[*TypeDef]uint32
	// dedup maps encoded anonymous type / function type bytes to an index.
	dedup map[string]uint32
	// instances
	instances uint32
	// ifaceInst: interface → instance index (outer scope only).
	ifaceInst map[*Interface]uint32
	// aliased: exports aliased from instances into this scope.
	aliased map[*TypeDef]uint32
	owner   TypeOwner // the interface or world whose types this scope declares
}

func newEncScope(parent *encScope) *encScope {
	return &encScope{parent: parent, named: map[*TypeDef]uint32{}, dedup: map[string]uint32{},
		ifaceInst: map[*Interface]uint32{}, aliased: map[*TypeDef]uint32{}}
}

type encoder struct {
	r     *Resolve
	world *World
	outer *encScope
	// exporting: encoding the export half of the world.
	exporting bool
	exported  map[*Interface]uint32
	imported  map[*Interface]uint32
}

// EncodeWorld returns the component that describes world w (the payload of
// a `component-type` custom section).
func EncodeWorld(r *Resolve, w *World) ([]byte, error) {
	body, err := encodeWorldType(r, w)
	if err != nil {
		return nil, err
	}
	var out buf
	out.Write([]byte{0x00, 'a', 's', 'm', 0x0d, 0x00, 0x01, 0x00})
	// custom section: wit-component-encoding, version 4, utf8
	var cs buf
	cs.name("wit-component-encoding")
	cs.Write([]byte{0x04, 0x00})
	writeSection(&out, secCustom, cs.Bytes())
	// type section with one component type wrapping the world.
	var wrap buf
	wrap.WriteByte(typeComponent)
	wrap.u32(2)
	wrap.WriteByte(declType)
	wrap.Write(body)
	wrap.WriteByte(declExport)
	wrap.externName(w.QualifiedName())
	wrap.WriteByte(sortComponent)
	wrap.u32(0)
	var ts buf
	ts.u32(1)
	ts.Write(wrap.Bytes())
	writeSection(&out, secType, ts.Bytes())
	var es buf
	es.u32(1)
	es.externName(w.Name)
	es.WriteByte(sortType)
	es.u32(0)
	es.WriteByte(0x00) // no type ascription
	writeSection(&out, secExport, es.Bytes())
	return out.Bytes(), nil
}

func writeSection(out *buf, id byte, body []byte) {
	out.WriteByte(id)
	out.u32(uint32(len(body)))
	out.Write(body)
}

// encodeWorldType encodes `(component …)` for the world: its deftype bytes
// starting with 0x41.
func encodeWorldType(r *Resolve, w *World) (b []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			if e, ok := p.(encodeError); ok {
				err = e
				return
			}
			panic(p)
		}
	}()
	e := &encoder{r: r, world: w, outer: newEncScope(nil), exported: map[*Interface]uint32{}, imported: map[*Interface]uint32{}}
	o := e.outer
	o.owner = w
	// World-level types are defined in the outer scope.
	for _, it := range w.Imports {
		switch it.Kind {
		case WorldInterface:
			idx := e.instanceType(it.Interface)
			o.decl(declImport)
			o.body.externName(it.Key)
			o.body.WriteByte(sortInstance)
			o.body.u32(idx)
			// An interface imported under several names (see
			// World.ExpandImport): types used from it come from the
			// first of its instances.
			if _, ok := e.imported[it.Interface]; !ok {
				e.imported[it.Interface] = o.instances
				o.ifaceInst[it.Interface] = o.instances
			}
			o.instances++
		case WorldType:
			e.importType(o, it)
		case WorldFunction:
			idx := e.funcType(o, it.Function)
			o.decl(declImport)
			o.body.externName(it.Key)
			o.body.WriteByte(sortFunc)
			o.body.u32(idx)
		}
	}
	e.exporting = true
	for _, it := range w.Exports {
		switch it.Kind {
		case WorldInterface:
			idx := e.instanceType(it.Interface)
			o.decl(declExport)
			o.body.externName(it.Key)
			o.body.WriteByte(sortInstance)
			o.body.u32(idx)
			if _, ok := e.exported[it.Interface]; !ok {
				e.exported[it.Interface] = o.instances
			}
			o.instances++
		case WorldFunction:
			idx := e.funcType(o, it.Function)
			o.decl(declExport)
			o.body.externName(it.Key)
			o.body.WriteByte(sortFunc)
			o.body.u32(idx)
		case WorldType:
			return nil, fmt.Errorf("wit: world %s exports type %q: worlds can only export interfaces and functions", w.QualifiedName(), it.Key)
		}
	}
	var out buf
	out.WriteByte(typeComponent)
	out.u32(uint32(o.count))
	out.Write(o.body.Bytes())
	return out.Bytes(), nil
}

type encodeError struct{ error }

func (s *encScope) decl(kind byte) {
	s.count++
	s.body.WriteByte(kind)
}

// defType adds a type declaration (deftype bytes) and returns its index.
func (s *encScope) defType(def []byte, dedup bool) uint32 {
	if dedup {
		if idx, ok := s.dedup[string(def)]; ok {
			return idx
		}
	}
	s.decl(declType)
	s.body.Write(def)
	idx := s.types
	s.types++
	if dedup {
		s.dedup[string(def)] = idx
	}
	return idx
}

// exportType declares `(export "name" (type (eq idx)))` (or sub resource when
// idx < 0) and returns the new type index.
func (s *encScope) exportOrImportType(kind byte, name string, eq int64) uint32 {
	s.decl(kind)
	s.body.externName(name)
	s.body.WriteByte(sortType)
	if eq < 0 {
		s.body.WriteByte(boundSubResource)
	} else {
		s.body.WriteByte(boundEq)
		s.body.u32(uint32(eq))
	}
	idx := s.types
	s.types++
	return idx
}

// instanceType encodes an interface as an instance type in the outer scope
// and returns its type index.
func (e *encoder) instanceType(i *Interface) uint32 {
	s := newEncScope(e.outer)
	s.owner = i
	for _, t := range i.Types {
		e.namedType(s, t, declExport)
	}
	for _, f := range i.Functions {
		idx := e.funcType(s, f)
		s.decl(declExport)
		s.body.externName(f.Name)
		s.body.WriteByte(sortFunc)
		s.body.u32(idx)
	}
	var def buf
	def.WriteByte(typeInstance)
	def.u32(uint32(s.count))
	def.Write(s.body.Bytes())
	return e.outer.defType(def.Bytes(), false)
}

// importType declares a world-level type in the outer scope.
func (e *encoder) importType(o *encScope, it *WorldItem) {
	e.namedType(o, it.Type, declImport)
}

// namedType declares named type t in scope s as an export (instance) or
// import (world).
func (e *encoder) namedType(s *encScope, t *TypeDef, kind byte) {
	if _, ok := s.named[t]; ok {
		return
	}
	switch k := t.Kind.(type) {
	case *Resource:
		s.named[t] = s.exportOrImportType(kind, t.Name, -1)
		return
	case *Alias:
		if td, ok := k.Target.(*TypeDef); ok && td.Name != "" && foreign(s, td) {
			// A `use`d type: alias it from the instance that defines it.
			idx := e.useType(s, td)
			s.named[t] = s.exportOrImportType(kind, t.Name, int64(idx))
			return
		}
		if td, ok := k.Target.(*TypeDef); ok && td.Name != "" {
			// `type a = b` in the same scope.
			e.namedType(s, td, kind)
			s.named[t] = s.exportOrImportType(kind, t.Name, int64(s.named[td]))
			return
		}
		// A primitive or anonymous type: a definition of its own (not
		// shared with equal anonymous types), then named.
		var idx uint32
		switch tt := k.Target.(type) {
		case Primitive:
			idx = s.defType([]byte{primCodes[tt]}, false)
		case *TypeDef:
			idx = s.defType(e.defValType(s, tt), false)
		}
		s.named[t] = s.exportOrImportType(kind, t.Name, int64(idx))
		return
	}
	def := e.defValType(s, t)
	idx := s.defType(def, false)
	s.named[t] = s.exportOrImportType(kind, t.Name, int64(idx))
}

// anonIndex returns a type index for a primitive or anonymous type.
func (e *encoder) anonIndex(s *encScope, t Type) uint32 {
	switch t := t.(type) {
	case Primitive:
		return s.defType([]byte{primCodes[t]}, true)
	case *TypeDef:
		if idx, ok := s.named[t]; ok {
			return idx
		}
		return s.defType(e.defValType(s, t), true)
	}
	panic(encodeError{fmt.Errorf("wit: cannot encode type %v", t)})
}

// useType returns the index, in scope s, of a type td defined in another
// interface (or world scope), aliasing it through the outer scope.
func (e *encoder) useType(s *encScope, td *TypeDef) uint32 {
	if idx, ok := s.aliased[td]; ok {
		return idx
	}
	o := e.outer
	var outerIdx uint32
	if s == o {
		outerIdx = e.outerAlias(td)
		s.aliased[td] = outerIdx
		return outerIdx
	}
	outerIdx = e.outerAlias(td)
	s.decl(declAlias)
	s.body.WriteByte(sortType)
	s.body.WriteByte(aliasOuter)
	s.body.u32(1)
	s.body.u32(outerIdx)
	idx := s.types
	s.types++
	s.aliased[td] = idx
	return idx
}

// outerAlias aliases the export named td.Name of the instance of td's
// interface into the outer scope.
func (e *encoder) outerAlias(td *TypeDef) uint32 {
	o := e.outer
	if idx, ok := o.aliased[td]; ok {
		return idx
	}
	owner, ok := td.Owner.(*Interface)
	if !ok {
		panic(encodeError{fmt.Errorf("wit: type %q is not defined in an interface", td.Name)})
	}
	var inst uint32
	var found bool
	if e.exporting {
		inst, found = e.exported[owner]
	}
	if !found {
		inst, found = e.imported[owner]
	}
	if !found {
		panic(encodeError{fmt.Errorf("wit: world %s uses type %q of interface %s, which it neither imports nor exports", e.world.QualifiedName(), td.Name, ifaceLabel(owner))})
	}
	o.decl(declAlias)
	o.body.WriteByte(sortType)
	o.body.WriteByte(aliasExport)
	o.body.u32(inst)
	o.body.name(td.Name)
	idx := o.types
	o.types++
	o.aliased[td] = idx
	return idx
}

// valType writes a valtype: a primitive code or a type index.
func (e *encoder) valType(s *encScope, b *buf, t Type) {
	if p, ok := t.(Primitive); ok {
		b.WriteByte(primCodes[p])
		return
	}
	td := t.(*TypeDef)
	if td.Name != "" {
		idx, ok := s.named[td]
		if !ok {
			// A type of another interface reached through an alias.
			if foreign(s, td) {
				idx = e.useType(s, td)
			} else {
				kind := byte(declExport)
				if s == e.outer {
					kind = declImport
				}
				e.namedType(s, td, kind)
				idx = s.named[td]
			}
		}
		b.s33(idx)
		return
	}
	b.s33(e.anonIndex(s, td))
}

// foreign reports whether td belongs to an interface other than the one
// scope s declares, so that it must be aliased from that interface's
// instance. Types owned by a world (also worlds pulled in by `include`)
// live in the outer scope.
func foreign(s *encScope, td *TypeDef) bool {
	o, ok := td.Owner.(*Interface)
	return ok && TypeOwner(o) != s.owner
}

func optVal(e *encoder, s *encScope, b *buf, t Type) {
	if t == nil {
		b.WriteByte(0x00)
		return
	}
	b.WriteByte(0x01)
	e.valType(s, b, t)
}

// defValType encodes the defvaltype of a non-alias TypeDef.
func (e *encoder) defValType(s *encScope, t *TypeDef) []byte {
	// Encode dependencies first so their declarations precede this one.
	var b buf
	switch k := t.Kind.(type) {
	case *Record:
		var body buf
		for _, f := range k.Fields {
			body.name(f.Name)
			e.valType(s, &body, f.Type)
		}
		b.WriteByte(0x72)
		b.u32(uint32(len(k.Fields)))
		b.Write(body.Bytes())
	case *Variant:
		var body buf
		for _, c := range k.Cases {
			body.name(c.Name)
			optVal(e, s, &body, c.Type)
			body.WriteByte(0x00)
		}
		b.WriteByte(0x71)
		b.u32(uint32(len(k.Cases)))
		b.Write(body.Bytes())
	case *List:
		var body buf
		e.valType(s, &body, k.Elem)
		if k.Size > 0 {
			b.WriteByte(0x67)
			b.Write(body.Bytes())
			b.u32(k.Size)
		} else {
			b.WriteByte(0x70)
			b.Write(body.Bytes())
		}
	case *Tuple:
		var body buf
		for _, x := range k.Types {
			e.valType(s, &body, x)
		}
		b.WriteByte(0x6f)
		b.u32(uint32(len(k.Types)))
		b.Write(body.Bytes())
	case *Flags:
		b.WriteByte(0x6e)
		b.u32(uint32(len(k.Flags)))
		for _, f := range k.Flags {
			b.name(f.Name)
		}
	case *Enum:
		b.WriteByte(0x6d)
		b.u32(uint32(len(k.Cases)))
		for _, c := range k.Cases {
			b.name(c.Name)
		}
	case *Option:
		var body buf
		e.valType(s, &body, k.Elem)
		b.WriteByte(0x6b)
		b.Write(body.Bytes())
	case *Result:
		var body buf
		optVal(e, s, &body, k.OK)
		optVal(e, s, &body, k.Err)
		b.WriteByte(0x6a)
		b.Write(body.Bytes())
	case *Handle:
		res := k.Resource
		var idx uint32
		if i, ok := s.named[res]; ok {
			idx = i
		} else if foreign(s, res) {
			idx = e.useType(s, res)
		} else {
			kind := byte(declExport)
			if s == e.outer {
				kind = declImport
			}
			e.namedType(s, res, kind)
			idx = s.named[res]
		}
		if k.Borrow {
			b.WriteByte(0x68)
		} else {
			b.WriteByte(0x69)
		}
		b.u32(idx)
	case *Future:
		var body buf
		optVal(e, s, &body, k.Elem)
		b.WriteByte(0x65)
		b.Write(body.Bytes())
	case *Stream:
		var body buf
		optVal(e, s, &body, k.Elem)
		b.WriteByte(0x66)
		b.Write(body.Bytes())
	case *Alias:
		var body buf
		e.valType(s, &body, k.Target)
		return body.Bytes()
	default:
		panic(encodeError{fmt.Errorf("wit: cannot encode type %s (%T)", t, t.Kind)})
	}
	return b.Bytes()
}

// funcType declares (or reuses) the function type of f in scope s.
func (e *encoder) funcType(s *encScope, f *Function) uint32 {
	var b buf
	if f.Async {
		b.WriteByte(typeAsyncFunc)
	} else {
		b.WriteByte(typeFunc)
	}
	b.u32(uint32(len(f.Params)))
	for _, p := range f.Params {
		b.name(p.Name)
		e.valType(s, &b, p.Type)
	}
	if f.Result == nil {
		b.Write([]byte{0x01, 0x00})
	} else {
		b.WriteByte(0x00)
		e.valType(s, &b, f.Result)
	}
	return s.defType(b.Bytes(), true)
}
