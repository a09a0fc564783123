package componentize

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// The preview1 reactor adapter is a file of the pinned jco npm package.
// wasmcp does not ship it: it fetches the package tarball from the npm
// registry once, checks it against the integrity npm itself records
// (package-lock.json), and keeps the adapter in the user cache.

// TarballIntegrity is the SRI hash of the jco JcoVersion tarball, as the
// npm registry and package-lock.json give it.
const TarballIntegrity = "sha512-O53cWIMm/M1SpwLxKRicvAMDnzWf4zWs6I6qFZIGbn3HUovDMCCe9blkGxxYuyocHjVf/cXgNmlMu/x7Tyi77A=="

// AdapterSHA256 is the SHA-256 of the adapter file inside that tarball.
const AdapterSHA256 = "b857310c4753c8fafaa0f890e9ccf978dc3d9dbe8804b1125291a627485041d0"

// DefaultRegistry is the npm registry the adapter is fetched from;
// WASMCP_NPM_REGISTRY overrides it.
const DefaultRegistry = "https://registry.npmjs.org"

// adapterInTarball is the adapter's path inside the tarball.
const adapterInTarball = "package/lib/" + AdapterName

// maxTarball bounds the download (the 1.35.0 tarball is 183 kB).
const maxTarball = 32 << 20

// ErrAdapter reports that the adapter could not be obtained.
var ErrAdapter = errors.New("componentize: WASI preview1 adapter not available")

// AdapterSource says where the adapter comes from.
type AdapterSource struct {
	// File, when set, is used as is ($WASMCP_ADAPTER or --adapter).
	File string
	// CacheDir is where the verified adapter is kept
	// (<cache>/wasmcp/adapter/jco-<version>).
	CacheDir string
	// Registry is the npm registry base URL.
	Registry string
	// Client fetches the tarball (nil: a client with Timeout).
	Client *http.Client
	// Timeout bounds the download (0: 2 minutes).
	Timeout time.Duration
}

// DefaultAdapterSource reads WASMCP_ADAPTER, WASMCP_NPM_REGISTRY and the
// XDG cache directory from getenv.
func DefaultAdapterSource(getenv func(string) string) AdapterSource {
	s := AdapterSource{File: getenv("WASMCP_ADAPTER"), Registry: getenv("WASMCP_NPM_REGISTRY")}
	cache := getenv("XDG_CACHE_HOME")
	if cache == "" {
		if home := getenv("HOME"); home != "" {
			cache = filepath.Join(home, ".cache")
		}
	}
	if cache != "" {
		s.CacheDir = filepath.Join(cache, "wasmcp", "adapter", "jco-"+JcoVersion)
	}
	return s
}

// TarballURL is the address of the jco tarball on registry.
func TarballURL(registry string) string {
	if registry == "" {
		registry = DefaultRegistry
	}
	return strings.TrimRight(registry, "/") + "/@bytecodealliance/jco/-/jco-" + JcoVersion + ".tgz"
}

// CachePath is where the adapter is cached ("" without a cache dir).
func (s AdapterSource) CachePath() string {
	if s.CacheDir == "" {
		return ""
	}
	return filepath.Join(s.CacheDir, AdapterName)
}

// AirGapHint tells a user without network access which file to fetch and
// where to put it.
func (s AdapterSource) AirGapHint() string {
	dst := s.CachePath()
	if dst == "" {
		dst = "a file of your choice"
	}
	return fmt.Sprintf("download %s (integrity %s), take %s out of it (tar xzf jco-%s.tgz %s), and put it at %s, or pass --adapter FILE or set WASMCP_ADAPTER=FILE",
		TarballURL(s.Registry), TarballIntegrity, adapterInTarball, JcoVersion, adapterInTarball, dst)
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// LoadAdapter returns the adapter: File when set, else the cached copy,
// else the one in the registry tarball (verified, then cached). Nothing
// that fails verification is cached.
func LoadAdapter(ctx context.Context, s AdapterSource) ([]byte, error) {
	if s.File != "" {
		b, err := os.ReadFile(s.File)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrAdapter, err)
		}
		return b, nil
	}
	if p := s.CachePath(); p != "" {
		if b, err := os.ReadFile(p); err == nil && sha256Hex(b) == AdapterSHA256 {
			return b, nil
		}
	}
	b, err := s.fetch(ctx)
	if err != nil {
		return nil, fmt.Errorf("%w: %v; without network access, %s", ErrAdapter, err, s.AirGapHint())
	}
	if p := s.CachePath(); p != "" {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err == nil {
			_ = WriteFile(p, b) // a read-only cache only costs a download next time
		}
	}
	return b, nil
}

func (s AdapterSource) fetch(ctx context.Context) ([]byte, error) {
	timeout := s.Timeout
	if timeout == 0 {
		timeout = 2 * time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	url := TarballURL(s.Registry)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	client := s.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetching %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetching %s: %s", url, resp.Status)
	}
	tgz, err := io.ReadAll(io.LimitReader(resp.Body, maxTarball+1))
	if err != nil {
		return nil, fmt.Errorf("fetching %s: %w", url, err)
	}
	if len(tgz) > maxTarball {
		return nil, fmt.Errorf("fetching %s: more than %d bytes", url, maxTarball)
	}
	sum := sha512.Sum512(tgz)
	if got := "sha512-" + base64.StdEncoding.EncodeToString(sum[:]); got != TarballIntegrity {
		return nil, fmt.Errorf("%s: integrity %s does not match the pinned %s (%d bytes received); refused", url, got, TarballIntegrity, len(tgz))
	}
	b, err := fileInTarball(tgz, adapterInTarball)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", url, err)
	}
	if got := sha256Hex(b); got != AdapterSHA256 {
		return nil, fmt.Errorf("%s: %s has SHA-256 %s, not the pinned %s; refused", url, adapterInTarball, got, AdapterSHA256)
	}
	return b, nil
}

func fileInTarball(tgz []byte, name string) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(tgz))
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil, fmt.Errorf("no %s in the tarball", name)
		}
		if err != nil {
			return nil, err
		}
		if h.Name == name && h.Typeflag == tar.TypeReg {
			if h.Size > maxTarball {
				return nil, fmt.Errorf("%s: %d bytes", name, h.Size)
			}
			return io.ReadAll(io.LimitReader(tr, h.Size))
		}
	}
}
