package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/wasmcp/wasmcp/component/wasiversion"
)

// addWASIVersionFlag adds --wasi-version, shared by the commands that write
// components.
func addWASIVersionFlag(c *cobra.Command, s *string) {
	c.Flags().StringVar(s, "wasi-version", "", "WASI release to write WASI imports and exports at, 0.2.0 to "+
		wasiversion.Newest().String()+" (default: the lowest release that has every WASI function and type the output uses)")
}

// wasiTarget reads --wasi-version; a malformed or unknown version is a
// usage error.
func wasiTarget(cmd, s string) (*wasiversion.Target, error) {
	t, err := wasiversion.ParseTarget(s)
	if err != nil {
		return nil, &usageError{fmt.Errorf("%s: --wasi-version: %w", cmd, err)}
	}
	return &t, nil
}
