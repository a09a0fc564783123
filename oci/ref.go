package oci

import (
	"errors"
	"fmt"
	"net"
	"regexp"
	"sort"
	"strings"

	"github.com/opencontainers/go-digest"
	"oras.land/oras-go/v2/registry"
)

// Spec is a package spec, namespace:name[@version]. Version is empty (the
// highest semver tag), a tag such as "1.2.0", or a digest "sha256:…".
type Spec struct {
	Namespace string
	Name      string
	Version   string
}

func (s Spec) String() string {
	if s.Version == "" {
		return s.Namespace + ":" + s.Name
	}
	return s.Namespace + ":" + s.Name + "@" + s.Version
}

var (
	// identRe is a lowercase kebab-case word, as WIT package namespaces and
	// names are; it is also a valid OCI repository path component.
	identRe = regexp.MustCompile(`^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$`)
	// tagRe is the OCI distribution tag grammar.
	tagRe = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`)
	// hostRe is a registry host: a DNS name or IPv4 address with an optional port,
	// or a bracketed IPv6 address with an optional port.
	hostRe = regexp.MustCompile(`^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$`)
	// prefixRe is a repository path prefix (OCI repository grammar).
	prefixRe = regexp.MustCompile(`^[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*)*$`)
)

// ParseSpec parses namespace:name[@version].
func ParseSpec(s string) (Spec, error) {
	rest, version, hasVersion := strings.Cut(s, "@")
	ns, name, ok := strings.Cut(rest, ":")
	if !ok {
		return Spec{}, fmt.Errorf("package spec %q: want namespace:name[@version]", s)
	}
	if !identRe.MatchString(ns) {
		return Spec{}, fmt.Errorf("package spec %q: namespace %q must be lowercase letters, digits and single dashes, starting with a letter", s, ns)
	}
	if !identRe.MatchString(name) {
		return Spec{}, fmt.Errorf("package spec %q: name %q must be lowercase letters, digits and single dashes, starting with a letter", s, name)
	}
	if hasVersion {
		if err := validateVersion(version); err != nil {
			return Spec{}, fmt.Errorf("package spec %q: %w", s, err)
		}
	}
	return Spec{Namespace: ns, Name: name, Version: version}, nil
}

func validateVersion(v string) error {
	if strings.Contains(v, ":") {
		d, err := digest.Parse(v)
		if err != nil || d.Algorithm() != digest.SHA256 {
			return fmt.Errorf("version %q is neither a tag nor a sha256 digest (sha256:<64 hex digits>)", v)
		}
		return nil
	}
	if !tagRe.MatchString(v) {
		return fmt.Errorf("version %q is not a valid tag (letters, digits, '_', '.', '-'; at most 128)", v)
	}
	return nil
}

// NamespaceConfig says where a namespace's packages live: Registry is
// host[:port] optionally followed by /prefix; the package name is appended to
// form the repository. PlainHTTP selects http:// instead of https://.
type NamespaceConfig struct {
	Registry  string `json:"registry"`
	PlainHTTP bool   `json:"plainHTTP,omitempty"`
}

// Host returns the host[:port] part of Registry.
func (c NamespaceConfig) Host() string {
	h, _, _ := strings.Cut(c.Registry, "/")
	return h
}

// Prefix returns the repository prefix part of Registry ("" when none).
func (c NamespaceConfig) Prefix() string {
	_, p, _ := strings.Cut(c.Registry, "/")
	return p
}

// ValidateRegistry checks a namespace's Registry value, host[:port][/prefix].
func ValidateRegistry(r string) error {
	if strings.Contains(r, "://") {
		return fmt.Errorf("registry %q: give host[:port]/prefix without a scheme (use --plain-http for http://)", r)
	}
	c := NamespaceConfig{Registry: r}
	if c.Host() == "" || !hostRe.MatchString(c.Host()) {
		return fmt.Errorf("registry %q: %q is not a host[:port]", r, c.Host())
	}
	if strings.Contains(r, "/") && !prefixRe.MatchString(c.Prefix()) {
		return fmt.Errorf("registry %q: repository prefix %q must be lowercase path components separated by '/'", r, c.Prefix())
	}
	return nil
}

// ValidateNamespace checks a namespace name.
func ValidateNamespace(ns string) error {
	if !identRe.MatchString(ns) {
		return fmt.Errorf("namespace %q must be lowercase letters, digits and single dashes, starting with a letter", ns)
	}
	return nil
}

// BuiltinNamespaces are the namespaces known without configuration: the
// project's own components. A user setting of the same name overrides them.
func BuiltinNamespaces() Namespaces {
	return Namespaces{"wasmcp": {Registry: "ghcr.io/wasmcp"}}
}

// Namespaces maps namespace names to where their packages live.
type Namespaces map[string]NamespaceConfig

// WithBuiltins returns the user's namespaces over the built-in ones.
func (n Namespaces) WithBuiltins() Namespaces {
	out := BuiltinNamespaces()
	for k, v := range n {
		out[k] = v
	}
	return out
}

// Names returns the namespace names, sorted.
func (n Namespaces) Names() []string {
	out := make([]string, 0, len(n))
	for k := range n {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// ErrUnknownNamespace is wrapped by Target when a spec's namespace has no
// mapping.
var ErrUnknownNamespace = errors.New("not mapped to a registry")

// Target is where a spec or reference points: a registry reference (whose
// Reference part is a tag, a digest, or empty for "the highest semver tag")
// and whether to speak plain HTTP to that registry.
type Target struct {
	Ref       registry.Reference
	PlainHTTP bool
	// Spec is set when the target came from a package spec.
	Spec *Spec
}

// String is the reference in host/repository[:tag|@digest] form.
func (t Target) String() string { return t.Ref.String() }

// Describe names the target for messages: the spec and the reference.
func (t Target) Describe() string {
	if t.Spec != nil {
		return fmt.Sprintf("%s (%s)", t.Spec, t.Ref)
	}
	return t.Ref.String()
}

// IsReference reports whether s is written as a full registry reference
// (host[:port]/repository[:tag|@digest]) rather than a package spec: a spec
// never contains '/'.
func IsReference(s string) bool { return strings.Contains(s, "/") }

// Target turns a package spec or a full reference into a Target. Plain HTTP is
// used when the namespace says so, or for a full reference when some namespace
// on the same host says so; plainHTTP forces it.
func (n Namespaces) Target(s string, plainHTTP bool) (Target, error) {
	if IsReference(s) {
		ref, err := registry.ParseReference(s)
		if err != nil {
			return Target{}, fmt.Errorf("reference %q: %w (want host[:port]/repository[:tag|@sha256:digest])", s, err)
		}
		if !strings.ContainsAny(ref.Registry, ".:") && ref.Registry != "localhost" {
			return Target{}, fmt.Errorf("reference %q: %q does not look like a registry host (want host[:port]/repository…, e.g. ghcr.io/org/name:1.0.0)", s, ref.Registry)
		}
		t := Target{Ref: ref, PlainHTTP: plainHTTP}
		for _, c := range n {
			if c.PlainHTTP && c.Host() == ref.Registry {
				t.PlainHTTP = true
			}
		}
		return t, nil
	}
	spec, err := ParseSpec(s)
	if err != nil {
		return Target{}, err
	}
	c, ok := n[spec.Namespace]
	if !ok {
		return Target{}, fmt.Errorf("package spec %q: namespace %q is %w; map it with `wasmcp registry namespace set %s HOST/PREFIX`", s, spec.Namespace, ErrUnknownNamespace, spec.Namespace)
	}
	if err := ValidateRegistry(c.Registry); err != nil {
		return Target{}, fmt.Errorf("package spec %q: namespace %q: %w (fix it with `wasmcp registry namespace set %s HOST/PREFIX`)", s, spec.Namespace, err, spec.Namespace)
	}
	repo := spec.Name
	if c.Prefix() != "" {
		repo = c.Prefix() + "/" + spec.Name
	}
	ref := registry.Reference{Registry: c.Host(), Repository: repo, Reference: spec.Version}
	if err := ref.ValidateRegistry(); err != nil {
		return Target{}, fmt.Errorf("package spec %q: namespace %q maps to %q: %w", s, spec.Namespace, c.Registry, err)
	}
	if err := ref.ValidateRepository(); err != nil {
		return Target{}, fmt.Errorf("package spec %q: namespace %q maps to %q: %w", s, spec.Namespace, c.Registry, err)
	}
	return Target{Ref: ref, PlainHTTP: plainHTTP || c.PlainHTTP, Spec: &spec}, nil
}

// IsLoopback reports whether the host of a registry value (host[:port][/prefix])
// names the local machine.
func IsLoopback(registry string) bool {
	return isLoopback(NamespaceConfig{Registry: registry}.Host())
}

// isLoopback reports whether host[:port] names the local machine.
func isLoopback(host string) bool {
	h, _, err := net.SplitHostPort(host)
	if err != nil {
		h = host
	}
	h = strings.Trim(h, "[]")
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}
