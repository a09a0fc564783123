package main

import (
	"github.com/spf13/cobra"

	"github.com/wasmcp/wasmcp/compose/server"
)

func init() { composeSubcommands = append(composeSubcommands, newComposeHandlerCmd) }

type composeHandlerOptions struct {
	f       *factory
	specs   []string
	out     string
	force   bool
	wasi    string
	resolve componentResolveOptions
}

func newComposeHandlerCmd(f *factory) *cobra.Command {
	opts := &composeHandlerOptions{f: f}
	c := &cobra.Command{
		Use:   "handler SPEC... [-o handler.wasm]",
		Short: "Compose components into one chain of handlers, without a transport",
		Long: `Compose MCP components into one middleware: the chain that compose server
would build, without the transport, the notify channel and the chain end.

The result imports and exports wasmcp:mcp/handler (it hands what it does not
answer to the next handler), and imports wasmcp:mcp/notify and
wasmcp:mcp/types when its components do, so that it can be used as one
component in another compose server or compose handler. SPECs are resolved
and classified as for compose server; the output defaults to ./handler.wasm
and an existing file is only replaced with --force. WASI names are written
at the lowest WASI 0.2 release the handler needs, or at --wasi-version.`,
		Example: `  wasmcp compose handler calc strings -o math.wasm
  wasmcp compose server math.wasm weather -o server.wasm`,
		Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.specs = args
			wasi, err := wasiTarget("compose handler", opts.wasi)
			if err != nil {
				return err
			}
			_, _, err = buildChain(cmd.Context(), opts.f, chainRequest{
				cmd: "compose handler", specs: opts.specs, out: opts.out, force: opts.force,
				transport: server.NoTransport, wasi: wasi, resolve: opts.resolve, defaultOut: "handler.wasm",
			})
			return err
		},
	}
	c.Flags().StringVarP(&opts.out, "out", "o", "", "output component (default: ./handler.wasm)")
	c.Flags().BoolVar(&opts.force, "force", false, "overwrite the output if it exists")
	addWASIVersionFlag(c, &opts.wasi)
	addComponentResolveFlags(c, &opts.resolve, true)
	return c
}
