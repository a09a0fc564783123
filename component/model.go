package component

// This file holds the syntax tree of a component binary: one Go type per
// production of the component-model binary format.
// See https://github.com/WebAssembly/component-model/blob/main/design/mvp/Binary.md

// SectionID is the id byte of a component section.
type SectionID byte

// Section ids of the component binary format.
const (
	SectionCustom       SectionID = 0
	SectionCoreModule   SectionID = 1
	SectionCoreInstance SectionID = 2
	SectionCoreType     SectionID = 3
	SectionComponent    SectionID = 4
	SectionInstance     SectionID = 5
	SectionAlias        SectionID = 6
	SectionType         SectionID = 7
	SectionCanon        SectionID = 8
	SectionStart        SectionID = 9
	SectionImport       SectionID = 10
	SectionExport       SectionID = 11
	SectionValue        SectionID = 12
)

var sectionNames = [...]string{"custom", "core module", "core instance", "core type", "component", "instance", "alias", "type", "canon", "start", "import", "export", "value"}

func (id SectionID) String() string {
	if int(id) < len(sectionNames) {
		return sectionNames[id]
	}
	return "unknown"
}

// Component is a decoded component: its header and its sections in order.
type Component struct {
	// Version and Layer are the preamble fields (0x0d and 1 for components).
	Version  uint16
	Layer    uint16
	Sections []Section
}

// Section is one section of a component. The concrete types are
// *CustomSection, *NameSection, *CoreModuleSection, *CoreInstanceSection,
// *CoreTypeSection, *ComponentSection, *InstanceSection, *AliasSection,
// *TypeSection, *CanonSection, *StartSection, *ImportSection and
// *ExportSection.
type Section interface {
	ID() SectionID
	origin() *raw
}

// origin remembers the original bytes of a decoded section whose canonical
// re-encoding differs from the input (non-minimal LEB128 numbers). The
// encoder writes the original bytes back as long as the section's canonical
// encoding is unchanged, so that decode → encode is byte-identical.
type raw struct {
	orig, canon []byte
}

func (o *raw) origin() *raw { return o }

// CustomSection is a custom section other than the component-name section.
type CustomSection struct {
	raw
	Name string
	Data []byte
}

// NameSection is the "component-name" custom section.
type NameSection struct {
	raw
	Subsections []NameSubsection
}

// NameSubsection is one subsection of the component-name section: ID 0
// names the component, ID 1 names the items of one sort. Unknown ids keep
// their payload in Raw.
type NameSubsection struct {
	ID    byte
	Name  string      // ID 0
	Sort  Sort        // ID 1
	Names []NameAssoc // ID 1
	Raw   []byte      // other ids
}

// NameAssoc names the item at Index.
type NameAssoc struct {
	Index uint32
	Name  string
}

// CoreModuleSection holds one core module, kept as its raw bytes (preamble
// included).
type CoreModuleSection struct {
	raw
	Module []byte
}

// CoreInstanceSection defines core instances.
type CoreInstanceSection struct {
	raw
	Instances []CoreInstance
}

// CoreInstance instantiates a core module (Inline false) or bundles core
// items into an instance (Inline true).
type CoreInstance struct {
	Inline  bool
	Module  uint32
	Args    []CoreInstantiateArg
	Exports []CoreInlineExport
}

// CoreInstantiateArg passes core instance Instance as the import module Name.
type CoreInstantiateArg struct {
	Name     string
	Instance uint32
}

// CoreInlineExport is one export of an inline core instance.
type CoreInlineExport struct {
	Name  string
	Sort  Sort // a core sort
	Index uint32
}

// CoreTypeSection defines core types.
type CoreTypeSection struct {
	raw
	Types []CoreType
}

// CoreType is *CoreFuncType or *CoreModuleType.
type CoreType interface{ isCoreType() }

// CoreValType is a core value type byte (0x7f i32, 0x7e i64, 0x7d f32,
// 0x7c f64, 0x7b v128, 0x70 funcref, 0x6f externref).
type CoreValType byte

// Core value types.
const (
	I32       CoreValType = 0x7f
	I64       CoreValType = 0x7e
	F32       CoreValType = 0x7d
	F64       CoreValType = 0x7c
	V128      CoreValType = 0x7b
	FuncRef   CoreValType = 0x70
	ExternRef CoreValType = 0x6f
)

// CoreFuncType is a core function type.
type CoreFuncType struct {
	Params, Results []CoreValType
}

// CoreModuleType is a core module type: a list of declarations.
type CoreModuleType struct {
	Decls []CoreModuleDecl
}

func (*CoreFuncType) isCoreType()   {}
func (*CoreModuleType) isCoreType() {}

// CoreModuleDecl is one declaration of a core module type; Kind selects the
// fields used: 0x00 import (Module, Name, Desc), 0x01 type (Type), 0x02
// outer alias (Alias), 0x03 export (Name, Desc).
type CoreModuleDecl struct {
	Kind   byte
	Module string
	Name   string
	Desc   CoreExternDesc
	Type   CoreType
	Alias  CoreOuterAlias
}

// CoreOuterAlias aliases a core item of an enclosing scope.
type CoreOuterAlias struct {
	Sort  Sort
	Count uint32
	Index uint32
}

// CoreExternDesc is a core import description: Kind 0x00 func (Type),
// 0x01 table (Elem, Limits), 0x02 memory (Limits), 0x03 global (Val, Mutable),
// 0x04 tag (Type).
type CoreExternDesc struct {
	Kind    byte
	Type    uint32
	Elem    CoreValType
	Limits  Limits
	Val     CoreValType
	Mutable bool
}

// Limits are table and memory limits. Flags is kept as read: bit 0 has
// maximum, bit 1 shared, bit 2 64-bit, bit 3 custom page size.
type Limits struct {
	Flags    byte
	Min, Max uint64
	PageLog2 uint32
}

// ComponentSection holds a nested component.
type ComponentSection struct {
	raw
	Component *Component
}

// InstanceSection defines component instances.
type InstanceSection struct {
	raw
	Instances []Instance
}

// Instance instantiates a component (Inline false) or bundles items into an
// instance (Inline true).
type Instance struct {
	Inline    bool
	Component uint32
	Args      []InstantiateArg
	Exports   []InlineExport
}

// InstantiateArg satisfies import Name with item Index of Sort.
type InstantiateArg struct {
	Name  string
	Sort  Sort
	Index uint32
}

// InlineExport is one export of an inline instance.
type InlineExport struct {
	Name  ExternName
	Sort  Sort
	Index uint32
}

// ExternName is an import or export name with its binary prefix byte
// (0x00; 0x01 is read for compatibility and kept).
type ExternName struct {
	Prefix byte
	Name   string
}

// AliasSection defines aliases.
type AliasSection struct {
	raw
	Aliases []Alias
}

// AliasKind is the target of an alias.
type AliasKind byte

// Alias targets.
const (
	AliasExport     AliasKind = 0x00 // export Name of instance Instance
	AliasCoreExport AliasKind = 0x01 // export Name of core instance Instance
	AliasOuter      AliasKind = 0x02 // item Index of Sort, Count scopes out
)

// Alias adds an item of Sort to its index space.
type Alias struct {
	Sort     Sort
	Kind     AliasKind
	Instance uint32
	Name     string
	Count    uint32
	Index    uint32
}

// TypeSection defines component types.
type TypeSection struct {
	raw
	Types []TypeDef
}

// CanonSection defines functions with the canonical ABI.
type CanonSection struct {
	raw
	Funcs []Canon
}

// CanonKind selects a canonical definition.
type CanonKind byte

// Canonical definitions supported by the codec. Other opcodes (async,
// threads) are rejected with an error naming the opcode.
const (
	CanonLift         CanonKind = 0x00 // core func Func, type Type → func
	CanonLower        CanonKind = 0x01 // func Func → core func
	CanonResourceNew  CanonKind = 0x02 // resource Type → core func
	CanonResourceDrop CanonKind = 0x03 // resource Type → core func
	CanonResourceRep  CanonKind = 0x04 // resource Type → core func
)

// Canon is one canonical definition.
type Canon struct {
	Kind CanonKind
	Func uint32
	Opts []CanonOpt
	Type uint32
}

// CanonOpt is a canonical option: 0x00 utf8, 0x01 utf16, 0x02
// latin1+utf16, 0x03 memory Index, 0x04 realloc Index, 0x05 post-return
// Index, 0x06 async, 0x07 callback Index.
type CanonOpt struct {
	Kind  byte
	Index uint32
}

// Canonical option kinds.
const (
	OptUTF8       byte = 0x00
	OptUTF16      byte = 0x01
	OptLatin1     byte = 0x02
	OptMemory     byte = 0x03
	OptRealloc    byte = 0x04
	OptPostReturn byte = 0x05
	OptAsync      byte = 0x06
	OptCallback   byte = 0x07
)

// StartSection calls a function when the component is instantiated.
type StartSection struct {
	raw
	Func    uint32
	Args    []uint32
	Results uint32
}

// ImportSection declares imports.
type ImportSection struct {
	raw
	Imports []Import
}

// Import is one import.
type Import struct {
	Name ExternName
	Desc ExternDesc
}

// ExportSection declares exports.
type ExportSection struct {
	raw
	Exports []Export
}

// Export exports item Index of Sort, with an optional ascribed type.
type Export struct {
	Name  ExternName
	Sort  Sort
	Index uint32
	Desc  *ExternDesc
}

// ExternKind is the kind byte of an externdesc.
type ExternKind byte

// Extern kinds.
const (
	ExternCoreModule ExternKind = 0x00
	ExternFunc       ExternKind = 0x01
	ExternValue      ExternKind = 0x02
	ExternType       ExternKind = 0x03
	ExternComponent  ExternKind = 0x04
	ExternInstance   ExternKind = 0x05
)

func (k ExternKind) String() string {
	switch k {
	case ExternCoreModule:
		return "core module"
	case ExternFunc:
		return "func"
	case ExternValue:
		return "value"
	case ExternType:
		return "type"
	case ExternComponent:
		return "component"
	case ExternInstance:
		return "instance"
	}
	return "unknown"
}

// ExternDesc describes an import or export. For ExternType, SubResource
// selects (sub resource); otherwise Index is the (eq Index) type. For
// ExternValue, ValueEq selects (eq Index); otherwise Value is the type. For
// the other kinds Index is a type index (a core type index for modules).
type ExternDesc struct {
	Kind        ExternKind
	Index       uint32
	SubResource bool
	ValueEq     bool
	Value       ValType
}

// Sort is an index space. It is encoded as one byte, preceded by 0x00 and
// the core sort byte for core sorts.
type Sort byte

// Sorts.
const (
	SortCoreFunc Sort = iota
	SortCoreTable
	SortCoreMemory
	SortCoreGlobal
	SortCoreType
	SortCoreModule
	SortCoreInstance
	SortFunc
	SortValue
	SortType
	SortComponent
	SortInstance
	numSorts
)

var sortNames = [...]string{"core func", "core table", "core memory", "core global", "core type", "core module", "core instance", "func", "value", "type", "component", "instance"}

func (s Sort) String() string {
	if s < numSorts {
		return sortNames[s]
	}
	return "unknown sort"
}

// IsCore reports whether s is a core sort.
func (s Sort) IsCore() bool { return s <= SortCoreInstance }

var coreSortBytes = [...]byte{0x00, 0x01, 0x02, 0x03, 0x10, 0x11, 0x12}

// TypeDef is a component type definition: a DefValType (*Record, *Variant,
// *List, *FixedList, *Tuple, *Flags, *Enum, *Option, *Result, *Own,
// *Borrow, *Stream, *Future, PrimType), *FuncType, *ComponentType,
// *InstanceType or *ResourceType.
type TypeDef interface{ isTypeDef() }

// PrimValType is a primitive value type byte.
type PrimValType byte

// Primitive value types.
const (
	Bool         PrimValType = 0x7f
	S8           PrimValType = 0x7e
	U8           PrimValType = 0x7d
	S16          PrimValType = 0x7c
	U16          PrimValType = 0x7b
	S32          PrimValType = 0x7a
	U32          PrimValType = 0x79
	S64          PrimValType = 0x78
	U64          PrimValType = 0x77
	F32Val       PrimValType = 0x76
	F64Val       PrimValType = 0x75
	Char         PrimValType = 0x74
	String       PrimValType = 0x73
	ErrorContext PrimValType = 0x64
)

var primNames = map[PrimValType]string{Bool: "bool", S8: "s8", U8: "u8", S16: "s16", U16: "u16", S32: "s32", U32: "u32", S64: "s64", U64: "u64", F32Val: "f32", F64Val: "f64", Char: "char", String: "string", ErrorContext: "error-context"}

func (p PrimValType) String() string {
	if s, ok := primNames[p]; ok {
		return s
	}
	return "unknown"
}

func isPrim(b byte) bool { _, ok := primNames[PrimValType(b)]; return ok }

// ValType is a value type reference: a primitive (Prim != 0) or a type
// index. Type indices are encoded as s33.
type ValType struct {
	Prim  PrimValType
	Index uint32
}

// PrimType is a defined value type that is just a primitive.
type PrimType struct{ Type PrimValType }

// Record is (record (field ...)+).
type Record struct{ Fields []Field }

// Field is a labelled value type (record fields and function parameters).
type Field struct {
	Name string
	Type ValType
}

// Variant is (variant (case ...)+).
type Variant struct{ Cases []Case }

// Case is one variant case; Type is nil for a case without payload.
// Refines is kept from older binaries that carried it.
type Case struct {
	Name    string
	Type    *ValType
	Refines *uint32
}

// List is (list T).
type List struct{ Elem ValType }

// FixedList is (list T N).
type FixedList struct {
	Elem ValType
	Len  uint32
}

// Tuple is (tuple T+).
type Tuple struct{ Types []ValType }

// Flags is (flags "a" ...).
type Flags struct{ Names []string }

// Enum is (enum "a" ...).
type Enum struct{ Names []string }

// Option is (option T).
type Option struct{ Type ValType }

// Result is (result T? (error E)?).
type Result struct{ Ok, Err *ValType }

// Own is (own R) for resource type index Type.
type Own struct{ Type uint32 }

// Borrow is (borrow R) for resource type index Type.
type Borrow struct{ Type uint32 }

// Stream is (stream T?).
type Stream struct{ Elem *ValType }

// Future is (future T?).
type Future struct{ Elem *ValType }

// FuncType is a component function type. Results is either a single unnamed
// type (Result != nil) or a (possibly empty) list of named results.
type FuncType struct {
	Async   bool
	Params  []Field
	Result  *ValType
	Results []Field
}

// ComponentType is (component decl*).
type ComponentType struct{ Decls []Decl }

// InstanceType is (instance decl*).
type InstanceType struct{ Decls []Decl }

// ResourceType is (resource (rep i32) (dtor f)?).
type ResourceType struct {
	Rep      CoreValType
	Dtor     *uint32
	Async    bool
	Callback *uint32
}

func (PrimType) isTypeDef()       {}
func (*Record) isTypeDef()        {}
func (*Variant) isTypeDef()       {}
func (*List) isTypeDef()          {}
func (*FixedList) isTypeDef()     {}
func (*Tuple) isTypeDef()         {}
func (*Flags) isTypeDef()         {}
func (*Enum) isTypeDef()          {}
func (*Option) isTypeDef()        {}
func (*Result) isTypeDef()        {}
func (*Own) isTypeDef()           {}
func (*Borrow) isTypeDef()        {}
func (*Stream) isTypeDef()        {}
func (*Future) isTypeDef()        {}
func (*FuncType) isTypeDef()      {}
func (*ComponentType) isTypeDef() {}
func (*InstanceType) isTypeDef()  {}
func (*ResourceType) isTypeDef()  {}

// DeclKind selects the fields of a Decl.
type DeclKind byte

// Declaration kinds of component and instance types (the binary tag bytes).
const (
	DeclCoreType DeclKind = 0x00 // CoreType
	DeclType     DeclKind = 0x01 // Type
	DeclAlias    DeclKind = 0x02 // Alias
	DeclImport   DeclKind = 0x03 // Name, Desc (component types only)
	DeclExport   DeclKind = 0x04 // Name, Desc
)

// Decl is one declaration inside a component or instance type.
type Decl struct {
	Kind     DeclKind
	CoreType CoreType
	Type     TypeDef
	Alias    Alias
	Name     ExternName
	Desc     ExternDesc
}
