package cabi

import (
	"math"
	"unsafe"
)

// Ptr converts a linear-memory address to a pointer.
func Ptr(addr uintptr) unsafe.Pointer { return unsafe.Add(unsafe.Pointer(nil), addr) }

// Addr converts a pointer to a linear-memory address.
func Addr(p unsafe.Pointer) uintptr { return uintptr(p) }

// Loads and stores of the canonical ABI's scalar shapes at an address.

func LoadU8(a uintptr) uint8        { return *(*uint8)(Ptr(a)) }
func LoadU16(a uintptr) uint16      { return *(*uint16)(Ptr(a)) }
func LoadU32(a uintptr) uint32      { return *(*uint32)(Ptr(a)) }
func LoadU64(a uintptr) uint64      { return *(*uint64)(Ptr(a)) }
func LoadF32(a uintptr) float32     { return *(*float32)(Ptr(a)) }
func LoadF64(a uintptr) float64     { return *(*float64)(Ptr(a)) }
func StoreU8(a uintptr, v uint8)    { *(*uint8)(Ptr(a)) = v }
func StoreU16(a uintptr, v uint16)  { *(*uint16)(Ptr(a)) = v }
func StoreU32(a uintptr, v uint32)  { *(*uint32)(Ptr(a)) = v }
func StoreU64(a uintptr, v uint64)  { *(*uint64)(Ptr(a)) = v }
func StoreF32(a uintptr, v float32) { *(*float32)(Ptr(a)) = v }
func StoreF64(a uintptr, v float64) { *(*float64)(Ptr(a)) = v }

// Bool converts a core value to a WIT bool (any non-zero value is true).
func Bool[T uint32 | uint8](v T) bool { return v != 0 }

// BoolU32 converts a bool to its core i32 value.
func BoolU32(b bool) uint32 {
	if b {
		return 1
	}
	return 0
}

// Conversions between the joined flat types of variants (CanonicalABI.md,
// "Flattening": an f32 carried in an i32 or i64 slot, an f64 in an i64 slot).

func F32ToU32(f float32) uint32 { return math.Float32bits(f) }
func U32ToF32(u uint32) float32 { return math.Float32frombits(u) }
func F64ToU64(f float64) uint64 { return math.Float64bits(f) }
func U64ToF64(u uint64) float64 { return math.Float64frombits(u) }

// LiftString returns a copy of the n bytes at addr as a string. It copies
// because the allocator exports hand out memory from a reserve that is reused
// once the values of a call are lifted (see Pins).
func LiftString(addr uintptr, n uint32) string {
	if n == 0 {
		return ""
	}
	return string(unsafe.Slice((*byte)(Ptr(addr)), n))
}

// LowerString returns the address and byte length of s, keeping s in pins.
func LowerString(pins *Pins, s string) (uintptr, uint32) {
	if len(s) == 0 {
		return 0, 0
	}
	pins.Keep(s)
	return uintptr(unsafe.Pointer(unsafe.StringData(s))), uint32(len(s))
}

// LiftSlice returns a copy of the n elements of type T at addr (a copy for
// the reason given at LiftString). T must have the canonical ABI's memory
// layout (integers, floats, runes).
func LiftSlice[T any](addr uintptr, n uint32) []T {
	if n == 0 {
		return []T{}
	}
	out := make([]T, n)
	copy(out, unsafe.Slice((*T)(Ptr(addr)), n))
	return out
}

// LowerSlice returns the address and length of s, keeping s in pins. T must
// have the canonical ABI's memory layout.
func LowerSlice[T any](pins *Pins, s []T) (uintptr, uint32) {
	if len(s) == 0 {
		return 0, 0
	}
	pins.Keep(s)
	return uintptr(unsafe.Pointer(unsafe.SliceData(s))), uint32(len(s))
}

// StringAddr returns the address and byte length of s without keeping it:
// for strings reachable from a value already kept in a pin set.
func StringAddr(s string) (uintptr, uint32) {
	if len(s) == 0 {
		return 0, 0
	}
	return uintptr(unsafe.Pointer(unsafe.StringData(s))), uint32(len(s))
}

// SliceAddr is StringAddr for slices whose elements have the canonical
// ABI's memory layout.
func SliceAddr[T any](s []T) (uintptr, uint32) {
	if len(s) == 0 {
		return 0, 0
	}
	return uintptr(unsafe.Pointer(unsafe.SliceData(s))), uint32(len(s))
}
