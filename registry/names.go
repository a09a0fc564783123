package registry

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxNameLen bounds alias, profile and namespace names.
const maxNameLen = 128

// ValidateName checks an alias, profile or namespace name: non-empty, at most
// 128 bytes of valid UTF-8, no whitespace or control characters, no path
// separators, no "..", no ':' or '@' (they belong to package specs), and not
// starting with '-' or '.'.
func ValidateName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("name is empty")
	case len(name) > maxNameLen:
		return fmt.Errorf("name is %d bytes long, at most %d allowed", len(name), maxNameLen)
	case !utf8.ValidString(name):
		return fmt.Errorf("name %q is not valid UTF-8", name)
	case strings.Contains(name, ".."):
		return fmt.Errorf("name %q contains \"..\"", name)
	case strings.HasPrefix(name, "-"):
		return fmt.Errorf("name %q starts with '-'", name)
	case strings.HasPrefix(name, "."):
		return fmt.Errorf("name %q starts with '.'", name)
	}
	for i, r := range name {
		switch {
		case r == '/' || r == '\\':
			return fmt.Errorf("name %q contains a path separator %q at byte %d", name, r, i)
		case unicode.IsSpace(r):
			return fmt.Errorf("name %q contains whitespace at byte %d", name, i)
		case unicode.IsControl(r):
			return fmt.Errorf("name %q contains a control character at byte %d", name, i)
		case r == ':' || r == '@':
			return fmt.Errorf("name %q contains %q at byte %d, which is reserved for package specs (namespace:name@version)", name, r, i)
		}
	}
	return nil
}

// Package is an OCI package reference namespace:name@version. Version is
// empty when the spec gave none (the newest version is meant).
type Package struct {
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
	Version   string `json:"version,omitempty"`
}

func (p Package) String() string {
	s := p.Namespace + ":" + p.Name
	if p.Version != "" {
		s += "@" + p.Version
	}
	return s
}

// LooksLikePackage reports whether spec has the shape of a package spec (a
// ':' before any path separator), valid or not.
func LooksLikePackage(spec string) bool {
	i := strings.IndexByte(spec, ':')
	return i > 0 && !strings.ContainsAny(spec[:i], `/\`)
}

// ParsePackage parses namespace:name@version (version optional). Namespace and
// name are kebab-case labels: lowercase ASCII words of letters and digits,
// each starting with a letter, joined by single '-'. Version is a semantic
// version MAJOR.MINOR.PATCH with optional -prerelease and +build.
func ParsePackage(spec string) (Package, error) {
	colon := strings.IndexByte(spec, ':')
	if colon < 0 {
		return Package{}, fmt.Errorf("package spec %q: want namespace:name@version", spec)
	}
	ns, rest := spec[:colon], spec[colon+1:]
	name, version, hasVersion := strings.Cut(rest, "@")
	if err := checkLabel(ns); err != nil {
		return Package{}, fmt.Errorf("package spec %q: namespace %v", spec, err)
	}
	if err := checkLabel(name); err != nil {
		return Package{}, fmt.Errorf("package spec %q: name %v", spec, err)
	}
	if hasVersion {
		if err := checkSemver(version); err != nil {
			return Package{}, fmt.Errorf("package spec %q: version %v", spec, err)
		}
	}
	return Package{Namespace: ns, Name: name, Version: version}, nil
}

// checkLabel validates a kebab-case label such as "acme" or "weather-api".
func checkLabel(s string) error {
	if s == "" {
		return fmt.Errorf("is empty")
	}
	if len(s) > maxNameLen {
		return fmt.Errorf("is longer than %d bytes", maxNameLen)
	}
	for i, word := range strings.Split(s, "-") {
		if word == "" {
			return fmt.Errorf("%q has an empty word (leading, trailing or doubled '-')", s)
		}
		if word[0] < 'a' || word[0] > 'z' {
			if i == 0 {
				return fmt.Errorf("%q must start with a lowercase letter", s)
			}
			if word[0] < '0' || word[0] > '9' {
				return fmt.Errorf("%q: word %q must start with a lowercase letter or digit", s, word)
			}
		}
		for j := 0; j < len(word); j++ {
			c := word[j]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
				return fmt.Errorf("%q contains %q: only lowercase letters, digits and '-' are allowed", s, rune(c))
			}
		}
	}
	return nil
}

// checkSemver validates MAJOR.MINOR.PATCH[-pre][+build] (semver.org 2.0.0).
func checkSemver(v string) error {
	if v == "" {
		return fmt.Errorf("is empty after '@'")
	}
	core, build, hasBuild := strings.Cut(v, "+")
	core, pre, hasPre := strings.Cut(core, "-")
	nums := strings.Split(core, ".")
	if len(nums) != 3 {
		return fmt.Errorf("%q is not MAJOR.MINOR.PATCH", v)
	}
	for _, n := range nums {
		if n == "" || strings.Trim(n, "0123456789") != "" || len(n) > 1 && n[0] == '0' || len(n) > 18 {
			return fmt.Errorf("%q: %q is not a number without leading zeros", v, n)
		}
	}
	check := func(what, s string) error {
		for _, id := range strings.Split(s, ".") {
			if id == "" || strings.Trim(id, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-") != "" {
				return fmt.Errorf("%q: bad %s identifier %q", v, what, id)
			}
		}
		return nil
	}
	if hasPre {
		if err := check("pre-release", pre); err != nil {
			return err
		}
	}
	if hasBuild {
		if err := check("build", build); err != nil {
			return err
		}
	}
	return nil
}
