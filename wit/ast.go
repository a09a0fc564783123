package wit

// The syntax tree of a WIT file, as written (before resolution).

// File is one parsed .wit file.
type File struct {
	Path string
	// Package is the `package a:b@v;` header, or nil. Its Items are the
	// file's top-level items.
	Package *PackageDecl
	// Items are the top-level items when the file has no header.
	Items []Decl
	// Nested are `package a:b { … }` blocks.
	Nested []*PackageDecl
}

// PackageDecl is a package header or a nested package block.
type PackageDecl struct {
	Pos    Pos
	Docs   string
	Name   PackageName
	Nested bool // written as `package a:b { … }`
	Items  []Decl
}

// Decl is a top-level item: *UseDecl, *InterfaceDecl or *WorldDecl.
type Decl interface{ declPos() Pos }

// Gate is an attribute: `@since(version = V)`, `@unstable(feature = F)`,
// `@deprecated(version = V)`.
type Gate struct {
	Pos   Pos
	Kind  string // "since", "unstable", "deprecated"
	Value string
}

// UsePath names an interface: `iface` (local) or `ns:pkg/iface@ver`.
type UsePath struct {
	Pos     Pos
	Package *PackageName // nil for a local name
	Name    string
}

func (u UsePath) String() string {
	if u.Package == nil {
		return u.Name
	}
	s := u.Package.Namespace + ":" + u.Package.Name + "/" + u.Name
	if u.Package.Version != "" {
		s += "@" + u.Package.Version
	}
	return s
}

// UseDecl is `use path.{a, b as c};` (in an interface or world) or the
// top-level `use ns:pkg/iface@v as name;`.
type UseDecl struct {
	Pos   Pos
	Docs  string
	Gates []Gate
	Path  UsePath
	Names []UseName // interface/world-level form
	As    string    // top-level form: the rename, or ""
	Top   bool      // top-level form
}

// UseName is one name in a `use` list.
type UseName struct {
	Pos  Pos
	Name string
	As   string // "" when not renamed
}

// InterfaceDecl is `interface name { … }` (Name is "" for an inline
// interface in a world).
type InterfaceDecl struct {
	Pos   Pos
	Docs  string
	Gates []Gate
	Name  string
	Items []Decl // *UseDecl, *TypeDecl, *FuncDecl
}

// WorldDecl is `world name { … }`.
type WorldDecl struct {
	Pos   Pos
	Docs  string
	Gates []Gate
	Name  string
	Items []Decl // *UseDecl, *TypeDecl, *ImportExportDecl, *IncludeDecl
}

// ImportExportDecl is `import …;` or `export …;` in a world: exactly one of
// Path, Func, Interface is set.
type ImportExportDecl struct {
	Pos       Pos
	Docs      string
	Gates     []Gate
	Export    bool
	Name      string   // `name: …` form
	Path      *UsePath // `import ns:pkg/iface@v;` or `import iface;`
	Func      *FuncDecl
	Interface *InterfaceDecl
}

// IncludeDecl is `include path with { a as b };`.
type IncludeDecl struct {
	Pos   Pos
	Docs  string
	Gates []Gate
	Path  UsePath
	With  []UseName
}

// TypeDecl is a named type: alias, record, variant, enum, flags, resource.
type TypeDecl struct {
	Pos   Pos
	Docs  string
	Gates []Gate
	Kind  string // "type", "record", "variant", "enum", "flags", "resource"
	Name  string
	Alias TypeExpr    // Kind "type"
	Cases []CaseDecl  // record fields, variant cases, enum cases, flags
	Funcs []*FuncDecl // resource functions
	Body  bool        // resource written with a `{ … }` body
}

// CaseDecl is a record field, variant case, enum case or flag.
type CaseDecl struct {
	Pos   Pos
	Docs  string
	Gates []Gate
	Name  string
	Type  TypeExpr // nil for enum cases, flags, payload-less variant cases
}

// FuncDecl is `name: [async] func(params) -> result;`, or in a resource
// `constructor(params);`, `name: static func(…)`.
type FuncDecl struct {
	Pos    Pos
	Docs   string
	Gates  []Gate
	Name   string // "constructor" for constructors
	Kind   FunctionKind
	Async  bool
	Params []ParamDecl
	Result TypeExpr // nil for no result
}

// ParamDecl is a function parameter.
type ParamDecl struct {
	Pos  Pos
	Name string
	Type TypeExpr
}

// TypeExpr is a type as written: *NamedType, *PrimType or *GenericType.
type TypeExpr interface{ exprPos() Pos }

// NamedType is a reference to a named type.
type NamedType struct {
	Pos  Pos
	Name string
}

// PrimType is a primitive type keyword.
type PrimType struct {
	Pos  Pos
	Prim Primitive
}

// GenericType is list<T>, list<T, N>, option<T>, result, result<T>,
// result<_, E>, result<T, E>, tuple<…>, own<r>, borrow<r>, future, future<T>,
// stream, stream<T>.
type GenericType struct {
	Pos  Pos
	Kind string     // "list", "option", "result", "tuple", "own", "borrow", "future", "stream"
	Args []TypeExpr // result: [ok, err] with nil for `_`/absent
	Size uint32     // fixed-size list length
}

func (d *UseDecl) declPos() Pos          { return d.Pos }
func (d *InterfaceDecl) declPos() Pos    { return d.Pos }
func (d *WorldDecl) declPos() Pos        { return d.Pos }
func (d *ImportExportDecl) declPos() Pos { return d.Pos }
func (d *IncludeDecl) declPos() Pos      { return d.Pos }
func (d *TypeDecl) declPos() Pos         { return d.Pos }
func (d *FuncDecl) declPos() Pos         { return d.Pos }

func (t *NamedType) exprPos() Pos   { return t.Pos }
func (t *PrimType) exprPos() Pos    { return t.Pos }
func (t *GenericType) exprPos() Pos { return t.Pos }
