package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/wasmcp/wasmcp/oci"
	"github.com/wasmcp/wasmcp/registry"
)

func init() {
	registrySubcommands = append(registrySubcommands, newRegistryNamespaceCmd)
}

func newRegistryNamespaceCmd(f *factory) *cobra.Command {
	c := &cobra.Command{
		Use:     "namespace",
		Aliases: []string{"namespaces", "ns"},
		Short:   "Map package namespaces (namespace:name@version) to OCI registries",
		Example: `  wasmcp registry namespace set acme ghcr.io/acme
  wasmcp registry namespace set local localhost:5000/tools --plain-http
  wasmcp registry namespace list
  wasmcp registry namespace remove acme`,
		Args: noSubcommand,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	c.AddCommand(newRegistryNamespaceSetCmd(f), newRegistryNamespaceListCmd(f), newRegistryNamespaceRemoveCmd(f))
	return c
}

type registryNamespaceSetOptions struct {
	f         *factory
	name      string
	registry  string
	plainHTTP bool
}

func newRegistryNamespaceSetCmd(f *factory) *cobra.Command {
	opts := &registryNamespaceSetOptions{f: f}
	c := &cobra.Command{
		Use:   "set NAMESPACE HOST[:PORT][/PREFIX]",
		Short: "Map a namespace to a registry and repository prefix",
		Long: `Map NAMESPACE to a registry: the package namespace:name@version then lives
at HOST[:PORT]/PREFIX/name:version. An existing mapping is replaced. Setting
the built-in namespace wasmcp (ghcr.io/wasmcp) overrides it, e.g. with a
mirror.

Registries are spoken to over HTTPS. --plain-http records that this
registry speaks plain HTTP; wasmcp never assumes it, not even for localhost.`,
		Example: `  wasmcp registry namespace set acme ghcr.io/acme
  wasmcp registry namespace set local localhost:5000/tools --plain-http
  wasmcp registry namespace set wasmcp registry.example.com/wasmcp-mirror`,
		Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.name, opts.registry = args[0], args[1]
			return runRegistryNamespaceSet(cmd.Context(), opts)
		},
	}
	c.Flags().BoolVar(&opts.plainHTTP, "plain-http", false, "the registry speaks HTTP, not HTTPS (local test registries)")
	return c
}

func runRegistryNamespaceSet(_ context.Context, opts *registryNamespaceSetOptions) error {
	if err := oci.ValidateNamespace(opts.name); err != nil {
		return usageErrorf("%v", err)
	}
	if err := oci.ValidateRegistry(opts.registry); err != nil {
		return usageErrorf("%v", err)
	}
	path, err := registryConfigPath(opts.f)
	if err != nil {
		return err
	}
	err = registry.Update(path, func(cfg *registry.Config) error {
		cfg.Namespaces[opts.name] = registry.Namespace{Registry: opts.registry, PlainHTTP: opts.plainHTTP}
		return nil
	})
	if err != nil {
		return err
	}
	scheme := "https"
	if opts.plainHTTP {
		scheme = "http"
	}
	fmt.Fprintf(opts.f.IO.Out, "namespace %s -> %s (%s)\n", opts.name, opts.registry, scheme)
	if !opts.plainHTTP && oci.IsLoopback(opts.registry) {
		fmt.Fprintf(opts.f.IO.ErrOut, "note: %s is on this machine; if that registry speaks plain HTTP, set the namespace again with --plain-http\n", oci.NamespaceConfig{Registry: opts.registry}.Host())
	}
	return nil
}

type nsListEntry struct {
	Name      string `json:"name"`
	Registry  string `json:"registry"`
	PlainHTTP bool   `json:"plainHTTP"`
	// Source is "config" or "built-in".
	Source string `json:"source"`
}

func newRegistryNamespaceListCmd(f *factory) *cobra.Command {
	opts := &registryListOptions{f: f}
	c := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List namespace mappings, the built-in ones included",
		Example: `  wasmcp registry namespace list
  wasmcp registry namespace list --json`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRegistryNamespaceList(cmd.Context(), opts)
		},
	}
	c.Flags().BoolVar(&opts.json, "json", false, "print JSON")
	return c
}

func runRegistryNamespaceList(_ context.Context, opts *registryListOptions) error {
	_, cfg, err := loadRegistry(opts.f)
	if err != nil {
		return err
	}
	builtin := oci.BuiltinNamespaces()
	entries := []nsListEntry{}
	all := oci.Namespaces{}
	for n, c := range builtin {
		all[n] = c
	}
	for n, c := range cfg.Namespaces {
		all[n] = oci.NamespaceConfig{Registry: c.Registry, PlainHTTP: c.PlainHTTP}
	}
	for _, n := range all.Names() {
		src := "built-in"
		if _, ok := cfg.Namespaces[n]; ok {
			src = "config"
		}
		entries = append(entries, nsListEntry{Name: n, Registry: all[n].Registry, PlainHTTP: all[n].PlainHTTP, Source: src})
	}
	if opts.json {
		return writeJSON(opts.f.IO.Out, entries)
	}
	tw := tabwriter.NewWriter(opts.f.IO.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAMESPACE\tREGISTRY\tPLAIN-HTTP\tSOURCE")
	for _, e := range entries {
		fmt.Fprintf(tw, "%s\t%s\t%v\t%s\n", e.Name, e.Registry, e.PlainHTTP, e.Source)
	}
	return tw.Flush()
}

type registryNamespaceRemoveOptions struct {
	f    *factory
	name string
}

func newRegistryNamespaceRemoveCmd(f *factory) *cobra.Command {
	opts := &registryNamespaceRemoveOptions{f: f}
	c := &cobra.Command{
		Use:     "remove NAMESPACE",
		Aliases: []string{"rm"},
		Short:   "Remove a namespace mapping (a built-in one comes back)",
		Example: `  wasmcp registry namespace remove acme`,
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.name = args[0]
			return runRegistryNamespaceRemove(cmd.Context(), opts)
		},
	}
	return c
}

func runRegistryNamespaceRemove(_ context.Context, opts *registryNamespaceRemoveOptions) error {
	path, err := registryConfigPath(opts.f)
	if err != nil {
		return err
	}
	err = registry.Update(path, func(cfg *registry.Config) error {
		if _, ok := cfg.Namespaces[opts.name]; !ok {
			if _, builtin := oci.BuiltinNamespaces()[opts.name]; builtin {
				return fmt.Errorf("namespace %q is built in and not set in %s; there is nothing to remove", opts.name, path)
			}
			return fmt.Errorf("namespace %q is not set in %s", opts.name, path)
		}
		delete(cfg.Namespaces, opts.name)
		return nil
	})
	if err != nil {
		return err
	}
	msg := "removed namespace " + opts.name
	if b, ok := oci.BuiltinNamespaces()[opts.name]; ok {
		msg += fmt.Sprintf(" (the built-in mapping to %s applies again)", b.Registry)
	}
	fmt.Fprintln(opts.f.IO.Out, msg)
	return nil
}
