package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/wasmcp/wasmcp/component"
)

func init() {
	subcommands = append(subcommands, newWitCmd)
}

type witOptions struct {
	f    *factory
	path string
	json bool
}

func newWitCmd(f *factory) *cobra.Command {
	opts := &witOptions{f: f}
	c := &cobra.Command{
		Use:   "wit FILE.wasm [--json]",
		Short: "Print the world of a component as WIT",
		Long: `Print what a WebAssembly component imports and exports, as WIT.

The world is printed as package root:component, world root, in the layout of
'wasm-tools component wit' and 'jco wit'. Interfaces with package names
(wasi:io/streams@0.2.0) are listed by name in the world and defined in nested
package blocks after it, so that the output is complete WIT. FILE may be '-'
for standard input. With --json, imports and exports are listed with their
kinds and types.`,
		Example: `  wasmcp wit server.wasm
  wasmcp wit calc.wasm --json
  cat calc.wasm | wasmcp wit -`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.path = args[0]
			return runWit(cmd.Context(), opts)
		},
	}
	c.Flags().BoolVar(&opts.json, "json", false, "print imports and exports as JSON")
	return c
}

func runWit(_ context.Context, opts *witOptions) error {
	var (
		data []byte
		err  error
	)
	if opts.path == "-" {
		data, err = io.ReadAll(opts.f.IO.In)
	} else {
		data, err = os.ReadFile(opts.path)
	}
	if err != nil {
		return err
	}
	w, err := component.Inspect(data)
	if err != nil {
		return fmt.Errorf("%s: %w", opts.path, err)
	}
	if opts.json {
		enc := json.NewEncoder(opts.f.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(worldJSON{Imports: externsJSON(w.Imports), Exports: externsJSON(w.Exports)})
	}
	return component.PrintWIT(opts.f.IO.Out, w)
}

type worldJSON struct {
	Imports []externJSON `json:"imports"`
	Exports []externJSON `json:"exports"`
}

type externJSON struct {
	Name     string       `json:"name"`
	Kind     string       `json:"kind"`
	Type     string       `json:"type,omitempty"`
	Resource bool         `json:"resource,omitempty"`
	Exports  []externJSON `json:"exports,omitempty"`
}

func externsJSON(es []component.Extern) []externJSON {
	out := make([]externJSON, 0, len(es))
	for _, e := range es {
		j := externJSON{Name: e.Name, Kind: e.Kind.String()}
		switch t := e.Type.(type) {
		case *component.Interface:
			j.Exports = externsJSON(t.Exports)
		default:
			if e.Kind == component.ExternType {
				if r := component.ResourceOf(t); r != nil {
					j.Resource = true
					j.Type = r.Name
					break
				}
				j.Type = component.TypeString(component.Underlying(t))
			} else {
				j.Type = component.TypeString(t)
			}
		}
		out = append(out, j)
	}
	return out
}
