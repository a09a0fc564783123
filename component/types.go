package component

// This file holds the resolved type model: types with every index replaced
// by the type it denotes, as Inspect returns them.

// Type is a resolved type: a PrimValType, *RecordType, *VariantType,
// *ListType, *TupleType, *FlagsType, *EnumType, *OptionType, *ResultType,
// *HandleType, *StreamType, *FutureType, *Resource, *Named, *Func,
// *Interface, *ComponentSig or *CoreModule.
type Type interface{ isType() }

// RecordType is a record.
type RecordType struct{ Fields []Param }

// Param is a named type: a record field or a function parameter or result.
type Param struct {
	Name string
	Type Type
}

// VariantType is a variant; a case's Type is nil when it has no payload.
type VariantType struct{ Cases []Param }

// ListType is list<Elem>, or list<Elem, Len> when Fixed.
type ListType struct {
	Elem  Type
	Fixed bool
	Len   uint32
}

// TupleType is tuple<...>.
type TupleType struct{ Types []Type }

// FlagsType is flags.
type FlagsType struct{ Names []string }

// EnumType is enum.
type EnumType struct{ Names []string }

// OptionType is option<Type>.
type OptionType struct{ Type Type }

// ResultType is result<Ok, Err>; either may be nil.
type ResultType struct{ Ok, Err Type }

// HandleType is own<R> or borrow<R>. Resource is a *Resource or a *Named
// whose underlying type is one (the name under which the resource is
// known where the handle is used).
type HandleType struct {
	Borrow   bool
	Resource Type
}

// StreamType is stream<Elem>; Elem may be nil.
type StreamType struct{ Elem Type }

// FutureType is future<Elem>; Elem may be nil.
type FutureType struct{ Elem Type }

// Resource is a resource type. Resources are nominal: within one component
// each is one *Resource value, shared by every use. Across components, two
// resources are the same when they have the same Owner and Name.
type Resource struct {
	// Name is the name the resource was first exported or imported under.
	Name string
	// Owner is the import or export name of the interface that declares the
	// resource ("wasi:io/streams@0.2.0"), empty for a top-level resource.
	Owner string
	// Defined is true for a resource defined by the component (a resource
	// type definition) rather than an abstract imported one.
	Defined bool
}

// Named is a type given a name by an export with an (eq T) bound: a WIT
// type definition (record point {...}), alias (type a = b) or use.
type Named struct {
	Name  string
	Owner string // as for Resource
	Type  Type
}

// Func is a function type. Result is the single unnamed result (nil for
// none); Results holds named results of older binaries.
type Func struct {
	Async   bool
	Params  []Param
	Result  Type
	Results []Param
}

// Interface is an instance type: its exports in order.
type Interface struct{ Exports []Extern }

// ComponentSig is a component type: its imports and exports.
type ComponentSig struct{ Imports, Exports []Extern }

// CoreModule is a core module; Type is its declared module type when known.
type CoreModule struct{ Type *CoreModuleType }

// coreItem stands for an entry of a core index space other than modules.
type coreItem struct{ coreType CoreType }

func (PrimValType) isType()   {}
func (*RecordType) isType()   {}
func (*VariantType) isType()  {}
func (*ListType) isType()     {}
func (*TupleType) isType()    {}
func (*FlagsType) isType()    {}
func (*EnumType) isType()     {}
func (*OptionType) isType()   {}
func (*ResultType) isType()   {}
func (*HandleType) isType()   {}
func (*StreamType) isType()   {}
func (*FutureType) isType()   {}
func (*Resource) isType()     {}
func (*Named) isType()        {}
func (*Func) isType()         {}
func (*Interface) isType()    {}
func (*ComponentSig) isType() {}
func (*CoreModule) isType()   {}
func (*coreItem) isType()     {}

// Extern is a named import or export with its kind and type. For
// ExternType the Type is a *Resource or *Named; for ExternFunc a *Func; for
// ExternInstance an *Interface; for ExternComponent a *ComponentSig; for
// ExternCoreModule a *CoreModule; for ExternValue the value's type.
type Extern struct {
	Name string
	Kind ExternKind
	Type Type
}

// World is what a component imports and exports.
type World struct {
	Imports []Extern
	Exports []Extern
}

// Export returns the export named name.
func (i *Interface) Export(name string) (Extern, bool) {
	for _, e := range i.Exports {
		if e.Name == name {
			return e, true
		}
	}
	return Extern{}, false
}

// Import returns the world's import named name.
func (w *World) Import(name string) (Extern, bool) { return find(w.Imports, name) }

// Export returns the world's export named name.
func (w *World) Export(name string) (Extern, bool) { return find(w.Exports, name) }

func find(es []Extern, name string) (Extern, bool) {
	for _, e := range es {
		if e.Name == name {
			return e, true
		}
	}
	return Extern{}, false
}

// Underlying strips *Named wrappers.
func Underlying(t Type) Type {
	for {
		n, ok := t.(*Named)
		if !ok {
			return t
		}
		t = n.Type
	}
}

// ResourceOf returns the resource a handle's Resource (or any type) denotes,
// or nil.
func ResourceOf(t Type) *Resource {
	r, _ := Underlying(t).(*Resource)
	return r
}

// Resources lists the resources an interface declares itself (exports of
// type kind whose resource is owned by owner), in order. The composer
// aliases these out of an imported instance to make them available to
// later imports that use them.
func (i *Interface) Resources(owner string) []Extern {
	var out []Extern
	for _, e := range i.Exports {
		if e.Kind != ExternType {
			continue
		}
		if r := ResourceOf(e.Type); r != nil && sameInterface(r.Owner, owner) && r.Name == e.Name {
			out = append(out, e)
		}
	}
	return out
}
