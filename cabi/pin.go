package cabi

import "unsafe"

// Pins keeps Go objects reachable while the host may read or write them. The
// garbage collector of stock Go does not move objects, so an object that stays
// reachable keeps its address.
type Pins struct {
	objs []any

	// arena, when set, serves Alloc without touching the Go heap. The host
	// calls cabi_export_realloc and cabi_import_realloc while it lowers
	// values into this component, and the component model forbids the
	// component to call an import until realloc returns; an allocation on the
	// Go heap may grow the heap, and the Go runtime then reads the WASI clock,
	// which traps ("cannot leave component instance"). So the allocator
	// exports bump-allocate from memory reserved in advance, and Release,
	// which runs where imports may be called, grows the reserve when a call
	// needed more than it had.
	arena []uint64
	used  uintptr // bytes of arena handed out since the last Release
	peak  uintptr // bytes asked for since the last Release, arena and heap
}

// newArenaPins returns a pin set whose allocations come from a reserve of
// size bytes.
func newArenaPins(size uintptr) Pins {
	return Pins{arena: make([]uint64, size/8)}
}

// arenaLimit bounds how large Release lets a reserve grow: a call that needs
// more than this still works, with its excess allocated on the Go heap.
const arenaLimit = 64 << 20

// Keep records v (a slice, a string, a pointer) as reachable until Release.
func (p *Pins) Keep(v any) { p.objs = append(p.objs, v) }

// Len reports how many objects are kept (memory handed out from the
// reserve counts as one).
func (p *Pins) Len() int {
	n := len(p.objs)
	if p.used > 0 {
		n++
	}
	return n
}

// Release forgets every kept object and makes the whole reserve available
// again, growing it first when the calls since the last Release needed more.
func (p *Pins) Release() {
	clear(p.objs)
	p.objs = p.objs[:0]
	p.used = 0
	if p.arena != nil && p.peak > uintptr(len(p.arena))*8 && uintptr(len(p.arena))*8 < arenaLimit {
		size := uintptr(len(p.arena)) * 8
		for size < p.peak && size < arenaLimit {
			size *= 2
		}
		p.arena = make([]uint64, size/8)
	}
	p.peak = 0
}

// Alloc returns zeroed memory of size bytes aligned to align (a power of two,
// at most 8) and keeps it in p. Sizes of 0 return address 0, which the canonical
// ABI accepts for empty strings and lists.
func (p *Pins) Alloc(size, align uintptr) uintptr {
	if size == 0 {
		return 0
	}
	// Allocating uint64 words gives 8-byte alignment, enough for every
	// canonical ABI type.
	_ = align
	words := (size + 7) / 8
	if p.arena != nil {
		p.peak += words * 8
		start := p.used / 8
		if start+words <= uintptr(len(p.arena)) {
			buf := p.arena[start : start+words]
			clear(buf)
			p.used += words * 8
			return uintptr(unsafe.Pointer(unsafe.SliceData(buf)))
		}
	}
	buf := make([]uint64, words)
	p.Keep(buf)
	return uintptr(unsafe.Pointer(unsafe.SliceData(buf)))
}

// The first reserves live in the module's zero-initialized static data, not
// on the Go heap. A reserve too small for a call's values sends the
// allocation to the Go heap inside realloc, and a large allocation there
// always reads the WASI clock (mheap.allocSpan), which traps; so the
// reserves are sized for what MCP hands a component in one call: the
// framework refuses request bodies over 4 MiB by default (WASMCP_MAX_BODY),
// so a tool's arguments fit, and so does a full notification channel. Being
// static, they cost neither instantiation time nor resident memory until
// used (a reserve of the same size made on the Go heap at start costs a
// Go component about 80 % more instantiation time). ReserveSize is what
// each holds.
const ReserveSize = 4<<20 + 64<<10

var argArena, importArena [ReserveSize / 8]uint64

// Pin sets used by generated code and by the allocator exports.
var (
	// ArgPins holds memory the host allocated with cabi_export_realloc for the
	// arguments of the export being called. The export wrapper releases it
	// once the arguments are lifted into Go values.
	ArgPins = Pins{arena: argArena[:]}
	// ResultPins holds memory returned from the export being called; its
	// post-return function releases it.
	ResultPins Pins
	// ImportPins holds memory the host allocated with cabi_import_realloc
	// for the results of an import call; the import wrapper releases it once
	// the results are lifted into Go values.
	ImportPins = Pins{arena: importArena[:]}
)

// Realloc implements the canonical ABI realloc contract over a pin set: a
// fresh allocation of newSize bytes (old memory is copied when oldPtr != 0).
func Realloc(p *Pins, oldPtr, oldSize, align, newSize uintptr) uintptr {
	ptr := p.Alloc(newSize, align)
	if oldPtr != 0 && oldSize != 0 && ptr != 0 {
		n := min(oldSize, newSize)
		copy(unsafe.Slice((*byte)(Ptr(ptr)), n), unsafe.Slice((*byte)(Ptr(oldPtr)), n))
	}
	return ptr
}
