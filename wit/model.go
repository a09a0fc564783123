package wit

import (
	"fmt"
	"strings"
)

// Resolve is a set of resolved WIT packages: every name is bound, every `use`
// points at its definition, every `include` is expanded. Items live in arenas
// (Packages, Interfaces, Worlds, Types) in dependency order: an item only
// refers to items that come before it in its arena, so a single forward pass
// over Types visits every type after the types it mentions.
//
// Items are referred to by pointer; pointer identity is item identity.
type Resolve struct {
	Packages   []*Package
	Interfaces []*Interface
	Worlds     []*World
	Types      []*TypeDef

	// main is the main package of the last AddFiles call.
	main *Package
}

// Main returns the main package of the most recent AddFiles (LoadDir,
// ParseSource, ParseFiles) call: the package of the files' `package`
// header. Unqualified world names in SelectWorld refer to it.
func (r *Resolve) Main() *Package {
	if r.main != nil {
		return r.main
	}
	if len(r.Packages) > 0 {
		return r.Packages[len(r.Packages)-1]
	}
	return nil
}

// PackageName is `namespace:name@version` (Version is "" when absent).
type PackageName struct {
	Namespace string
	Name      string
	Version   string // semver without a leading "v", or ""
}

func (n PackageName) String() string {
	s := n.Namespace + ":" + n.Name
	if n.Version != "" {
		s += "@" + n.Version
	}
	return s
}

// Package is one WIT package.
type Package struct {
	Name       PackageName
	Docs       Docs
	Interfaces []*Interface // named interfaces, in source order
	Worlds     []*World     // in source order
}

// Interface returns the package's named interface, or nil.
func (p *Package) Interface(name string) *Interface {
	for _, i := range p.Interfaces {
		if i.Name == name {
			return i
		}
	}
	return nil
}

// World returns the package's world, or nil.
func (p *Package) World(name string) *World {
	for _, w := range p.Worlds {
		if w.Name == name {
			return w
		}
	}
	return nil
}

// Interface is a named interface of a package, or an anonymous interface
// declared inline in a world (`import foo: interface { … }`), which has
// Name "" and WorldKey set to its name in the world.
type Interface struct {
	Name      string   // "" for an inline interface in a world
	Package   *Package // owning package
	Docs      Docs
	Stability Stability
	// Types in declaration order, including the aliases created by `use`.
	Types []*TypeDef
	// Functions in declaration order: freestanding functions and the
	// constructors, methods and static functions of resources, which carry
	// the canonical names "[constructor]r", "[method]r.f", "[static]r.f".
	Functions []*Function
}

// QualifiedName is "ns:pkg/name@version", the name under which an interface
// is imported or exported by a component. For inline interfaces it is "".
func (i *Interface) QualifiedName() string {
	if i.Name == "" || i.Package == nil {
		return ""
	}
	n := i.Package.Name
	s := n.Namespace + ":" + n.Name + "/" + i.Name
	if n.Version != "" {
		s += "@" + n.Version
	}
	return s
}

// Type returns the interface's type with that name, or nil.
func (i *Interface) Type(name string) *TypeDef {
	for _, t := range i.Types {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// Function returns the function with that (canonical) name, or nil.
func (i *Interface) Function(name string) *Function {
	for _, f := range i.Functions {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// World is a resolved world: `include`s are expanded into Imports and Exports.
type World struct {
	Name      string
	Package   *Package
	Docs      Docs
	Stability Stability
	Imports   []*WorldItem
	Exports   []*WorldItem
}

// QualifiedName is "ns:pkg/world@version".
func (w *World) QualifiedName() string {
	n := w.Package.Name
	s := n.Namespace + ":" + n.Name + "/" + w.Name
	if n.Version != "" {
		s += "@" + n.Version
	}
	return s
}

// WorldItemKind says what a world import or export is.
type WorldItemKind int

const (
	// WorldInterface: Interface is set. Key is the interface's qualified
	// name for a named interface, or the plain name of an inline interface.
	WorldInterface WorldItemKind = iota
	// WorldFunction: Function is set; Key is the function's name.
	WorldFunction
	// WorldType: Type is set (imports only); Key is the type's name.
	WorldType
)

// WorldItem is one import or export of a world.
type WorldItem struct {
	// Key is the name the item has in the component: "wasi:io/streams@0.2.0"
	// for a named interface, "foo" for an inline interface, function or type.
	Key       string
	Kind      WorldItemKind
	Interface *Interface
	Function  *Function
	Type      *TypeDef
	Docs      Docs
	Stability Stability
}

// Docs is a doc comment with the comment markers removed ("" when absent).
type Docs struct {
	Contents string
}

// StabilityKind distinguishes the feature gates on an item.
type StabilityKind int

const (
	Unknown  StabilityKind = iota // no gate
	Stable                        // @since(version = …)
	Unstable                      // @unstable(feature = …)
)

// Stability is an item's feature gate: `@since(version = 1.2.0)`,
// `@unstable(feature = foo)`, optionally with `@deprecated(version = …)`.
type Stability struct {
	Kind       StabilityKind
	Since      string // Stable: the version
	Feature    string // Unstable: the feature name
	Deprecated string // version it was deprecated in, or ""
}

// Type is a reference to a WIT type: a Primitive or a *TypeDef.
type Type interface {
	isType()
	String() string
}

// Primitive is a built-in scalar or string type.
type Primitive int

const (
	Bool Primitive = iota + 1
	S8
	U8
	S16
	U16
	S32
	U32
	S64
	U64
	F32
	F64
	Char
	String
	ErrorContext // `error-context` (async proposal)
)

var primitiveNames = [...]string{"", "bool", "s8", "u8", "s16", "u16", "s32", "u32", "s64", "u64", "f32", "f64", "char", "string", "error-context"}

func (Primitive) isType() {}

func (p Primitive) String() string {
	if p > 0 && int(p) < len(primitiveNames) {
		return primitiveNames[p]
	}
	return fmt.Sprintf("primitive(%d)", int(p))
}

// TypeOwner is where a named type is declared: *Interface or *World (nil for
// anonymous types).
type TypeOwner interface{ isOwner() }

func (*Interface) isOwner() {}
func (*World) isOwner()     {}

// TypeDef is an entry of the type arena: a named type (record, variant, enum,
// flags, resource, alias, …) or an anonymous one (list<…>, option<…>,
// result<…>, tuple<…>, own<…>, borrow<…>, future<…>, stream<…>).
type TypeDef struct {
	Name      string    // "" for anonymous types
	Owner     TypeOwner // *Interface or *World for named types; nil otherwise
	Kind      TypeDefKind
	Docs      Docs
	Stability Stability
}

func (*TypeDef) isType() {}

// String is the type's name, or its WIT spelling when anonymous.
func (t *TypeDef) String() string {
	if t.Name != "" {
		return t.Name
	}
	switch k := t.Kind.(type) {
	case *List:
		if k.Size > 0 {
			return fmt.Sprintf("list<%s, %d>", k.Elem, k.Size)
		}
		return "list<" + k.Elem.String() + ">"
	case *Option:
		return "option<" + k.Elem.String() + ">"
	case *Result:
		switch {
		case k.OK == nil && k.Err == nil:
			return "result"
		case k.Err == nil:
			return "result<" + k.OK.String() + ">"
		case k.OK == nil:
			return "result<_, " + k.Err.String() + ">"
		}
		return "result<" + k.OK.String() + ", " + k.Err.String() + ">"
	case *Tuple:
		parts := make([]string, len(k.Types))
		for i, e := range k.Types {
			parts[i] = e.String()
		}
		return "tuple<" + strings.Join(parts, ", ") + ">"
	case *Handle:
		if k.Borrow {
			return "borrow<" + k.Resource.Name + ">"
		}
		return k.Resource.Name
	case *Future:
		if k.Elem == nil {
			return "future"
		}
		return "future<" + k.Elem.String() + ">"
	case *Stream:
		if k.Elem == nil {
			return "stream"
		}
		return "stream<" + k.Elem.String() + ">"
	case *Alias:
		return k.Target.String()
	}
	return "<anonymous>"
}

// TypeDefKind is the shape of a TypeDef: *Record, *Variant, *Enum, *Flags,
// *Resource, *Alias, *List, *Option, *Result, *Tuple, *Handle, *Future, *Stream.
type TypeDefKind interface{ isKind() }

// Record is `record r { a: T, … }`.
type Record struct{ Fields []Field }

// Field is a record field.
type Field struct {
	Name string
	Type Type
	Docs Docs
}

// Variant is `variant v { a(T), b, … }`.
type Variant struct{ Cases []Case }

// Case is a variant case; Type is nil when the case has no payload.
type Case struct {
	Name string
	Type Type
	Docs Docs
}

// Enum is `enum e { a, b, … }`.
type Enum struct{ Cases []EnumCase }

// EnumCase is an enum case.
type EnumCase struct {
	Name string
	Docs Docs
}

// Flags is `flags f { a, b, … }`.
type Flags struct{ Flags []Flag }

// Flag is one flag.
type Flag struct {
	Name string
	Docs Docs
}

// Resource is `resource r { … }`. Its constructor, methods and static
// functions are Functions of the owning interface (or world) whose Resource
// field points at this TypeDef; Resolve.ResourceFunctions lists them.
type Resource struct{}

// Alias is `type a = T`, and also the type a `use` brings into scope (its
// Target is then the used TypeDef). Use Underlying to follow aliases.
type Alias struct{ Target Type }

// List is `list<T>`, or `list<T, N>` (fixed-size) when Size > 0.
type List struct {
	Elem Type
	Size uint32
}

// Option is `option<T>`.
type Option struct{ Elem Type }

// Result is `result<T, E>`; OK and/or Err are nil when absent.
type Result struct{ OK, Err Type }

// Tuple is `tuple<T, …>`.
type Tuple struct{ Types []Type }

// Handle is `own<r>` (or plain `r`) or `borrow<r>`; Resource is the resource's
// TypeDef (possibly an alias of it from a `use`; Underlying gives the
// resource itself).
type Handle struct {
	Resource *TypeDef
	Borrow   bool
}

// Future is `future<T>` (Elem nil for plain `future`).
type Future struct{ Elem Type }

// Stream is `stream<T>` (Elem nil for plain `stream`).
type Stream struct{ Elem Type }

func (*Record) isKind()   {}
func (*Variant) isKind()  {}
func (*Enum) isKind()     {}
func (*Flags) isKind()    {}
func (*Resource) isKind() {}
func (*Alias) isKind()    {}
func (*List) isKind()     {}
func (*Option) isKind()   {}
func (*Result) isKind()   {}
func (*Tuple) isKind()    {}
func (*Handle) isKind()   {}
func (*Future) isKind()   {}
func (*Stream) isKind()   {}

// FunctionKind distinguishes freestanding functions from resource functions.
type FunctionKind int

const (
	Freestanding FunctionKind = iota
	Method                    // "[method]r.f": first param is `self: borrow<r>`
	Static                    // "[static]r.f"
	Constructor               // "[constructor]r": result is own<r>
)

// Function is a function signature.
type Function struct {
	// Name is the canonical name: "f", "[method]r.f", "[static]r.f",
	// "[constructor]r".
	Name      string
	Kind      FunctionKind
	Resource  *TypeDef // the resource for Method/Static/Constructor
	Async     bool
	Params    []Param // for methods, Params[0] is `self: borrow<r>`
	Result    Type    // nil when the function returns nothing
	Docs      Docs
	Stability Stability
}

// Param is a named parameter.
type Param struct {
	Name string
	Type Type
}

// ItemName is the function's name as written in WIT: "f" for "[method]r.f",
// "constructor" for constructors.
func (f *Function) ItemName() string {
	switch f.Kind {
	case Method, Static:
		if i := strings.IndexByte(f.Name, '.'); i >= 0 {
			return f.Name[i+1:]
		}
	case Constructor:
		return "constructor"
	}
	return f.Name
}

// Underlying follows aliases (`type a = b`, `use`d types) to the type they
// name: a Primitive or a non-alias TypeDef.
func Underlying(t Type) Type {
	for i := 0; i < 1000; i++ {
		td, ok := t.(*TypeDef)
		if !ok {
			return t
		}
		a, ok := td.Kind.(*Alias)
		if !ok {
			return td
		}
		t = a.Target
	}
	return t
}

// UnderlyingDef is Underlying for a TypeDef known to name a TypeDef; it
// returns nil when the alias leads to a primitive.
func UnderlyingDef(t *TypeDef) *TypeDef {
	td, _ := Underlying(t).(*TypeDef)
	return td
}

// ResourceFunctions returns the constructor, methods and statics of resource
// r (after following aliases), in declaration order.
func (r *Resolve) ResourceFunctions(res *TypeDef) []*Function {
	res = UnderlyingDef(res)
	var fns []*Function
	var list []*Function
	switch o := res.Owner.(type) {
	case *Interface:
		list = o.Functions
	case *World:
		for _, it := range o.Imports {
			if it.Kind == WorldFunction {
				list = append(list, it.Function)
			}
		}
		for _, it := range o.Exports {
			if it.Kind == WorldFunction {
				list = append(list, it.Function)
			}
		}
	}
	for _, f := range list {
		if f.Resource != nil && UnderlyingDef(f.Resource) == res {
			fns = append(fns, f)
		}
	}
	return fns
}

// Package returns the package with that name ("ns:name@version" or
// "ns:name" when unversioned), or nil.
func (r *Resolve) Package(name string) *Package {
	for _, p := range r.Packages {
		if p.Name.String() == name {
			return p
		}
	}
	return nil
}

// SelectWorld finds a world by "name" (in the main package, see Main),
// "ns:pkg/name" or "ns:pkg/name@version". An empty name selects the main
// package's only world.
func (r *Resolve) SelectWorld(name string) (*World, error) {
	if !strings.ContainsAny(name, ":/") {
		main := r.Main()
		if main == nil {
			return nil, fmt.Errorf("wit: no packages to find world %q in", name)
		}
		if name == "" {
			if len(main.Worlds) == 1 {
				return main.Worlds[0], nil
			}
			return nil, fmt.Errorf("wit: package %s has %d worlds: name one", main.Name, len(main.Worlds))
		}
		if w := main.World(name); w != nil {
			return w, nil
		}
		return nil, fmt.Errorf("wit: package %s has no world %q", main.Name, name)
	}
	for _, w := range r.Worlds {
		if w.QualifiedName() == name {
			return w, nil
		}
	}
	// Unversioned match: "ns:pkg/name".
	for _, w := range r.Worlds {
		n := w.Package.Name
		if n.Namespace+":"+n.Name+"/"+w.Name == name {
			return w, nil
		}
	}
	return nil, fmt.Errorf("wit: no world %q", name)
}
