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
