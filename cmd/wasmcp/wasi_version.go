package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/wasmcp/wasmcp/component/wasiversion"
)

// addWASIVersionFlag adds --wasi-version, shared by the commands that write
// components.
func addWASIVersionFlag(c *cobra.Command, s *string) {
	c.Flags().StringVar(s, "wasi-version", "", "WASI release to write WASI imports and exports at, 0.2.0 to "+
		wasiversion.Newest().String()+", or keep to leave them as the inputs have them (default: the lowest release that has every WASI function and type the output uses)")
}

// wasiKeep is the --wasi-version value that turns the rewrite off, for
// components using WASI items that wasmcp's table does not know.
const wasiKeep = "keep"

// wasiTarget reads --wasi-version (nil for keep); a malformed or unknown
// version is a usage error.
func wasiTarget(cmd, s string) (*wasiversion.Target, error) {
	if s == wasiKeep {
		return nil, nil
	}
	t, err := wasiversion.ParseTarget(s)
	if err != nil {
		return nil, &usageError{fmt.Errorf("%s: --wasi-version: %w", cmd, err)}
	}
	return &t, nil
}

// withWASIHint tells, after an error about the WASI items an output uses,
// how to get past it.
func withWASIHint(err error) error {
	if errors.Is(err, wasiversion.ErrUnknown) {
		return fmt.Errorf("%w (--wasi-version keep leaves the WASI names as the inputs have them)", err)
	}
	return err
}
