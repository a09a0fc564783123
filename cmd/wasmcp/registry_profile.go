package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/wasmcp/wasmcp/registry"
)

func init() {
	registrySubcommands = append(registrySubcommands, newRegistryProfileCmd)
}

func newRegistryProfileCmd(f *factory) *cobra.Command {
	c := &cobra.Command{
		Use:     "profile",
		Aliases: []string{"profiles"},
		Short:   "Manage profiles (named lists of components, optionally extending a base profile)",
		Example: `  wasmcp registry profile add dev calc weather
  wasmcp registry profile add prod logger monitor --base dev -o server.wasm
  wasmcp registry profile list
  wasmcp registry profile remove prod`,
		Args: noSubcommand,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	c.AddCommand(newRegistryProfileAddCmd(f), newRegistryProfileListCmd(f), newRegistryProfileRemoveCmd(f))
	return c
}

type registryProfileAddOptions struct {
	f          *factory
	name       string
	components []string
	output     string
	base       string
	force      bool
}

func newRegistryProfileAddCmd(f *factory) *cobra.Command {
	opts := &registryProfileAddOptions{f: f}
	c := &cobra.Command{
		Use:   "add NAME COMPONENT... [-o OUTPUT] [-b BASE]",
		Short: "Add a profile: components composed together, after those of an optional base profile",
		Long: `Add a profile NAME. Each COMPONENT is an alias, a profile, a local component
file (stored as an absolute path) or an OCI package namespace:name@version.
With --base, the profile's components are the base's followed by its own, so
'prod' with base 'dev' and components 'logger monitor' is dev + logger + monitor.
The composed server is written to OUTPUT, by default composed/NAME.wasm in the
wasmcp config directory (~/.config/wasmcp/composed/NAME.wasm).`,
		Example: `  wasmcp registry profile add dev calc weather
  wasmcp registry profile add prod logger monitor --base dev
  wasmcp registry profile add local ./calc.wasm -o ./server.wasm`,
		Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.name, opts.components = args[0], args[1:]
			if len(opts.components) == 0 && opts.base == "" {
				return usageErrorf("%s needs at least one COMPONENT (or --base)", cmd.CommandPath())
			}
			return runRegistryProfileAdd(cmd.Context(), opts)
		},
	}
	c.Flags().StringVarP(&opts.output, "output", "o", "", "where compose writes this profile's server (default: <config dir>/composed/NAME.wasm)")
	c.Flags().StringVarP(&opts.base, "base", "b", "", "profile whose components come first")
	c.Flags().BoolVarP(&opts.force, "force", "f", false, "replace an existing profile")
	return c
}

func runRegistryProfileAdd(_ context.Context, opts *registryProfileAddOptions) error {
	if err := checkRegistryName("profile", opts.name); err != nil {
		return err
	}
	path, err := registryConfigPath(opts.f)
	if err != nil {
		return err
	}
	output := opts.output
	if output == "" {
		output = registry.DefaultOutput(path, opts.name)
	}
	var expanded []string
	err = registry.Update(path, func(cfg *registry.Config) error {
		p := registry.Profile{Base: opts.base, Components: opts.components, Output: output}
		if err := registry.AddProfile(cfg, opts.name, p, opts.force); err != nil {
			return err
		}
		var err error
		expanded, err = registry.ExpandProfile(cfg, opts.name)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.f.IO.Out, "profile %s = %s\n", opts.name, strings.Join(expanded, " + "))
	return nil
}

type profileEntry struct {
	Name       string   `json:"name"`
	Base       string   `json:"base,omitempty"`
	Components []string `json:"components"`
	// Expanded is the components with the bases' prepended; absent when a base is missing or cyclic.
	Expanded []string `json:"expanded,omitempty"`
	Output   string   `json:"output,omitempty"`
	Error    string   `json:"error,omitempty"`
}

func profileEntries(cfg *registry.Config) []profileEntry {
	out := []profileEntry{}
	for _, n := range cfg.ProfileNames() {
		p := cfg.Profiles[n]
		e := profileEntry{Name: n, Base: p.Base, Components: append([]string{}, p.Components...), Output: p.Output}
		if exp, err := registry.ExpandProfile(cfg, n); err != nil {
			e.Error = err.Error()
		} else {
			e.Expanded = exp
		}
		out = append(out, e)
	}
	return out
}

func newRegistryProfileListCmd(f *factory) *cobra.Command {
	opts := &registryListOptions{f: f}
	c := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List profiles with their expanded components",
		Example: `  wasmcp registry profile list
  wasmcp registry profile list --json`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRegistryProfileList(cmd.Context(), opts)
		},
	}
	c.Flags().BoolVar(&opts.json, "json", false, "print JSON")
	return c
}

func runRegistryProfileList(_ context.Context, opts *registryListOptions) error {
	_, cfg, err := loadRegistry(opts.f)
	if err != nil {
		return err
	}
	entries := profileEntries(cfg)
	if opts.json {
		return writeJSON(opts.f.IO.Out, entries)
	}
	if len(entries) == 0 {
		fmt.Fprintln(opts.f.IO.ErrOut, "no profiles; add one with: wasmcp registry profile add NAME COMPONENT...")
		return nil
	}
	printProfiles(opts.f, entries)
	return nil
}

func printProfiles(f *factory, entries []profileEntry) {
	tw := tabwriter.NewWriter(f.IO.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tBASE\tCOMPONENTS\tOUTPUT")
	for _, e := range entries {
		comps := strings.Join(e.Expanded, " + ")
		if e.Error != "" {
			comps = "error: " + e.Error
		}
		base := e.Base
		if base == "" {
			base = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", e.Name, base, comps, e.Output)
	}
	tw.Flush()
}

func newRegistryProfileRemoveCmd(f *factory) *cobra.Command {
	opts := &registryRemoveOptions{f: f}
	c := &cobra.Command{
		Use:     "remove NAME",
		Aliases: []string{"rm"},
		Short:   "Remove a profile",
		Long:    "Remove a profile. A profile that is the base of another, or a component of one, is kept unless --force is given.",
		Example: `  wasmcp registry profile remove prod`,
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.name = args[0]
			return runRegistryProfileRemove(cmd.Context(), opts)
		},
	}
	c.Flags().BoolVarP(&opts.force, "force", "f", false, "remove even if other profiles or aliases use it")
	return c
}

func runRegistryProfileRemove(_ context.Context, opts *registryRemoveOptions) error {
	path, err := registryConfigPath(opts.f)
	if err != nil {
		return err
	}
	if err := registry.Update(path, func(cfg *registry.Config) error {
		return registry.RemoveProfile(cfg, opts.name, opts.force)
	}); err != nil {
		return err
	}
	fmt.Fprintf(opts.f.IO.Out, "removed profile %s\n", opts.name)
	return nil
}
