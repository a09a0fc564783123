//go:build !linux

package plugin

import "github.com/tetratelabs/wazero/experimental"

// allocator is wazero's default outside Linux.
var allocator experimental.MemoryAllocator
