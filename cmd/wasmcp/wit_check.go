package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/wasmcp/wasmcp/wit"
)

func init() {
	subcommands = append(subcommands, newWitCheckCmd)
}

type witCheckOptions struct {
	f        *factory
	path     string
	features []string
	json     bool
	wit      bool
}

func newWitCheckCmd(f *factory) *cobra.Command {
	opts := &witCheckOptions{f: f}
	c := &cobra.Command{
		Use:   "wit-check DIR|FILE.wit [--feature NAME]... [--json | --wit]",
		Short: "Parse and resolve a WIT package and list its worlds",
		Long: `Parse and resolve a WIT package the way component tools read it: DIR/*.wit
is the main package, DIR/deps/<name>/*.wit and DIR/deps/<name>.wit are its
dependencies. Every error is reported as FILE:LINE:COL: message (unknown
types, cycles, duplicate names, missing packages, syntax errors).

On success, prints the main package and each world with its imports and
exports (after 'include' expansion and with the interfaces they depend on).
Items gated by @unstable(feature = NAME) are included only with --feature NAME.
With --wit, prints the resolved main package as WIT instead.`,
		Example: `  wasmcp wit-check wit/
  wasmcp wit-check wit/ --feature clocks-timezone
  wasmcp wit-check wit/world.wit --json
  wasmcp wit-check wit/ --wit`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.path = args[0]
			return runWitCheck(cmd.Context(), opts)
		},
	}
	c.Flags().StringArrayVar(&opts.features, "feature", nil, "enable items gated by @unstable(feature = NAME)")
	c.Flags().BoolVar(&opts.json, "json", false, "print the package and its worlds as JSON")
	c.Flags().BoolVar(&opts.wit, "wit", false, "print the resolved main package as WIT (includes expanded, implied imports listed)")
	return c
}

type witCheckWorld struct {
	Name    string   `json:"name"`
	Imports []string `json:"imports"`
	Exports []string `json:"exports"`
}

type witCheckJSON struct {
	Package  string          `json:"package"`
	Packages []string        `json:"packages"`
	Worlds   []witCheckWorld `json:"worlds"`
}

func runWitCheck(_ context.Context, opts *witCheckOptions) error {
	ro := wit.ResolveOptions{Features: map[string]bool{}}
	for _, f := range opts.features {
		ro.Features[f] = true
	}
	res, pkg, err := wit.LoadDir(opts.path, ro)
	if err != nil {
		var list wit.ErrorList
		if errors.As(err, &list) {
			// file:line:col: message, the source line and a caret.
			wit.Render(opts.f.IO.ErrOut, err, os.ReadFile)
			return fmt.Errorf("%s: %d WIT error(s)", opts.path, len(list))
		}
		return err
	}
	if pkg == nil {
		return fmt.Errorf("%s: no WIT package", opts.path)
	}
	if opts.wit {
		return wit.PrintPackage(opts.f.IO.Out, res, pkg)
	}
	out := witCheckJSON{Package: pkg.Name.String()}
	for _, p := range res.Packages {
		out.Packages = append(out.Packages, p.Name.String())
	}
	describe := func(it *wit.WorldItem) string {
		switch it.Kind {
		case wit.WorldFunction:
			return "func " + it.Key
		case wit.WorldType:
			return "type " + it.Key
		}
		return "interface " + it.Key
	}
	for _, w := range pkg.Worlds {
		cw := witCheckWorld{Name: w.QualifiedName(), Imports: []string{}, Exports: []string{}}
		for _, it := range w.Imports {
			cw.Imports = append(cw.Imports, describe(it))
		}
		for _, it := range w.Exports {
			cw.Exports = append(cw.Exports, describe(it))
		}
		out.Worlds = append(out.Worlds, cw)
	}
	if opts.json {
		enc := json.NewEncoder(opts.f.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	w := opts.f.IO.Out
	fmt.Fprintf(w, "package %s (%d packages resolved)\n", out.Package, len(out.Packages))
	for _, cw := range out.Worlds {
		fmt.Fprintf(w, "world %s\n", cw.Name)
		for _, s := range cw.Imports {
			fmt.Fprintf(w, "  import %s\n", s)
		}
		for _, s := range cw.Exports {
			fmt.Fprintf(w, "  export %s\n", s)
		}
	}
	return nil
}
