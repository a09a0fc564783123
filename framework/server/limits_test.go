package main

import (
	"testing"

	"github.com/wasmcp/wasmcp/framework/coreparts"
)

func TestDrainReserveCoversTheChannel(t *testing.T) {
	const entry = 56 // the canonical-ABI size of wasmcp:framework/notifications.entry
	if need := coreparts.MaxQueuedBytes + coreparts.MaxQueued*entry; drainReserve < need {
		t.Errorf("drainReserve %d < %d, what a full channel drains", drainReserve, need)
	}
}
