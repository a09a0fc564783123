package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/wasmcp/wasmcp/registry"
)

func init() {
	registrySubcommands = append(registrySubcommands, newRegistryComponentCmd)
}

func newRegistryComponentCmd(f *factory) *cobra.Command {
	c := &cobra.Command{
		Use:     "component",
		Aliases: []string{"components"},
		Short:   "Manage component aliases (short names for paths, packages or other aliases)",
		Example: `  wasmcp registry component add calc ./calc/calc.wasm
  wasmcp registry component add weather acme:weather@1.2.0
  wasmcp registry component list
  wasmcp registry component remove calc`,
		Args: noSubcommand,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	c.AddCommand(newRegistryComponentAddCmd(f), newRegistryComponentListCmd(f), newRegistryComponentRemoveCmd(f))
	return c
}

type registryComponentAddOptions struct {
	f     *factory
	name  string
	spec  string
	force bool
}

func newRegistryComponentAddCmd(f *factory) *cobra.Command {
	opts := &registryComponentAddOptions{f: f}
	c := &cobra.Command{
		Use:   "add NAME SPEC",
		Short: "Add an alias for a component file, an OCI package or another alias",
		Long: `Add an alias NAME for SPEC, which is one of:
  - a local component file (stored as an absolute path; it must exist),
  - an OCI package namespace:name@version (the version is optional),
  - another alias or a profile.
An existing alias is replaced only with --force.`,
		Example: `  wasmcp registry component add calc ./calc/calc.wasm
  wasmcp registry component add weather acme:weather@1.2.0
  wasmcp registry component add calculator calc`,
		Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.name, opts.spec = args[0], args[1]
			return runRegistryComponentAdd(cmd.Context(), opts)
		},
	}
	c.Flags().BoolVarP(&opts.force, "force", "f", false, "replace an existing alias")
	return c
}

func runRegistryComponentAdd(_ context.Context, opts *registryComponentAddOptions) error {
	if err := checkRegistryName("alias", opts.name); err != nil {
		return err
	}
	path, err := registryConfigPath(opts.f)
	if err != nil {
		return err
	}
	var stored string
	err = registry.Update(path, func(cfg *registry.Config) error {
		if err := registry.AddComponent(cfg, opts.name, opts.spec, opts.force); err != nil {
			return err
		}
		stored = cfg.Components[opts.name].Spec
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.f.IO.Out, "alias %s -> %s\n", opts.name, stored)
	return nil
}

type registryListOptions struct {
	f    *factory
	json bool
}

type componentEntry struct {
	Name string `json:"name"`
	Spec string `json:"spec"`
}

func componentEntries(cfg *registry.Config) []componentEntry {
	out := []componentEntry{}
	for _, n := range cfg.ComponentNames() {
		out = append(out, componentEntry{n, cfg.Components[n].Spec})
	}
	return out
}

func newRegistryComponentListCmd(f *factory) *cobra.Command {
	opts := &registryListOptions{f: f}
	c := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List component aliases",
		Example: `  wasmcp registry component list
  wasmcp registry component list --json`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRegistryComponentList(cmd.Context(), opts)
		},
	}
	c.Flags().BoolVar(&opts.json, "json", false, "print JSON")
	return c
}

func runRegistryComponentList(_ context.Context, opts *registryListOptions) error {
	_, cfg, err := loadRegistry(opts.f)
	if err != nil {
		return err
	}
	entries := componentEntries(cfg)
	if opts.json {
		return writeJSON(opts.f.IO.Out, entries)
	}
	if len(entries) == 0 {
		fmt.Fprintln(opts.f.IO.ErrOut, "no aliases; add one with: wasmcp registry component add NAME SPEC")
		return nil
	}
	printComponents(opts.f, entries)
	return nil
}

func printComponents(f *factory, entries []componentEntry) {
	tw := tabwriter.NewWriter(f.IO.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tSPEC")
	for _, e := range entries {
		fmt.Fprintf(tw, "%s\t%s\n", e.Name, e.Spec)
	}
	tw.Flush()
}

type registryRemoveOptions struct {
	f     *factory
	name  string
	force bool
}

func newRegistryComponentRemoveCmd(f *factory) *cobra.Command {
	opts := &registryRemoveOptions{f: f}
	c := &cobra.Command{
		Use:     "remove NAME",
		Aliases: []string{"rm"},
		Short:   "Remove a component alias",
		Long:    "Remove a component alias. An alias that other aliases or profiles use is kept unless --force is given.",
		Example: `  wasmcp registry component remove calc`,
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.name = args[0]
			return runRegistryComponentRemove(cmd.Context(), opts)
		},
	}
	c.Flags().BoolVarP(&opts.force, "force", "f", false, "remove even if other aliases or profiles use it")
	return c
}

func runRegistryComponentRemove(_ context.Context, opts *registryRemoveOptions) error {
	path, err := registryConfigPath(opts.f)
	if err != nil {
		return err
	}
	if err := registry.Update(path, func(cfg *registry.Config) error {
		return registry.RemoveComponent(cfg, opts.name, opts.force)
	}); err != nil {
		return err
	}
	fmt.Fprintf(opts.f.IO.Out, "removed alias %s\n", opts.name)
	return nil
}
