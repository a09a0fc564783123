package registry

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Kind says what a spec resolved to.
type Kind int

const (
	// KindPath is a component file on the local disk.
	KindPath Kind = iota + 1
	// KindPackage is an OCI package namespace:name@version.
	KindPackage
)

func (k Kind) String() string {
	switch k {
	case KindPath:
		return "path"
	case KindPackage:
		return "package"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// MarshalText makes Kind readable in JSON.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Step is one hop taken while resolving a spec.
type Step struct {
	// Kind is "profile", "base", "alias", "path" or "package".
	Kind string `json:"kind"`
	Name string `json:"name"`
}

func (s Step) String() string { return s.Kind + " " + s.Name }

// Resolved is one component a spec stands for.
type Resolved struct {
	// Spec is the spec as the caller gave it (for a profile, the profile name).
	Spec string `json:"spec"`
	Kind Kind   `json:"kind"`
	// Path is the absolute file path when Kind is KindPath.
	Path string `json:"path,omitempty"`
	// Package is set when Kind is KindPackage.
	Package Package `json:"package,omitzero"`
	// Via lists how the spec was reached, from the spec given to the target.
	Via []Step `json:"via"`
}

// Chain renders Via for --verbose output: "profile prod -> base dev -> alias calc -> path /x/calc.wasm".
func (r Resolved) Chain() string {
	parts := make([]string, len(r.Via))
	for i, s := range r.Via {
		parts[i] = s.String()
	}
	return strings.Join(parts, " -> ")
}

// Target is the path or the package spec the component resolved to.
func (r Resolved) Target() string {
	if r.Kind == KindPath {
		return r.Path
	}
	return r.Package.String()
}

// Errors callers can test with errors.Is.
var (
	ErrCycle   = errors.New("cycle")
	ErrUnknown = errors.New("unknown component")
)

// maxResolved bounds how many components one Resolve call may produce, so that
// profiles that include each other many times over cannot explode.
const maxResolved = 10000

// maxSteps bounds the profiles and aliases visited by one Resolve call.
const maxSteps = 100000

// Resolve turns specs into components. Each spec is tried, in order, as a
// profile (expanded through its base, then its own components), an alias
// (followed through chains), an existing file, and an OCI package spec. Cycles
// are refused with the chain shown; an unknown name suggests near names.
func Resolve(cfg *Config, specs []string) ([]Resolved, error) {
	if cfg == nil {
		cfg = NewBlankConfig()
	}
	r := &resolver{cfg: cfg}
	for _, s := range specs {
		r.top = s
		if err := r.spec(s, nil, nil); err != nil {
			return nil, err
		}
	}
	return r.out, nil
}

// NeedsConfig reports whether resolving spec may read the config: a name
// may be a profile or an alias, and a package spec needs the namespaces.
// A spec that is not a valid name and names an existing file (say
// ./calc.wasm, calc/calc.wasm) can only be that file, so a config that is
// missing or broken does not matter to it.
func NeedsConfig(spec string) bool {
	if ValidateName(spec) == nil {
		return true
	}
	if st, err := os.Stat(spec); err == nil && !st.IsDir() {
		return false
	}
	return LooksLikePackage(spec)
}

type resolver struct {
	cfg   *Config
	top   string
	out   []Resolved
	steps int
}

// frame is one entry of the stack of profiles and aliases being expanded.
type frame struct{ kind, name string }

func (r *resolver) spec(s string, via []Step, stack []frame) error {
	if r.steps++; r.steps > maxSteps {
		return fmt.Errorf("%q expands through more than %d profiles and aliases", r.top, maxSteps)
	}
	if _, ok := r.cfg.Profiles[s]; ok {
		return r.profile(s, "profile", via, stack)
	}
	if c, ok := r.cfg.Components[s]; ok {
		if err := checkCycle(stack, frame{"alias", s}); err != nil {
			return err
		}
		return r.spec(c.Spec, appendStep(via, Step{"alias", s}), append(stack, frame{"alias", s}))
	}
	return r.leaf(s, via)
}

func (r *resolver) profile(name, how string, via []Step, stack []frame) error {
	p, ok := r.cfg.Profiles[name]
	if !ok {
		return fmt.Errorf("%s: base profile %q does not exist%s", describe(via), name, suggest(name, r.cfg.ProfileNames()))
	}
	if err := checkCycle(stack, frame{"profile", name}); err != nil {
		return err
	}
	via = appendStep(via, Step{how, name})
	stack = append(stack, frame{"profile", name})
	if p.Base != "" {
		if err := r.profile(p.Base, "base", via, stack); err != nil {
			return err
		}
	}
	for _, c := range p.Components {
		if err := r.spec(c, via, stack); err != nil {
			return err
		}
	}
	return nil
}

func (r *resolver) leaf(s string, via []Step) error {
	if len(r.out) >= maxResolved {
		return fmt.Errorf("%q expands to more than %d components", r.top, maxResolved)
	}
	where := ""
	if len(via) > 0 {
		where = describe(via) + ": "
	}
	if st, err := os.Stat(s); err == nil {
		if st.IsDir() {
			return fmt.Errorf("%s%s is a directory, not a component file", where, s)
		}
		abs, err := filepath.Abs(s)
		if err != nil {
			return fmt.Errorf("%s%s: %w", where, s, err)
		}
		r.add(Resolved{Spec: r.top, Kind: KindPath, Path: abs, Via: appendStep(via, Step{"path", abs})})
		return nil
	}
	if LooksLikePackage(s) {
		p, err := ParsePackage(s)
		if err != nil {
			return fmt.Errorf("%s%w", where, err)
		}
		r.add(Resolved{Spec: r.top, Kind: KindPackage, Package: p, Via: appendStep(via, Step{"package", p.String()})})
		return nil
	}
	if looksLikePath(s) {
		return fmt.Errorf("%s%s: no such file", where, s)
	}
	names := append(r.cfg.ComponentNames(), r.cfg.ProfileNames()...)
	return fmt.Errorf("%s%w %q: not a profile, an alias, an existing file or a package spec (namespace:name@version)%s",
		where, ErrUnknown, s, suggest(s, names))
}

func (r *resolver) add(x Resolved) { r.out = append(r.out, x) }

func appendStep(via []Step, s Step) []Step {
	out := make([]Step, len(via), len(via)+1)
	copy(out, via)
	return append(out, s)
}

func describe(via []Step) string {
	parts := make([]string, len(via))
	for i, s := range via {
		parts[i] = s.String()
	}
	return strings.Join(parts, " -> ")
}

func checkCycle(stack []frame, next frame) error {
	for i, f := range stack {
		if f == next {
			names := make([]string, 0, len(stack)-i+1)
			for _, g := range stack[i:] {
				names = append(names, g.name)
			}
			names = append(names, next.name)
			return fmt.Errorf("%s %q is part of a %w: %s", next.kind, next.name, ErrCycle, strings.Join(names, " -> "))
		}
	}
	return nil
}

// looksLikePath reports whether s was meant as a file path.
func looksLikePath(s string) bool {
	return strings.ContainsAny(s, `/\`) || strings.HasSuffix(s, ".wasm") || strings.HasPrefix(s, ".")
}

// suggest returns ` (did you mean "x"?)` for the known names closest to s.
func suggest(s string, known []string) string {
	type cand struct {
		name string
		d    int
	}
	var cands []cand
	limit := len(s)/3 + 1
	if limit > 3 {
		limit = 3
	}
	seen := map[string]bool{}
	for _, k := range known {
		if seen[k] {
			continue
		}
		seen[k] = true
		d := editDistance(s, k)
		if d <= limit || strings.HasPrefix(k, s) && len(s) >= 2 {
			cands = append(cands, cand{k, d})
		}
	}
	if len(cands) == 0 {
		return ""
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].d != cands[j].d {
			return cands[i].d < cands[j].d
		}
		return cands[i].name < cands[j].name
	})
	if len(cands) > 3 {
		cands = cands[:3]
	}
	q := make([]string, len(cands))
	for i, c := range cands {
		q[i] = fmt.Sprintf("%q", c.name)
	}
	return " (did you mean " + strings.Join(q, " or ") + "?)"
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 256 || len(rb) > 256 {
		return 1 << 30 // not worth suggesting
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
