package coreparts

import (
	"github.com/wasmcp/wasmcp/framework/coreparts/internal/coremod"
	fwwit "github.com/wasmcp/wasmcp/wit/framework"
)

// Counts are the constants a layout component answers: how many of a
// framework instance's provider imports of each kind are wired to real
// providers, and whether its imported handler leads somewhere (Next, 0 or
// 1).
type Counts struct {
	Tools, Resources, Prompts, Completions, Next uint32
}

// Layout returns a component of world wasmcp:framework/layout-provider
// whose count(kind) returns the field of c for the kind. It has no memory.
func Layout(c Counts) ([]byte, error) {
	res, err := contract("")
	if err != nil {
		return nil, err
	}
	count := export{fwwit.InterfaceLayout, "count"}
	i32 := []coremod.ValType{coremod.I32}
	if err := signature(res, count, i32, i32); err != nil {
		return nil, err
	}
	var m coremod.Module
	f, code := m.Func(i32, i32)
	// The slot-kind enum in declaration order; the canonical ABI has
	// checked the discriminant before the call.
	for kind, n := range []uint32{c.Tools, c.Resources, c.Prompts, c.Completions} {
		code.LocalGet(0).U32(uint32(kind)).Op(coremod.I32Eq).If()
		code.U32(n).Op(coremod.Return).End()
	}
	code.U32(c.Next)
	code.Finish()
	m.ExportFunc(count.name(), f)
	return componentOf(m.Bytes(), res, fwwit.WorldLayoutProvider)
}
