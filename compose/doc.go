// Package compose builds one component out of several: it nests the input
// components, instantiates them, wires imports of one instance to exports of
// another, lifts whatever stays unsatisfied to imports of the outer
// component, and re-exports chosen exports.
//
//	c := compose.New()
//	p, _ := c.AddComponent("provider", providerWasm)
//	k, _ := c.AddComponent("consumer", consumerWasm)
//	ip, _ := c.Instantiate(p, "provider")
//	ik, _ := c.Instantiate(k, "consumer")
//	_ = c.Wire(ik, "test:kv/store@0.1.0", ip, "test:kv/store@0.1.0") // or c.AutoWire()
//	_ = c.Export(ik, "test:kv/app@0.1.0", "test:kv/app@0.1.0")
//	wasm, _ := c.Encode()
//
// Lifted tells what the composed component will import; WriteFile and
// WriteTo stream the output instead of returning it. Plug is the one-call
// form behind `wasmcp compose plug`.
//
// # Matching
//
// An import matches an export of the same name, or of a semver-compatible
// version of the same interface (component.InterfaceKey: same major version
// from 1.0 on, same minor version for 0.x, exact for 0.0.x), so an import of
// wasi:io/streams@0.2.0 is satisfied by an export of wasi:io/streams@0.2.3.
// Every wire is type-checked with component.Compatible: the export must
// provide everything the import lists, with equal types.
//
// # Lifting
//
// Imports left unwired are lifted: the outer component imports each
// interface once and passes it to every instance that needs it. Imports of
// semver-compatible versions of one interface share one outer import, named
// by the highest version. The components that import an interface may list
// different subsets of its functions (toolchains drop the ones a module does
// not use); the outer import declares their union, after checking that the
// items they share have equal types. A mismatch is an error naming both
// components and the differing types.
//
// Resources cross interfaces: wasi:io/streams refers to wasi:io/error's
// error and wasi:io/poll's pollable. The outer import of an interface that
// defines a resource comes before the imports that use it, and those refer
// to it by an outer alias of the type exported by the imported instance. A
// lifted interface that uses a resource of an interface provided by an
// instance is imported after that instance, referring to the resource the
// instance exports.
//
// # Exports
//
// Export re-exports an instance's export under a name. When an exported
// interface uses types (records, resources, …) of an interface that an
// instance provides inside the composition, that interface is exported too,
// before it, as a WIT world does: a type crossing the component's boundary
// must be named there. An import that uses a resource an instance provides
// cannot be lifted at all (an import cannot refer to a type defined inside
// the component); Encode reports it.
//
// # Output
//
// The output nests each input component once, unchanged (its bytes, core
// modules included, are copied, not re-encoded), followed by the outer
// imports, instances, aliases and exports in a deterministic order: the same
// inputs and calls give byte-identical output. Encode validates what it
// produces with component.Validate.
//
// # WASI versions
//
// SetWASI (PlugOptions.WASI for Plug) writes every WASI 0.2 name of the
// output — its imports and exports, and those of the nested components —
// at one release: the lowest that has every WASI item the output uses, or a
// given one (see package component/wasiversion). Without it the output
// keeps the inputs' names, which toolchains take from their own WIT
// (jco's preview1 adapter: 0.2.12), newer than many runtimes provide.
//
// An input's world is resolved from a skeleton of it: the same bytes with
// every core module replaced by an empty module and custom sections left
// out, which changes no index space or type, so that adding a 2 MB stock-Go
// component costs the decoding of a few kilobytes.
package compose
