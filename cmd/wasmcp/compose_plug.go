package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/wasmcp/wasmcp/component/wasiversion"
	"github.com/wasmcp/wasmcp/compose"
)

func init() { composeSubcommands = append(composeSubcommands, newComposePlugCmd) }

type composePlugOptions struct {
	f      *factory
	socket string
	plugs  []string
	out    string
	force  bool
	wasi   string
}

func newComposePlugCmd(f *factory) *cobra.Command {
	opts := &composePlugOptions{f: f}
	c := &cobra.Command{
		Use:   "plug SOCKET.wasm PLUG.wasm... -o OUT.wasm",
		Short: "Plug the exports of components into the imports of another",
		Long: `Compose SOCKET with one or more PLUG components into one component.

Each import of SOCKET (or of a plug) that a plug exports is wired to that
export; names match by interface, and semver-compatible versions match
(an import of wasi:io/streams@0.2.0 is satisfied by an export of
wasi:io/streams@0.2.3). An import two plugs export is an error. Every import
left unsatisfied is imported once by the composed component and shared by
all components that need it. The composed component exports what SOCKET
exports, and also the interfaces of plugs whose types those exports use (a
record or resource crossing the component's boundary needs a name there).
A plug that satisfies no import is an error.

WASI 0.2 imports and exports, in the composed component and in the
components nested in it, are written at the lowest WASI 0.2 release that
has every WASI function and type the composed component uses, or at
--wasi-version 0.2.N.

See docs/compose.md.

The output is validated before it is written, and an existing file is only
replaced with --force.`,
		Example: `  wasmcp compose plug app.wasm text.wasm geo.wasm -o composed.wasm
  wasmcp compose plug socket.wasm plug.wasm -o out.wasm --force`,
		Args: minArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.out == "" {
				return usageErrorf("compose plug: -o OUT.wasm is required")
			}
			opts.socket, opts.plugs = args[0], args[1:]
			wasi, err := wasiTarget("compose plug", opts.wasi)
			if err != nil {
				return err
			}
			return runComposePlug(cmd.Context(), opts, wasi)
		},
	}
	c.Flags().StringVarP(&opts.out, "out", "o", "", "output component")
	c.Flags().BoolVar(&opts.force, "force", false, "overwrite OUT.wasm if it exists")
	addWASIVersionFlag(c, &opts.wasi)
	return c
}

func runComposePlug(ctx context.Context, opts *composePlugOptions, wasi *wasiversion.Target) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if !opts.force {
		if _, err := os.Lstat(opts.out); err == nil {
			return fmt.Errorf("compose plug: %s exists (use --force to overwrite it)", opts.out)
		}
	}
	read := func(path string) (compose.Input, error) {
		b, err := os.ReadFile(path)
		if err != nil {
			return compose.Input{}, fmt.Errorf("compose plug: %w", err)
		}
		return compose.Input{Name: path, Wasm: b}, nil
	}
	socket, err := read(opts.socket)
	if err != nil {
		return err
	}
	var plugs []compose.Input
	for _, p := range opts.plugs {
		in, err := read(p)
		if err != nil {
			return err
		}
		plugs = append(plugs, in)
	}
	data, err := compose.PlugWith(compose.PlugOptions{WASI: wasi}, socket, plugs...)
	if err != nil {
		return withWASIHint(err)
	}
	if err := compose.WriteFile(opts.out, data, opts.force); err != nil {
		return err
	}
	fmt.Fprintf(opts.f.IO.ErrOut, "wrote %s (%d bytes)\n", filepath.Clean(opts.out), len(data))
	return nil
}
