package main

import "github.com/spf13/cobra"

// Parent commands whose subcommands are added by their own files through the
// slices below (in init functions), so that adding a subcommand never edits
// this file.
var (
	registrySubcommands []func(*factory) *cobra.Command
	composeSubcommands  []func(*factory) *cobra.Command
	pkgSubcommands      []func(*factory) *cobra.Command
)

func init() {
	subcommands = append(subcommands,
		group("registry", "Manage component aliases, profiles and registry namespaces",
			`  wasmcp registry component add calc ./calc.wasm
  wasmcp registry profile add dev calc strings
  wasmcp registry info`, &registrySubcommands),
		group("compose", "Compose components into one component",
			`  wasmcp compose server calc strings -o server.wasm
  wasmcp compose plug socket.wasm plug.wasm -o out.wasm`, &composeSubcommands),
		group("pkg", "Publish and fetch components in OCI registries",
			`  wasmcp pkg push calc.wasm localhost:5000/tools/calc:0.1.0
  wasmcp pkg pull acme:calc@0.1.0 -o calc.wasm`, &pkgSubcommands),
	)
}

func group(name, short, example string, subs *[]func(*factory) *cobra.Command) func(*factory) *cobra.Command {
	return func(f *factory) *cobra.Command {
		c := &cobra.Command{
			Use:     name,
			Short:   short,
			Example: example,
			Args:    func(cmd *cobra.Command, args []string) error { return noSubcommand(cmd, args) },
			RunE:    func(cmd *cobra.Command, args []string) error { return cmd.Help() },
		}
		for _, add := range *subs {
			c.AddCommand(add(f))
		}
		return c
	}
}

// noSubcommand rejects unknown subcommands of a group with a usage error.
func noSubcommand(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageErrorf("unknown command %q for %q", args[0], cmd.CommandPath())
	}
	return nil
}
