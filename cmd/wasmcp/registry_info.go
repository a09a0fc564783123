package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/wasmcp/wasmcp/registry"
)

func init() {
	registrySubcommands = append(registrySubcommands, newRegistryInfoCmd)
}

type registryInfoOptions struct {
	f          *factory
	components bool
	profiles   bool
	json       bool
}

func newRegistryInfoCmd(f *factory) *cobra.Command {
	opts := &registryInfoOptions{f: f}
	c := &cobra.Command{
		Use:   "info [--components|--profiles] [--json]",
		Short: "Show the config file, its aliases, profiles and namespaces",
		Example: `  wasmcp registry info
  wasmcp registry info --profiles
  wasmcp registry info --json`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.components && opts.profiles {
				return usageErrorf("--components and --profiles cannot be used together")
			}
			return runRegistryInfo(cmd.Context(), opts)
		},
	}
	c.Flags().BoolVar(&opts.components, "components", false, "show only component aliases")
	c.Flags().BoolVar(&opts.profiles, "profiles", false, "show only profiles")
	c.Flags().BoolVar(&opts.json, "json", false, "print JSON")
	return c
}

type namespaceEntry struct {
	Name      string `json:"name"`
	Registry  string `json:"registry"`
	PlainHTTP bool   `json:"plainHTTP,omitempty"`
}

// registryInfo holds what info prints. A section that is shown is a
// non-nil slice, written even when empty ([]) as the text shows "(0)"; one
// that was not asked for is nil and left out.
type registryInfo struct {
	Path       string           `json:"path"`
	Components []componentEntry `json:"components,omitzero"`
	Profiles   []profileEntry   `json:"profiles,omitzero"`
	Namespaces []namespaceEntry `json:"namespaces,omitzero"`
}

func runRegistryInfo(_ context.Context, opts *registryInfoOptions) error {
	path, cfg, err := loadRegistry(opts.f)
	if err != nil {
		return err
	}
	all := !opts.components && !opts.profiles
	info := registryInfo{Path: path}
	if all || opts.components {
		info.Components = componentEntries(cfg)
	}
	if all || opts.profiles {
		info.Profiles = profileEntries(cfg)
	}
	if all {
		info.Namespaces = namespaceEntries(cfg)
	}
	if opts.json {
		return writeJSON(opts.f.IO.Out, info)
	}
	out := opts.f.IO.Out
	fmt.Fprintf(out, "config: %s\n", path)
	if all || opts.components {
		fmt.Fprintf(out, "\ncomponents (%d):\n", len(info.Components))
		if len(info.Components) > 0 {
			printComponents(opts.f, info.Components)
		}
	}
	if all || opts.profiles {
		fmt.Fprintf(out, "\nprofiles (%d):\n", len(info.Profiles))
		if len(info.Profiles) > 0 {
			printProfiles(opts.f, info.Profiles)
		}
	}
	if all {
		fmt.Fprintf(out, "\nnamespaces (%d):\n", len(info.Namespaces))
		if len(info.Namespaces) > 0 {
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tREGISTRY\tPLAIN-HTTP")
			for _, n := range info.Namespaces {
				fmt.Fprintf(tw, "%s\t%s\t%v\n", n.Name, n.Registry, n.PlainHTTP)
			}
			tw.Flush()
		}
	}
	return nil
}

func namespaceEntries(cfg *registry.Config) []namespaceEntry {
	out := []namespaceEntry{}
	for _, n := range cfg.NamespaceNames() {
		ns := cfg.Namespaces[n]
		out = append(out, namespaceEntry{n, ns.Registry, ns.PlainHTTP})
	}
	return out
}
