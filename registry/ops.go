package registry

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// NormalizeSpec checks a component spec before it is stored and returns the
// form to store: an existing alias or profile name as is, an existing file as
// an absolute path, a package spec once validated. Anything else is an error
// that says what was tried.
func NormalizeSpec(cfg *Config, spec string) (string, error) {
	if strings.TrimSpace(spec) == "" {
		return "", fmt.Errorf("component spec is empty")
	}
	if _, ok := cfg.Profiles[spec]; ok {
		return spec, nil
	}
	if _, ok := cfg.Components[spec]; ok {
		return spec, nil
	}
	if st, err := os.Stat(spec); err == nil {
		if st.IsDir() {
			return "", fmt.Errorf("%s is a directory, not a component file", spec)
		}
		return filepath.Abs(spec)
	}
	if LooksLikePackage(spec) {
		p, err := ParsePackage(spec)
		if err != nil {
			return "", err
		}
		return p.String(), nil
	}
	if looksLikePath(spec) {
		return "", fmt.Errorf("%s: no such file", spec)
	}
	names := append(cfg.ComponentNames(), cfg.ProfileNames()...)
	return "", fmt.Errorf("%w %q: not an alias, a profile, an existing file or a package spec (namespace:name@version)%s",
		ErrUnknown, spec, suggest(spec, names))
}

// AddComponent sets alias name to spec (normalised by NormalizeSpec). An
// existing alias is replaced only when replace is true. The new alias must
// resolve without a cycle.
func AddComponent(cfg *Config, name, spec string, replace bool) error {
	if err := ValidateName(name); err != nil {
		return fmt.Errorf("alias: %w", err)
	}
	if _, ok := cfg.Profiles[name]; ok {
		return fmt.Errorf("a profile named %q exists; aliases and profiles share one namespace", name)
	}
	if old, ok := cfg.Components[name]; ok && !replace {
		return fmt.Errorf("alias %q already exists (-> %s); pass --force to replace it", name, old.Spec)
	}
	norm, err := NormalizeSpec(cfg, spec)
	if err != nil {
		return err
	}
	old, had := cfg.Components[name]
	cfg.Components[name] = Component{Spec: norm}
	if _, err := Resolve(cfg, []string{name}); err != nil {
		if had {
			cfg.Components[name] = old
		} else {
			delete(cfg.Components, name)
		}
		return err
	}
	return nil
}

// AddProfile sets profile name. Components are normalised by NormalizeSpec;
// output, when empty, stays empty for the caller to default (see DefaultOutput);
// a relative output is made absolute. The profile must resolve.
func AddProfile(cfg *Config, name string, p Profile, replace bool) error {
	if err := ValidateName(name); err != nil {
		return fmt.Errorf("profile: %w", err)
	}
	if _, ok := cfg.Components[name]; ok {
		return fmt.Errorf("an alias named %q exists; aliases and profiles share one namespace", name)
	}
	if _, ok := cfg.Profiles[name]; ok && !replace {
		return fmt.Errorf("profile %q already exists; pass --force to replace it", name)
	}
	if len(p.Components) == 0 && p.Base == "" {
		return fmt.Errorf("profile %q needs at least one component or a base", name)
	}
	if p.Base != "" {
		if _, ok := cfg.Profiles[p.Base]; !ok {
			return fmt.Errorf("base profile %q does not exist%s", p.Base, suggest(p.Base, cfg.ProfileNames()))
		}
	}
	comps := make([]string, len(p.Components))
	for i, c := range p.Components {
		n, err := NormalizeSpec(cfg, c)
		if err != nil {
			return fmt.Errorf("profile %q: %w", name, err)
		}
		comps[i] = n
	}
	p.Components = comps
	if p.Output != "" {
		abs, err := filepath.Abs(p.Output)
		if err != nil {
			return err
		}
		p.Output = abs
	}
	old, had := cfg.Profiles[name]
	cfg.Profiles[name] = p
	if _, err := Resolve(cfg, []string{name}); err != nil {
		if had {
			cfg.Profiles[name] = old
		} else {
			delete(cfg.Profiles, name)
		}
		return err
	}
	return nil
}

// Referrers lists the aliases and profiles that mention name (as an alias
// target, a profile component or a profile base), as "alias x" / "profile y".
func Referrers(cfg *Config, name string) []string {
	var out []string
	for _, a := range cfg.ComponentNames() {
		if cfg.Components[a].Spec == name && a != name {
			out = append(out, "alias "+a)
		}
	}
	for _, pn := range cfg.ProfileNames() {
		p := cfg.Profiles[pn]
		if pn == name {
			continue
		}
		if p.Base == name {
			out = append(out, "profile "+pn+" (base)")
			continue
		}
		for _, c := range p.Components {
			if c == name {
				out = append(out, "profile "+pn)
				break
			}
		}
	}
	return out
}

// RemoveComponent deletes alias name. It refuses while other entries refer to
// it, unless force is true.
func RemoveComponent(cfg *Config, name string, force bool) error {
	if _, ok := cfg.Components[name]; !ok {
		return fmt.Errorf("%w: no alias %q%s", ErrUnknown, name, suggest(name, cfg.ComponentNames()))
	}
	if refs := Referrers(cfg, name); len(refs) > 0 && !force {
		return fmt.Errorf("alias %q is used by %s; remove those first or pass --force", name, strings.Join(refs, ", "))
	}
	delete(cfg.Components, name)
	return nil
}

// RemoveProfile deletes profile name. It refuses while other entries refer to
// it, unless force is true.
func RemoveProfile(cfg *Config, name string, force bool) error {
	if _, ok := cfg.Profiles[name]; !ok {
		return fmt.Errorf("no profile %q%s", name, suggest(name, cfg.ProfileNames()))
	}
	if refs := Referrers(cfg, name); len(refs) > 0 && !force {
		return fmt.Errorf("profile %q is used by %s; remove those first or pass --force", name, strings.Join(refs, ", "))
	}
	delete(cfg.Profiles, name)
	return nil
}

// ExpandProfile returns the component specs of profile name with its bases
// expanded (base's components first), without resolving the specs themselves.
func ExpandProfile(cfg *Config, name string) ([]string, error) {
	var out []string
	seen := []frame{}
	for cur := name; cur != ""; {
		p, ok := cfg.Profiles[cur]
		if !ok {
			if cur == name {
				return nil, fmt.Errorf("no profile %q%s", name, suggest(name, cfg.ProfileNames()))
			}
			return nil, fmt.Errorf("profile %q: base profile %q does not exist", name, cur)
		}
		if err := checkCycle(seen, frame{"profile", cur}); err != nil {
			return nil, err
		}
		seen = append(seen, frame{"profile", cur})
		out = append(append([]string(nil), p.Components...), out...)
		cur = p.Base
	}
	return out, nil
}
