// Package registry keeps the user's component aliases, profiles and OCI
// namespaces in a TOML file, by default $XDG_CONFIG_HOME/wasmcp/config.toml
// (~/.config/wasmcp/config.toml), and resolves the specs given to
// `wasmcp compose` into local paths or OCI package references.
//
// Reads go through Load, which treats a missing file as an empty config.
// Writes go through Update, which serialises concurrent writers with an
// exclusive lock on a `config.toml.lock` file beside the config, re-reads the
// file under the lock, applies a change and replaces the file atomically
// (temporary file, fsync, rename in the same directory). A file that does not
// parse, or holds keys this version does not know, is never rewritten.
//
// The file looks like:
//
//	[components.calc]
//	spec = "/home/me/calc/calc.wasm"
//
//	[components.weather]
//	spec = "acme:weather@1.2.0"
//
//	[profiles.dev]
//	components = ["calc", "weather"]
//	output = "/home/me/.config/wasmcp/composed/dev.wasm"
//
//	[profiles.prod]
//	base = "dev"
//	components = ["logger"]
//	output = "/home/me/.config/wasmcp/composed/prod.wasm"
//
//	[namespaces.acme]
//	registry = "ghcr.io/acme"
//	plain-http = false
package registry

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// Config is the content of config.toml.
type Config struct {
	// Components maps an alias to a component spec: an absolute path, an OCI
	// package spec (namespace:name@version) or another alias.
	Components map[string]Component `toml:"components,omitempty" json:"components"`
	// Profiles maps a profile name to a list of components composed together.
	Profiles map[string]Profile `toml:"profiles,omitempty" json:"profiles"`
	// Namespaces maps an OCI package namespace (the part before ':' in
	// namespace:name@version) to the registry that holds its packages.
	Namespaces map[string]Namespace `toml:"namespaces,omitempty" json:"namespaces"`

	// unknown lists keys found in the file that this version does not know,
	// with their positions; Update refuses to rewrite such a file.
	unknown []string
}

// Component is the target of an alias.
type Component struct {
	// Spec is an absolute file path, an OCI package spec or another alias.
	Spec string `toml:"spec" json:"spec"`
}

// Profile is a named list of components, composed in order.
type Profile struct {
	// Base names another profile whose components come first.
	Base string `toml:"base,omitempty" json:"base,omitempty"`
	// Components are specs (aliases, paths, package specs, profiles) that
	// follow the base's components.
	Components []string `toml:"components" json:"components"`
	// Output is where `wasmcp compose` writes this profile's server.
	Output string `toml:"output,omitempty" json:"output,omitempty"`
}

// Namespace says where the packages of an OCI namespace live.
type Namespace struct {
	// Registry is host[:port]/prefix, e.g. "ghcr.io/acme" or "localhost:5000/tools".
	Registry string `toml:"registry" json:"registry"`
	// PlainHTTP talks HTTP instead of HTTPS to the registry (local test registries).
	PlainHTTP bool `toml:"plain-http,omitempty" json:"plainHTTP,omitempty"`
}

// NewBlankConfig returns an empty config with its maps allocated.
func NewBlankConfig() *Config {
	c := &Config{}
	c.init()
	return c
}

func (c *Config) init() {
	if c.Components == nil {
		c.Components = map[string]Component{}
	}
	if c.Profiles == nil {
		c.Profiles = map[string]Profile{}
	}
	if c.Namespaces == nil {
		c.Namespaces = map[string]Namespace{}
	}
}

// DefaultPath returns the config file path: $XDG_CONFIG_HOME/wasmcp/config.toml
// when XDG_CONFIG_HOME is set to an absolute path, ~/.config/wasmcp/config.toml
// otherwise. getenv reads the environment (os.Getenv in production).
func DefaultPath(getenv func(string) string) (string, error) {
	if x := getenv("XDG_CONFIG_HOME"); x != "" && filepath.IsAbs(x) {
		return filepath.Join(x, "wasmcp", "config.toml"), nil
	}
	home := getenv("HOME")
	if home == "" {
		return "", errors.New("cannot locate the wasmcp config: neither XDG_CONFIG_HOME nor HOME is set")
	}
	if !filepath.IsAbs(home) {
		return "", fmt.Errorf("cannot locate the wasmcp config: HOME=%q is not an absolute path", home)
	}
	return filepath.Join(home, ".config", "wasmcp", "config.toml"), nil
}

// DefaultOutput is where a profile's composed server goes when no output was
// given: composed/NAME.wasm beside the config file.
func DefaultOutput(configPath, profile string) string {
	return filepath.Join(filepath.Dir(configPath), "composed", profile+".wasm")
}

// maxConfigSize bounds the config file read into memory.
const maxConfigSize = 16 << 20

// Load reads the config at path. A missing file is an empty config. A file that
// does not parse yields an error naming path:line:col.
func Load(path string) (*Config, error) {
	data, err := readBounded(path)
	if errors.Is(err, fs.ErrNotExist) {
		return NewBlankConfig(), nil
	}
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

func readBounded(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	if st.Size() > maxConfigSize {
		return nil, fmt.Errorf("%s: %d bytes is larger than the %d bytes a config may have", path, st.Size(), maxConfigSize)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxConfigSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(data) > maxConfigSize {
		return nil, fmt.Errorf("%s: larger than the %d bytes a config may have", path, maxConfigSize)
	}
	return data, nil
}

// Parse decodes config text; name is used in error messages (usually the path).
func Parse(name string, data []byte) (*Config, error) {
	c := &Config{}
	dec := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields()
	err := dec.Decode(c)
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) {
		// Known keys decoded fine; remember the unknown ones so that Update
		// refuses to drop them, but let readers use the file.
		c = &Config{}
		if err := toml.Unmarshal(data, c); err != nil {
			return nil, decodeError(name, data, err)
		}
		for _, e := range strict.Errors {
			row, col := e.Position()
			c.unknown = append(c.unknown, fmt.Sprintf("%s:%d:%d: unknown key %q", name, row, col, strings.Join(e.Key(), ".")))
		}
	} else if err != nil {
		return nil, decodeError(name, data, err)
	}
	c.init()
	return c, nil
}

// ParseError is a config file that does not parse.
type ParseError struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

func decodeError(name string, data []byte, err error) error {
	if te := checkTypes(name, data); te != nil {
		return te
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, col := de.Position()
		return &ParseError{File: name, Line: row, Col: col, Msg: de.Error()}
	}
	return &ParseError{File: name, Msg: err.Error()}
}

// Unknown returns the keys of the loaded file that this version does not know,
// each as "file:line:col: unknown key ...".
func (c *Config) Unknown() []string { return append([]string(nil), c.unknown...) }

// Marshal encodes the config as TOML.
func (c *Config) Marshal() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("# wasmcp registry: aliases, profiles and namespaces.\n# Edit with `wasmcp registry ...`; wasmcp rewrites it, so comments are not kept.\n\n")
	enc := toml.NewEncoder(&b)
	enc.SetIndentTables(false)
	if err := enc.Encode(c); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Validate checks every name in the config and that no entry is empty.
// References (alias targets, profile bases) may dangle: Resolve reports them
// when they are used.
func (c *Config) Validate() error {
	var errs []string
	for _, n := range sortedKeys(c.Components) {
		if err := ValidateName(n); err != nil {
			errs = append(errs, fmt.Sprintf("component %q: %v", n, err))
		}
		if strings.TrimSpace(c.Components[n].Spec) == "" {
			errs = append(errs, fmt.Sprintf("component %q: empty spec", n))
		}
	}
	for _, n := range sortedKeys(c.Profiles) {
		p := c.Profiles[n]
		if err := ValidateName(n); err != nil {
			errs = append(errs, fmt.Sprintf("profile %q: %v", n, err))
		}
		if len(p.Components) == 0 && p.Base == "" {
			errs = append(errs, fmt.Sprintf("profile %q: no components and no base", n))
		}
		for i, s := range p.Components {
			if strings.TrimSpace(s) == "" {
				errs = append(errs, fmt.Sprintf("profile %q: component %d is empty", n, i+1))
			}
		}
	}
	for _, n := range sortedKeys(c.Namespaces) {
		if err := ValidateName(n); err != nil {
			errs = append(errs, fmt.Sprintf("namespace %q: %v", n, err))
		}
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "; "))
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ComponentNames returns the aliases in sorted order.
func (c *Config) ComponentNames() []string { return sortedKeys(c.Components) }

// ProfileNames returns the profile names in sorted order.
func (c *Config) ProfileNames() []string { return sortedKeys(c.Profiles) }

// NamespaceNames returns the namespaces in sorted order.
func (c *Config) NamespaceNames() []string { return sortedKeys(c.Namespaces) }
