package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wasmcp/wasmcp/componentize"
	"github.com/wasmcp/wasmcp/compose/toolmanifest"
)

func init() { subcommands = append(subcommands, newToolsManifestCmd) }

type toolsManifestOptions struct {
	f    *factory
	path string
	set  string
}

func newToolsManifestCmd(f *factory) *cobra.Command {
	opts := &toolsManifestOptions{f: f}
	c := &cobra.Command{
		Use:   "tools-manifest COMPONENT.wasm [--set tools.json]",
		Short: "Print or set the tool names a component declares",
		Long: `Print the tool names a tools provider declares in its wasmcp:tools custom
section, or with --set FILE.json ({"tools": ["name", ...]}) write that section
into the component, in place, replacing an earlier one.

'wasmcp compose server' refuses two components that declare the same tool
name, and warns about tools providers that declare none. Projects made by
'wasmcp new' in Go and TypeScript declare their names on every build; this
command is for components built otherwise (Rust, Python, or by hand), after
each build.`,
		Example: `  wasmcp tools-manifest calc.wasm
  echo '{"tools": ["uppercase", "subtract"]}' > tools.json
  wasmcp tools-manifest calc.wasm --set tools.json`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.path = args[0]
			return runToolsManifest(cmd.Context(), opts)
		},
	}
	c.Flags().StringVar(&opts.set, "set", "", `JSON file {"tools": [...]} to write as the component's wasmcp:tools section`)
	return c
}

func runToolsManifest(_ context.Context, opts *toolsManifestOptions) error {
	wasm, err := os.ReadFile(opts.path)
	if err != nil {
		return err
	}
	if opts.set == "" {
		names, ok, err := toolmanifest.Read(wasm)
		switch {
		case err != nil:
			return fmt.Errorf("tools-manifest: %s: %w", opts.path, err)
		case !ok:
			fmt.Fprintf(opts.f.IO.ErrOut, "%s declares no tool names (no %s section)\n", opts.path, toolmanifest.Section)
		default:
			for _, n := range names {
				fmt.Fprintln(opts.f.IO.Out, n)
			}
		}
		return nil
	}
	data, err := os.ReadFile(opts.set)
	if err != nil {
		return err
	}
	names, err := componentize.ParseToolManifest(data)
	if err != nil {
		return fmt.Errorf("tools-manifest: %s: %w", opts.set, err)
	}
	out, err := toolmanifest.Set(wasm, names)
	if err != nil {
		return fmt.Errorf("tools-manifest: %s: %w", opts.path, err)
	}
	if err := componentize.WriteFile(opts.path, out); err != nil {
		return err
	}
	fmt.Fprintf(opts.f.IO.ErrOut, "%s: declares %s\n", filepath.Clean(opts.path), strings.Join(names, ", "))
	return nil
}
