package wasiversion

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrVersion reports a WASI version that is malformed, outside 0.2.x or
// newer than the table knows.
var ErrVersion = errors.New("bad WASI version")

// Version is a WASI 0.2 release: 0.2.Patch.
type Version struct{ Patch int }

func (v Version) String() string { return "0.2." + strconv.Itoa(v.Patch) }

// Less reports whether v is an earlier release than w.
func (v Version) Less(w Version) bool { return v.Patch < w.Patch }

// Newest is the newest WASI 0.2 release the table describes.
func Newest() Version { return Version{Patch: newestPatch} }

// Parse reads a release "0.2.N". A version that is not a plain semver
// release of WASI 0.2 (0.3.0, 0.2, 0.2.1-rc, v0.2.1, 0.2.01), or one newer
// than Newest, is an ErrVersion error.
func Parse(s string) (Version, error) {
	patch, ok := strings.CutPrefix(s, "0.2.")
	if !ok {
		if major, minor, ok := majorMinor(s); ok && major+"."+minor != "0.2" {
			return Version{}, fmt.Errorf("%w %q: wasmcp writes WASI 0.2.x releases, not %s.%s.x", ErrVersion, s, major, minor)
		}
		return Version{}, fmt.Errorf("%w %q: want 0.2.N", ErrVersion, s)
	}
	n, ok := decimal(patch)
	if !ok {
		return Version{}, fmt.Errorf("%w %q: want 0.2.N with N a number without leading zeros", ErrVersion, s)
	}
	if n > newestPatch {
		return Version{}, fmt.Errorf("%w %q: the newest WASI release wasmcp knows is %s", ErrVersion, s, Newest())
	}
	return Version{Patch: n}, nil
}

// majorMinor splits "X.Y.rest" with numeric X and Y.
func majorMinor(s string) (string, string, bool) {
	parts := strings.SplitN(s, ".", 3)
	if len(parts) < 2 {
		return "", "", false
	}
	if _, ok := decimal(parts[0]); !ok {
		return "", "", false
	}
	if _, ok := decimal(parts[1]); !ok {
		return "", "", false
	}
	return parts[0], parts[1], true
}

// decimal parses a semver numeric identifier: digits, no leading zero,
// small enough to be a release number.
func decimal(s string) (int, bool) {
	if s == "" || len(s) > 6 || (len(s) > 1 && s[0] == '0') {
		return 0, false
	}
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// nameVersion splits a WASI 0.2 interface name "wasi:pkg/iface@0.2.N" into
// "wasi:pkg/iface" and N. It reports false for names of packages the table
// does not describe and for versions that are not 0.2.N releases, which
// are left alone.
func nameVersion(name string) (iface string, patch int, ok bool) {
	base, ver, found := strings.Cut(name, "@")
	if !found || !strings.HasPrefix(base, "wasi:") {
		return "", 0, false
	}
	pkg, _, found := strings.Cut(base, "/")
	if !found || !knownPackage(pkg) {
		return "", 0, false
	}
	p, found := strings.CutPrefix(ver, "0.2.")
	if !found {
		return "", 0, false
	}
	n, found := decimal(p)
	if !found {
		return "", 0, false
	}
	return base, n, true
}

func knownPackage(pkg string) bool {
	for _, p := range packages {
		if p == pkg {
			return true
		}
	}
	return false
}
