// Package coreparts holds framework components written directly as core
// WebAssembly, with no language runtime: the notification channel
// (NotifyChannel), the layout constants of a framework instance (Layout)
// and the stubs that fill its unused provider slots (Stub).
//
// They exist because a composed server is moving to one Go runtime for the
// whole framework. The channel cannot live in that instance: user
// components call it while the framework is calling them, and a component
// instance cannot be re-entered. Written as a few hundred instructions it
// costs almost nothing to instantiate.
//
// Each core module is written with the small emitter in internal/coremod,
// its exports checked against the canonical-ABI signatures package wit
// computes for the WIT (so that a change of the contract fails to build
// rather than to validate), the world embedded with wit.Embed and the
// component made by componentize/newcomp.
//
// Sizes and costs, measured on wasmtime 39 (wasmtime-host bench, mean of
// 200 instantiations in fresh stores):
//
//	component                          bytes       compile   instantiate
//	NotifyChannel (core module 1.8 kB)  4,973        6 ms        2.3 µs
//	Go notify-channel part          2,079,062      3.3 s       308 µs
//	Layout                                602        1 ms        0.5 µs
//
// Stub is 1.8 kB (handler) to 5.2 kB (prompts) for one interface, mostly
// the types the interfaces use; all five together are 16 kB.
package coreparts
