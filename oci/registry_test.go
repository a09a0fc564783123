package oci

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gcrregistry "github.com/google/go-containerregistry/pkg/registry"
	specs "github.com/opencontainers/image-spec/specs-go"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
	"oras.land/oras-go/v2/content"
)

// testRegistry is a real OCI registry (go-containerregistry's in-memory one)
// served on loopback, optionally behind a handler that tampers with traffic.
type testRegistry struct {
	srv  *httptest.Server
	host string
}

func startRegistry(t *testing.T, wrap func(http.Handler) http.Handler) *testRegistry {
	t.Helper()
	var h http.Handler = gcrregistry.New(gcrregistry.Logger(log.New(io.Discard, "", 0)))
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &testRegistry{srv: srv, host: strings.TrimPrefix(srv.URL, "http://")}
}

func (r *testRegistry) namespaces() Namespaces {
	return Namespaces{"acme": {Registry: r.host + "/acme", PlainHTTP: true}}
}

func (r *testRegistry) target(t *testing.T, spec string) Target {
	t.Helper()
	tg, err := r.namespaces().Target(spec, false)
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func pushGreet(t *testing.T, c *Client, r *testRegistry, spec string) *PushResult {
	t.Helper()
	res, err := c.Push(ctxT(t), r.target(t, spec), readTestdata(t, "greet.wasm"), PushOptions{Title: "greet.wasm"})
	if err != nil {
		t.Fatalf("push %s: %v", spec, err)
	}
	return res
}

func TestPushPullRoundTrip(t *testing.T) {
	r := startRegistry(t, nil)
	c := &Client{}
	wasm := readTestdata(t, "greet.wasm")
	pushed := pushGreet(t, c, r, "acme:greet@0.1.0")
	if pushed.Reference != r.host+"/acme/greet:0.1.0" {
		t.Errorf("reference %q", pushed.Reference)
	}

	a, err := c.Pull(ctxT(t), r.target(t, "acme:greet@0.1.0"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes, wasm) {
		t.Fatal("pulled bytes differ from pushed bytes")
	}
	if a.Manifest.Digest != pushed.Manifest.Digest || a.Tag != "0.1.0" {
		t.Errorf("pulled manifest %s tag %q, pushed %s", a.Manifest.Digest, a.Tag, pushed.Manifest.Digest)
	}

	// The manifest as stored: media types, annotations and the config blob.
	_, mb, err := c.FetchManifest(ctxT(t), r.target(t, "acme:greet@0.1.0"), "0.1.0")
	if err != nil {
		t.Fatal(err)
	}
	var m ocispec.Manifest
	if err := json.Unmarshal(mb, &m); err != nil {
		t.Fatal(err)
	}
	if m.MediaType != ocispec.MediaTypeImageManifest || m.Config.MediaType != ConfigMediaType ||
		len(m.Layers) != 1 || m.Layers[0].MediaType != LayerMediaType {
		t.Fatalf("media types: manifest %q config %q layers %+v", m.MediaType, m.Config.MediaType, m.Layers)
	}
	if m.Layers[0].Annotations[ocispec.AnnotationTitle] != "greet.wasm" {
		t.Errorf("layer annotations %v", m.Layers[0].Annotations)
	}
	for k, want := range map[string]string{
		ocispec.AnnotationVersion: "0.1.0",
		AnnotationExports:         "wasmcp:example/greet@0.1.0",
		AnnotationImports:         "wasmcp:example/log@0.1.0",
	} {
		if got := m.Annotations[k]; got != want {
			t.Errorf("annotation %s = %q, want %q", k, got, want)
		}
	}
	if _, err := time.Parse(time.RFC3339, m.Annotations[ocispec.AnnotationCreated]); err != nil {
		t.Errorf("created annotation: %v", err)
	}
	repo, _ := c.Repository(r.target(t, "acme:greet@0.1.0"))
	cb, err := content.FetchAll(ctxT(t), repo, m.Config)
	if err != nil {
		t.Fatal(err)
	}
	var cfg WasmConfig
	if err := json.Unmarshal(cb, &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Architecture != "wasm" || cfg.OS != "wasip2" || len(cfg.LayerDigests) != 1 || cfg.LayerDigests[0] != m.Layers[0].Digest.String() ||
		cfg.Component == nil || cfg.Component.Exports[0] != "wasmcp:example/greet@0.1.0" {
		t.Errorf("config %s", cb)
	}

	// By digest, as a full reference.
	tg, err := Namespaces{}.Target(r.host+"/acme/greet@"+pushed.Manifest.Digest.String(), true)
	if err != nil {
		t.Fatal(err)
	}
	a, err = c.Pull(ctxT(t), tg)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes, wasm) || a.Tag != "" {
		t.Fatal("pull by digest: wrong bytes or tag")
	}
}

func TestPushRefusesCoreModule(t *testing.T) {
	r := startRegistry(t, nil)
	_, err := (&Client{}).Push(ctxT(t), r.target(t, "acme:core@0.1.0"), readTestdata(t, "core.wasm"), PushOptions{})
	if !errors.Is(err, ErrNotComponent) || !strings.Contains(err.Error(), "core wasm module") {
		t.Fatalf("got %v", err)
	}
	if _, err := (&Client{}).Push(ctxT(t), r.target(t, "acme:greet"), readTestdata(t, "greet.wasm"), PushOptions{}); err == nil || !strings.Contains(err.Error(), "give a tag") {
		t.Fatalf("push without a tag: %v", err)
	}
}

func TestPullUnknownTag(t *testing.T) {
	r := startRegistry(t, nil)
	c := &Client{}
	pushGreet(t, c, r, "acme:greet@0.1.0")
	_, err := c.Pull(ctxT(t), r.target(t, "acme:greet@9.9.9"))
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "acme:greet@9.9.9") || !strings.Contains(err.Error(), r.host) {
		t.Fatalf("got %v", err)
	}
	_, err = c.Pull(ctxT(t), r.target(t, "acme:nothing@1.0.0"))
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown repository: %v", err)
	}
}

// pushImage pushes an ordinary container-image-like manifest whose layer is a
// tarball, not a component.
func pushImage(t *testing.T, c *Client, tg Target) {
	t.Helper()
	repo, err := c.Repository(tg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := ctxT(t)
	cfg := []byte(`{"architecture":"amd64","os":"linux"}`)
	layer := []byte("not a tarball, but also not wasm")
	cd := content.NewDescriptorFromBytes(ocispec.MediaTypeImageConfig, cfg)
	ld := content.NewDescriptorFromBytes(ocispec.MediaTypeImageLayerGzip, layer)
	for _, b := range []struct {
		d ocispec.Descriptor
		b []byte
	}{{cd, cfg}, {ld, layer}} {
		if err := repo.Push(ctx, b.d, bytes.NewReader(b.b)); err != nil {
			t.Fatal(err)
		}
	}
	mb, _ := json.Marshal(ocispec.Manifest{Versioned: specs.Versioned{SchemaVersion: 2}, MediaType: ocispec.MediaTypeImageManifest, Config: cd, Layers: []ocispec.Descriptor{ld}})
	if err := repo.PushReference(ctx, content.NewDescriptorFromBytes(ocispec.MediaTypeImageManifest, mb), bytes.NewReader(mb), tg.Ref.Reference); err != nil {
		t.Fatal(err)
	}
}

func TestPullRefusesNonWasmArtifact(t *testing.T) {
	r := startRegistry(t, nil)
	c := &Client{}
	pushImage(t, c, r.target(t, "acme:image@1.0.0"))
	_, err := c.Pull(ctxT(t), r.target(t, "acme:image@1.0.0"))
	if err == nil || !strings.Contains(err.Error(), "not a wasm artifact") || !strings.Contains(err.Error(), ocispec.MediaTypeImageLayerGzip) {
		t.Fatalf("got %v", err)
	}
}

// corruptBlobs flips a byte in every blob body the registry sends.
func corruptBlobs(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.Method != http.MethodGet || !strings.Contains(req.URL.Path, "/blobs/sha256:") {
			next.ServeHTTP(w, req)
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, req)
		body := rec.Body.Bytes()
		if len(body) > 0 {
			body[len(body)-1] ^= 0xff
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(body)
	})
}

func TestPullDigestMismatch(t *testing.T) {
	var corrupt bool
	r := startRegistry(t, func(h http.Handler) http.Handler {
		bad := corruptBlobs(h)
		return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			if corrupt {
				bad.ServeHTTP(w, req)
				return
			}
			h.ServeHTTP(w, req)
		})
	})
	c := &Client{}
	pushGreet(t, c, r, "acme:greet@0.1.0")
	corrupt = true
	_, err := c.Pull(ctxT(t), r.target(t, "acme:greet@0.1.0"))
	if !errors.Is(err, ErrDigestMismatch) || !strings.Contains(err.Error(), "refusing") {
		t.Fatalf("got %v", err)
	}
	// Through the resolver, nothing lands in the cache.
	cache := &Cache{Dir: t.TempDir()}
	res := &Resolver{Client: c, Cache: cache, Namespaces: r.namespaces()}
	if _, err := res.Resolve(ctxT(t), "acme:greet@0.1.0"); !errors.Is(err, ErrDigestMismatch) {
		t.Fatalf("resolve: %v", err)
	}
	if n := countFiles(t, filepath.Join(cache.Dir, "blobs")); n != 1 { // the (intact) manifest only
		t.Fatalf("%d blobs cached after a corrupt download, want 1 (the manifest)", n)
	}
}

func countFiles(t *testing.T, dir string) int {
	n := 0
	filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n++
		}
		return nil
	})
	return n
}

func TestRegistryDown(t *testing.T) {
	r := startRegistry(t, nil)
	tg := r.target(t, "acme:greet@0.1.0")
	r.srv.Close()
	_, err := (&Client{}).Pull(ctxT(t), tg)
	if err == nil || !strings.Contains(err.Error(), "cannot reach registry "+r.host) {
		t.Fatalf("got %v", err)
	}
	_, err = (&Client{}).Push(ctxT(t), tg, readTestdata(t, "greet.wasm"), PushOptions{})
	if err == nil || !strings.Contains(err.Error(), "cannot reach registry "+r.host) {
		t.Fatalf("push: got %v", err)
	}
}

// requireBasicAuth answers 401 with a Basic challenge unless the request
// carries user:pass.
func requireBasicAuth(user, pass string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			u, p, ok := req.BasicAuth()
			if !ok || u != user || p != pass {
				w.Header().Set("WWW-Authenticate", `Basic realm="test registry"`)
				http.Error(w, `{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}`, http.StatusUnauthorized)
				return
			}
			next.ServeHTTP(w, req)
		})
	}
}

// writeDockerConfig writes a Docker config.json with credentials for host.
func writeDockerConfig(t *testing.T, host, user, pass string) string {
	t.Helper()
	dir := t.TempDir()
	cfg := map[string]any{"auths": map[string]any{host: map[string]string{"auth": base64.StdEncoding.EncodeToString([]byte(user + ":" + pass))}}}
	b, _ := json.Marshal(cfg)
	if err := os.WriteFile(filepath.Join(dir, "config.json"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestAuthentication(t *testing.T) {
	r := startRegistry(t, requireBasicAuth("alice", "s3cret"))
	tg := r.target(t, "acme:greet@0.1.0")
	wasm := readTestdata(t, "greet.wasm")

	// Without credentials: a clear error naming the registry and how to log in.
	empty := t.TempDir()
	cred, src, err := DockerCredentials(func(k string) string { return map[string]string{"DOCKER_CONFIG": empty}[k] })
	if err != nil {
		t.Fatal(err)
	}
	anon := &Client{Credential: cred, CredentialSource: src}
	_, err = anon.Push(ctxT(t), tg, wasm, PushOptions{})
	var ae *AuthError
	if !errors.As(err, &ae) || !strings.Contains(err.Error(), "docker login "+r.host) || !strings.Contains(err.Error(), "registry "+r.host) {
		t.Fatalf("push without credentials: %v", err)
	}
	if _, err := anon.Pull(ctxT(t), tg); !errors.As(err, &ae) {
		t.Fatalf("pull without credentials: %v", err)
	}

	// With credentials in DOCKER_CONFIG: push and pull work.
	dc := writeDockerConfig(t, r.host, "alice", "s3cret")
	cred, src, err = DockerCredentials(func(k string) string { return map[string]string{"DOCKER_CONFIG": dc}[k] })
	if err != nil {
		t.Fatal(err)
	}
	c := &Client{Credential: cred, CredentialSource: src}
	if _, err := c.Push(ctxT(t), tg, wasm, PushOptions{}); err != nil {
		t.Fatal(err)
	}
	a, err := c.Pull(ctxT(t), tg)
	if err != nil || !bytes.Equal(a.Bytes, wasm) {
		t.Fatalf("pull with credentials: %v", err)
	}

	// Wrong credentials: still the login hint.
	dc = writeDockerConfig(t, r.host, "alice", "wrong")
	cred, _, _ = DockerCredentials(func(k string) string { return map[string]string{"DOCKER_CONFIG": dc}[k] })
	if _, err := (&Client{Credential: cred}).Pull(ctxT(t), tg); !errors.As(err, &ae) {
		t.Fatalf("pull with wrong credentials: %v", err)
	}
}

func TestResolverCache(t *testing.T) {
	r := startRegistry(t, nil)
	c := &Client{}
	pushGreet(t, c, r, "acme:greet@0.1.0")
	wasm := readTestdata(t, "greet.wasm")
	var log bytes.Buffer
	cache := &Cache{Dir: t.TempDir()}
	deps := t.TempDir()
	res := &Resolver{Client: c, Cache: cache, Namespaces: r.namespaces(), Log: &log, DepsDir: deps}

	got, err := res.Resolve(ctxT(t), "acme:greet@0.1.0")
	if err != nil {
		t.Fatal(err)
	}
	if got.Source != "registry" || !bytes.Equal(got.Bytes, wasm) {
		t.Fatalf("first resolve: source %q", got.Source)
	}
	if want := filepath.Join(deps, "acme", "greet@0.1.0.wasm"); got.Path != want {
		t.Errorf("path %q, want the deps-dir copy %q", got.Path, want)
	}
	if b, err := os.ReadFile(got.Path); err != nil || !bytes.Equal(b, wasm) {
		t.Fatalf("deps-dir copy: %v", err)
	}
	if !strings.Contains(log.String(), "cache miss") {
		t.Errorf("log lacks the cache miss:\n%s", log.String())
	}

	// Registry stopped: a pinned semver version comes from the cache.
	r.srv.Close()
	log.Reset()
	res.DepsDir = ""
	got, err = res.Resolve(ctxT(t), "acme:greet@0.1.0")
	if err != nil {
		t.Fatalf("resolve with the registry stopped: %v", err)
	}
	if got.Source != "cache" || !bytes.Equal(got.Bytes, wasm) || !strings.Contains(log.String(), "(hit)") {
		t.Fatalf("source %q, log:\n%s", got.Source, log.String())
	}
	if got.Pin() != r.host+"/acme/greet@"+got.Manifest.String() {
		t.Errorf("pin %q", got.Pin())
	}

	// Offline: no version means the highest cached version.
	res.SkipDownload = true
	got, err = res.Resolve(ctxT(t), "acme:greet")
	if err != nil || got.Reference != r.host+"/acme/greet:0.1.0" {
		t.Fatalf("offline latest: %v %+v", err, got)
	}
	// Offline, not cached: a clear error naming the spec.
	_, err = res.Resolve(ctxT(t), "acme:greet@0.2.0")
	if !errors.Is(err, ErrNotCached) || !strings.Contains(err.Error(), "acme:greet@0.2.0") || !strings.Contains(err.Error(), "--skip-download") {
		t.Fatalf("offline miss: %v", err)
	}
	_, err = res.Resolve(ctxT(t), "acme:other")
	if !errors.Is(err, ErrNotCached) {
		t.Fatalf("offline miss without version: %v", err)
	}

	// Offline by digest: the manifest is in the blob store.
	if got, err := res.Resolve(ctxT(t), "acme:greet@"+got.Manifest.String()); err != nil || got.Source != "cache" {
		t.Fatalf("offline by digest: %v %+v", err, got)
	}

	// Offline, the cache emptied but the deps dir holds a copy.
	if err := os.RemoveAll(cache.Dir); err != nil {
		t.Fatal(err)
	}
	res.DepsDir = deps
	got, err = res.Resolve(ctxT(t), "acme:greet@0.1.0")
	if err != nil || got.Source != "deps-dir" || !bytes.Equal(got.Bytes, wasm) {
		t.Fatalf("deps-dir fallback: %v %+v", err, got)
	}
}

func TestResolverCorruptCacheRefetched(t *testing.T) {
	r := startRegistry(t, nil)
	c := &Client{}
	pushGreet(t, c, r, "acme:greet@0.1.0")
	wasm := readTestdata(t, "greet.wasm")
	cache := &Cache{Dir: t.TempDir()}
	var log bytes.Buffer
	res := &Resolver{Client: c, Cache: cache, Namespaces: r.namespaces(), Log: &log}
	got, err := res.Resolve(ctxT(t), "acme:greet@0.1.0")
	if err != nil {
		t.Fatal(err)
	}
	// Corrupt both cached blobs (manifest and layer).
	for _, d := range []string{got.Layer.String(), got.Manifest.String()} {
		p, _ := cache.BlobPath(digestOf(d))
		b, _ := os.ReadFile(p)
		b[len(b)/2] ^= 0x55
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	log.Reset()
	got, err = res.Resolve(ctxT(t), "acme:greet@0.1.0")
	if err != nil {
		t.Fatal(err)
	}
	if got.Source != "registry" || !bytes.Equal(got.Bytes, wasm) || !strings.Contains(log.String(), "corrupted") {
		t.Fatalf("source %q, log:\n%s", got.Source, log.String())
	}
	// The cache is whole again.
	if b, err := cache.Get(got.Layer); err != nil || !bytes.Equal(b, wasm) {
		t.Fatalf("cache after refetch: %v", err)
	}
	// Corrupted and offline: a miss, never the bad bytes.
	p, _ := cache.BlobPath(got.Layer)
	os.WriteFile(p, []byte("garbage"), 0o644)
	res.SkipDownload = true
	if _, err := res.Resolve(ctxT(t), "acme:greet@0.1.0"); !errors.Is(err, ErrNotCached) {
		t.Fatalf("offline with a corrupt entry: %v", err)
	}
}

func TestResolverHighestSemver(t *testing.T) {
	r := startRegistry(t, nil)
	c := &Client{}
	for _, v := range []string{"0.1.0", "0.10.0", "0.9.1", "1.0.0-rc.1", "latest"} {
		pushGreet(t, c, r, "acme:greet@"+v)
	}
	res := &Resolver{Client: c, Cache: &Cache{Dir: t.TempDir()}, Namespaces: r.namespaces()}
	got, err := res.Resolve(ctxT(t), "acme:greet")
	if err != nil {
		t.Fatal(err)
	}
	if got.Reference != r.host+"/acme/greet:0.10.0" {
		t.Fatalf("resolved %s, want 0.10.0", got.Reference)
	}
	// The deps-dir copy is named by the resolved version.
	res.DepsDir = t.TempDir()
	if got, err := res.Resolve(ctxT(t), "acme:greet"); err != nil || got.Path != filepath.Join(res.DepsDir, "acme", "greet@0.10.0.wasm") {
		t.Fatalf("deps-dir copy of the highest version: %v %+v", err, got)
	}
	res.DepsDir = ""
	a, err := c.Pull(ctxT(t), r.target(t, "acme:greet"))
	if err != nil || a.Tag != "0.10.0" {
		t.Fatalf("pull latest: %v %+v", err, a)
	}

	pushGreet(t, c, r, "acme:pre@0.1.0-alpha")
	pushGreet(t, c, r, "acme:pre@0.2.0-beta.1")
	got, err = res.Resolve(ctxT(t), "acme:pre")
	if err != nil || !strings.HasSuffix(got.Reference, ":0.2.0-beta.1") {
		t.Fatalf("prerelease-only: %v %+v", err, got)
	}

	pushGreet(t, c, r, "acme:nover@latest")
	if _, err := res.Resolve(ctxT(t), "acme:nover"); !errors.Is(err, ErrNoVersions) {
		t.Fatalf("no semver tags: %v", err)
	}
}

func TestResolvePartOverrides(t *testing.T) {
	r := startRegistry(t, nil)
	c := &Client{}
	pushGreet(t, c, r, "acme:http-transport@0.2.0")
	ns := Namespaces{FrameworkNamespace: {Registry: r.host + "/acme", PlainHTTP: true}}
	ovs, err := ParseOverrides([]string{"http-transport=0.2.0", "method-not-found=" + filepath.Join("testdata", "greet.wasm"), "bad=testdata/core.wasm"})
	if err != nil {
		t.Fatal(err)
	}
	res := &Resolver{Client: c, Cache: &Cache{Dir: t.TempDir()}, Namespaces: ns, Overrides: ovs}
	got, err := res.ResolvePart(ctxT(t), "http-transport", "0.1.0")
	if err != nil || !strings.HasSuffix(got.Reference, "/acme/http-transport:0.2.0") {
		t.Fatalf("version override: %v %+v", err, got)
	}
	got, err = res.ResolvePart(ctxT(t), "method-not-found", "0.1.0")
	if err != nil || got.Source != "file" {
		t.Fatalf("path override: %v %+v", err, got)
	}
	if _, err := res.ResolvePart(ctxT(t), "bad", "0.1.0"); !errors.Is(err, ErrNotComponent) {
		t.Fatalf("path override with a core module: %v", err)
	}
	res.SkipDownload = true
	if _, err := res.ResolvePart(ctxT(t), "io", "0.1.0"); !errors.Is(err, ErrNotCached) || !strings.Contains(err.Error(), "wasmcp:io@0.1.0") {
		t.Fatalf("offline part: %v", err)
	}
}

// TestResolverRefresh: a cached semver tag is trusted until Refresh asks the
// registry again (here the tag was re-pushed with a new manifest).
func TestResolverRefresh(t *testing.T) {
	r := startRegistry(t, nil)
	c := &Client{}
	tg := r.target(t, "acme:greet@1.0.0")
	wasm := readTestdata(t, "greet.wasm")
	first, err := c.Push(ctxT(t), tg, wasm, PushOptions{Created: time.Unix(1000, 0)})
	if err != nil {
		t.Fatal(err)
	}
	res := &Resolver{Client: c, Cache: &Cache{Dir: t.TempDir()}, Namespaces: r.namespaces()}
	if got, err := res.Resolve(ctxT(t), "acme:greet@1.0.0"); err != nil || got.Manifest != first.Manifest.Digest {
		t.Fatalf("first: %v", err)
	}
	second, err := c.Push(ctxT(t), tg, wasm, PushOptions{Created: time.Unix(2000, 0)})
	if err != nil || second.Manifest.Digest == first.Manifest.Digest {
		t.Fatalf("re-push: %v", err)
	}
	if got, _ := res.Resolve(ctxT(t), "acme:greet@1.0.0"); got.Manifest != first.Manifest.Digest || got.Source != "cache" {
		t.Fatalf("cached tag: %s from %s", got.Manifest, got.Source)
	}
	res.Refresh = true
	got, err := res.Resolve(ctxT(t), "acme:greet@1.0.0")
	if err != nil || got.Manifest != second.Manifest.Digest || got.Source != "cache" { // same layer: reused by digest
		t.Fatalf("refresh: %v %+v", err, got)
	}
	res.Refresh = false
	if got, _ := res.Resolve(ctxT(t), "acme:greet@1.0.0"); got.Manifest != second.Manifest.Digest {
		t.Fatalf("tag index not updated by the refresh: %s", got.Manifest)
	}
}

// TestResolverConcurrent resolves the same and different specs from several
// goroutines sharing one resolver and cache.
func TestResolverConcurrent(t *testing.T) {
	r := startRegistry(t, nil)
	c := &Client{}
	for _, v := range []string{"0.1.0", "0.2.0"} {
		pushGreet(t, c, r, "acme:greet@"+v)
	}
	res := &Resolver{Client: c, Cache: &Cache{Dir: t.TempDir()}, Namespaces: r.namespaces(), DepsDir: t.TempDir()}
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		spec := []string{"acme:greet@0.1.0", "acme:greet@0.2.0", "acme:greet"}[i%3]
		go func() {
			_, err := res.Resolve(ctxT(t), spec)
			errs <- err
		}()
	}
	for i := 0; i < 8; i++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
