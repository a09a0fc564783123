package cabi

// AdapterArenaSize is the size of the memory reserved for the
// wasi_snapshot_preview1 adapter (its stack and state).
const AdapterArenaSize = 256 << 10

// adapterArena is memory that the Go runtime never hands out, for the
// wasi_snapshot_preview1 adapter. Without a cabi_realloc export, the adapter
// takes its memory with memory.grow, behind the Go runtime's back; the Go heap
// later grows over those pages (runtime.sbrk assumes it alone grows memory),
// and the adapter's state is corrupted ("assertion failed at adapter line
// …"). A cabi_realloc written in Go cannot serve the adapter either: the
// adapter calls it while _initialize is still starting the runtime.
//
// So `wasmcp componentize` adds to the core module a small cabi_realloc
// written directly in WebAssembly that bump-allocates from this array. It finds
// the array through adapterArenaDesc: a marker followed by the array's address,
// which the Go linker writes into a data segment.
var adapterArena [AdapterArenaSize]byte

var adapterArenaDesc = struct {
	magic [16]byte
	arena *[AdapterArenaSize]byte
}{
	magic: [16]byte{'w', 'a', 's', 'm', 'c', 'p', ':', 'a', 'r', 'e', 'n', 'a', ':', 'v', '0', '1'},
	arena: &adapterArena,
}

func init() {
	// Keeps the descriptor (and so the arena) in the binary.
	if adapterArenaDesc.arena == nil || adapterArenaDesc.magic[0] != 'w' {
		panic("cabi: adapter arena descriptor missing")
	}
}
