package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/wasmcp/wasmcp/bindgen"
)

func init() { subcommands = append(subcommands, newBindgenCmd) }

type bindgenGoOptions struct {
	f       *factory
	witPath string
	world   string
	out     string
	pkg     string
	runtime string
	layout  string
	imp     string
}

func newBindgenCmd(f *factory) *cobra.Command {
	c := &cobra.Command{
		Use:   "bindgen",
		Short: "Generate guest bindings for a WIT world",
		Example: `  wasmcp bindgen go --world calc ./wit -o ./internal/bindings
  //go:generate wasmcp bindgen go --world calc ./wit -o bindings`,
		Args: func(cmd *cobra.Command, args []string) error { return noSubcommand(cmd, args) },
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	c.AddCommand(newBindgenGoCmd(f))
	return c
}

func newBindgenGoCmd(f *factory) *cobra.Command {
	opts := &bindgenGoOptions{f: f}
	c := &cobra.Command{
		Use:   "go WIT -o DIR",
		Short: "Generate Go bindings (stock Go, GOOS=wasip1 GOARCH=wasm) for a WIT world",
		Long: `Generate Go bindings for a WIT world: Go types for its WIT types, functions
that call its imports, interfaces the component implements for its exports, and
the canonical-ABI glue (//go:wasmimport, //go:wasmexport). WIT is a directory
(its *.wit files plus deps/) or one .wit file. Two files are written to DIR:
bindings.go (types, portable) and bindings_wasm.go (the glue, GOARCH=wasm).

With --layout interface, DIR holds the world's own package (its exports and
world-level items) and every WIT interface the world uses gets a package of
its own below DIR, at <namespace>/<package>/v<version>/<interface>: its types
and the functions that call it as an import. Those packages are the same for
every world, so the components on both sides of an interface, and programs
built from several worlds, share one Go type per WIT type. The import path
of DIR comes from the nearest go.mod (or --import-path).
The generated code imports github.com/wasmcp/wasmcp/cabi, or the copy of that
package --runtime-import names (a project made by wasmcp new keeps one in
internal/cabi, so its go.mod needs no requirement on github.com/wasmcp/wasmcp).`,
		Example: `  wasmcp bindgen go --world calc ./wit -o ./bindings
  wasmcp bindgen go --world wasmcp:mcp/tools@0.2.0 ./wit -o ./bindings --package mcp
  wasmcp bindgen go --world tools-provider wit -o internal/bindings --runtime-import calc/internal/cabi
  wasmcp bindgen go --world tools-provider wit -o internal/bindings --layout interface`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.witPath = args[0]
			if opts.out == "" {
				return usageErrorf("bindgen go: -o DIR is required")
			}
			return runBindgenGo(cmd.Context(), opts)
		},
	}
	c.Flags().StringVar(&opts.world, "world", "", "world to generate (name, or ns:pkg/name@version); default: the only world of the package")
	c.Flags().StringVarP(&opts.out, "out", "o", "", "output directory")
	c.Flags().StringVar(&opts.pkg, "package", "", "Go package name (default: derived from the output directory)")
	c.Flags().StringVar(&opts.runtime, "runtime-import", bindgen.CabiImport, "import path of the canonical ABI runtime package (a copy of package cabi)")
	c.Flags().StringVar(&opts.layout, "layout", "world", "world: one package; interface: a package per WIT interface below DIR")
	c.Flags().StringVar(&opts.imp, "import-path", "", "Go import path of DIR, for --layout interface (default: from the nearest go.mod)")
	return c
}

func runBindgenGo(_ context.Context, opts *bindgenGoOptions) error {
	res, w, err := bindgen.Load(opts.witPath, opts.world)
	if err != nil {
		return err
	}
	pkg := opts.pkg
	if pkg == "" {
		pkg = bindgen.PackageName(opts.out)
	}
	gopts := bindgen.Options{Package: pkg, RuntimeImport: opts.runtime}
	switch opts.layout {
	case "world":
		if opts.imp != "" {
			return usageErrorf("bindgen go: --import-path is for --layout interface")
		}
	case "interface":
		if gopts.ImportPath = opts.imp; gopts.ImportPath == "" {
			if gopts.ImportPath, err = bindgen.ImportPathOf(opts.out); err != nil {
				return err
			}
		}
	default:
		return usageErrorf("bindgen go: --layout %q: want world or interface", opts.layout)
	}
	files, err := bindgen.Generate(res, w, gopts)
	if err != nil {
		return err
	}
	if gopts.ImportPath != "" {
		err = bindgen.WritePackages(opts.out, gopts.ImportPath, files)
	} else {
		err = bindgen.WriteFiles(opts.out, files)
	}
	if err != nil {
		return err
	}
	n := 0
	for _, f := range files {
		if f.Package == "" {
			fmt.Fprintf(opts.f.IO.ErrOut, "wrote %s/%s\n", opts.out, f.Name)
		} else {
			n++
		}
	}
	if n > 0 {
		fmt.Fprintf(opts.f.IO.ErrOut, "wrote %d files of %d interface packages below %s\n", n, n/2, opts.out)
	}
	return nil
}
