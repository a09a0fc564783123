// Package wasiversion writes the WASI 0.2 names of a component at one WASI
// release, so that the component runs on runtimes that provide an older one.
//
// A toolchain names each WASI interface it imports after the WIT it was
// built with (wasi:clocks/monotonic-clock@0.2.12 for jco 1.35's preview1
// adapter). A runtime providing WASI 0.2.N satisfies imports of 0.2.M only
// for M <= N, so such a component fails to instantiate on wasmtime 39
// (0.2.6) although it uses nothing that 0.2.0 lacks. Every WASI 0.2 release
// adds items without changing the existing ones, so renaming
// wasi:pkg/iface@0.2.12 to wasi:pkg/iface@0.2.0 is sound as long as 0.2.0
// has every function and type the component's instance types list.
//
// The releases that introduced each interface, function and type come from
// a table generated from the WASI WIT in the pinned jco package (see
// internal/gentable); wasmcp needs no node at run time.
//
//	uses := wasiversion.Uses(world)              // the WASI interfaces, functions and types used
//	v, err := wasiversion.Lowest(uses)           // the lowest release that has them all
//	err = wasiversion.Check(uses, v)             // or: does release v have them all?
//	err = wasiversion.Rename(c, v)               // rewrite every WASI 0.2 name in c and its nested components
//	out, v, err := wasiversion.Retarget(wasm, wasiversion.Target{Lowest: true}) // all of it, on bytes
//
// Only interfaces of the WASI 0.2 packages the table knows (wasi:cli,
// wasi:clocks, wasi:filesystem, wasi:http, wasi:io, wasi:random,
// wasi:sockets) with a release version 0.2.N are renamed; other wasi:
// packages (wasi:keyvalue@0.2.0-draft, …) and every other name are left as
// they are. Names inside core modules are left too: a core module's imports
// are satisfied by the component's core instances, whose arguments keep the
// core names, so they never meet the renamed component-level names.
package wasiversion

//go:generate go run ./internal/gentable -builtin ../../node_modules/@bytecodealliance/jco/lib/wit/builtin -o table.go
