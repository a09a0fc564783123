package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/wasmcp/wasmcp/wit"
)

func init() {
	subcommands = append(subcommands, newWitFmtCmd)
}

type witFmtOptions struct {
	f    *factory
	path string
}

func newWitFmtCmd(f *factory) *cobra.Command {
	opts := &witFmtOptions{f: f}
	return &cobra.Command{
		Use:   "wit-fmt FILE.wit",
		Short: "Print a WIT file in canonical layout",
		Long: `Parse a WIT file and print it in canonical layout: four-space indentation,
one item per line, doc comments as '///', keywords used as names escaped
with '%'. FILE may be '-' for standard input.

Doc comments are kept; plain '//' and '/* */' comments are not. Syntax errors
are reported as FILE:LINE:COL: message.`,
		Example: `  wasmcp wit-fmt wit/world.wit
  wasmcp wit-fmt wit/world.wit > /tmp/world.wit && diff wit/world.wit /tmp/world.wit`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.path = args[0]
			return runWitFmt(cmd.Context(), opts)
		},
	}
}

func runWitFmt(_ context.Context, opts *witFmtOptions) error {
	var (
		src []byte
		err error
	)
	name := opts.path
	if opts.path == "-" {
		name = "<stdin>"
		src, err = io.ReadAll(io.LimitReader(opts.f.IO.In, wit.MaxFileSize+1))
	} else {
		src, err = os.ReadFile(opts.path)
	}
	if err != nil {
		return err
	}
	file, err := wit.ParseFile(name, src)
	if err != nil {
		wit.Render(opts.f.IO.ErrOut, err, func(string) ([]byte, error) { return src, nil })
		return fmt.Errorf("%s: WIT syntax errors", name)
	}
	return wit.Format(opts.f.IO.Out, file)
}
