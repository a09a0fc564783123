package componentize

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tarball returns the pinned jco tarball: npm ci keeps a copy in its cache,
// and the adapter test needs the real bytes to check the hashes against.
func tarball(t *testing.T) []byte {
	t.Helper()
	if p := os.Getenv("WASMCP_TEST_JCO_TGZ"); p != "" {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	// The tarball npm ci fetched is not kept in node_modules but in npm's
	// cache: npm pack --offline gives it back, byte for byte, without the
	// network.
	dir := t.TempDir()
	cmd := exec.Command("npm", "pack", "@bytecodealliance/jco@"+JcoVersion, "--offline", "--pack-destination", dir)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm pack --offline (run `npm ci` first, or set WASMCP_TEST_JCO_TGZ): %v\n%s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "bytecodealliance-jco-"+JcoVersion+".tgz"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestLoadAdapterFromRegistry(t *testing.T) {
	tgz := tarball(t)
	tampered := append([]byte(nil), tgz...)
	tampered[len(tampered)/2] ^= 0xff
	var hits int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		if !strings.HasSuffix(r.URL.Path, "/@bytecodealliance/jco/-/jco-"+JcoVersion+".tgz") {
			http.NotFound(w, r)
			return
		}
		switch strings.TrimPrefix(strings.Split(r.URL.Path, "/@")[0], "/") {
		case "good":
			w.Write(tgz)
		case "tampered":
			w.Write(tampered)
		case "truncated":
			w.Write(tgz[:len(tgz)/3])
		case "slow":
			w.Write(tgz[:100])
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}
	}))
	defer srv.Close()

	for _, bad := range []string{"tampered", "truncated", "slow", "missing"} {
		t.Run(bad, func(t *testing.T) {
			src := AdapterSource{CacheDir: t.TempDir(), Registry: srv.URL + "/" + bad, Timeout: 500 * time.Millisecond}
			_, err := LoadAdapter(context.Background(), src)
			if !errors.Is(err, ErrAdapter) {
				t.Fatalf("got %v, want ErrAdapter", err)
			}
			if !strings.Contains(err.Error(), src.CachePath()) || !strings.Contains(err.Error(), TarballIntegrity) {
				t.Errorf("the error does not tell where to put which file: %v", err)
			}
			if _, err := os.Stat(src.CachePath()); !os.IsNotExist(err) {
				t.Errorf("a refused download was cached: %v", err)
			}
		})
	}
	t.Run("good", func(t *testing.T) {
		src := AdapterSource{CacheDir: t.TempDir(), Registry: srv.URL + "/good"}
		b, err := LoadAdapter(context.Background(), src)
		if err != nil {
			t.Fatal(err)
		}
		if sha256Hex(b) != AdapterSHA256 {
			t.Fatal("adapter hash")
		}
		// Offline afterwards: the registry is gone, the cache answers.
		before := hits
		srv.Close()
		b2, err := LoadAdapter(context.Background(), src)
		if err != nil || sha256Hex(b2) != AdapterSHA256 || hits != before {
			t.Fatalf("cached load: %v (%d requests)", err, hits-before)
		}
		// A damaged cache entry is fetched again (and here fails: offline).
		os.WriteFile(src.CachePath(), b[:10], 0o644)
		if _, err := LoadAdapter(context.Background(), src); err == nil {
			t.Fatal("a damaged cached adapter was used")
		}
	})
	t.Run("file", func(t *testing.T) {
		f := filepath.Join(t.TempDir(), "a.wasm")
		os.WriteFile(f, []byte("x"), 0o644)
		b, err := LoadAdapter(context.Background(), AdapterSource{File: f, Registry: "http://127.0.0.1:1"})
		if err != nil || string(b) != "x" {
			t.Fatalf("%q %v", b, err)
		}
	})
}
