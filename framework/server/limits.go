package main

// drainReserve is how much memory a drain of the notification channel can
// need at most: the Go-free channel keeps at most 1 MiB of strings and 1024
// entries of 56 bytes (coreparts.MaxQueuedBytes, MaxQueued; a test checks
// the sum against them). The framework makes sure cabi's import reserve is
// that large before it drains (cabi's static reserve already is), so that
// lowering a busy call's notifications never falls back to the Go heap
// inside cabi_import_realloc, where a heap that grows reads the WASI clock
// and traps.
const drainReserve = 1<<20 + 128<<10
