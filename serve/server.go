// Package serve is a long-lived, WASImancer-compatible MCP server whose tools
// are Extism WebAssembly plugins, and whose tools, resources and prompts are
// changed at run time through an admin REST API.
//
// One Server serves any number of sessions over Streamable HTTP (/mcp), the
// legacy HTTP+SSE transport (/sse and /messages) and stdio (ServeStdio). Each
// session has its own state and its own outgoing stream; answers are written
// only to the session, and the request, they belong to.
//
// The definitions live in a catalog that is replaced as a whole (copy on
// write) by each admin change, so a call in flight keeps the plugin version it
// started with while new calls see the new one.
package serve

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tetratelabs/wazero"

	"github.com/wasmcp/wasmcp/auth"
	"github.com/wasmcp/wasmcp/auth/authhttp"
	"github.com/wasmcp/wasmcp/serve/config"
	"github.com/wasmcp/wasmcp/serve/plugin"
)

// NoAuthentication, as the client token, disables client authentication.
const NoAuthentication = "NO_AUTHENTICATION"

// Config is what New needs. Paths are used as given (resolve them first).
type Config struct {
	PluginsPath   string // folder the plugin paths are relative to
	PluginsFile   string // definition file; relative paths are inside PluginsPath
	UploadPath    string // where uploaded wasm files are written
	ResourcesPath string
	ResourcesFile string
	PromptsPath   string
	PromptsFile   string

	// AuthToken is the Bearer token MCP clients send; NoAuthentication turns
	// the check off. It must not be empty.
	AuthToken string
	// AdminToken is the Bearer token of the admin API. It must not be empty.
	AdminToken string

	// OAuth, in oauth mode, protects the MCP endpoints with JWT bearer
	// tokens instead of AuthToken (see docs/auth.md); nil or public mode
	// keeps AuthToken. EnvConfig fills it from WASMCP_AUTH_MODE and the JWT_*
	// variables.
	OAuth *auth.Config
	// OAuthFetcher fetches the JWKS (net/http with the configured timeout
	// when nil).
	OAuthFetcher auth.Fetcher
	// oauthErr is a configuration error found by EnvConfig: New refuses it.
	oauthErr   error
	oauthNotes []string

	CallTimeout   time.Duration // per tool call (default 10s)
	MemoryLimit   uint64        // per plugin instance, bytes (default 256 MiB)
	MaxInstances  int           // per plugin (default 4×GOMAXPROCS)
	MaxUploadSize int64         // bytes of one uploaded wasm file (default 32 MiB)
	MaxBodySize   int64         // bytes of one MCP or admin JSON body (default 4 MiB)
	// SessionIdleTimeout ends Streamable HTTP sessions without traffic or an
	// open stream for that long (default 30 minutes).
	SessionIdleTimeout time.Duration
	MaxSessions        int // default 10000

	// Getenv reads the environment values that plugin definitions name in
	// `env:` (os.Getenv when nil).
	Getenv func(string) string
	// Log receives operational messages (nothing when nil). It never sees tokens.
	Log func(format string, args ...any)
	// CompilationCache lets servers share compiled wasm (tests, restarts).
	CompilationCache wazero.CompilationCache
	// CacheDir, when CompilationCache is nil, keeps compiled wasm on disk
	// so that a restart does not compile every plugin again.
	CacheDir string

	// Name and Version are announced in serverInfo.
	Name, Version string
}

// Defaults for zero Config fields.
const (
	DefaultCallTimeout        = 10 * time.Second
	DefaultMemoryLimit        = 256 << 20
	DefaultMaxUploadSize      = 32 << 20
	DefaultMaxBodySize        = 4 << 20
	DefaultSessionIdleTimeout = 30 * time.Minute
	DefaultMaxSessions        = 10000
	// IdleInstanceLifetime is how long an unused plugin instance is kept.
	IdleInstanceLifetime = 2 * time.Minute
)

// EnvConfig builds a Config from WASImancer's environment variables,
// resolving relative paths against base (the --config folder; "" means the
// working directory). Without PLUGINS_PATH, the plugins folder is base itself
// when base holds the plugins definition file, and base/plugins otherwise
// (likewise for resources and prompts). Tokens left empty here are generated
// by EnsureTokens.
func EnvConfig(getenv func(string) string, base string) Config {
	get := func(k, def string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return def
	}
	abs := func(p string) string {
		if !filepath.IsAbs(p) && base != "" {
			p = filepath.Join(base, p)
		}
		if a, err := filepath.Abs(p); err == nil {
			return a
		}
		return filepath.Clean(p)
	}
	// A folder given with --config may hold the three files itself, or
	// WASImancer's layout of plugins/, resources/ and prompts/ folders.
	folder := func(envVar, sub, file string) string {
		if v := getenv(envVar); v != "" {
			return abs(v)
		}
		if base != "" && !filepath.IsAbs(file) {
			if _, err := os.Stat(filepath.Join(base, file)); err == nil {
				return abs(".")
			}
		}
		return abs("./" + sub)
	}
	c := Config{
		PluginsFile:   get("PLUGINS_DEFINITION_FILE", "plugins.yml"),
		ResourcesFile: get("RESOURCES_DEFINITION_FILE", "resources.yml"),
		PromptsFile:   get("PROMPTS_DEFINITION_FILE", "prompts.yml"),
		AuthToken:     getenv("WASIMANCER_AUTHENTICATION_TOKEN"),
		AdminToken:    getenv("WASIMANCER_ADMIN_TOKEN"),
		Getenv:        getenv,
	}
	ac, notes, err := auth.ConfigFromEnv(getenv)
	c.oauthErr, c.oauthNotes = err, notes
	if err == nil && ac.Mode == auth.ModeOAuth {
		c.OAuth = &ac
	}
	c.PluginsPath = folder("PLUGINS_PATH", "plugins", c.PluginsFile)
	c.ResourcesPath = folder("RESOURCES_PATH", "resources", c.ResourcesFile)
	c.PromptsPath = folder("PROMPTS_PATH", "prompts", c.PromptsFile)
	if u := getenv("UPLOAD_PATH"); u != "" {
		c.UploadPath = abs(u)
	} else {
		c.UploadPath = filepath.Join(c.PluginsPath, "bucket")
	}
	return c
}

// EnsureTokens generates the tokens that are empty and returns the lines to
// show the operator once (on the terminal, never to clients).
func (c *Config) EnsureTokens() []string {
	var notes []string
	if c.oauth() {
		if c.AuthToken != "" {
			notes = append(notes, "WASMCP_AUTH_MODE=oauth: the client token (WASIMANCER_AUTHENTICATION_TOKEN) is ignored, MCP clients send JWTs")
			c.AuthToken = ""
		}
	} else if c.AuthToken == "" {
		c.AuthToken = newToken()
		notes = append(notes, "generated client token (set WASIMANCER_AUTHENTICATION_TOKEN to choose one): "+c.AuthToken)
	}
	if c.AdminToken == "" {
		c.AdminToken = newToken()
		notes = append(notes, "generated admin token (set WASIMANCER_ADMIN_TOKEN to choose one): "+c.AdminToken)
	}
	return notes
}

func newToken() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// oauth reports whether MCP requests are checked with JWTs.
func (c *Config) oauth() bool { return c.OAuth != nil && c.OAuth.Mode == auth.ModeOAuth }

func (c *Config) fill() error {
	if c.oauthErr != nil {
		return fmt.Errorf("serve: the authorization configuration cannot be served: %w", c.oauthErr)
	}
	if (c.AuthToken == "" && !c.oauth()) || c.AdminToken == "" {
		return errors.New("serve: the client and admin tokens must be set (Config.EnsureTokens generates them)")
	}
	if c.AuthToken == c.AdminToken && c.AuthToken != NoAuthentication && c.AuthToken != "" {
		return errors.New("serve: the client token and the admin token must differ")
	}
	if c.AdminToken == NoAuthentication {
		return errors.New("serve: the admin API cannot run without authentication")
	}
	if c.CallTimeout <= 0 {
		c.CallTimeout = DefaultCallTimeout
	}
	if c.MemoryLimit == 0 {
		c.MemoryLimit = DefaultMemoryLimit
	}
	if c.MaxUploadSize <= 0 {
		c.MaxUploadSize = DefaultMaxUploadSize
	}
	if c.MaxBodySize <= 0 {
		c.MaxBodySize = DefaultMaxBodySize
	}
	if c.SessionIdleTimeout <= 0 {
		c.SessionIdleTimeout = DefaultSessionIdleTimeout
	}
	if c.MaxSessions <= 0 {
		c.MaxSessions = DefaultMaxSessions
	}
	if c.Getenv == nil {
		c.Getenv = os.Getenv
	}
	if c.Log == nil {
		c.Log = func(string, ...any) {}
	}
	if c.CompilationCache == nil && c.CacheDir != "" {
		cache, err := wazero.NewCompilationCacheWithDir(c.CacheDir)
		if err != nil {
			return fmt.Errorf("serve: compilation cache %s: %w", c.CacheDir, err)
		}
		c.CompilationCache = cache
	}
	if c.CompilationCache == nil {
		c.CompilationCache = wazero.NewCompilationCache()
	}
	if c.Name == "" {
		c.Name = "wasmcp"
	}
	if c.Version == "" {
		c.Version = "dev"
	}
	if c.UploadPath == "" {
		c.UploadPath = filepath.Join(c.PluginsPath, "bucket")
	}
	return nil
}

func (c *Config) pluginsFile() string   { return inDir(c.PluginsPath, c.PluginsFile) }
func (c *Config) resourcesFile() string { return inDir(c.ResourcesPath, c.ResourcesFile) }
func (c *Config) promptsFile() string   { return inDir(c.PromptsPath, c.PromptsFile) }

func inDir(dir, file string) string {
	if filepath.IsAbs(file) {
		return file
	}
	return filepath.Join(dir, file)
}

// Server is the MCP host. Create it with New, serve Handler() over HTTP and/or
// call ServeStdio, and Close it at the end.
type Server struct {
	cfg Config
	cat atomic.Pointer[catalog]

	adminMu sync.Mutex // serialises admin changes (and their files)

	sessMu   sync.Mutex
	sessions map[string]*session

	// guard checks the JWTs of MCP requests in oauth mode (nil otherwise).
	guard *auth.Guard

	closeOnce sync.Once
	done      chan struct{}
	bg        sync.WaitGroup

	// Warnings are the notes found while loading (unknown fields…).
	Warnings []string
}

// New loads the three definition files and every plugin they name. Any error
// (a malformed file, a missing wasm file, a function the module does not
// export) stops it: the server never starts half-configured.
func New(cfg Config) (*Server, error) {
	if err := cfg.fill(); err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, sessions: map[string]*session{}, done: make(chan struct{})}
	if cfg.oauth() {
		f := cfg.OAuthFetcher
		if f == nil {
			f = authhttp.NewFetcher(cfg.OAuth.JWKSTimeout)
		}
		s.guard = auth.NewGuard(*cfg.OAuth, auth.Options{Fetcher: f, Log: cfg.Log})
		if err := s.guard.Err(); err != nil {
			return nil, fmt.Errorf("serve: the authorization configuration cannot be served: %w", err)
		}
	}
	cat, warnings, err := s.loadCatalog(context.Background())
	if err != nil {
		return nil, err
	}
	s.Warnings = append(append([]string(nil), cfg.oauthNotes...), warnings...)
	s.cat.Store(cat)
	s.bg.Add(1)
	go s.janitor()
	return s, nil
}

// Close ends every session and releases the plugins.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		close(s.done)
		s.sessMu.Lock()
		for id, ss := range s.sessions {
			ss.close()
			delete(s.sessions, id)
		}
		s.sessMu.Unlock()
		s.bg.Wait()
		if c := s.cat.Load(); c != nil {
			for _, p := range c.plugins {
				p.mod.Close()
			}
		}
	})
	return nil
}

// Tools returns the names of the tools currently published (sorted).
func (s *Server) Tools() []string {
	c := s.cat.Load()
	out := make([]string, 0, len(c.tools))
	for _, t := range c.tools {
		out = append(out, t.name)
	}
	return out
}

func (s *Server) janitor() {
	defer s.bg.Done()
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-s.done:
			return
		case <-t.C:
			s.expireSessions(time.Now())
			for _, p := range s.cat.Load().plugins {
				p.mod.TrimIdle(IdleInstanceLifetime)
			}
		}
	}
}

func (s *Server) expireSessions(now time.Time) {
	s.sessMu.Lock()
	defer s.sessMu.Unlock()
	for id, ss := range s.sessions {
		if ss.idleSince(now) > s.cfg.SessionIdleTimeout {
			ss.close()
			delete(s.sessions, id)
		}
	}
}

// catalog is one immutable version of everything the server publishes.
type catalog struct {
	pluginDefs []config.Plugin // in file order, as persisted
	plugins    map[string]*loadedPlugin
	tools      []*tool // sorted by name
	toolByName map[string]*tool

	static    []config.Resource
	dynamic   []config.Resource
	templates []*uriTemplate // parallel to dynamic
	prompts   []config.Prompt
}

type loadedPlugin struct {
	def  config.Plugin
	file string // absolute path of the wasm file
	mod  *plugin.Module
	// sendsHTTP: the module imports Extism's http_request.
	sendsHTTP bool
}

type tool struct {
	name   string
	plugin *loadedPlugin
	fn     config.Function
	schema map[string]any
}

// pluginLine is where the plugin's entry starts in the plugins file (0
// when unknown).
func (c *catalog) pluginLine(name string) int {
	for _, d := range c.pluginDefs {
		if d.Name == name {
			return d.Line
		}
	}
	return 0
}

func (c *catalog) clone() *catalog {
	n := &catalog{
		pluginDefs: append([]config.Plugin(nil), c.pluginDefs...),
		plugins:    make(map[string]*loadedPlugin, len(c.plugins)),
		static:     append([]config.Resource(nil), c.static...),
		dynamic:    append([]config.Resource(nil), c.dynamic...),
		prompts:    append([]config.Prompt(nil), c.prompts...),
	}
	for k, v := range c.plugins {
		n.plugins[k] = v
	}
	return n
}

// index rebuilds the derived lookups after a change.
func (c *catalog) index() {
	c.tools = nil
	c.toolByName = map[string]*tool{}
	for _, def := range c.pluginDefs {
		lp := c.plugins[def.Name]
		for _, fn := range def.Functions {
			t := &tool{name: fn.DisplayName, plugin: lp, fn: fn, schema: inputSchema(fn.Arguments)}
			c.tools = append(c.tools, t)
			c.toolByName[t.name] = t
		}
	}
	sort.Slice(c.tools, func(i, j int) bool { return c.tools[i].name < c.tools[j].name })
	c.templates = make([]*uriTemplate, len(c.dynamic))
	for i, r := range c.dynamic {
		c.templates[i] = compileTemplate(r.URI)
	}
}

func inputSchema(args []config.Argument) map[string]any {
	props := map[string]any{}
	required := []string{}
	for _, a := range args {
		typ := a.Type
		if typ == "" {
			typ = "string"
		}
		p := map[string]any{"type": typ}
		if a.Description != "" {
			p["description"] = a.Description
		}
		props[a.Name] = p
		required = append(required, a.Name)
	}
	return map[string]any{"type": "object", "properties": props, "required": required}
}

// pluginOptions are the limits and configuration one plugin runs with. Only
// the environment variables its definition names reach it.
func (s *Server) pluginOptions(def config.Plugin) plugin.Options {
	cfg := map[string]string{}
	for k, v := range def.Config {
		cfg[k] = v
	}
	for _, name := range def.Env {
		if name == "WASIMANCER_AUTHENTICATION_TOKEN" || name == "WASIMANCER_ADMIN_TOKEN" {
			continue // the server's own secrets never reach a plugin
		}
		if v := s.cfg.Getenv(name); v != "" {
			cfg[name] = v
		}
	}
	return plugin.Options{
		Timeout:      s.cfg.CallTimeout,
		MemoryLimit:  s.cfg.MemoryLimit,
		MaxInstances: s.cfg.MaxInstances,
		Config:       cfg,
		AllowedHosts: def.AllowedHosts,
		Cache:        s.cfg.CompilationCache,
	}
}

// wasmPath resolves a definition's path: relative to the plugins folder,
// where a leading "/" also means the plugins folder (WASImancer's reading).
func (s *Server) wasmPath(p string) string {
	if filepath.IsAbs(p) {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return filepath.Join(s.cfg.PluginsPath, strings.TrimLeft(p, "/"))
}

// loadPlugin reads, checks and compiles one plugin definition.
func (s *Server) loadPlugin(ctx context.Context, def config.Plugin, wasm []byte, file string) (*loadedPlugin, error) {
	exports, err := plugin.Exports(wasm)
	if err != nil {
		return nil, fmt.Errorf("plugin %q (%s): %w", def.Name, file, err)
	}
	var missing []string
	for _, fn := range def.Functions {
		if !contains(exports, fn.Function) {
			missing = append(missing, fn.Function)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("plugin %q (%s) does not export %s", def.Name, file, strings.Join(quoteAll(missing), ", "))
	}
	mod, err := plugin.Load(ctx, def.Name, wasm, s.pluginOptions(def))
	if err != nil {
		return nil, err
	}
	imports, _ := plugin.FunctionImports(wasm) // Exports above read the same bytes
	return &loadedPlugin{def: def, file: file, mod: mod, sendsHTTP: slices.Contains(imports, "extism:host/env.http_request")}, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func quoteAll(l []string) []string {
	out := make([]string, len(l))
	for i, s := range l {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

// readOptional reads a definition file; a missing file is empty.
func readOptional(path string) ([]byte, bool, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, config.MaxFileSize+1))
	return b, true, err
}

func (s *Server) loadCatalog(ctx context.Context) (*catalog, []string, error) {
	var warnings []string
	c := &catalog{plugins: map[string]*loadedPlugin{}}

	pf := s.cfg.pluginsFile()
	data, ok, err := readOptional(pf)
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		warnings = append(warnings, fmt.Sprintf("%s does not exist: starting with no plugins", pf))
	}
	plugins, res, err := config.ParsePlugins(pf, data)
	if err != nil {
		return nil, nil, err
	}
	warnings = append(warnings, res.Warnings...)
	var loaded []*loadedPlugin
	fail := func(err error) (*catalog, []string, error) {
		for _, lp := range loaded {
			lp.mod.Close()
		}
		return nil, nil, err
	}
	for i, def := range plugins.Plugins {
		file := s.wasmPath(def.Path)
		wasm, err := os.ReadFile(file)
		if err != nil {
			return fail(fmt.Errorf("%s: plugins[%d] %q: path: %w", pf, i, def.Name, err))
		}
		lp, err := s.loadPlugin(ctx, def, wasm, file)
		if err != nil {
			return fail(fmt.Errorf("%s: plugins[%d]: %w", pf, i, err))
		}
		loaded = append(loaded, lp)
		c.plugins[def.Name] = lp
		c.pluginDefs = append(c.pluginDefs, def)
	}

	rf := s.cfg.resourcesFile()
	data, ok, err = readOptional(rf)
	if err != nil {
		return fail(err)
	}
	if !ok {
		warnings = append(warnings, fmt.Sprintf("%s does not exist: starting with no resources", rf))
	}
	resources, res, err := config.ParseResources(rf, data)
	if err != nil {
		return fail(err)
	}
	warnings = append(warnings, res.Warnings...)
	c.static, c.dynamic = resources.Resources.Static, resources.Resources.Dynamic

	ppf := s.cfg.promptsFile()
	data, ok, err = readOptional(ppf)
	if err != nil {
		return fail(err)
	}
	if !ok {
		warnings = append(warnings, fmt.Sprintf("%s does not exist: starting with no prompts", ppf))
	}
	prompts, res, err := config.ParsePrompts(ppf, data)
	if err != nil {
		return fail(err)
	}
	warnings = append(warnings, res.Warnings...)
	c.prompts = prompts.All()
	c.index()
	return c, warnings, nil
}

// Handler returns the HTTP handler: the MCP transports and the admin API.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /mcp", s.client(s.handleStreamablePost))
	mux.HandleFunc("GET /mcp", s.client(s.handleStreamableGet))
	mux.HandleFunc("DELETE /mcp", s.client(s.handleStreamableDelete))
	mux.HandleFunc("GET /sse", s.client(s.handleSSE))
	mux.HandleFunc("POST /messages", s.client(s.handleMessages))

	mux.HandleFunc("POST /upload-plugin", s.admin(s.handleUploadPlugin))
	mux.HandleFunc("PUT /update-plugin", s.admin(s.handleUpdatePlugin))
	mux.HandleFunc("PUT /update-plugin/{name}", s.admin(s.handleUpdatePlugin))
	mux.HandleFunc("DELETE /remove-plugin/{name}", s.admin(s.handleRemovePlugin))
	mux.HandleFunc("POST /add-resource", s.admin(s.handleAddResource))
	mux.HandleFunc("PUT /update-resource/{name}", s.admin(s.handleUpdateResource))
	mux.HandleFunc("DELETE /remove-resource/{name}", s.admin(s.handleRemoveResource))
	mux.HandleFunc("POST /add-prompt", s.admin(s.handleAddPrompt))
	mux.HandleFunc("PUT /update-prompt/{name}", s.admin(s.handleUpdatePrompt))
	mux.HandleFunc("DELETE /remove-prompt/{name}", s.admin(s.handleRemovePrompt))
	if s.guard != nil {
		for _, p := range []string{auth.WellKnownPath, auth.WellKnownPath + "/{rest...}"} {
			mux.HandleFunc("GET "+p, s.handleResourceMetadata)
			mux.HandleFunc("OPTIONS "+p, s.handleResourceMetadata)
		}
	}
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"status": "ok"})
	})
	return mux
}
