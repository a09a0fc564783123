package main

import (
	"context"
	"fmt"
	"path"

	"github.com/spf13/cobra"

	"github.com/wasmcp/wasmcp/oci"
)

func init() {
	pkgSubcommands = append(pkgSubcommands, newPkgPullCmd)
}

type pkgPullOptions struct {
	f       *factory
	ref     string
	output  string
	resolve componentResolveOptions
	json    bool
}

func newPkgPullCmd(f *factory) *cobra.Command {
	opts := &pkgPullOptions{f: f}
	c := &cobra.Command{
		Use:   "pull REF",
		Short: "Fetch a component from an OCI registry",
		Long: `Fetch a WebAssembly component published as an OCI wasm artifact.

REF is a full reference, host[:port]/repository[:tag|@sha256:digest], or a
package spec namespace:name[@version]. Without a version, the highest semver
tag is taken (prereleases only when there is nothing else).

Downloads are checked against their digests and kept in a content-addressed
cache ($XDG_CACHE_HOME/wasmcp/oci, by default ~/.cache/wasmcp/oci). A
semver version found in the cache is used without contacting the registry;
--skip-download never contacts it. The output file is written atomically:
a failed pull leaves no file behind.`,
		Example: `  wasmcp pkg pull acme:calc@0.1.0 -o calc.wasm
  wasmcp pkg pull acme:calc                       # highest version, into calc.wasm
  wasmcp pkg pull localhost:5000/tools/calc:0.1.0 --plain-http -v`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ref = args[0]
			return runPkgPull(cmd.Context(), opts)
		},
	}
	c.Flags().StringVarP(&opts.output, "output", "o", "", "write the component to `FILE` (default NAME.wasm in the current directory)")
	c.Flags().BoolVar(&opts.json, "json", false, "print the result as JSON")
	addComponentResolveFlags(c, &opts.resolve, false)
	return c
}

type pkgPullResult struct {
	Reference string `json:"reference"`
	Digest    string `json:"digest"`
	Layer     string `json:"layer"`
	Source    string `json:"source"`
	Output    string `json:"output"`
}

func runPkgPull(ctx context.Context, opts *pkgPullOptions) error {
	r, err := newComponentResolver(opts.f, opts.resolve)
	if err != nil {
		return err
	}
	target, err := r.Namespaces.Target(opts.ref, opts.resolve.PlainHTTP)
	if err != nil {
		return targetError(err)
	}
	out := opts.output
	if out == "" {
		out = path.Base(target.Ref.Repository) + ".wasm"
	}
	res, err := r.Resolve(ctx, opts.ref)
	if err != nil {
		return err
	}
	if err := oci.WriteFileAtomic(out, res.Bytes, 0o644); err != nil {
		return err
	}
	result := pkgPullResult{Reference: res.Reference, Digest: res.Manifest.String(), Layer: res.Layer.String(), Source: res.Source, Output: out}
	if opts.json {
		return writeJSON(opts.f.IO.Out, result)
	}
	from := map[string]string{"registry": "registry " + target.Ref.Registry, "cache": "the cache", "deps-dir": "the deps dir"}[res.Source]
	fmt.Fprintf(opts.f.IO.Out, "pulled %s (%s) from %s to %s\n", result.Reference, result.Digest, from, out)
	return nil
}
