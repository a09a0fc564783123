package oci

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/opencontainers/go-digest"
)

// ErrNotCached says that a spec could not be resolved with SkipDownload set
// because the cache does not hold it. The composer falls back to its embedded
// framework parts on this error.
var ErrNotCached = errors.New("not in the local cache")

// Resolver turns package specs (namespace:name[@version]) and full references
// into component bytes, through the cache and, unless SkipDownload is set, the
// registries.
//
// A semver tag found in the cache's tag index is used without asking the
// registry (versions are treated as immutable, as Go modules do); other tags
// (latest, main) are resolved at the registry every time when online. A spec
// without a version asks the registry for its tags and takes the highest
// semver (offline: the highest cached one).
//
// A Resolver may be used by several goroutines once its fields are set; the
// cache tolerates concurrent writers (entries are written atomically and
// named by content).
type Resolver struct {
	Client     *Client
	Cache      *Cache // nil: no cache
	Namespaces Namespaces
	// PlainHTTP forces http:// for every registry.
	PlainHTTP bool
	// SkipDownload uses the cache (and DepsDir) only.
	SkipDownload bool
	// Refresh asks the registry even for semver tags found in the cache
	// (for a tag that was re-pushed); blobs are still reused by digest.
	Refresh bool
	// DepsDir, when set, receives a copy of every resolved component, named
	// <namespace>/<name>@<version>.wasm for specs and
	// <host>/<repository>@<tag>.wasm for references; with SkipDownload it is
	// also searched when the cache misses.
	DepsDir string
	// Overrides replace framework parts by version or by file (ResolvePart).
	Overrides map[string]Override
	// Log, when set, receives what was resolved from where.
	Log io.Writer
}

// Resolved is a resolved component.
type Resolved struct {
	// Spec is what was asked for.
	Spec string
	// Reference is the resolved reference, host/repository:tag (empty for a
	// file override).
	Reference string
	// Manifest and Layer are the digests of the artifact (empty for a file).
	Manifest digest.Digest
	Layer    digest.Digest
	// Path is a file holding Bytes: the DepsDir copy, the cache blob, or the
	// override file (empty with neither a cache nor a deps dir).
	Path string
	// Bytes is the component.
	Bytes []byte
	// Source says where it came from: "cache", "registry", "deps-dir", "file".
	Source string
}

func (r *Resolver) logf(format string, args ...any) {
	if r.Log != nil {
		fmt.Fprintf(r.Log, format+"\n", args...)
	}
}

// defaultClient serves resolvers without a Client: anonymous, quiet.
var defaultClient = &Client{}

func (r *Resolver) client() *Client {
	if r.Client == nil {
		return defaultClient
	}
	return r.Client
}

// Resolve resolves a package spec or a full reference.
func (r *Resolver) Resolve(ctx context.Context, spec string) (*Resolved, error) {
	t, err := r.Namespaces.Target(spec, r.PlainHTTP)
	if err != nil {
		return nil, err
	}
	res, t, err := r.resolve(ctx, t)
	if err != nil {
		return nil, err
	}
	res.Spec = spec
	if r.DepsDir != "" && res.Source != "deps-dir" {
		p := filepath.Join(r.DepsDir, depsName(t))
		if err := WriteFileAtomic(p, res.Bytes, 0o644); err != nil {
			return nil, fmt.Errorf("copying %s into the deps dir: %w", spec, err)
		}
		res.Path = p
		r.logf("%s: copied to %s", spec, p)
	}
	return res, nil
}

// depsName is the file name of t (whose Reference is resolved) in a deps dir.
func depsName(t Target) string {
	v := strings.ReplaceAll(t.Ref.Reference, ":", "-")
	if t.Spec != nil {
		return filepath.Join(t.Spec.Namespace, t.Spec.Name+"@"+v+".wasm")
	}
	host := strings.NewReplacer(":", "_", "[", "", "]", "").Replace(t.Ref.Registry)
	return filepath.Join(host, filepath.FromSlash(t.Ref.Repository)+"@"+v+".wasm")
}

func (r *Resolver) notCached(t Target) error {
	return fmt.Errorf("%s: %w, and --skip-download is set", t.Describe(), ErrNotCached)
}

// resolve returns the component and t with its version resolved.
func (r *Resolver) resolve(ctx context.Context, t Target) (*Resolved, Target, error) {
	c := r.client()
	// 1. A version: the highest semver tag, remote or cached.
	if t.Ref.Reference == "" {
		var tags []string
		var err error
		where := "registry " + t.Ref.Registry
		if r.SkipDownload {
			if r.Cache != nil {
				tags, err = r.Cache.Tags(t.Ref)
				if err != nil {
					return nil, t, err
				}
			}
			tags = append(tags, r.depsTags(t)...)
			where = "the cache"
		} else {
			tags, err = c.Tags(ctx, t)
			if err != nil {
				return nil, t, err
			}
		}
		tag, err := HighestSemver(tags)
		if err != nil {
			if r.SkipDownload {
				return nil, t, r.notCached(t)
			}
			return nil, t, fmt.Errorf("%s: %w in registry %s", t.Describe(), err, t.Ref.Registry)
		}
		r.logf("%s: highest version in %s is %s", t.Describe(), where, tag)
		t.Ref.Reference = tag
	}

	// 2. The manifest digest.
	var mdigest digest.Digest
	var mbytes []byte
	tag := ""
	if d, err := t.Ref.Digest(); err == nil {
		mdigest = d
	} else {
		tag = t.Ref.Reference
		if r.Cache != nil && (r.SkipDownload || (isSemverTag(tag) && !r.Refresh)) {
			if d, err := r.Cache.LookupTag(t.Ref); err == nil {
				mdigest = d
				r.logf("%s: tag %s is %s in the cache index", t.Describe(), tag, d)
			}
		}
	}
	if mdigest != "" && r.Cache != nil {
		b, err := r.Cache.Get(mdigest)
		switch {
		case err == nil:
			mbytes = b
		case errors.Is(err, ErrCacheCorrupt):
			r.logf("%s: %v; fetching it again", t.Describe(), err)
		case !errors.Is(err, ErrCacheMiss):
			return nil, t, err
		}
	}
	if mbytes == nil {
		if r.SkipDownload {
			if res, ok := r.fromDepsDir(t); ok {
				return res, t, nil
			}
			return nil, t, r.notCached(t)
		}
		reference := t.Ref.Reference
		desc, b, err := c.FetchManifest(ctx, t, reference)
		if err != nil {
			return nil, t, err
		}
		if mdigest != "" && desc.Digest != mdigest {
			// The cached tag index pointed elsewhere; trust the registry
			// only for a tag, never for a digest.
			if tag == "" {
				return nil, t, fmt.Errorf("%s: registry returned manifest %s: %w", t.Describe(), desc.Digest, ErrDigestMismatch)
			}
		}
		mdigest, mbytes = desc.Digest, b
		r.logf("%s: manifest %s from registry %s (cache miss)", t.Describe(), mdigest, t.Ref.Registry)
		if r.Cache != nil {
			if _, err := r.Cache.Put(mdigest, mbytes); err != nil {
				return nil, t, err
			}
		}
	}
	_, layer, err := ParseManifest(mbytes, t.Describe())
	if err != nil {
		return nil, t, err
	}

	// 3. The layer.
	res := &Resolved{Reference: t.Ref.String(), Manifest: mdigest, Layer: layer.Digest}
	if r.Cache != nil {
		b, err := r.Cache.Get(layer.Digest)
		switch {
		case err == nil:
			res.Bytes, res.Source = b, "cache"
			res.Path, _ = r.Cache.BlobPath(layer.Digest)
			r.logf("%s: layer %s from the cache (hit)", t.Describe(), layer.Digest)
		case errors.Is(err, ErrCacheCorrupt):
			r.logf("%s: %v; fetching it again", t.Describe(), err)
		case !errors.Is(err, ErrCacheMiss):
			return nil, t, err
		}
	}
	if res.Bytes == nil {
		if r.SkipDownload {
			if dres, ok := r.fromDepsDir(t); ok {
				return dres, t, nil
			}
			return nil, t, r.notCached(t)
		}
		b, err := c.FetchLayer(ctx, t, layer)
		if err != nil {
			return nil, t, err
		}
		res.Bytes, res.Source = b, "registry"
		r.logf("%s: layer %s (%d bytes) from registry %s (cache miss)", t.Describe(), layer.Digest, layer.Size, t.Ref.Registry)
		if r.Cache != nil {
			if res.Path, err = r.Cache.Put(layer.Digest, b); err != nil {
				return nil, t, err
			}
		}
	}
	if err := CheckComponent(res.Bytes); err != nil {
		return nil, t, fmt.Errorf("%s: layer %s: %w", t.Describe(), layer.Digest, err)
	}
	if r.Cache != nil && tag != "" {
		if err := r.Cache.StoreTag(t.Ref, mdigest); err != nil {
			return nil, t, fmt.Errorf("cache: %w", err)
		}
	}
	r.logf("resolved %s to %s@%s", t.Describe(), t.Ref, mdigest)
	return res, t, nil
}

// depsTags lists the versions of t present in the deps dir.
func (r *Resolver) depsTags(t Target) []string {
	if r.DepsDir == "" {
		return nil
	}
	probe := t
	probe.Ref.Reference = "x"
	base := filepath.Join(r.DepsDir, depsName(probe))
	prefix := strings.TrimSuffix(filepath.Base(base), "x.wasm")
	entries, _ := os.ReadDir(filepath.Dir(base))
	var tags []string
	for _, e := range entries {
		if v, ok := strings.CutPrefix(e.Name(), prefix); ok {
			if v, ok := strings.CutSuffix(v, ".wasm"); ok {
				tags = append(tags, v)
			}
		}
	}
	return tags
}

// fromDepsDir returns t's copy in the deps dir, if there is one and it is a
// component. It is used only with SkipDownload, after the cache missed.
func (r *Resolver) fromDepsDir(t Target) (*Resolved, bool) {
	if r.DepsDir == "" {
		return nil, false
	}
	if _, err := t.Ref.Digest(); err == nil {
		// A pinned manifest digest cannot be checked against a bare file.
		return nil, false
	}
	p := filepath.Join(r.DepsDir, depsName(t))
	b, err := os.ReadFile(p)
	if err != nil || CheckComponent(b) != nil {
		return nil, false
	}
	r.logf("%s: from the deps dir %s (not in the cache)", t.Describe(), p)
	return &Resolved{Reference: t.Ref.String(), Path: p, Bytes: b, Source: "deps-dir"}, true
}

// Override replaces a framework part: by Version (fetched through OCI from the
// wasmcp namespace) or by Path (a local component file).
type Override struct {
	Part    string
	Version string
	Path    string
}

// ParseOverride parses PART=VERSION or PART=PATH. PART is a framework part
// name such as http-transport (a "wasmcp:" prefix is accepted and dropped).
// The value is a path when it contains a path separator, starts with '.' or
// '~', or ends in .wasm; otherwise it must be a version (a semver tag, an
// optional leading v) or a sha256 digest.
func ParseOverride(s string) (Override, error) {
	part, value, ok := strings.Cut(s, "=")
	if !ok {
		return Override{}, fmt.Errorf("override %q: want PART=VERSION or PART=PATH", s)
	}
	part = strings.TrimPrefix(strings.TrimSpace(part), "wasmcp:")
	value = strings.TrimSpace(value)
	if !identRe.MatchString(part) {
		return Override{}, fmt.Errorf("override %q: part %q must be a name like http-transport", s, part)
	}
	if value == "" {
		return Override{}, fmt.Errorf("override %q: empty version or path after '='", s)
	}
	if strings.ContainsAny(value, `/\`) || strings.HasPrefix(value, ".") || strings.HasPrefix(value, "~") || strings.HasSuffix(value, ".wasm") {
		return Override{Part: part, Path: value}, nil
	}
	if isSemverTag(value) {
		return Override{Part: part, Version: value}, nil
	}
	if d, err := digest.Parse(value); err == nil && d.Algorithm() == digest.SHA256 {
		return Override{Part: part, Version: value}, nil
	}
	return Override{}, fmt.Errorf("override %q: %q is neither a version (like 0.1.0) nor a path (a path contains '/' or ends in .wasm)", s, value)
}

// ParseOverrides parses repeated --override values, refusing two for one part.
func ParseOverrides(values []string) (map[string]Override, error) {
	out := map[string]Override{}
	for _, v := range values {
		o, err := ParseOverride(v)
		if err != nil {
			return nil, err
		}
		if _, dup := out[o.Part]; dup {
			return nil, fmt.Errorf("override %q: part %q is overridden twice", v, o.Part)
		}
		out[o.Part] = o
	}
	return out, nil
}

// FrameworkNamespace is the namespace framework parts are published under.
const FrameworkNamespace = "wasmcp"

// ResolvePart resolves a framework part (http-transport, method-not-found, …)
// at version, honouring Overrides: a path override reads that file (it must
// be a component), a version override replaces version. Without an override
// the part is wasmcp:<part>@<version>. With SkipDownload, a part missing from
// the cache gives an error wrapping ErrNotCached.
func (r *Resolver) ResolvePart(ctx context.Context, part, version string) (*Resolved, error) {
	if o, ok := r.Overrides[part]; ok {
		if o.Path != "" {
			p := o.Path
			if rest, ok := strings.CutPrefix(p, "~/"); ok {
				if home, err := os.UserHomeDir(); err == nil {
					p = filepath.Join(home, rest)
				}
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return nil, fmt.Errorf("override %s=%s: %w", part, o.Path, err)
			}
			if err := CheckComponent(b); err != nil {
				return nil, fmt.Errorf("override %s=%s: %w", part, o.Path, err)
			}
			r.logf("%s: overridden by file %s", part, p)
			return &Resolved{Spec: part + "=" + o.Path, Path: p, Bytes: b, Source: "file"}, nil
		}
		r.logf("%s: version overridden: %s", part, o.Version)
		version = o.Version
	}
	spec := FrameworkNamespace + ":" + part
	if version != "" {
		spec += "@" + version
	}
	return r.Resolve(ctx, spec)
}

// Pin returns the reference that identifies res exactly, for lock files and
// logs: host/repository@sha256:… (empty for file overrides).
func (res *Resolved) Pin() string {
	if res.Manifest == "" {
		return ""
	}
	ref := res.Reference
	if i := strings.LastIndex(ref, "@"); i >= 0 {
		ref = ref[:i]
	} else if i := strings.LastIndex(ref, ":"); i > strings.LastIndex(ref, "/") {
		ref = ref[:i]
	}
	return ref + "@" + res.Manifest.String()
}
