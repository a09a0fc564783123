package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wasmcp/wasmcp/templates"
)

func init() {
	subcommands = append(subcommands, newNewCmd)
}

type newOptions struct {
	f        *factory
	name     string
	language string
	typ      string
	dir      string
	force    bool
}

func newNewCmd(f *factory) *cobra.Command {
	opts := &newOptions{f: f}
	var langs []string
	for _, l := range templates.Languages() {
		langs = append(langs, fmt.Sprintf("  %-11s %s", l, strings.Join(templates.Types(l), ", ")))
	}
	c := &cobra.Command{
		Use:   "new NAME --language LANG [--type TYPE] [--dir DIR] [--force]",
		Short: "Create a component project from a template",
		Long: `Create a component project NAME from a template, in ./NAME or --dir.

NAME starts with a lowercase letter and holds lowercase letters, digits and
single '-' between words. The target directory must be empty unless --force
is given (files the template writes are then replaced; others are kept).

Languages and their types:
` + strings.Join(langs, "\n") + `

The MCP types (tools, resources, prompts) get the MCP contract's WIT files in
wit/. Each project's README states its build steps and prerequisites.`,
		Example: `  wasmcp new calc --language go --type tools
  wasmcp new docs --language typescript --type resources --dir ./components/docs
  wasmcp new weather --language go --type plugin`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.name = args[0]
			return runNew(cmd.Context(), opts)
		},
	}
	c.Flags().StringVarP(&opts.language, "language", "l", "", "template language: "+strings.Join(templates.Languages(), ", ")+" (required)")
	c.Flags().StringVarP(&opts.typ, "type", "t", "tools", "template type, e.g. tools, resources, prompts")
	c.Flags().StringVarP(&opts.dir, "dir", "d", "", "target directory (default ./NAME)")
	c.Flags().BoolVarP(&opts.force, "force", "f", false, "write into a non-empty directory")
	_ = c.RegisterFlagCompletionFunc("language", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return templates.Languages(), cobra.ShellCompDirectiveNoFileComp
	})
	_ = c.RegisterFlagCompletionFunc("type", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return templates.Types(opts.language), cobra.ShellCompDirectiveNoFileComp
	})
	return c
}

func runNew(_ context.Context, opts *newOptions) error {
	if err := templates.ValidateName(opts.name); err != nil {
		return usageErrorf("%v", err)
	}
	if opts.language == "" {
		return usageErrorf("--language is required; supported languages: %s", strings.Join(templates.Languages(), ", "))
	}
	if err := templates.Check(opts.language, opts.typ); err != nil {
		return usageErrorf("%v", err)
	}
	dir := opts.dir
	if dir == "" {
		dir = opts.name
	}
	written, err := templates.Render(templates.Options{
		Name:          opts.name,
		Language:      opts.language,
		Type:          opts.typ,
		Dir:           dir,
		Force:         opts.force,
		WasmcpVersion: version,
	})
	if errors.Is(err, templates.ErrNotEmpty) {
		return usageErrorf("%v", err)
	}
	if err != nil {
		return err
	}
	out := opts.f.IO.Out
	fmt.Fprintf(out, "created %s (%s %s) in %s:\n", opts.name, opts.language, opts.typ, dir)
	for _, p := range written {
		fmt.Fprintf(out, "  %s\n", filepath.ToSlash(filepath.Join(dir, p)))
	}
	fmt.Fprintf(out, "next: read %s for the build steps and prerequisites\n", filepath.Join(dir, "README.md"))
	return nil
}
