package newcomp_test

import "github.com/wasmcp/wasmcp/componentize/newcomp"

func newcompNew(core []byte) ([]byte, error) { return newcomp.New(core, nil) }
