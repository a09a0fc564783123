// Package embedded holds the framework's parts as built components,
// compressed, so that the CLI composes servers offline: the framework
// program (framework/server) built for each transport. The names of the
// framework's roles, which a user may give with --override, are here too.
//
// The files under parts/ are written by `make framework` (go run
// ./framework/build) from the sources in framework/<part>/; a test in
// framework/build fails when they are not current. See
// docs/framework-parts.md.
package embedded

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"sync"
)

//go:embed parts/parts.json parts/*.wasm.gz
var files embed.FS

// Info describes one embedded part.
type Info struct {
	// Name is the part's name, e.g. "server-http".
	Name string `json:"name"`
	// Version is the part's version, e.g. "0.1.0".
	Version string `json:"version"`
	// World is the world it implements, e.g. "wasmcp:server/server-http@0.1.0".
	World string `json:"world"`
	// SHA256 (hex) and Size are those of the decompressed component.
	SHA256 string `json:"sha256"`
	Size   int    `json:"size"`
	// Inputs is the hash of the build's inputs (see framework/build).
	Inputs string `json:"inputs"`
}

// The names of the framework's roles. None is embedded: the framework
// program plays them all; a user may give one with --override.
const (
	ToolsMiddleware       = "tools-middleware"
	ResourcesMiddleware   = "resources-middleware"
	PromptsMiddleware     = "prompts-middleware"
	CompletionsMiddleware = "completions-middleware"
	ChainEnd              = "chain-end"
	NotifyChannel         = "notify-channel"
	HTTPTransport         = "http-transport"
	StdioTransport        = "stdio-transport"
)

// The embedded parts: the framework program, built for each transport
// (all the roles above in one Go runtime).
const (
	ServerHTTP  = "server-http"
	ServerStdio = "server-stdio"
	// ServerHTTPSessions is the HTTP build that keeps sessions in
	// wasi:keyvalue (it imports wasi:keyvalue/store@0.2.0-draft).
	ServerHTTPSessions = "server-http-sessions"
	// ServerHTTPOAuth and ServerHTTPSessionsOAuth also validate bearer
	// tokens (WASMCP_AUTH_MODE=oauth) and import
	// wasi:http/outgoing-handler for the JWKS.
	ServerHTTPOAuth         = "server-http-oauth"
	ServerHTTPSessionsOAuth = "server-http-sessions-oauth"
	// ServerHTTPTools and ServerStdioTools leave out every capability but
	// tools (0.35 MB of the program), for servers whose providers serve
	// tools only.
	ServerHTTPTools  = "server-http-tools"
	ServerStdioTools = "server-stdio-tools"
	// ServerHTTPClient, ServerHTTPSessionsClient and ServerStdioClient
	// also tell a session part about the calls in flight
	// (wasmcp:framework/calls), for servers with one.
	ServerHTTPClient         = "server-http-client"
	ServerHTTPSessionsClient = "server-http-sessions-client"
	ServerStdioClient        = "server-stdio-client"
)

// The session parts (contract 0.2.0): another build of the same program,
// instantiated apart from the framework's instances, which serves
// wasmcp:mcp/session and wasmcp:mcp/client to the components that import
// them.
const (
	// SessionMemory keeps values in the instance's memory (an HTTP
	// server without --sessions); requests to the client fail there.
	SessionMemory = "session-memory"
	// SessionKV keeps values, pending requests to the client and their
	// answers in wasi:keyvalue, beside the sessions of
	// ServerHTTPSessionsClient.
	SessionKV = "session-kv"
	// SessionStdio serves a stdio server, whose one session is the
	// connection: it reads the client's answers from stdin.
	SessionStdio = "session-stdio"
)

// ErrUnknownPart is returned by Part for a name that is not embedded.
var ErrUnknownPart = errors.New("embedded: no such framework part")

var index = sync.OnceValues(func() ([]Info, error) {
	raw, err := files.ReadFile("parts/parts.json")
	if err != nil {
		return nil, err
	}
	var idx []Info
	if err := json.Unmarshal(raw, &idx); err != nil {
		return nil, fmt.Errorf("embedded: parts.json: %w", err)
	}
	sort.Slice(idx, func(i, j int) bool { return idx[i].Name < idx[j].Name })
	return idx, nil
})

// Parts lists the embedded parts, sorted by name.
func Parts() []Info {
	idx, err := index()
	if err != nil {
		// The index is part of the binary; a broken one is a build error
		// that the package's tests catch.
		panic(err)
	}
	return append([]Info(nil), idx...)
}

// Lookup returns the description of the named part.
func Lookup(name string) (Info, bool) {
	for _, in := range Parts() {
		if in.Name == name {
			return in, true
		}
	}
	return Info{}, false
}

// Part returns the named part's component, decompressed and checked
// against its SHA-256. Each call returns a fresh copy.
func Part(name string) ([]byte, error) {
	in, ok := Lookup(name)
	if !ok {
		return nil, fmt.Errorf("%w: %q (embedded: %s)", ErrUnknownPart, name, names())
	}
	gz, err := files.ReadFile("parts/" + name + ".wasm.gz")
	if err != nil {
		return nil, fmt.Errorf("embedded: %s: %w", name, err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("embedded: %s: %w", name, err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("embedded: %s: %w", name, err)
	}
	sum := sha256.Sum256(out)
	if got := hex.EncodeToString(sum[:]); got != in.SHA256 || len(out) != in.Size {
		return nil, fmt.Errorf("embedded: %s: component has sha256 %s (%d bytes), index says %s (%d bytes)", name, got, len(out), in.SHA256, in.Size)
	}
	return out, nil
}

func names() string {
	var s []byte
	for i, in := range Parts() {
		if i > 0 {
			s = append(s, ", "...)
		}
		s = append(s, in.Name...)
	}
	return string(s)
}
