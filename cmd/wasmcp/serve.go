package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/wasmcp/wasmcp/auth"
	"github.com/wasmcp/wasmcp/serve"
)

func init() {
	subcommands = append(subcommands, newServeCmd)
}

type serveOptions struct {
	f *factory

	config        string
	host          string
	port          int
	portSet       bool
	stdio         bool
	pluginsPath   string
	pluginsFile   string
	uploadPath    string
	resourcesPath string
	resourcesFile string
	promptsPath   string
	promptsFile   string
	authToken     string
	adminToken    string
	timeout       time.Duration
	memoryMiB     uint64
	maxInstances  int
	maxUploadMiB  int64
	cacheDir      string
	check         string

	// ready, when set (tests), receives the bound address.
	ready func(addr string)
}

func newServeCmd(f *factory) *cobra.Command {
	opts := &serveOptions{f: f}
	c := &cobra.Command{
		Use:   "serve [--config DIR] [--port N | --stdio] | serve --check DIR",
		Short: "Run a long-lived MCP server whose tools are WebAssembly plugins",
		Long: `Run a WASImancer-compatible MCP server. Its tools are Extism WebAssembly
plugins described in plugins.yml; resources.yml and prompts.yml add resources
and prompts. An admin REST API (Bearer admin token) uploads, replaces and
removes plugins, resources and prompts while the server runs; connected
clients are notified and the changes are saved to the definition files.

Transports: Streamable HTTP on /mcp, the legacy HTTP+SSE transport on /sse
and /messages, or stdio with --stdio.

Settings come from WASImancer's environment variables (HTTP_PORT or PORT,
PLUGINS_PATH, PLUGINS_DEFINITION_FILE, UPLOAD_PATH, RESOURCES_PATH,
RESOURCES_DEFINITION_FILE, PROMPTS_PATH, PROMPTS_DEFINITION_FILE,
WASIMANCER_AUTHENTICATION_TOKEN, WASIMANCER_ADMIN_TOKEN); flags override
them. A token that is not set is generated and printed once on stderr.
WASIMANCER_AUTHENTICATION_TOKEN=NO_AUTHENTICATION turns client auth off.

WASMCP_AUTH_MODE=oauth replaces the client token with OAuth 2.1 JWT bearer
tokens: JWT_ISSUER, and JWT_JWKS_URI or JWT_PUBLIC_KEY (PEM), optional
JWT_AUDIENCE, JWT_REQUIRED_SCOPES, JWT_JWKS_TTL, JWT_JWKS_TIMEOUT,
WASMCP_SERVER_URI, WASMCP_AUTH_SERVER_URL, WASMCP_DISCOVERY_CACHE_TTL. An
incomplete oauth configuration stops the start. 'wasmcp jwt' makes keys and
tokens to try it; see docs/auth.md.

Once listening, the server prints "listening on http://HOST:PORT" on stderr.

--check DIR loads DIR as the server would, without serving it, and lists
per plugin what behaves differently from WASImancer (HTTP hosts, WASM_*
variables, tools without arguments) with the YAML line that restores the
old behaviour. It exits 1 when the folder does not load.
See docs/serve.md.`,
		Example: `  wasmcp serve --config ./examples/plugins
  wasmcp serve --config . --port 0
  WASIMANCER_ADMIN_TOKEN=secret HTTP_PORT=3001 wasmcp serve
  wasmcp serve --config ./my-server --stdio
  wasmcp serve --check ./my-wasimancer-folder`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.stdio && cmd.Flags().Changed("port") {
				return usageErrorf("--stdio and --port cannot be used together")
			}
			opts.portSet = cmd.Flags().Changed("port")
			if opts.check != "" {
				if opts.stdio || opts.portSet || (opts.config != "" && opts.config != opts.check) {
					return usageErrorf("--check DIR loads DIR without serving: it takes no --config, --port or --stdio")
				}
				opts.config = opts.check
				return runServeCheck(opts)
			}
			if opts.port < 0 || opts.port > 65535 {
				return usageErrorf("--port %d is out of range", opts.port)
			}
			return runServe(cmd.Context(), opts)
		},
	}
	fl := c.Flags()
	fl.StringVar(&opts.config, "config", "", "folder the definition files and plugin paths are relative to (default: the working directory)")
	fl.StringVar(&opts.host, "host", "127.0.0.1", "address to listen on (0.0.0.0 exposes the server)")
	fl.IntVar(&opts.port, "port", 0, "TCP port; 0 picks a free one (default: HTTP_PORT, PORT, or 3001)")
	fl.BoolVar(&opts.stdio, "stdio", false, "serve MCP on stdin/stdout instead of HTTP")
	fl.StringVar(&opts.pluginsPath, "plugins-path", "", "plugins folder (PLUGINS_PATH)")
	fl.StringVar(&opts.pluginsFile, "plugins-file", "", "plugins definition file (PLUGINS_DEFINITION_FILE)")
	fl.StringVar(&opts.uploadPath, "upload-path", "", "folder for uploaded wasm files (UPLOAD_PATH)")
	fl.StringVar(&opts.resourcesPath, "resources-path", "", "resources folder (RESOURCES_PATH)")
	fl.StringVar(&opts.resourcesFile, "resources-file", "", "resources definition file (RESOURCES_DEFINITION_FILE)")
	fl.StringVar(&opts.promptsPath, "prompts-path", "", "prompts folder (PROMPTS_PATH)")
	fl.StringVar(&opts.promptsFile, "prompts-file", "", "prompts definition file (PROMPTS_DEFINITION_FILE)")
	fl.StringVar(&opts.authToken, "auth-token", "", "client Bearer token (WASIMANCER_AUTHENTICATION_TOKEN)")
	fl.StringVar(&opts.adminToken, "admin-token", "", "admin Bearer token (WASIMANCER_ADMIN_TOKEN)")
	fl.DurationVar(&opts.timeout, "timeout", serve.DefaultCallTimeout, "time limit of one tool call")
	fl.Uint64Var(&opts.memoryMiB, "memory-limit", serve.DefaultMemoryLimit>>20, "memory limit of one plugin instance, MiB")
	fl.IntVar(&opts.maxInstances, "max-instances", 0, "instances per plugin running at once (default 4 × CPUs)")
	fl.Int64Var(&opts.maxUploadMiB, "max-upload-size", serve.DefaultMaxUploadSize>>20, "largest uploaded wasm file, MiB")
	fl.StringVar(&opts.check, "check", "", "load `DIR` without serving and list what differs from WASImancer")
	fl.StringVar(&opts.cacheDir, "cache-dir", defaultCacheDir(f.Getenv), `folder of compiled plugins kept across restarts ("" keeps them in memory only)`)
	return c
}

// serveConfig merges environment and flags (flags win).
func serveConfig(opts *serveOptions) (serve.Config, error) {
	getenv := opts.f.Getenv
	over := map[string]string{
		"PLUGINS_PATH":                    opts.pluginsPath,
		"PLUGINS_DEFINITION_FILE":         opts.pluginsFile,
		"UPLOAD_PATH":                     opts.uploadPath,
		"RESOURCES_PATH":                  opts.resourcesPath,
		"RESOURCES_DEFINITION_FILE":       opts.resourcesFile,
		"PROMPTS_PATH":                    opts.promptsPath,
		"PROMPTS_DEFINITION_FILE":         opts.promptsFile,
		"WASIMANCER_AUTHENTICATION_TOKEN": opts.authToken,
		"WASIMANCER_ADMIN_TOKEN":          opts.adminToken,
	}
	merged := func(k string) string {
		if v := over[k]; v != "" {
			return v
		}
		return getenv(k)
	}
	if opts.config != "" {
		// A mistyped --config would otherwise start an empty server with only
		// warnings; an existing but empty folder is fine (the admin API fills it).
		if st, err := os.Stat(opts.config); err != nil || !st.IsDir() {
			return serve.Config{}, fmt.Errorf("--config %s: not an existing folder", opts.config)
		}
	}
	cfg := serve.EnvConfig(merged, opts.config)
	cfg.Getenv = getenv
	cfg.CallTimeout = opts.timeout
	cfg.MemoryLimit = opts.memoryMiB << 20
	cfg.MaxInstances = opts.maxInstances
	cfg.MaxUploadSize = opts.maxUploadMiB << 20
	cfg.Version = version
	cfg.CacheDir = opts.cacheDir
	if cfg.MemoryLimit == 0 {
		return cfg, usageErrorf("--memory-limit must be at least 1 MiB")
	}
	return cfg, nil
}

// defaultCacheDir is wasmcp's folder in the user cache directory
// ($XDG_CACHE_HOME, else $HOME/.cache), read through the factory's environment.
func defaultCacheDir(getenv func(string) string) string {
	base := getenv("XDG_CACHE_HOME")
	if base == "" {
		home := getenv("HOME")
		if home == "" {
			return ""
		}
		base = filepath.Join(home, ".cache")
	}
	return filepath.Join(base, "wasmcp", "wazero")
}

func servePort(opts *serveOptions) (int, error) {
	if opts.portSet {
		return opts.port, nil
	}
	for _, k := range []string{"HTTP_PORT", "PORT"} {
		if v := opts.f.Getenv(k); v != "" {
			p, err := strconv.Atoi(v)
			if err != nil || p < 0 || p > 65535 {
				return 0, usageErrorf("%s=%q is not a port number", k, v)
			}
			return p, nil
		}
	}
	return 3001, nil
}

func runServeCheck(opts *serveOptions) error {
	cfg, err := serveConfig(opts)
	if err != nil {
		return err
	}
	var environ []string
	if opts.f.Environ != nil {
		environ = opts.f.Environ()
	}
	report, err := serve.Check(cfg, environ)
	if err != nil {
		return err
	}
	report.Write(opts.f.IO.Out)
	return nil
}

func runServe(ctx context.Context, opts *serveOptions) error {
	errOut := opts.f.IO.ErrOut
	cfg, err := serveConfig(opts)
	if err != nil {
		return err
	}
	cfg.Log = func(format string, args ...any) { fmt.Fprintf(errOut, "wasmcp serve: "+format+"\n", args...) }
	notes := cfg.EnsureTokens()
	port := 0
	if !opts.stdio {
		if port, err = servePort(opts); err != nil {
			return err
		}
	}
	s, err := serve.New(cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	for _, w := range s.Warnings {
		fmt.Fprintf(errOut, "wasmcp serve: warning: %s\n", w)
	}
	fmt.Fprintf(errOut, "wasmcp serve: %d tools from %s\n", len(s.Tools()), cfg.PluginsPath)

	if opts.stdio {
		if cfg.OAuth != nil {
			fmt.Fprintln(errOut, "wasmcp serve: WASMCP_AUTH_MODE=oauth applies to HTTP; stdio serves the process that started it")
		}
		return s.ServeStdio(ctx, opts.f.IO.In, opts.f.IO.Out)
	}

	ln, err := net.Listen("tcp", net.JoinHostPort(opts.host, strconv.Itoa(port)))
	if err != nil {
		return err
	}
	for _, n := range notes {
		fmt.Fprintf(errOut, "wasmcp serve: %s\n", n)
	}
	hs := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	addr := "http://" + ln.Addr().String()
	fmt.Fprintf(errOut, "listening on %s\n", addr)
	fmt.Fprintf(errOut, "wasmcp serve: MCP at %s/mcp (Streamable HTTP) and %s/sse (HTTP+SSE)\n", addr, addr)
	if cfg.OAuth != nil {
		fmt.Fprintf(errOut, "wasmcp serve: oauth mode: MCP requests need a JWT from %s; metadata at %s%s\n", cfg.OAuth.Issuer, addr, auth.WellKnownPath)
	}
	if opts.ready != nil {
		opts.ready(addr)
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	fmt.Fprintln(errOut, "wasmcp serve: shutting down")
	s.Close() // ends the event streams so that Shutdown does not wait on them
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
