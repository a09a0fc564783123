package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/wasmcp/wasmcp/oci"
	"github.com/wasmcp/wasmcp/registry"
)

// ociNamespaces returns the namespace → registry mapping: the user's
// config.toml settings over the built-in ones (wasmcp → ghcr.io/wasmcp).
func ociNamespaces(f *factory) (oci.Namespaces, error) {
	path, err := registry.DefaultPath(f.Getenv)
	if err != nil {
		return nil, err
	}
	cfg, err := registry.Load(path)
	if err != nil {
		return nil, err
	}
	ns := oci.Namespaces{}
	for name, n := range cfg.Namespaces {
		ns[name] = oci.NamespaceConfig{Registry: n.Registry, PlainHTTP: n.PlainHTTP}
	}
	return ns.WithBuiltins(), nil
}

// ociClient builds a registry client with Docker credentials, a progress bar
// on stderr when it is a terminal, and the verbose log on stderr.
func ociClient(f *factory, verbose bool) (*oci.Client, error) {
	cred, src, err := oci.DockerCredentials(f.Getenv)
	if err != nil {
		return nil, err
	}
	c := &oci.Client{Credential: cred, CredentialSource: src}
	if f.IO.IsStderrTTY() {
		c.Progress = progressBar(f.IO.ErrOut)
	}
	if verbose {
		c.Log = f.IO.ErrOut
	}
	return c, nil
}

// progressBar draws one bar per transferred blob on w; a finished bar stays
// on its own line.
func progressBar(w io.Writer) oci.ProgressFunc {
	return func(label string, total int64) io.WriteCloser {
		return progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription(label),
			progressbar.OptionShowBytes(true),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }),
		)
	}
}

// componentResolveOptions are the flags of commands that fetch components
// through OCI (pkg pull, compose): see addComponentResolveFlags.
type componentResolveOptions struct {
	DepsDir      string
	SkipDownload bool
	Refresh      bool
	Overrides    []string
	PlainHTTP    bool
	Verbose      bool
	// noConfig keeps config.toml unread: the namespaces are the built-in
	// ones (set by compose when every spec is a component file).
	noConfig bool
}

// addComponentResolveFlags registers --deps-dir, --skip-download, --override,
// --plain-http and --verbose on c. withOverrides adds --override (framework
// parts, for compose).
func addComponentResolveFlags(c *cobra.Command, o *componentResolveOptions, withOverrides bool) {
	c.Flags().StringVar(&o.DepsDir, "deps-dir", "", "also copy resolved components into `DIR` (NAMESPACE/NAME@VERSION.wasm); read from there offline")
	c.Flags().BoolVar(&o.SkipDownload, "skip-download", false, "use only the local cache (and --deps-dir); never contact a registry")
	c.Flags().BoolVar(&o.Refresh, "refresh", false, "ask the registry what a version tag points to even when the cache knows it")
	if withOverrides {
		c.Flags().StringArrayVar(&o.Overrides, "override", nil, "replace a framework part: `PART=VERSION` or PART=PATH (repeatable)")
	}
	addOCITransportFlags(c, &o.PlainHTTP, &o.Verbose)
}

// addOCITransportFlags registers --plain-http and --verbose.
func addOCITransportFlags(c *cobra.Command, plainHTTP, verbose *bool) {
	c.Flags().BoolVar(plainHTTP, "plain-http", false, "talk HTTP instead of HTTPS to the registry (local test registries)")
	c.Flags().BoolVarP(verbose, "verbose", "v", false, "print what is resolved from where (registry, reference, digest, cache hit or miss)")
}

// newComponentResolver builds the resolver the composer uses for package
// specs and framework parts: namespaces from config.toml, the cache under
// $XDG_CACHE_HOME/wasmcp/oci, Docker credentials. Override values that do not
// parse are usage errors.
func newComponentResolver(f *factory, o componentResolveOptions) (*oci.Resolver, error) {
	if o.SkipDownload && o.Refresh {
		return nil, usageErrorf("--skip-download and --refresh cannot be used together")
	}
	overrides, err := oci.ParseOverrides(o.Overrides)
	if err != nil {
		return nil, &usageError{err}
	}
	ns := oci.BuiltinNamespaces()
	if !o.noConfig {
		if ns, err = ociNamespaces(f); err != nil {
			return nil, err
		}
	}
	client, err := ociClient(f, o.Verbose)
	if err != nil {
		return nil, err
	}
	dir, err := oci.DefaultCacheDir(f.Getenv)
	if err != nil {
		return nil, err
	}
	r := &oci.Resolver{
		Client:       client,
		Cache:        &oci.Cache{Dir: dir},
		Namespaces:   ns,
		PlainHTTP:    o.PlainHTTP,
		SkipDownload: o.SkipDownload,
		Refresh:      o.Refresh,
		DepsDir:      o.DepsDir,
		Overrides:    overrides,
	}
	if o.Verbose {
		r.Log = f.IO.ErrOut
	}
	return r, nil
}

// targetError classifies an error from oci.Namespaces.Target: a spec or
// reference that does not parse is a usage error, an unmapped namespace is not.
func targetError(err error) error {
	if errors.Is(err, oci.ErrUnknownNamespace) {
		return err
	}
	return &usageError{err}
}

// sourceDateEpoch returns $SOURCE_DATE_EPOCH as a time, for reproducible
// pushes; the zero time when unset.
func sourceDateEpoch(f *factory) (time.Time, error) {
	s := f.Getenv("SOURCE_DATE_EPOCH")
	if s == "" {
		return time.Time{}, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a number of seconds", s)
	}
	return time.Unix(n, 0).UTC(), nil
}
