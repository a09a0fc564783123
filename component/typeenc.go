package component

import "fmt"

// TypeIndexMap maps resolved types to type indices of one scope. Resources
// and named types with an Owner are keyed by owner and name, so that a type
// resolved from one component finds the index under which another
// component (the one being built) holds the same type; other types are
// keyed by identity.
type TypeIndexMap struct {
	byKey map[string]uint32
	byPtr map[Type]uint32
}

func typeKey(t Type) string {
	switch x := t.(type) {
	case *Resource:
		if x.Owner != "" {
			return "resource " + InterfaceKey(x.Owner) + " " + x.Name
		}
	case *Named:
		if x.Owner != "" {
			return "type " + InterfaceKey(x.Owner) + " " + x.Name
		}
	}
	return ""
}

// Add records that t has index idx.
func (m *TypeIndexMap) Add(t Type, idx uint32) {
	if k := typeKey(t); k != "" {
		if m.byKey == nil {
			m.byKey = map[string]uint32{}
		}
		m.byKey[k] = idx
		return
	}
	if m.byPtr == nil {
		m.byPtr = map[Type]uint32{}
	}
	m.byPtr[t] = idx
}

// Lookup returns the index recorded for t. It has the signature of
// TypeEncoder.Outer.
func (m *TypeIndexMap) Lookup(t Type) (uint32, bool) {
	if k := typeKey(t); k != "" {
		i, ok := m.byKey[k]
		return i, ok
	}
	i, ok := m.byPtr[t]
	return i, ok
}

// TypeEncoder writes resolved types as type declarations of one scope: the
// body of a new instance or component type, or the type sections of a
// component. It defines each type once (by identity) and returns indices in
// the scope's type index space.
//
// Types the scope cannot define itself — resources it does not export, and
// named types it chooses to take from elsewhere — are asked of Outer, which
// returns their index in the scope OuterCount levels up. With OuterCount 0
// (writing a component's own type sections) that index is used directly;
// otherwise the encoder emits an outer alias declaration.
type TypeEncoder struct {
	Outer      func(Type) (uint32, bool)
	OuterCount uint32
	// Decls are the declarations written so far.
	Decls []Decl
	next  uint32
	local map[Type]uint32
	// localKey finds declared resources and named types by owner and name
	// (typeKey), so that the same type resolved from another component
	// (another pointer) maps to the same declaration.
	localKey map[string]uint32
}

// NewTypeEncoder returns an encoder for a scope whose next type index is
// base (0 for a new instance or component type; IndexSpaces(c)[SortType]
// when appending to component c).
func NewTypeEncoder(base uint32, outer func(Type) (uint32, bool), outerCount uint32) *TypeEncoder {
	return &TypeEncoder{Outer: outer, OuterCount: outerCount, next: base, local: map[Type]uint32{}, localKey: map[string]uint32{}}
}

// EncodeError reports a type that cannot be written in the scope.
type EncodeError struct{ Msg string }

func (e *EncodeError) Error() string { return "component: encoding types: " + e.Msg }

type encodePanic struct{ err *EncodeError }

func encFail(format string, args ...any) {
	panic(encodePanic{&EncodeError{Msg: fmt.Sprintf(format, args...)}})
}

func catchEncode(err *error) {
	if r := recover(); r != nil {
		p, ok := r.(encodePanic)
		if !ok {
			panic(r)
		}
		*err = p.err
	}
}

func (e *TypeEncoder) add(d Decl) uint32 {
	e.Decls = append(e.Decls, d)
	i := e.next
	e.next++
	return i
}

// NextIndex is the index the next type declared in the scope gets.
func (e *TypeEncoder) NextIndex() uint32 { return e.next }

// ValType returns a value type reference to t, defining t if needed.
func (e *TypeEncoder) ValType(t Type) (v ValType, err error) {
	defer catchEncode(&err)
	return e.valType(t), nil
}

// TypeIndex returns the index of t in the scope, defining it if needed.
func (e *TypeEncoder) TypeIndex(t Type) (idx uint32, err error) {
	defer catchEncode(&err)
	return e.define(t), nil
}

// TypeDefs returns the declarations as type definitions for a component's
// type section. It fails if an outer alias or export was declared (only
// possible with OuterCount > 0 or after ExportInterface).
func (e *TypeEncoder) TypeDefs() ([]TypeDef, error) {
	defs := make([]TypeDef, 0, len(e.Decls))
	for _, d := range e.Decls {
		if d.Kind != DeclType {
			return nil, &EncodeError{Msg: "declarations other than types cannot go into a type section"}
		}
		defs = append(defs, d.Type)
	}
	return defs, nil
}

func (e *TypeEncoder) valType(t Type) ValType {
	if p, ok := t.(PrimValType); ok {
		return ValType{Prim: p}
	}
	return ValType{Index: e.define(t)}
}

func (e *TypeEncoder) optValType(t Type) *ValType {
	if t == nil {
		return nil
	}
	v := e.valType(t)
	return &v
}

func (e *TypeEncoder) fields(ps []Param) []Field {
	out := make([]Field, len(ps))
	for i, p := range ps {
		out[i] = Field{Name: p.Name, Type: e.valType(p.Type)}
	}
	return out
}

func (e *TypeEncoder) outer(t Type) (uint32, bool) {
	if e.Outer == nil {
		return 0, false
	}
	idx, ok := e.Outer(t)
	if !ok {
		return 0, false
	}
	if e.OuterCount == 0 {
		return idx, true
	}
	i := e.add(Decl{Kind: DeclAlias, Alias: Alias{Sort: SortType, Kind: AliasOuter, Count: e.OuterCount, Index: idx}})
	return i, true
}

// remember records that t has index i in this scope.
func (e *TypeEncoder) remember(t Type, i uint32) {
	e.local[t] = i
	if k := typeKey(t); k != "" {
		e.localKey[k] = i
	}
}

func (e *TypeEncoder) lookupLocal(t Type) (uint32, bool) {
	if i, ok := e.local[t]; ok {
		return i, true
	}
	if k := typeKey(t); k != "" {
		if i, ok := e.localKey[k]; ok {
			return i, true
		}
	}
	return 0, false
}

func (e *TypeEncoder) define(t Type) uint32 {
	if i, ok := e.lookupLocal(t); ok {
		return i
	}
	var idx uint32
	switch x := t.(type) {
	case nil:
		encFail("missing type")
	case *Resource:
		i, ok := e.outer(x)
		if !ok {
			encFail("resource %q of %q is not available in this scope", x.Name, x.Owner)
		}
		idx = i
	case *Named:
		if i, ok := e.outer(x); ok {
			idx = i
		} else {
			// Named types are transparent: define the type itself.
			idx = e.define(x.Type)
		}
	case PrimValType:
		idx = e.add(Decl{Kind: DeclType, Type: PrimType{Type: x}})
	case *RecordType:
		idx = e.add(Decl{Kind: DeclType, Type: &Record{Fields: e.fields(x.Fields)}})
	case *VariantType:
		cases := make([]Case, len(x.Cases))
		for i, c := range x.Cases {
			cases[i] = Case{Name: c.Name, Type: e.optValType(c.Type)}
		}
		idx = e.add(Decl{Kind: DeclType, Type: &Variant{Cases: cases}})
	case *ListType:
		if x.Fixed {
			idx = e.add(Decl{Kind: DeclType, Type: &FixedList{Elem: e.valType(x.Elem), Len: x.Len}})
		} else {
			idx = e.add(Decl{Kind: DeclType, Type: &List{Elem: e.valType(x.Elem)}})
		}
	case *TupleType:
		ts := make([]ValType, len(x.Types))
		for i, el := range x.Types {
			ts[i] = e.valType(el)
		}
		idx = e.add(Decl{Kind: DeclType, Type: &Tuple{Types: ts}})
	case *FlagsType:
		idx = e.add(Decl{Kind: DeclType, Type: &Flags{Names: x.Names}})
	case *EnumType:
		idx = e.add(Decl{Kind: DeclType, Type: &Enum{Names: x.Names}})
	case *OptionType:
		idx = e.add(Decl{Kind: DeclType, Type: &Option{Type: e.valType(x.Type)}})
	case *ResultType:
		idx = e.add(Decl{Kind: DeclType, Type: &Result{Ok: e.optValType(x.Ok), Err: e.optValType(x.Err)}})
	case *HandleType:
		r := e.define(x.Resource)
		if x.Borrow {
			idx = e.add(Decl{Kind: DeclType, Type: &Borrow{Type: r}})
		} else {
			idx = e.add(Decl{Kind: DeclType, Type: &Own{Type: r}})
		}
	case *StreamType:
		idx = e.add(Decl{Kind: DeclType, Type: &Stream{Elem: e.optValType(x.Elem)}})
	case *FutureType:
		idx = e.add(Decl{Kind: DeclType, Type: &Future{Elem: e.optValType(x.Elem)}})
	case *Func:
		ft := &FuncType{Async: x.Async, Params: e.fields(x.Params)}
		if x.Result != nil {
			ft.Result = e.optValType(x.Result)
		} else {
			ft.Results = e.fields(x.Results)
		}
		idx = e.add(Decl{Kind: DeclType, Type: ft})
	case *Interface:
		inner := NewTypeEncoder(0, e.localLookup, 1)
		if err := inner.exportAll(x, ""); err != nil {
			panic(encodePanic{err.(*EncodeError)})
		}
		idx = e.add(Decl{Kind: DeclType, Type: &InstanceType{Decls: inner.Decls}})
	default:
		encFail("cannot declare a %T", t)
	}
	e.remember(t, idx)
	return idx
}

// localLookup lets a nested type find types this scope has defined.
func (e *TypeEncoder) localLookup(t Type) (uint32, bool) { return e.lookupLocal(t) }

// ExportInterface declares the exports of iface in this scope (the body of
// an instance type): resources owned by owner become (sub resource)
// exports, named types become (eq) exports, functions get their types.
// owner is the import or export name the interface appears under; resources
// and named types of other interfaces come from Outer.
func (e *TypeEncoder) ExportInterface(iface *Interface, owner string) error {
	return e.exportAll(iface, owner)
}

func (e *TypeEncoder) exportAll(iface *Interface, owner string) (err error) {
	defer catchEncode(&err)
	for _, x := range iface.Exports {
		name := ExternName{Name: x.Name}
		switch x.Kind {
		case ExternType:
			if r := ResourceOf(x.Type); r != nil && r.Name == x.Name && (r.Owner == "" || sameInterface(r.Owner, owner)) && !isAlias(x.Type) {
				if _, done := e.lookupLocal(r); done {
					break
				}
				i := e.add(Decl{Kind: DeclExport, Name: name, Desc: ExternDesc{Kind: ExternType, SubResource: true}})
				e.remember(r, i)
				e.remember(x.Type, i)
				continue
			}
			var under uint32
			if n, ok := x.Type.(*Named); ok {
				under = e.define(n.Type)
			} else {
				under = e.define(x.Type)
			}
			e.remember(x.Type, e.add(Decl{Kind: DeclExport, Name: name, Desc: ExternDesc{Kind: ExternType, Index: under}}))
		case ExternFunc:
			ft := e.define(x.Type)
			e.Decls = append(e.Decls, Decl{Kind: DeclExport, Name: name, Desc: ExternDesc{Kind: ExternFunc, Index: ft}})
		case ExternInstance:
			it := e.define(x.Type)
			e.Decls = append(e.Decls, Decl{Kind: DeclExport, Name: name, Desc: ExternDesc{Kind: ExternInstance, Index: it}})
		default:
			encFail("cannot declare export %q of kind %s", x.Name, x.Kind)
		}
	}
	return nil
}

// InstanceTypeOf builds the instance type of iface as imported or exported
// under owner, taking resources and named types of other interfaces from
// outer (indices in the enclosing component's type index space; each use
// becomes an (alias outer 1 idx) declaration).
func InstanceTypeOf(iface *Interface, owner string, outer func(Type) (uint32, bool)) (*InstanceType, error) {
	e := NewTypeEncoder(0, outer, 1)
	if err := e.ExportInterface(iface, owner); err != nil {
		return nil, err
	}
	return &InstanceType{Decls: e.Decls}, nil
}
