// Package component decodes and encodes WebAssembly component binaries, and
// resolves their types, in pure Go.
//
// See https://github.com/WebAssembly/component-model/blob/main/design/mvp/Binary.md
//
// # Syntax: Decode and Encode
//
// Decode turns a component binary into a *Component: its preamble and its
// Sections in order. Each Section is one of *CustomSection, *NameSection
// (the "component-name" custom section), *CoreModuleSection (the core module
// kept as raw bytes), *CoreInstanceSection, *CoreTypeSection,
// *ComponentSection (a nested *Component), *InstanceSection, *AliasSection,
// *TypeSection, *CanonSection, *StartSection, *ImportSection and
// *ExportSection. Walk them with a type switch:
//
//	c, err := component.Decode(wasm)
//	for _, s := range c.Sections {
//		switch s := s.(type) {
//		case *component.ImportSection:
//			for _, im := range s.Imports { fmt.Println(im.Name.Name, im.Desc.Kind) }
//		case *component.ComponentSection:
//			// s.Component is a nested component with its own index spaces
//		}
//	}
//
// Encode writes a *Component back. Decode then Encode of an unmodified
// component gives the same bytes: sections are re-encoded from the model
// with minimal LEB128 numbers, and a section whose input used longer forms
// keeps its original bytes as long as its model is unchanged.
//
// To build a new component, construct a &Component{Version: 0x0d, Layer: 1}
// and append sections; consecutive items of one kind may share a section
// (one *TypeSection with several Types) or use one section each — both are
// valid. Errors from Decode are *DecodeError values carrying the byte offset
// and the section, wrapping ErrBadMagic, ErrNotComponent or ErrUnsupported
// where they apply.
//
// # Index spaces
//
// Every definition appends to one index space per Sort, in section order:
//
//   - core module section: +1 core module; component section: +1 component
//   - core instance / instance sections: +1 core instance / instance each
//   - core type / type sections: +1 core type / type each
//   - alias: +1 in the alias's Sort (an AliasCoreExport of a func adds a
//     core func, and so on)
//   - canon: lift adds a func; lower and resource.new/drop/rep add a core func
//   - import: +1 in the sort of its ExternDesc (a type import adds a type)
//   - export: +1 in the exported Sort — exports introduce a new index that
//     aliases the exported item
//   - start: +Results values
//
// Component and instance types have their own type index space, starting
// empty: type, alias and export declarations of types add to it; an outer
// alias with Count 1 refers to the enclosing scope. IndexSpaces computes the
// sizes of a component's index spaces (handy for appending to an existing
// component).
//
// # Types: Inspect, Equal, Compatible
//
// Inspect (or Resolve for a decoded component) follows every index and
// alias and returns a *World: the component's imports and exports as
// Extern values (name, ExternKind, Type). A Type is a tree: PrimValType,
// *RecordType, *VariantType, *ListType, *TupleType, *FlagsType, *EnumType,
// *OptionType, *ResultType, *HandleType (own/borrow), *StreamType,
// *FutureType, *Resource, *Named, *Func, *Interface (an instance type),
// *ComponentSig and *CoreModule.
//
//   - A type exported with an (eq T) bound — a WIT record, variant, enum,
//     flags, type alias or use — is a *Named{Name, Owner, Type}; Underlying
//     strips the names.
//   - A resource is one *Resource wherever it is used in the component: an
//     outer alias (a WIT use) of wasi:io/error's error from inside
//     wasi:io/streams gives back the same pointer. Owner is the name of the
//     interface that declares it.
//   - Instantiating a nested component substitutes the types passed for its
//     type imports, so an interface exported through a shim component (the
//     layout wit-component produces) refers to the outer component's own
//     resources.
//
// Equal compares two types from any two components: value types
// structurally, names of named types ignored; resources by identity, or by
// owner and name across components, where semver-compatible interface
// versions are the same interface (InterfaceKey). Compatible(want, have)
// accepts an instance that has more exports than wanted; Incompatibility
// says why not. Resolve rejects inconsistent indices with a *ResolveError
// naming the section and item, and types whose tree would exceed 2^20 nodes.
//
// # Writing resolved types: TypeEncoder and Builder
//
// A composer declares, in the component it builds, the type of an import it
// lifts out of an inner component. InstanceTypeOf(iface, owner, lookup)
// writes an interface as an *InstanceType: resources the interface declares
// become (export "r" (type (sub resource))), named types (eq) exports,
// functions get their types; resources and named types of other interfaces
// are taken from the enclosing component through lookup (their index there),
// each becoming an (alias outer 1 idx) declaration. NewTypeEncoder is the
// general form for any scope; with outerCount 0 it writes a component's own
// type sections (TypeDefs).
//
// Builder does the bookkeeping for a component under construction:
//
//	b := component.NewBuilder()            // or BuilderFor(existing)
//	b.Import(ext)                          // instance/func/type import with its type declared;
//	                                       // the interface's resources and named types are
//	                                       // aliased out and recorded in b.Types for later imports
//	a := b.AddComponent(inner)             // nested component → component index
//	i := b.Instantiate(a, component.InstantiateArg{Name: n, Sort: component.SortInstance, Index: x})
//	f := b.AliasExport(i, "g", component.SortFunc)
//	b.Export("g", component.SortFunc, f)
//	wasm := b.Bytes()
//
// Import interfaces in dependency order (wasi:io/error before
// wasi:io/streams): OrderImports sorts a list of externs that way, and Uses
// lists the interfaces one extern's types refer to.
//
// # WIT
//
// PrintWIT writes a World as WIT in the layout of `jco wit`, followed by the
// definitions of package-named interfaces in nested package blocks, so that
// the text is complete WIT that jco accepts. TypeString renders one type
// reference.
package component
