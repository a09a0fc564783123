package main

import (
	"testing"

	"github.com/wasmcp/wasmcp/cabi"
	"github.com/wasmcp/wasmcp/framework/coreparts"
)

// TestDrainFitsTheReserve: draining a full notification channel (at most
// 1 MiB of strings and 1024 entries of 56 bytes) lowers everything into
// cabi's import reserve, so it never falls back to the Go heap inside
// cabi_import_realloc, where a heap that grows reads the WASI clock and
// traps.
func TestDrainFitsTheReserve(t *testing.T) {
	const entry = 56 // the canonical-ABI size of wasmcp:framework/notifications.entry
	if need := coreparts.MaxQueuedBytes + coreparts.MaxQueued*entry; cabi.ReserveSize < need {
		t.Errorf("cabi.ReserveSize %d < %d, what a full channel drains", cabi.ReserveSize, need)
	}
}
