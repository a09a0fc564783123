package cabi

// The canonical ABI realloc for lifting exports: the host allocates the
// memory of export arguments (strings, lists, spilled parameters) with it.
//
//go:wasmexport cabi_export_realloc
func exportRealloc(oldPtr, oldSize, align, newSize uint32) uint32 {
	return uint32(Realloc(&ArgPins, uintptr(oldPtr), uintptr(oldSize), uintptr(align), uintptr(newSize)))
}

// The canonical ABI realloc for lowering imports: the host allocates the
// memory of import results (strings, lists) with it.
//
//go:wasmexport cabi_import_realloc
func importRealloc(oldPtr, oldSize, align, newSize uint32) uint32 {
	return uint32(Realloc(&ImportPins, uintptr(oldPtr), uintptr(oldSize), uintptr(align), uintptr(newSize)))
}
