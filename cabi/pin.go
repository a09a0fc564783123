package cabi

import "unsafe"

// Pins keeps Go objects reachable while the host may read or write them. The
// garbage collector of stock Go does not move objects, so an object that stays
// reachable keeps its address.
type Pins struct {
	objs []any
}

// Keep records v (a slice, a string, a pointer) as reachable until Release.
func (p *Pins) Keep(v any) { p.objs = append(p.objs, v) }

// Len reports how many objects are kept.
func (p *Pins) Len() int { return len(p.objs) }

// Release forgets every kept object.
func (p *Pins) Release() {
	clear(p.objs)
	p.objs = p.objs[:0]
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
	buf := make([]uint64, (size+7)/8)
	p.Keep(buf)
	return uintptr(unsafe.Pointer(unsafe.SliceData(buf)))
}

// Pin sets used by generated code and by the allocator exports.
var (
	// ArgPins holds memory the host allocated with cabi_export_realloc for the
	// arguments of the export being called. The export wrapper releases it
	// once the arguments are lifted into Go values.
	ArgPins Pins
	// ResultPins holds memory returned from the export being called; its
	// post-return function releases it.
	ResultPins Pins
	// ImportPins holds memory the host allocated with cabi_import_realloc
	// for the results of an import call; the import wrapper releases it once
	// the results are lifted into Go values.
	ImportPins Pins
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
