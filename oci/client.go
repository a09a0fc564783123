package oci

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/opencontainers/go-digest"
	specs "github.com/opencontainers/image-spec/specs-go"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
	"oras.land/oras-go/v2/content"
	"oras.land/oras-go/v2/errdef"
	"oras.land/oras-go/v2/registry/remote"
	"oras.land/oras-go/v2/registry/remote/auth"
	"oras.land/oras-go/v2/registry/remote/credentials"
	"oras.land/oras-go/v2/registry/remote/errcode"
)

// Media types of a WebAssembly OCI artifact (the CNCF TAG Runtime "Wasm OCI
// Artifact" layout): an OCI image manifest whose config has ConfigMediaType
// and whose single layer is the component, with LayerMediaType.
const (
	ConfigMediaType = "application/vnd.wasm.config.v0+json"
	LayerMediaType  = "application/wasm"
)

// Annotations wasmcp writes on the manifest besides the standard
// org.opencontainers.image.* ones: the component's top-level exports and
// imports, comma-separated.
const (
	AnnotationExports = "dev.wasmcp.component.exports"
	AnnotationImports = "dev.wasmcp.component.imports"
)

const (
	maxManifestBytes = 4 << 20   // a wasm manifest is a few hundred bytes
	maxLayerBytes    = 512 << 20 // generous for a component
)

// WasmConfig is the config blob of a wasm artifact.
type WasmConfig struct {
	Created      time.Time `json:"created"`
	Author       string    `json:"author,omitempty"`
	Architecture string    `json:"architecture"`
	OS           string    `json:"os"`
	LayerDigests []string  `json:"layerDigests"`
	Component    *World    `json:"component,omitempty"`
}

// ProgressFunc starts reporting the transfer of total bytes labelled label;
// the returned writer receives the bytes as they move and is closed at the end.
type ProgressFunc func(label string, total int64) io.WriteCloser

// Client talks to OCI registries. The zero value works: anonymous access,
// HTTPS, no progress, no log. A Client may be used by several goroutines once
// its fields are set.
type Client struct {
	// HTTPClient is the transport (http.DefaultClient when nil). No retries:
	// a registry that is down is reported at once.
	HTTPClient *http.Client
	// Credential returns credentials for a registry host; see DockerCredentials.
	Credential auth.CredentialFunc
	// CredentialSource names where credentials come from, for error messages.
	CredentialSource string
	// Progress, when set, is told about every blob transferred.
	Progress ProgressFunc
	// Log, when set, receives one line per step: what was resolved, from where.
	Log io.Writer

	authOnce  sync.Once
	authCache auth.Cache
}

// DockerCredentials returns the credential function reading the Docker config
// file ($DOCKER_CONFIG/config.json, else $HOME/.docker/config.json) and the
// credential helpers it names, with the path for messages.
func DockerCredentials(getenv func(string) string) (auth.CredentialFunc, string, error) {
	dir := getenv("DOCKER_CONFIG")
	if dir == "" {
		home := getenv("HOME")
		if home == "" {
			return auth.StaticCredential("", auth.EmptyCredential), "", nil
		}
		dir = filepath.Join(home, ".docker")
	}
	p := filepath.Join(dir, "config.json")
	store, err := credentials.NewStore(p, credentials.StoreOptions{})
	if err != nil {
		return nil, p, fmt.Errorf("reading registry credentials from %s: %w", p, err)
	}
	return credentials.Credential(store), p, nil
}

func (c *Client) logf(format string, args ...any) {
	if c.Log != nil {
		fmt.Fprintf(c.Log, format+"\n", args...)
	}
}

// Repository returns the oras repository for t, with credentials and the
// transport configured.
func (c *Client) Repository(t Target) (*remote.Repository, error) {
	repo, err := remote.NewRepository(t.Ref.Registry + "/" + t.Ref.Repository)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", t.Describe(), err)
	}
	repo.PlainHTTP = t.PlainHTTP
	c.authOnce.Do(func() { c.authCache = auth.NewCache() })
	hc := c.HTTPClient
	if hc == nil {
		hc = http.DefaultClient
	}
	cred := c.Credential
	if cred == nil {
		cred = auth.StaticCredential("", auth.EmptyCredential)
	}
	repo.Client = &auth.Client{
		Client:     hc,
		Cache:      c.authCache,
		Credential: cred,
		Header:     http.Header{"User-Agent": {"wasmcp"}},
	}
	return repo, nil
}

// PushOptions are the optional parts of a push.
type PushOptions struct {
	// Created is the creation time recorded in the config and annotations
	// (time.Now when zero).
	Created time.Time
	// Annotations are added to the manifest (they override the generated ones).
	Annotations map[string]string
	// Title names the layer (org.opencontainers.image.title), e.g. the file name.
	Title string
}

// PushResult describes what was pushed.
type PushResult struct {
	Reference string // host/repository:tag
	Manifest  ocispec.Descriptor
	Layer     ocispec.Descriptor
	World     World
	// Warning is BuiltArtifact.Warning.
	Warning error
}

// BuiltArtifact is a wasm artifact ready to push.
type BuiltArtifact struct {
	Manifest []byte
	Config   []byte
	Layer    ocispec.Descriptor
	World    World
	// Warning, when set, says the component could not be fully decoded and
	// the world summary comes from its import and export names alone.
	Warning error
}

// BuildArtifact builds the config, layer descriptor and manifest of a wasm
// artifact for the component bytes. version, when non-empty, is recorded as
// org.opencontainers.image.version.
func BuildArtifact(wasm []byte, version string, opts PushOptions) (*BuiltArtifact, error) {
	world, warning, err := Summarize(wasm)
	if err != nil {
		return nil, err
	}
	created := opts.Created
	if created.IsZero() {
		created = time.Now()
	}
	created = created.UTC().Truncate(time.Second)
	layer := content.NewDescriptorFromBytes(LayerMediaType, wasm)
	if opts.Title != "" {
		layer.Annotations = map[string]string{ocispec.AnnotationTitle: opts.Title}
	}
	cfg := WasmConfig{
		Created:      created,
		Architecture: "wasm",
		OS:           "wasip2",
		LayerDigests: []string{layer.Digest.String()},
		Component:    &world,
	}
	config, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	ann := map[string]string{
		ocispec.AnnotationCreated: created.Format(time.RFC3339),
		AnnotationExports:         strings.Join(world.Exports, ","),
		AnnotationImports:         strings.Join(world.Imports, ","),
	}
	if version != "" {
		ann[ocispec.AnnotationVersion] = version
	}
	for k, v := range opts.Annotations {
		ann[k] = v
	}
	m := ocispec.Manifest{
		Versioned:   specs.Versioned{SchemaVersion: 2},
		MediaType:   ocispec.MediaTypeImageManifest,
		Config:      content.NewDescriptorFromBytes(ConfigMediaType, config),
		Layers:      []ocispec.Descriptor{layer},
		Annotations: ann,
	}
	manifest, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	return &BuiltArtifact{Manifest: manifest, Config: config, Layer: layer, World: world, Warning: warning}, nil
}

// Push publishes the component wasm at t, which must name a tag. It refuses
// bytes that are not a component.
func (c *Client) Push(ctx context.Context, t Target, wasm []byte, opts PushOptions) (*PushResult, error) {
	if t.Ref.Reference == "" {
		return nil, fmt.Errorf("%s: give a tag or version to push to (…:1.0.0 or namespace:name@1.0.0)", t.Describe())
	}
	if _, err := t.Ref.Digest(); err == nil {
		return nil, fmt.Errorf("%s: cannot push to a digest; give a tag", t.Describe())
	}
	built, err := BuildArtifact(wasm, t.Ref.Reference, opts)
	if err != nil {
		return nil, err
	}
	manifest, config, layer := built.Manifest, built.Config, built.Layer
	repo, err := c.Repository(t)
	if err != nil {
		return nil, err
	}
	configDesc := content.NewDescriptorFromBytes(ConfigMediaType, config)
	for _, blob := range []struct {
		desc ocispec.Descriptor
		data []byte
		what string
	}{{layer, wasm, "layer"}, {configDesc, config, "config"}} {
		exists, err := repo.Exists(ctx, blob.desc)
		if err != nil {
			return nil, c.explain(err, t)
		}
		if exists {
			c.logf("%s %s already in %s", blob.what, blob.desc.Digest, t.Ref.Registry)
			continue
		}
		var r io.Reader = bytes.NewReader(blob.data)
		var bar io.WriteCloser
		if c.Progress != nil && blob.what == "layer" {
			bar = c.Progress("pushing "+path.Base(t.Ref.Repository), blob.desc.Size)
			r = io.TeeReader(r, bar)
		}
		err = repo.Push(ctx, blob.desc, r)
		if bar != nil {
			bar.Close()
		}
		if err != nil {
			return nil, c.explain(err, t)
		}
		c.logf("pushed %s %s (%d bytes) to %s", blob.what, blob.desc.Digest, blob.desc.Size, t.Ref.Registry)
	}
	mdesc := content.NewDescriptorFromBytes(ocispec.MediaTypeImageManifest, manifest)
	if err := repo.PushReference(ctx, mdesc, bytes.NewReader(manifest), t.Ref.Reference); err != nil {
		return nil, c.explain(err, t)
	}
	c.logf("pushed manifest %s as %s", mdesc.Digest, t.Ref)
	return &PushResult{Reference: t.Ref.String(), Manifest: mdesc, Layer: layer, World: built.World, Warning: built.Warning}, nil
}

// Artifact is a pulled (or cached) wasm artifact.
type Artifact struct {
	// Reference is the resolved reference: host/repository:tag or @digest.
	Reference string
	// Tag is the tag it was resolved from ("" when pulled by digest).
	Tag      string
	Manifest ocispec.Descriptor
	Layer    ocispec.Descriptor
	Config   *WasmConfig
	// Bytes is the component, verified against the layer digest.
	Bytes []byte
}

// FetchManifest resolves reference (a tag or digest) in t's repository and
// returns the verified manifest bytes and descriptor.
func (c *Client) FetchManifest(ctx context.Context, t Target, reference string) (ocispec.Descriptor, []byte, error) {
	repo, err := c.Repository(t)
	if err != nil {
		return ocispec.Descriptor{}, nil, err
	}
	desc, rc, err := repo.FetchReference(ctx, reference)
	if err != nil {
		return desc, nil, c.explain(err, t)
	}
	defer rc.Close()
	if desc.Size > maxManifestBytes {
		return desc, nil, fmt.Errorf("%s: manifest of %d bytes is larger than the %d allowed", t.Describe(), desc.Size, maxManifestBytes)
	}
	b, err := content.ReadAll(rc, desc)
	if err != nil {
		return desc, nil, c.explainContent(err, t, "manifest", desc)
	}
	return desc, b, nil
}

// ParseManifest checks that manifest bytes describe a wasm artifact and
// returns its component layer.
func ParseManifest(b []byte, what string) (*ocispec.Manifest, ocispec.Descriptor, error) {
	var probe struct {
		MediaType string `json:"mediaType"`
	}
	var m ocispec.Manifest
	if err := json.Unmarshal(b, &probe); err != nil {
		return nil, ocispec.Descriptor{}, fmt.Errorf("%s: manifest is not JSON: %w", what, err)
	}
	switch probe.MediaType {
	case ocispec.MediaTypeImageIndex, "application/vnd.docker.distribution.manifest.list.v2+json":
		return nil, ocispec.Descriptor{}, fmt.Errorf("%s is an image index (%s), not a wasm artifact", what, probe.MediaType)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, ocispec.Descriptor{}, fmt.Errorf("%s: bad manifest: %w", what, err)
	}
	var wasm []ocispec.Descriptor
	var types []string
	for _, l := range m.Layers {
		types = append(types, l.MediaType)
		if l.MediaType == LayerMediaType {
			wasm = append(wasm, l)
		}
	}
	switch {
	case len(wasm) == 0:
		return nil, ocispec.Descriptor{}, fmt.Errorf("%s is not a wasm artifact: no %s layer (config %s, layers %s)", what, LayerMediaType, m.Config.MediaType, strings.Join(types, ", "))
	case len(wasm) > 1:
		return nil, ocispec.Descriptor{}, fmt.Errorf("%s has %d %s layers; a component artifact has one", what, len(wasm), LayerMediaType)
	}
	l := wasm[0]
	if err := l.Digest.Validate(); err != nil {
		return nil, ocispec.Descriptor{}, fmt.Errorf("%s: layer digest %q: %w", what, l.Digest, err)
	}
	if l.Size < 0 || l.Size > maxLayerBytes {
		return nil, ocispec.Descriptor{}, fmt.Errorf("%s: layer size %d is outside 0..%d", what, l.Size, maxLayerBytes)
	}
	return &m, l, nil
}

// FetchLayer downloads a blob of t's repository, verifying its size and digest.
func (c *Client) FetchLayer(ctx context.Context, t Target, desc ocispec.Descriptor) ([]byte, error) {
	repo, err := c.Repository(t)
	if err != nil {
		return nil, err
	}
	rc, err := repo.Blobs().Fetch(ctx, desc)
	if err != nil {
		return nil, c.explain(err, t)
	}
	defer rc.Close()
	var r io.Reader = rc
	if c.Progress != nil {
		bar := c.Progress("pulling "+path.Base(t.Ref.Repository), desc.Size)
		defer bar.Close()
		r = io.TeeReader(rc, bar)
	}
	b, err := content.ReadAll(r, desc)
	if err != nil {
		return nil, c.explainContent(err, t, "layer", desc)
	}
	return b, nil
}

// Pull fetches the component at t. An empty version picks the highest semver
// tag. The bytes are verified against the layer digest and checked to be a
// component.
func (c *Client) Pull(ctx context.Context, t Target) (*Artifact, error) {
	reference := t.Ref.Reference
	if reference == "" {
		tags, err := c.Tags(ctx, t)
		if err != nil {
			return nil, err
		}
		tag, err := HighestSemver(tags)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", t.Describe(), err)
		}
		c.logf("%s: highest version is %s", t.Describe(), tag)
		reference = tag
		t.Ref.Reference = tag
	}
	mdesc, mb, err := c.FetchManifest(ctx, t, reference)
	if err != nil {
		return nil, err
	}
	_, layer, err := ParseManifest(mb, t.Describe())
	if err != nil {
		return nil, err
	}
	b, err := c.FetchLayer(ctx, t, layer)
	if err != nil {
		return nil, err
	}
	if err := CheckComponent(b); err != nil {
		return nil, fmt.Errorf("%s: layer %s: %w", t.Describe(), layer.Digest, err)
	}
	c.logf("pulled %s: manifest %s, layer %s (%d bytes) from %s", t.Ref, mdesc.Digest, layer.Digest, layer.Size, t.Ref.Registry)
	a := &Artifact{Reference: t.Ref.String(), Manifest: mdesc, Layer: layer, Bytes: b}
	if _, err := digest.Parse(reference); err != nil {
		a.Tag = reference
	}
	return a, nil
}

// Tags lists the tags of t's repository.
func (c *Client) Tags(ctx context.Context, t Target) ([]string, error) {
	repo, err := c.Repository(t)
	if err != nil {
		return nil, err
	}
	var all []string
	err = repo.Tags(ctx, "", func(tags []string) error {
		all = append(all, tags...)
		return nil
	})
	if err != nil {
		return nil, c.explain(err, t)
	}
	return all, nil
}

// explain turns transport and registry errors into messages that say what
// failed, where, and what to do.
func (c *Client) explain(err error, t Target) error {
	host := t.Ref.Registry
	var er *errcode.ErrorResponse
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case errors.Is(err, auth.ErrBasicCredentialNotFound),
		errors.As(err, &er) && (er.StatusCode == http.StatusUnauthorized || er.StatusCode == http.StatusForbidden):
		src := c.CredentialSource
		if src == "" {
			src = "the Docker config file"
		}
		status := http.StatusUnauthorized
		if er != nil {
			status = er.StatusCode
		}
		return &AuthError{Registry: host, Target: t.Describe(), Status: status, Source: src, Err: err}
	case errors.Is(err, errdef.ErrNotFound), errors.As(err, &er) && er.StatusCode == http.StatusNotFound:
		what := fmt.Sprintf("no %s %q in repository %s", refKind(t.Ref.Reference), t.Ref.Reference, t.Ref.Repository)
		if strings.Contains(err.Error(), "NAME_UNKNOWN") || t.Ref.Reference == "" {
			what = fmt.Sprintf("repository %s does not exist", t.Ref.Repository)
		}
		return fmt.Errorf("%s: %w in registry %s (%s)", t.Describe(), ErrNotFound, host, what)
	case strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		return fmt.Errorf("registry %s speaks plain HTTP, not HTTPS: use --plain-http (or `wasmcp registry namespace set NS %s/PREFIX --plain-http`) if you trust it: %w", host, host, err)
	}
	var ne net.Error
	var oe *net.OpError
	if errors.As(err, &oe) || errors.As(err, &ne) {
		hint := ""
		if isLoopback(host) && !t.PlainHTTP {
			hint = " (a local registry usually needs --plain-http)"
		}
		return fmt.Errorf("cannot reach registry %s%s: %w", host, hint, err)
	}
	return fmt.Errorf("registry %s: %s: %w", host, t.Describe(), err)
}

func (c *Client) explainContent(err error, t Target, what string, desc ocispec.Descriptor) error {
	if errors.Is(err, content.ErrMismatchedDigest) || errors.Is(err, content.ErrInvalidDescriptorSize) || errors.Is(err, content.ErrTrailingData) {
		return fmt.Errorf("%s %s of %s from registry %s does not match its digest or size; refusing it: %w", what, desc.Digest, t.Describe(), t.Ref.Registry, ErrDigestMismatch)
	}
	return c.explain(err, t)
}

func refKind(reference string) string {
	if _, err := digest.Parse(reference); err == nil {
		return "manifest"
	}
	return "tag"
}

// Errors callers can test with errors.Is / errors.As.
var (
	ErrNotFound       = errors.New("not found")
	ErrDigestMismatch = errors.New("content does not match its digest")
)

// AuthError says that a registry refused access and how to log in.
type AuthError struct {
	Registry string
	Target   string
	Status   int
	Source   string
	Err      error
}

func (e *AuthError) Error() string {
	return fmt.Sprintf("registry %s refused access to %s (HTTP %d): log in with `docker login %s` (wasmcp reads credentials from %s and its credential helpers)", e.Registry, e.Target, e.Status, e.Registry, e.Source)
}

func (e *AuthError) Unwrap() error { return e.Err }
