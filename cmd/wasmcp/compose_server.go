package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"

	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wasmcp/wasmcp/component"
	"github.com/wasmcp/wasmcp/component/wasiversion"
	"github.com/wasmcp/wasmcp/compose"
	"github.com/wasmcp/wasmcp/compose/server"
	"github.com/wasmcp/wasmcp/framework/embedded"
	"github.com/wasmcp/wasmcp/oci"
	"github.com/wasmcp/wasmcp/registry"
)

func init() { composeSubcommands = append(composeSubcommands, newComposeServerCmd) }

type composeServerOptions struct {
	f         *factory
	specs     []string
	out       string
	force     bool
	transport string
	runtime   string
	wasi      string
	sessions  bool
	oauth     bool
	resolve   componentResolveOptions
}

func newComposeServerCmd(f *factory) *cobra.Command {
	opts := &composeServerOptions{f: f}
	c := &cobra.Command{
		Use:   "server SPEC... [-o server.wasm]",
		Short: "Compose components into one MCP server component",
		Long: `Compose MCP components into one server component that any component runtime
runs (wasmtime serve, jco serve, Spin).

Each SPEC is resolved in turn as a profile (expanded in order), an alias, a
component file, or an OCI package (namespace:name@version). Each component
is classified by what it exports: a tools, resources, prompts or completions
provider (served by the framework's middleware for that capability), or a
middleware (it imports and exports wasmcp:mcp/handler). The chain follows the
order of the specs:

  transport -> component 1 -> component 2 -> ... -> chain end

The framework is one program embedded in wasmcp (server-http, or
server-http-sessions / -oauth with --sessions / --oauth, or server-stdio); it
plays the transport, the capability middlewares and the chain end in one Go
runtime. --override PART=PATH or PART=VERSION replaces the program or one of
its roles (http-transport, stdio-transport, chain-end, notify-channel,
tools-middleware, resources-middleware, prompts-middleware,
completions-middleware) with a component of yours.
A component that imports something neither the framework nor the runtime
(WASI 0.2) provides is refused. Two tools providers that declare the same
tool name in their wasmcp:tools custom section are refused.

WASI imports and exports are written at the lowest WASI 0.2 release that
has every WASI function and type the server uses (0.2.0 for servers built
from the framework and stock-Go components), whatever release the
components were built against, so that runtimes providing an older WASI
0.2 (wasmtime 39 provides 0.2.6) run it; --wasi-version 0.2.N writes that
release instead, and fails naming any item it lacks.

The output defaults to the profile's output when the only SPEC is a profile,
and to ./server.wasm otherwise; an existing file is only replaced with
--force. --runtime spin also writes spin.toml beside it.`,
		Example: `  wasmcp compose server calc strings -o server.wasm
  wasmtime serve -Scli server.wasm        # or: npx jco serve server.wasm
  wasmcp compose server dev --transport stdio -o stdio.wasm
  wasmcp compose server ./calc.wasm acme:weather@1.2.0 --runtime spin -o app/server.wasm
  wasmcp compose server calc --override chain-end=./my-end.wasm --verbose
  wasmcp compose server calc --oauth -o protected.wasm           # WASMCP_AUTH_MODE=oauth at run time
  wasmcp compose server calc --wasi-version 0.2.6 -o server.wasm   # WASI names at 0.2.6, not the lowest`,
		Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.specs = args
			return runComposeServer(cmd.Context(), opts)
		},
	}
	c.Flags().StringVarP(&opts.out, "out", "o", "", "output component (default: the profile's output, or ./server.wasm)")
	c.Flags().BoolVar(&opts.force, "force", false, "overwrite the output (and spin.toml) if it exists")
	c.Flags().StringVarP(&opts.transport, "transport", "t", "http", "transport: http (exports wasi:http/incoming-handler) or stdio (exports wasi:cli/run)")
	c.Flags().BoolVar(&opts.oauth, "oauth", false, "HTTP: build in OAuth 2.1 bearer-token validation (WASMCP_AUTH_MODE=oauth, JWT_*; JWKS fetched through wasi:http/outgoing-handler); it adds Go's crypto to the server, about 4 MB, so it is off by default, and a server without it refuses every request when WASMCP_AUTH_MODE=oauth")
	c.Flags().BoolVar(&opts.sessions, "sessions", false, "HTTP: keep sessions (WASMCP_SESSION_ENABLED) in wasi:keyvalue, imported as wasi:keyvalue/store@0.2.0-draft, so that they last across instances (wasmtime serve -Skeyvalue); without it they live in the instance's memory")
	c.Flags().StringVar(&opts.runtime, "runtime", "wasmtime", "runtime to target: wasmtime (writes nothing else) or spin (writes spin.toml beside the output)")
	addWASIVersionFlag(c, &opts.wasi)
	addComponentResolveFlags(c, &opts.resolve, true)
	return c
}

func runComposeServer(ctx context.Context, opts *composeServerOptions) error {
	transport, err := server.ParseTransport(opts.transport)
	if err != nil {
		return &usageError{fmt.Errorf("compose server: %w", err)}
	}
	switch opts.runtime {
	case "wasmtime":
	case "spin":
		if transport != server.HTTP {
			return usageErrorf("compose server: --runtime spin needs --transport http")
		}
	default:
		return usageErrorf("compose server: unknown runtime %q (want wasmtime or spin)", opts.runtime)
	}
	if opts.oauth && transport != server.HTTP {
		return usageErrorf("compose server: --oauth needs --transport http")
	}
	if opts.sessions && transport != server.HTTP {
		return usageErrorf("compose server: --sessions needs --transport http")
	}
	wasi, err := wasiTarget("compose server", opts.wasi)
	if err != nil {
		return err
	}
	out, data, err := buildChain(ctx, opts.f, chainRequest{
		cmd: "compose server", specs: opts.specs, out: opts.out, force: opts.force,
		transport: transport, wasi: wasi, sessions: opts.sessions, oauth: opts.oauth, resolve: opts.resolve, defaultOut: "server.wasm",
		extra: func(out string) []extraFile {
			if opts.runtime != "spin" {
				return nil
			}
			name := strings.TrimSuffix(filepath.Base(out), filepath.Ext(out))
			return []extraFile{{filepath.Join(filepath.Dir(out), "spin.toml"), server.SpinManifest(name, filepath.Base(out))}}
		},
	})
	if err != nil {
		return err
	}
	if opts.resolve.Verbose {
		w, err := component.Inspect(data)
		if err != nil {
			return fmt.Errorf("compose server: %s: %w", out, err)
		}
		fmt.Fprint(opts.f.IO.ErrOut, runHint(out, w, transport, opts.runtime))
	}
	return nil
}

// proxyWorld lists the interfaces of wasi:http/proxy (0.2), all that
// `wasmtime serve` gives a component unless asked for more with -S.
var proxyWorld = []string{
	"wasi:http/types", "wasi:http/outgoing-handler", "wasi:io/error", "wasi:io/poll", "wasi:io/streams",
	"wasi:clocks/monotonic-clock", "wasi:clocks/wall-clock", "wasi:random/random",
	"wasi:cli/stdout", "wasi:cli/stderr", "wasi:cli/stdin",
}

// runHint says how to run the server, with the runtime flags that its
// imports need and why: a component imports what the Go runtime and the
// preview1 adapter use (environment, exit, filesystem, terminals), which is
// more than wasmtime serve's default world, and a wrong hint costs the user
// a failed instantiation.
func runHint(out string, w *component.World, transport server.Transport, runtime string) string {
	var extra, cli, httpImports []string
	for _, e := range w.Imports {
		iface, _, _ := strings.Cut(e.Name, "@")
		switch {
		case strings.HasPrefix(iface, "wasi:http/"):
			httpImports = append(httpImports, iface)
			if transport != server.HTTP {
				extra = append(extra, iface)
			}
		case strings.HasPrefix(iface, "wasi:cli/") || strings.HasPrefix(iface, "wasi:filesystem/") || strings.HasPrefix(iface, "wasi:sockets/"):
			if !slices.Contains(proxyWorld, iface) {
				cli = append(cli, iface)
			}
		case slices.Contains(proxyWorld, iface):
		default:
			extra = append(extra, iface)
		}
	}
	var b strings.Builder
	switch {
	case runtime == "spin":
		fmt.Fprintf(&b, "run: spin up -f %s\n", filepath.Join(filepath.Dir(out), "spin.toml"))
		if len(cli) > 0 {
			fmt.Fprintf(&b, "     the server imports %s besides wasi:http/proxy; Spin links all of WASI 0.2 for HTTP components, so no flag is needed\n", strings.Join(cli, ", "))
		}
	case transport == server.HTTP:
		flags := ""
		if len(cli) > 0 {
			flags = " -Scli"
		}
		if slices.ContainsFunc(extra, func(s string) bool { return strings.HasPrefix(s, "wasi:keyvalue/") }) {
			flags += " -Skeyvalue"
		}
		fmt.Fprintf(&b, "run: wasmtime serve%s %s   (or: npx jco serve %s)\n", flags, out, out)
		if len(cli) > 0 {
			fmt.Fprintf(&b, "     -Scli: the server imports %s, which wasmtime serve gives only with -Scli (its default is wasi:http/proxy)\n", strings.Join(cli, ", "))
		}
		fmt.Fprintf(&b, "     Spin: --runtime spin writes a spin.toml; wasmCloud: deploy it with a wadm manifest linking the HTTP server provider to its wasi:http/incoming-handler (not run-tested here)\n")
	default:
		flags := ""
		if len(httpImports) > 0 {
			flags = " -Shttp"
		}
		fmt.Fprintf(&b, "run: wasmtime run%s %s   (or: npx jco run %s)\n", flags, out, out)
		if len(httpImports) > 0 {
			fmt.Fprintf(&b, "     -Shttp: the server imports %s\n", strings.Join(httpImports, ", "))
		}
		extra = slices.DeleteFunc(extra, func(s string) bool { return strings.HasPrefix(s, "wasi:http/") })
	}
	if len(extra) > 0 {
		fmt.Fprintf(&b, "     the runtime must also provide %s\n", strings.Join(extra, ", "))
	}
	return b.String()
}

// chainRequest is what compose server and compose handler share.
type chainRequest struct {
	cmd        string
	specs      []string
	out        string
	force      bool
	transport  server.Transport
	wasi       *wasiversion.Target
	sessions   bool
	oauth      bool
	resolve    componentResolveOptions
	defaultOut string
	extra      func(out string) []extraFile
}

type extraFile struct {
	path string
	data []byte
}

// buildChain resolves the specs, plans, builds and writes the composition,
// and returns the output path and the bytes written there.
func buildChain(ctx context.Context, f *factory, req chainRequest) (string, []byte, error) {
	cfgPath, cfg, err := chainConfig(f, req)
	if err != nil {
		return "", nil, err
	}
	out := req.out
	if out == "" {
		out = req.defaultOut
		if p, ok := cfg.Profiles[req.specs[0]]; ok && len(req.specs) == 1 {
			out = p.Output
			if out == "" {
				out = registry.DefaultOutput(cfgPath, req.specs[0])
			}
		}
	}
	var extras []extraFile
	if req.extra != nil {
		extras = req.extra(out)
	}
	// Specs first: an unknown name is reported as such, not as an existing output.
	resolved, err := registry.Resolve(cfg, req.specs)
	if err != nil {
		return "", nil, fmt.Errorf("%s: %w", req.cmd, err)
	}
	if !req.force {
		for _, p := range append([]string{out}, paths(extras)...) {
			if _, err := os.Lstat(p); err == nil {
				return "", nil, fmt.Errorf("%s: %s exists (use --force to overwrite it)", req.cmd, p)
			}
		}
	}
	resolve := req.resolve
	resolve.noConfig = cfgPath == ""
	resolver, err := newComponentResolver(f, resolve)
	if err != nil {
		return "", nil, err
	}
	var inputs []server.Input
	for _, r := range resolved {
		in := server.Input{Name: inputName(r), Resolved: r.Chain()}
		switch r.Kind {
		case registry.KindPath:
			if in.Wasm, err = os.ReadFile(r.Path); err != nil {
				return "", nil, fmt.Errorf("%s: %w", req.cmd, err)
			}
		default:
			res, err := resolver.Resolve(ctx, r.Package.String())
			if err != nil {
				return "", nil, fmt.Errorf("%s: %s: %w", req.cmd, r.Spec, err)
			}
			in.Wasm = res.Bytes
			in.Resolved += " (" + describeResolved(res) + ")"
		}
		inputs = append(inputs, in)
	}
	plan, err := server.NewPlan(ctx, inputs, server.Options{Transport: req.transport, Parts: partSource(resolver, f.IO.ErrOut), Overridden: func(part string) bool { _, ok := resolver.Overrides[part]; return ok }, WASI: req.wasi, Sessions: req.sessions, OAuth: req.oauth})
	if err != nil {
		return "", nil, fmt.Errorf("%s: %w", req.cmd, err)
	}
	if err := checkOverrides(resolver.Overrides, plan, f.IO.ErrOut); err != nil {
		return "", nil, err
	}
	if req.resolve.Verbose {
		plan.Describe(f.IO.ErrOut)
	}
	for _, w := range plan.Warnings {
		fmt.Fprintf(f.IO.ErrOut, "warning: %s\n", w)
	}
	data, err := plan.Build()
	if err != nil {
		return "", nil, withWASIHint(fmt.Errorf("%s: %w", req.cmd, err))
	}
	if req.resolve.Verbose {
		fmt.Fprintf(f.IO.ErrOut, "framework instances: %d (one Go runtime each)\n", len(plan.Instances))
		for i, in := range plan.Instances {
			fmt.Fprintf(f.IO.ErrOut, "  %d. %s\n", i+1, in)
		}
	}
	if dir := filepath.Dir(out); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return "", nil, err
		}
	}
	if err := compose.WriteFile(out, data, req.force); err != nil {
		return "", nil, err
	}
	fmt.Fprintf(f.IO.ErrOut, "wrote %s (%d bytes)\n", filepath.Clean(out), len(data))
	for _, x := range extras {
		if err := compose.WriteFile(x.path, x.data, req.force); err != nil {
			return "", nil, err
		}
		fmt.Fprintf(f.IO.ErrOut, "wrote %s\n", filepath.Clean(x.path))
	}
	return out, data, nil
}

// chainConfig loads config.toml when a spec or an --override may need it
// (profiles, aliases, OCI namespaces). When every spec is a component file,
// the config is not read, so that a broken or unreadable one does not
// block a composition that owes it nothing; the user is told, since a
// broken config would otherwise go unnoticed. cfgPath is "" when the config
// was not read.
func chainConfig(f *factory, req chainRequest) (cfgPath string, cfg *registry.Config, err error) {
	need := len(req.resolve.Overrides) > 0
	for _, s := range req.specs {
		need = need || registry.NeedsConfig(s)
	}
	path, perr := registry.DefaultPath(f.Getenv)
	if need {
		if perr != nil {
			return "", nil, perr
		}
		cfg, err := registry.Load(path)
		if err != nil {
			return "", nil, err
		}
		return path, cfg, nil
	}
	const why = "every spec is a component file"
	switch _, lerr := registry.Load(path); {
	case perr != nil:
		if req.resolve.Verbose {
			fmt.Fprintf(f.IO.ErrOut, "config: not read (%s)\n", why)
		}
	case lerr != nil:
		fmt.Fprintf(f.IO.ErrOut, "warning: config not read (%s), and it would not load: %v\n", why, lerr)
	case req.resolve.Verbose:
		fmt.Fprintf(f.IO.ErrOut, "config: %s not read (%s)\n", path, why)
	}
	return "", registry.NewBlankConfig(), nil
}

func paths(xs []extraFile) []string {
	var out []string
	for _, x := range xs {
		out = append(out, x.path)
	}
	return out
}

// inputName names a resolved component after the last alias that led to
// it, else its file name or package name.
func inputName(r registry.Resolved) string {
	for i := len(r.Via) - 1; i >= 0; i-- {
		if r.Via[i].Kind == "alias" {
			return r.Via[i].Name
		}
	}
	if r.Kind == registry.KindPath {
		return strings.TrimSuffix(filepath.Base(r.Path), filepath.Ext(r.Path))
	}
	return r.Package.String()
}

func describeResolved(res *oci.Resolved) string {
	where := res.Reference
	if where == "" {
		where = res.Path
	}
	s := res.Source + " " + where
	if res.Manifest != "" {
		s += " " + res.Manifest.String()
	}
	return s
}

// partSource gives framework parts: an --override (file or version through
// OCI), otherwise the embedded part, otherwise the latest published one.
// With --skip-download, a version that is not cached falls back to the
// embedded part, with a warning on warn.
func partSource(r *oci.Resolver, warn io.Writer) server.PartFunc {
	return func(ctx context.Context, name string) (server.Part, error) {
		if _, ok := r.Overrides[name]; !ok {
			p, err := server.EmbeddedParts(ctx, name)
			if err == nil || !errors.Is(err, embedded.ErrUnknownPart) {
				return p, err
			}
		}
		res, err := r.ResolvePart(ctx, name, "")
		if err != nil && errors.Is(err, oci.ErrNotCached) {
			// --skip-download and a version not cached: the embedded part.
			if p, perr := server.EmbeddedParts(ctx, name); perr == nil {
				fmt.Fprintf(warn, "warning: %v; using the embedded %s\n", err, name)
				p.Source += " (fallback: " + err.Error() + ")"
				return p, nil
			}
		}
		if err != nil {
			if _, ok := r.Overrides[name]; !ok {
				return server.Part{}, fmt.Errorf("framework part %s is not embedded in this wasmcp and could not be fetched (give it with --override %s=PATH): %w", name, name, err)
			}
			return server.Part{}, fmt.Errorf("framework part %s: %w", name, err)
		}
		return server.Part{Name: name, Source: describeResolved(res), Wasm: res.Bytes}, nil
	}
}

// checkOverrides refuses an --override of a name that is neither a
// framework part nor a role, and warns about one this server does not use
// (server-http with --sessions, say), which would otherwise be ignored
// without a word.
func checkOverrides(overrides map[string]oci.Override, plan *server.Plan, warn io.Writer) error {
	known := map[string]bool{}
	for _, r := range server.Roles {
		known[r] = true
	}
	var parts []string
	for _, p := range embedded.Parts() {
		known[p.Name] = true
		parts = append(parts, p.Name)
	}
	names := make([]string, 0, len(overrides))
	for name := range overrides {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if !known[name] {
			return usageErrorf("override %s: no framework part or role of that name (parts: %s; roles: %s)",
				name, strings.Join(parts, ", "), strings.Join(server.Roles, ", "))
		}
		if _, used := plan.Parts[name]; !used {
			fmt.Fprintf(warn, "warning: --override %s is not used: this server's framework is %s\n", name, strings.Join(plan.PartOrder, ", "))
		}
	}
	return nil
}
