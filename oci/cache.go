package oci

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/opencontainers/go-digest"
	"oras.land/oras-go/v2/registry"
)

// Cache is a content-addressed store of blobs (manifests and components) keyed
// by digest, plus an index from tags to manifest digests so that a version
// resolved once can be resolved again offline. Every read is verified against
// its digest; a corrupted entry is removed and reported as a miss.
//
// Layout under Dir:
//
//	blobs/sha256/<hex>                    manifest and layer bytes
//	tags/<host>/<repository>/<tag>.json   {"digest": "sha256:…"} (":" in host becomes "_")
type Cache struct {
	Dir string
}

// DefaultCacheDir is $XDG_CACHE_HOME/wasmcp/oci, else $HOME/.cache/wasmcp/oci.
func DefaultCacheDir(getenv func(string) string) (string, error) {
	if d := getenv("XDG_CACHE_HOME"); d != "" {
		return filepath.Join(d, "wasmcp", "oci"), nil
	}
	home := getenv("HOME")
	if home == "" {
		return "", errors.New("cannot locate the cache: neither XDG_CACHE_HOME nor HOME is set")
	}
	return filepath.Join(home, ".cache", "wasmcp", "oci"), nil
}

// Cache errors.
var (
	ErrCacheMiss    = errors.New("not in the cache")
	ErrCacheCorrupt = errors.New("cache entry corrupted")
)

// BlobPath is where the blob with digest d is (or would be) stored.
func (c *Cache) BlobPath(d digest.Digest) (string, error) {
	if err := d.Validate(); err != nil {
		return "", fmt.Errorf("digest %q: %w", d, err)
	}
	if d.Algorithm() != digest.SHA256 {
		return "", fmt.Errorf("digest %q: only sha256 is supported", d)
	}
	return filepath.Join(c.Dir, "blobs", "sha256", d.Encoded()), nil
}

// Get returns the blob with digest d after checking it. A missing blob gives
// ErrCacheMiss; a blob whose content does not match gives ErrCacheCorrupt and
// is removed, so that the next fetch replaces it.
func (c *Cache) Get(d digest.Digest) ([]byte, error) {
	p, err := c.BlobPath(d)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", d, ErrCacheMiss)
	}
	if err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	if got := digest.SHA256.FromBytes(b); got != d {
		os.Remove(p)
		return nil, fmt.Errorf("cache: %s holds content with digest %s; removed it: %w", p, got, ErrCacheCorrupt)
	}
	return b, nil
}

// Put stores b under digest d, refusing content that does not match d.
func (c *Cache) Put(d digest.Digest, b []byte) (string, error) {
	p, err := c.BlobPath(d)
	if err != nil {
		return "", err
	}
	if got := digest.SHA256.FromBytes(b); got != d {
		return "", fmt.Errorf("cache: refusing to store content with digest %s as %s: %w", got, d, ErrDigestMismatch)
	}
	if err := WriteFileAtomic(p, b, 0o644); err != nil {
		return "", fmt.Errorf("cache: %w", err)
	}
	return p, nil
}

type tagEntry struct {
	Digest digest.Digest `json:"digest"`
}

func (c *Cache) tagDir(ref registry.Reference) (string, error) {
	if err := ref.ValidateRegistry(); err != nil {
		return "", err
	}
	host := strings.NewReplacer(":", "_", "[", "", "]", "").Replace(ref.Registry)
	return filepath.Join(c.Dir, "tags", host, filepath.FromSlash(ref.Repository)), nil
}

// LookupTag returns the manifest digest recorded for ref (whose Reference is a
// tag), or ErrCacheMiss.
func (c *Cache) LookupTag(ref registry.Reference) (digest.Digest, error) {
	if err := ref.ValidateReferenceAsTag(); err != nil {
		return "", err
	}
	dir, err := c.tagDir(ref)
	if err != nil {
		return "", err
	}
	b, err := os.ReadFile(filepath.Join(dir, ref.Reference+".json"))
	if errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("%s: %w", ref, ErrCacheMiss)
	}
	if err != nil {
		return "", fmt.Errorf("cache: %w", err)
	}
	var e tagEntry
	if err := json.Unmarshal(b, &e); err != nil || e.Digest.Validate() != nil {
		return "", fmt.Errorf("cache: tag index entry for %s is unreadable: %w", ref, ErrCacheMiss)
	}
	return e.Digest, nil
}

// StoreTag records that ref's tag points at manifest digest d.
func (c *Cache) StoreTag(ref registry.Reference, d digest.Digest) error {
	if err := ref.ValidateReferenceAsTag(); err != nil {
		return err
	}
	dir, err := c.tagDir(ref)
	if err != nil {
		return err
	}
	b, _ := json.Marshal(tagEntry{Digest: d})
	return WriteFileAtomic(filepath.Join(dir, ref.Reference+".json"), b, 0o644)
}

// Tags lists the tags recorded for ref's repository.
func (c *Cache) Tags(ref registry.Reference) ([]string, error) {
	dir, err := c.tagDir(ref)
	if err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	var tags []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".json"); ok && !e.IsDir() {
			tags = append(tags, name)
		}
	}
	return tags, nil
}

// WriteFileAtomic writes b to path through a temporary file in the same
// directory and a rename, so that readers never see a partial file. Missing
// parent directories are created.
func WriteFileAtomic(path string, b []byte, perm fs.FileMode) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	fail := func(err error) error {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if _, err := f.Write(b); err != nil {
		return fail(err)
	}
	if err := f.Chmod(perm); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}
