// Package wit reads, resolves, prints and encodes WIT, the WebAssembly
// component model's interface definition language.
//
// # Pipeline
//
//	source ──ParseFile──► *File (AST, positions) ──Resolve──► *Resolve (model)
//	                          │                                   │
//	                       Format                         EncodeWorld / Embed
//
// ParseFile lexes and parses one .wit file into an AST (ast.go) whose nodes
// carry positions; a file holds one package (`package a:b;` then items) or
// several nested `package a:b { … }` blocks. Errors are *Error values with a
// file:line:col position, collected in an ErrorList.
//
// LoadDir reads a directory the way wasm-tools does: DIR/*.wit form the main
// package, DIR/deps/<name>/*.wit or DIR/deps/<name>.wit its dependencies.
// ParseSource does the same for in-memory text. Both return a *Resolve.
//
// # The resolved model
//
// A Resolve holds arenas of packages, interfaces, worlds and types, in
// dependency order. Everything is referenced by pointer:
//
//   - Interface: Types (named TypeDefs, including the aliases that `use`
//     creates) and Functions (freestanding ones and the resource functions,
//     named "[constructor]r", "[method]r.f", "[static]r.f" as the component
//     model names them).
//   - World: Imports and Exports, each a *WorldItem that is an interface (Key
//     is "ns:pkg/iface@ver", or the plain name of an inline interface), a
//     function, or a type. `include` is already expanded (with renames).
//   - Type: either a Primitive (bool, s8…u64, f32, f64, char, string,
//     error-context) or a *TypeDef whose Kind is one of *Record, *Variant,
//     *Enum, *Flags, *Resource, *Alias, *List, *Option, *Result, *Tuple,
//     *Handle (own/borrow), *Future, *Stream. Underlying follows aliases.
//   - Docs and Stability (`@since`, `@unstable`, `@deprecated`) are kept on
//     every item. Items gated by `@unstable(feature = x)` are dropped unless
//     the feature is enabled in ResolveOptions, as wasm-tools does.
//
// # Canonical ABI
//
// SizeAlign, FieldOffsets, PayloadOffset, Flatten and FlattenFunction
// implement the layout and flattening rules of the Canonical ABI
// (https://github.com/WebAssembly/component-model/blob/main/design/mvp/CanonicalABI.md),
// including despecialization (enum/option/result as variants, tuple as
// record), joined variant payload types and the MaxFlatParams=16 /
// MaxFlatResults=1 spilling rules.
//
// # Encoding
//
// EncodeWorld returns the bytes of the component that describes a world
// (what `wasm-tools component embed` stores in a `component-type:<world>`
// custom section) and Embed appends that custom section to a core module,
// so no external tool is needed before `component new`.
package wit
