package main

import (
	"errors"
	"unsafe"
)

// randomGet is WASI's source of randomness (wasi:random/random under the
// preview1 adapter). Session ids come from it directly: crypto/rand would
// bring its DRBG, os and godebug, a quarter of a megabyte of code that only
// ends up calling this.
//
//go:wasmimport wasi_snapshot_preview1 random_get
func randomGet(buf unsafe.Pointer, n uint32) uint32

// clockTimeGet reads a WASI clock (wasi:clocks under the preview1
// adapter); package time would bring internal/godebug with it.
//
//go:wasmimport wasi_snapshot_preview1 clock_time_get
func clockTimeGet(id uint32, precision uint64, out unsafe.Pointer) uint32

// nowMillis is the wall clock in milliseconds since the Unix epoch (0 when
// the runtime has no clock).
func nowMillis() int64 {
	var ns uint64
	if clockTimeGet(0, 1_000_000, unsafe.Pointer(&ns)) != 0 {
		return 0
	}
	return int64(ns / 1_000_000)
}

// randomBytes fills b with random bytes from the runtime.
func randomBytes(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	if errno := randomGet(unsafe.Pointer(&b[0]), uint32(len(b))); errno != 0 {
		return errors.New("wasi random_get failed")
	}
	return nil
}

// fdWrite is WASI's write (wasi:cli/stderr under the adapter). The
// framework writes its warnings with it rather than with package syscall,
// whose initialization (non-blocking stdio, the list of preopened
// directories) costs every instance a handful of host calls.
//
//go:wasmimport wasi_snapshot_preview1 fd_write
func fdWrite(fd uint32, iovs unsafe.Pointer, iovsLen uint32, written unsafe.Pointer) uint32

// writeStderr writes s to file descriptor 2, giving up on the first error.
func writeStderr(s string) {
	p := []byte(s)
	for len(p) > 0 {
		iov := [2]uint32{uint32(uintptr(unsafe.Pointer(&p[0]))), uint32(len(p))}
		var n uint32
		if fdWrite(2, unsafe.Pointer(&iov), 1, unsafe.Pointer(&n)) != 0 || n == 0 {
			return
		}
		p = p[n:]
	}
}
