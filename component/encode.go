package component

import (
	"bytes"
	"fmt"

	"github.com/wasmcp/wasmcp/component/internal/leb128"
)

// Encode encodes c in the component binary format. Numbers are written in
// their minimal LEB128 form, except in sections that were decoded from input
// with longer forms and have not changed since: those are written back as
// they were read. Encode does not validate (see Validate); it panics only
// on models no decoder produces, such as a nil TypeDef or an out-of-range
// Sort.
func Encode(c *Component) []byte {
	return appendComponent(nil, c)
}

// EncodeSection returns the bytes of one section (id, size and contents).
func EncodeSection(s Section) []byte { return appendSection(nil, s) }

func appendComponent(dst []byte, c *Component) []byte {
	dst = append(dst, magic...)
	dst = append(dst, byte(c.Version), byte(c.Version>>8), byte(c.Layer), byte(c.Layer>>8))
	for _, s := range c.Sections {
		dst = appendSectionOrig(dst, s)
	}
	return dst
}

// appendSectionOrig writes the original bytes of an unchanged decoded
// section, or its canonical encoding.
func appendSectionOrig(dst []byte, s Section) []byte {
	o := s.origin()
	if o.orig == nil {
		return appendSection(dst, s)
	}
	start := len(dst)
	dst = appendSection(dst, s)
	if bytes.Equal(dst[start:], o.canon) {
		dst = append(dst[:start], o.orig...)
	}
	return dst
}

type encoder struct{ b []byte }

func (e *encoder) byte1(b byte)        { e.b = append(e.b, b) }
func (e *encoder) u32(v uint32)        { e.b = leb128.AppendUint32(e.b, v) }
func (e *encoder) u64(v uint64)        { e.b = leb128.AppendUint64(e.b, v) }
func (e *encoder) name(s string)       { e.u32(uint32(len(s))); e.b = append(e.b, s...) }
func (e *encoder) count(n int)         { e.u32(uint32(n)) }
func (e *encoder) bool1(ok bool)       { e.byte1(b2b(ok)) }
func (e *encoder) extern(n ExternName) { e.byte1(n.Prefix); e.name(n.Name) }

func b2b(ok bool) byte {
	if ok {
		return 1
	}
	return 0
}

func appendSection(dst []byte, s Section) []byte {
	e := &encoder{}
	e.sectionBody(s)
	dst = append(dst, byte(s.ID()))
	dst = leb128.AppendUint32(dst, uint32(len(e.b)))
	return append(dst, e.b...)
}

func (s *CustomSection) ID() SectionID       { return SectionCustom }
func (s *NameSection) ID() SectionID         { return SectionCustom }
func (s *CoreModuleSection) ID() SectionID   { return SectionCoreModule }
func (s *CoreInstanceSection) ID() SectionID { return SectionCoreInstance }
func (s *CoreTypeSection) ID() SectionID     { return SectionCoreType }
func (s *ComponentSection) ID() SectionID    { return SectionComponent }
func (s *InstanceSection) ID() SectionID     { return SectionInstance }
func (s *AliasSection) ID() SectionID        { return SectionAlias }
func (s *TypeSection) ID() SectionID         { return SectionType }
func (s *CanonSection) ID() SectionID        { return SectionCanon }
func (s *StartSection) ID() SectionID        { return SectionStart }
func (s *ImportSection) ID() SectionID       { return SectionImport }
func (s *ExportSection) ID() SectionID       { return SectionExport }

func (e *encoder) sectionBody(s Section) {
	switch s := s.(type) {
	case *CustomSection:
		e.name(s.Name)
		e.b = append(e.b, s.Data...)
	case *NameSection:
		e.name("component-name")
		for _, sub := range s.Subsections {
			se := &encoder{}
			switch sub.ID {
			case 0:
				se.name(sub.Name)
			case 1:
				se.sort(sub.Sort)
				se.count(len(sub.Names))
				for _, n := range sub.Names {
					se.u32(n.Index)
					se.name(n.Name)
				}
			default:
				se.b = append(se.b, sub.Raw...)
			}
			e.byte1(sub.ID)
			e.count(len(se.b))
			e.b = append(e.b, se.b...)
		}
	case *CoreModuleSection:
		e.b = append(e.b, s.Module...)
	case *CoreInstanceSection:
		e.count(len(s.Instances))
		for _, ci := range s.Instances {
			if ci.Inline {
				e.byte1(0x01)
				e.count(len(ci.Exports))
				for _, x := range ci.Exports {
					e.name(x.Name)
					e.b = append(e.b, coreSortBytes[x.Sort])
					e.u32(x.Index)
				}
				continue
			}
			e.byte1(0x00)
			e.u32(ci.Module)
			e.count(len(ci.Args))
			for _, a := range ci.Args {
				e.name(a.Name)
				e.byte1(0x12)
				e.u32(a.Instance)
			}
		}
	case *CoreTypeSection:
		e.count(len(s.Types))
		for _, t := range s.Types {
			e.coreType(t)
		}
	case *ComponentSection:
		e.b = appendComponent(e.b, s.Component)
	case *InstanceSection:
		e.count(len(s.Instances))
		for _, in := range s.Instances {
			if in.Inline {
				e.byte1(0x01)
				e.count(len(in.Exports))
				for _, x := range in.Exports {
					e.extern(x.Name)
					e.sort(x.Sort)
					e.u32(x.Index)
				}
				continue
			}
			e.byte1(0x00)
			e.u32(in.Component)
			e.count(len(in.Args))
			for _, a := range in.Args {
				e.name(a.Name)
				e.sort(a.Sort)
				e.u32(a.Index)
			}
		}
	case *AliasSection:
		e.count(len(s.Aliases))
		for _, a := range s.Aliases {
			e.alias(a)
		}
	case *TypeSection:
		e.count(len(s.Types))
		for _, t := range s.Types {
			e.typeDef(t)
		}
	case *CanonSection:
		e.count(len(s.Funcs))
		for _, c := range s.Funcs {
			e.byte1(byte(c.Kind))
			switch c.Kind {
			case CanonLift:
				e.byte1(0x00)
				e.u32(c.Func)
				e.canonOpts(c.Opts)
				e.u32(c.Type)
			case CanonLower:
				e.byte1(0x00)
				e.u32(c.Func)
				e.canonOpts(c.Opts)
			default:
				e.u32(c.Type)
			}
		}
	case *StartSection:
		e.u32(s.Func)
		e.count(len(s.Args))
		for _, a := range s.Args {
			e.u32(a)
		}
		e.u32(s.Results)
	case *ImportSection:
		e.count(len(s.Imports))
		for _, im := range s.Imports {
			e.extern(im.Name)
			e.externDesc(im.Desc)
		}
	case *ExportSection:
		e.count(len(s.Exports))
		for _, x := range s.Exports {
			e.extern(x.Name)
			e.sort(x.Sort)
			e.u32(x.Index)
			if x.Desc == nil {
				e.byte1(0x00)
			} else {
				e.byte1(0x01)
				e.externDesc(*x.Desc)
			}
		}
	default:
		panic(fmt.Sprintf("component: cannot encode section %T", s))
	}
}

func (e *encoder) sort(s Sort) {
	if s.IsCore() {
		e.byte1(0x00)
		e.byte1(coreSortBytes[s])
		return
	}
	e.byte1(byte(s-SortFunc) + 1)
}

func (e *encoder) alias(a Alias) {
	e.sort(a.Sort)
	e.byte1(byte(a.Kind))
	switch a.Kind {
	case AliasExport, AliasCoreExport:
		e.u32(a.Instance)
		e.name(a.Name)
	default:
		e.u32(a.Count)
		e.u32(a.Index)
	}
}

func (e *encoder) canonOpts(opts []CanonOpt) {
	e.count(len(opts))
	for _, o := range opts {
		e.byte1(o.Kind)
		switch o.Kind {
		case OptMemory, OptRealloc, OptPostReturn, OptCallback:
			e.u32(o.Index)
		}
	}
}

func (e *encoder) externDesc(d ExternDesc) {
	e.byte1(byte(d.Kind))
	switch d.Kind {
	case ExternCoreModule:
		e.byte1(0x11)
		e.u32(d.Index)
	case ExternValue:
		if d.ValueEq {
			e.byte1(0x00)
			e.u32(d.Index)
		} else {
			e.byte1(0x01)
			e.valType(d.Value)
		}
	case ExternType:
		if d.SubResource {
			e.byte1(0x01)
		} else {
			e.byte1(0x00)
			e.u32(d.Index)
		}
	default:
		e.u32(d.Index)
	}
}

func (e *encoder) valType(t ValType) {
	if t.Prim != 0 {
		e.byte1(byte(t.Prim))
		return
	}
	e.b = leb128.AppendInt64(e.b, int64(t.Index))
}

func (e *encoder) optValType(t *ValType) {
	if t == nil {
		e.byte1(0x00)
		return
	}
	e.byte1(0x01)
	e.valType(*t)
}

func (e *encoder) fields(fs []Field) {
	e.count(len(fs))
	for _, f := range fs {
		e.name(f.Name)
		e.valType(f.Type)
	}
}

func (e *encoder) labels(ls []string) {
	e.count(len(ls))
	for _, l := range ls {
		e.name(l)
	}
}

func (e *encoder) typeDef(t TypeDef) {
	switch t := t.(type) {
	case PrimType:
		e.byte1(byte(t.Type))
	case *Record:
		e.byte1(0x72)
		e.fields(t.Fields)
	case *Variant:
		e.byte1(0x71)
		e.count(len(t.Cases))
		for _, c := range t.Cases {
			e.name(c.Name)
			e.optValType(c.Type)
			if c.Refines == nil {
				e.byte1(0x00)
			} else {
				e.byte1(0x01)
				e.u32(*c.Refines)
			}
		}
	case *List:
		e.byte1(0x70)
		e.valType(t.Elem)
	case *FixedList:
		e.byte1(0x67)
		e.valType(t.Elem)
		e.u32(t.Len)
	case *Tuple:
		e.byte1(0x6f)
		e.count(len(t.Types))
		for _, v := range t.Types {
			e.valType(v)
		}
	case *Flags:
		e.byte1(0x6e)
		e.labels(t.Names)
	case *Enum:
		e.byte1(0x6d)
		e.labels(t.Names)
	case *Option:
		e.byte1(0x6b)
		e.valType(t.Type)
	case *Result:
		e.byte1(0x6a)
		e.optValType(t.Ok)
		e.optValType(t.Err)
	case *Own:
		e.byte1(0x69)
		e.u32(t.Type)
	case *Borrow:
		e.byte1(0x68)
		e.u32(t.Type)
	case *Stream:
		e.byte1(0x66)
		e.optValType(t.Elem)
	case *Future:
		e.byte1(0x65)
		e.optValType(t.Elem)
	case *FuncType:
		if t.Async {
			e.byte1(0x43)
		} else {
			e.byte1(0x40)
		}
		e.fields(t.Params)
		if t.Result != nil {
			e.byte1(0x00)
			e.valType(*t.Result)
		} else {
			e.byte1(0x01)
			e.fields(t.Results)
		}
	case *ComponentType:
		e.byte1(0x41)
		e.decls(t.Decls)
	case *InstanceType:
		e.byte1(0x42)
		e.decls(t.Decls)
	case *ResourceType:
		if t.Async {
			e.byte1(0x3e)
		} else {
			e.byte1(0x3f)
		}
		rep := t.Rep
		if rep == 0 {
			rep = I32
		}
		e.byte1(byte(rep))
		e.optU32(t.Dtor)
		if t.Async {
			e.optU32(t.Callback)
		}
	default:
		panic(fmt.Sprintf("component: cannot encode type %T", t))
	}
}

func (e *encoder) optU32(v *uint32) {
	if v == nil {
		e.byte1(0x00)
		return
	}
	e.byte1(0x01)
	e.u32(*v)
}

func (e *encoder) decls(ds []Decl) {
	e.count(len(ds))
	for _, d := range ds {
		e.byte1(byte(d.Kind))
		switch d.Kind {
		case DeclCoreType:
			e.coreType(d.CoreType)
		case DeclType:
			e.typeDef(d.Type)
		case DeclAlias:
			e.alias(d.Alias)
		default:
			e.extern(d.Name)
			e.externDesc(d.Desc)
		}
	}
}

func (e *encoder) coreType(t CoreType) {
	switch t := t.(type) {
	case *CoreFuncType:
		e.byte1(0x60)
		e.count(len(t.Params))
		for _, p := range t.Params {
			e.byte1(byte(p))
		}
		e.count(len(t.Results))
		for _, r := range t.Results {
			e.byte1(byte(r))
		}
	case *CoreModuleType:
		e.byte1(0x50)
		e.count(len(t.Decls))
		for _, d := range t.Decls {
			e.byte1(d.Kind)
			switch d.Kind {
			case 0x00:
				e.name(d.Module)
				e.name(d.Name)
				e.coreExternDesc(d.Desc)
			case 0x01:
				e.coreType(d.Type)
			case 0x02:
				e.byte1(coreSortBytes[d.Alias.Sort])
				e.byte1(0x01)
				e.u32(d.Alias.Count)
				e.u32(d.Alias.Index)
			case 0x03:
				e.name(d.Name)
				e.coreExternDesc(d.Desc)
			}
		}
	default:
		panic(fmt.Sprintf("component: cannot encode core type %T", t))
	}
}

func (e *encoder) coreExternDesc(d CoreExternDesc) {
	e.byte1(d.Kind)
	switch d.Kind {
	case 0x00:
		e.u32(d.Type)
	case 0x01:
		e.byte1(byte(d.Elem))
		e.limits(d.Limits)
	case 0x02:
		e.limits(d.Limits)
	case 0x03:
		e.byte1(byte(d.Val))
		e.bool1(d.Mutable)
	case 0x04:
		e.byte1(0x00)
		e.u32(d.Type)
	}
}

func (e *encoder) limits(l Limits) {
	e.byte1(l.Flags)
	e.u64(l.Min)
	if l.Flags&0x01 != 0 {
		e.u64(l.Max)
	}
	if l.Flags&0x08 != 0 {
		e.u32(l.PageLog2)
	}
}
