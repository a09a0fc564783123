package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wasmcp/wasmcp/oci"
)

func init() {
	pkgSubcommands = append(pkgSubcommands, newPkgPushCmd)
}

type pkgPushOptions struct {
	f           *factory
	file        string
	ref         string
	annotations []string
	plainHTTP   bool
	verbose     bool
	json        bool
}

func newPkgPushCmd(f *factory) *cobra.Command {
	opts := &pkgPushOptions{f: f}
	c := &cobra.Command{
		Use:   "push FILE.wasm REF",
		Short: "Publish a component to an OCI registry",
		Long: `Publish a WebAssembly component as an OCI wasm artifact.

REF is a full reference, host[:port]/repository:tag, or a package spec
namespace:name@version whose namespace is mapped to a registry with
'wasmcp registry namespace set' (the namespace wasmcp maps to ghcr.io/wasmcp
unless you map it elsewhere).

The artifact is an OCI image manifest with a config of media type
application/vnd.wasm.config.v0+json and one layer of media type
application/wasm, annotated with the component's exported and imported
interfaces. Files that are not components (core modules, anything else) are
refused. Credentials come from the Docker config file ($DOCKER_CONFIG or
~/.docker/config.json) and its credential helpers: log in with 'docker login'.
SOURCE_DATE_EPOCH, when set, fixes the recorded creation time.`,
		Example: `  wasmcp pkg push calc.wasm ghcr.io/acme/calc:0.1.0
  wasmcp pkg push calc.wasm acme:calc@0.1.0
  wasmcp pkg push calc.wasm localhost:5000/tools/calc:0.1.0 --plain-http`,
		Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.file, opts.ref = args[0], args[1]
			return runPkgPush(cmd.Context(), opts)
		},
	}
	c.Flags().StringArrayVarP(&opts.annotations, "annotation", "a", nil, "add a manifest annotation `KEY=VALUE` (repeatable)")
	c.Flags().BoolVar(&opts.json, "json", false, "print the result as JSON")
	addOCITransportFlags(c, &opts.plainHTTP, &opts.verbose)
	return c
}

type pkgPushResult struct {
	Reference string   `json:"reference"`
	Digest    string   `json:"digest"`
	Layer     string   `json:"layer"`
	Size      int64    `json:"size"`
	Exports   []string `json:"exports"`
	Imports   []string `json:"imports"`
}

func runPkgPush(ctx context.Context, opts *pkgPushOptions) error {
	ann := map[string]string{}
	for _, a := range opts.annotations {
		k, v, ok := strings.Cut(a, "=")
		if !ok || k == "" {
			return usageErrorf("--annotation %q: want KEY=VALUE", a)
		}
		ann[k] = v
	}
	ns, err := ociNamespaces(opts.f)
	if err != nil {
		return err
	}
	target, err := ns.Target(opts.ref, opts.plainHTTP)
	if err != nil {
		return targetError(err)
	}
	// Push refuses these too; checked here so that they are usage errors.
	if target.Ref.Reference == "" {
		return usageErrorf("%s: give a tag or version to push to (…:1.0.0 or namespace:name@1.0.0)", target.Describe())
	}
	if _, err := target.Ref.Digest(); err == nil {
		return usageErrorf("%s: cannot push to a digest; give a tag", target.Describe())
	}
	wasm, err := os.ReadFile(opts.file)
	if err != nil {
		return err
	}
	if err := oci.CheckComponent(wasm); err != nil {
		return fmt.Errorf("%s: %w", opts.file, err)
	}
	created, err := sourceDateEpoch(opts.f)
	if err != nil {
		return err
	}
	client, err := ociClient(opts.f, opts.verbose)
	if err != nil {
		return err
	}
	res, err := client.Push(ctx, target, wasm, oci.PushOptions{Created: created, Annotations: ann, Title: filepath.Base(opts.file)})
	if err != nil {
		return fmt.Errorf("%s: %w", opts.file, err)
	}
	if res.Warning != nil {
		fmt.Fprintf(opts.f.IO.ErrOut, "warning: %s: %v\n", opts.file, res.Warning)
	}
	out := pkgPushResult{
		Reference: res.Reference, Digest: res.Manifest.Digest.String(), Layer: res.Layer.Digest.String(),
		Size: res.Layer.Size, Exports: res.World.Exports, Imports: res.World.Imports,
	}
	if opts.json {
		return writeJSON(opts.f.IO.Out, out)
	}
	fmt.Fprintf(opts.f.IO.Out, "pushed %s\ndigest %s\n", out.Reference, out.Digest)
	return nil
}
