package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/internal/iostreams"
	"github.com/wasmcp/wasmcp/internal/testutil"
	"github.com/wasmcp/wasmcp/oci"
)

// pkgEnv is an isolated environment: config, cache, home and Docker config
// all in temporary directories.
func pkgEnv(t *testing.T) map[string]string {
	return map[string]string{
		"XDG_CONFIG_HOME": t.TempDir(),
		"XDG_CACHE_HOME":  t.TempDir(),
		"HOME":            t.TempDir(),
		"DOCKER_CONFIG":   t.TempDir(),
	}
}

func greetWasm(t *testing.T) (string, []byte) {
	t.Helper()
	p := filepath.Join(testutil.RepoRoot(t), "oci", "testdata", "greet.wasm")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return p, b
}

func mustRun(t *testing.T, env map[string]string, args ...string) (string, string) {
	t.Helper()
	code, out, errOut := runCLI(t, env, args...)
	if code != 0 {
		t.Fatalf("%v: exit %d\n%s", args, code, errOut)
	}
	return out, errOut
}

func mustFail(t *testing.T, env map[string]string, wantCode int, wantErr string, args ...string) string {
	t.Helper()
	code, _, errOut := runCLI(t, env, args...)
	if code != wantCode || !strings.Contains(errOut, wantErr) {
		t.Fatalf("%v: exit %d, stderr %q; want exit %d with %q", args, code, errOut, wantCode, wantErr)
	}
	return errOut
}

// onlyFile checks that dir holds exactly the named files (no temporaries).
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestPkgPushPull(t *testing.T) {
	reg := testutil.StartRegistry(t, nil)
	env := pkgEnv(t)
	file, wasm := greetWasm(t)
	mustRun(t, env, "registry", "namespace", "set", "acme", reg.Host+"/acme", "--plain-http")

	out, _ := mustRun(t, env, "pkg", "push", file, "acme:greet@0.1.0")
	if !strings.HasPrefix(out, "pushed "+reg.Host+"/acme/greet:0.1.0\ndigest sha256:") {
		t.Errorf("push output %q", out)
	}
	out, _ = mustRun(t, env, "pkg", "push", file, reg.Host+"/acme/greet:0.2.0", "--json", "-a", "org.opencontainers.image.source=https://example.com/greet")
	var pushed pkgPushResult
	if err := json.Unmarshal([]byte(out), &pushed); err != nil {
		t.Fatal(err)
	}
	if pushed.Exports[0] != "wasmcp:example/greet@0.1.0" || pushed.Imports[0] != "wasmcp:example/log@0.1.0" || pushed.Size != int64(len(wasm)) {
		t.Errorf("push --json: %+v", pushed)
	}

	dir := t.TempDir()
	dst := filepath.Join(dir, "g.wasm")
	out, errOut := mustRun(t, env, "pkg", "pull", "acme:greet", "-o", dst, "-v")
	if !strings.Contains(out, "pulled "+reg.Host+"/acme/greet:0.2.0") || !strings.Contains(out, "from registry "+reg.Host) {
		t.Errorf("pull output %q", out)
	}
	for _, s := range []string{"highest version", "0.2.0", "cache miss", pushed.Digest} {
		if !strings.Contains(errOut, s) {
			t.Errorf("--verbose output lacks %q:\n%s", s, errOut)
		}
	}
	if b, err := os.ReadFile(dst); err != nil || !bytes.Equal(b, wasm) {
		t.Fatalf("pulled file: %v", err)
	}

	// Again, with the registry stopped: the cache answers a pinned version.
	reg.Close()
	out, errOut = mustRun(t, env, "pkg", "pull", "acme:greet@0.2.0", "-o", dst, "--json", "-v")
	var pulled pkgPullResult
	if err := json.Unmarshal([]byte(out), &pulled); err != nil {
		t.Fatal(err)
	}
	if pulled.Source != "cache" || pulled.Digest != pushed.Digest || !strings.Contains(errOut, "(hit)") {
		t.Errorf("cached pull: %+v\n%s", pulled, errOut)
	}
	// Offline and not cached: the spec is named.
	mustFail(t, env, 1, "acme:greet@0.3.0", "pkg", "pull", "acme:greet@0.3.0", "-o", dst, "--skip-download")
	mustFail(t, env, 1, "cannot reach registry "+reg.Host, "pkg", "pull", "acme:greet@0.3.0", "-o", filepath.Join(dir, "down.wasm"))
	if names := dirNames(t, dir); len(names) != 1 || names[0] != "g.wasm" {
		t.Errorf("files after failed pulls: %v", names)
	}
}

func TestPkgPullDefaultOutput(t *testing.T) {
	reg := testutil.StartRegistry(t, nil)
	env := pkgEnv(t)
	file, wasm := greetWasm(t)
	ref := reg.Host + "/tools/greet:1.0.0"
	mustRun(t, env, "pkg", "push", "--plain-http", file, ref)
	dir := t.TempDir()
	t.Chdir(dir)
	mustRun(t, env, "pkg", "pull", "--plain-http", ref)
	if b, err := os.ReadFile(filepath.Join(dir, "greet.wasm")); err != nil || !bytes.Equal(b, wasm) {
		t.Fatalf("default output greet.wasm: %v", err)
	}
}

func TestPkgPushRefusesNonComponent(t *testing.T) {
	env := pkgEnv(t)
	core := filepath.Join(testutil.RepoRoot(t), "oci", "testdata", "core.wasm")
	mustFail(t, env, 1, "core wasm module", "pkg", "push", core, "127.0.0.1:1/x/core:0.1.0", "--plain-http")
	text := filepath.Join(t.TempDir(), "x.wasm")
	os.WriteFile(text, []byte("hello"), 0o644)
	mustFail(t, env, 1, "not a WebAssembly component", "pkg", "push", text, "127.0.0.1:1/x/core:0.1.0")
	mustFail(t, env, 1, "not mapped to a registry", "pkg", "push", text, "nope:x@0.1.0")
	mustFail(t, env, 2, "takes 2 argument(s)", "pkg", "push", text)
}

// TestPkgPushNeedsTag: a REF without a tag (or with a digest) is a wrong
// command line, refused with exit 2 before the registry is contacted.
func TestPkgPushNeedsTag(t *testing.T) {
	env := pkgEnv(t)
	file, _ := greetWasm(t)
	mustRun(t, env, "registry", "namespace", "set", "acme", "127.0.0.1:1/acme", "--plain-http")
	mustFail(t, env, 2, "give a tag or version", "pkg", "push", file, "acme:greet")
	mustFail(t, env, 2, "give a tag or version", "pkg", "push", file, "127.0.0.1:1/acme/greet", "--plain-http")
	mustFail(t, env, 2, "cannot push to a digest", "pkg", "push", file, "acme:greet@sha256:"+strings.Repeat("0", 64))
}

// TestComponentResolverFlags checks the resolver that compose builds from its
// flags: a bad --override is a usage error; good ones reach the resolver.
func TestComponentResolverFlags(t *testing.T) {
	env := pkgEnv(t)
	io, _, _, _ := iostreams.Test()
	f := &factory{IO: io, Getenv: func(k string) string { return env[k] }}
	if _, err := newComponentResolver(f, componentResolveOptions{Overrides: []string{"http-transport"}}); exitCode(err) != exitUsage {
		t.Fatalf("bad override: %v (exit %d)", err, exitCode(err))
	}
	r, err := newComponentResolver(f, componentResolveOptions{Overrides: []string{"http-transport=0.2.0"}, SkipDownload: true, DepsDir: "deps"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Overrides["http-transport"].Version != "0.2.0" || !r.SkipDownload || r.DepsDir != "deps" ||
		r.Cache.Dir != filepath.Join(env["XDG_CACHE_HOME"], "wasmcp", "oci") || r.Namespaces["wasmcp"].Registry != "ghcr.io/wasmcp" {
		t.Fatalf("resolver %+v", r)
	}
	_, err = r.ResolvePart(context.Background(), "io", "0.1.0")
	if !errors.Is(err, oci.ErrNotCached) || !strings.Contains(err.Error(), "wasmcp:io@0.1.0") {
		t.Fatalf("offline framework part: %v", err)
	}
}

func TestPkgPullDigestMismatchLeavesNoFile(t *testing.T) {
	corrupt := false
	reg := testutil.StartRegistry(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			if !corrupt || req.Method != http.MethodGet || !strings.Contains(req.URL.Path, "/blobs/") {
				next.ServeHTTP(w, req)
				return
			}
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, req)
			body := rec.Body.Bytes()
			body[len(body)/2] ^= 0xff
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.Code)
			w.Write(body)
		})
	})
	env := pkgEnv(t)
	file, _ := greetWasm(t)
	ref := reg.Host + "/acme/greet:0.1.0"
	mustRun(t, env, "pkg", "push", file, ref, "--plain-http")
	corrupt = true
	dir := t.TempDir()
	mustFail(t, env, 1, "does not match its digest", "pkg", "pull", ref, "--plain-http", "-o", filepath.Join(dir, "greet.wasm"))
	if names := dirNames(t, dir); len(names) != 0 {
		t.Errorf("files left after a refused pull: %v", names)
	}
}

func TestPkgAuthentication(t *testing.T) {
	reg := testutil.StartRegistry(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			if u, p, ok := req.BasicAuth(); !ok || u != "bob" || p != "hunter2" {
				w.Header().Set("WWW-Authenticate", `Basic realm="wasmcp test"`)
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			next.ServeHTTP(w, req)
		})
	})
	env := pkgEnv(t)
	file, wasm := greetWasm(t)
	ref := reg.Host + "/acme/greet:0.1.0"
	errOut := mustFail(t, env, 1, "docker login "+reg.Host, "pkg", "push", file, ref, "--plain-http")
	if !strings.Contains(errOut, filepath.Join(env["DOCKER_CONFIG"], "config.json")) {
		t.Errorf("the error does not name the credentials file: %s", errOut)
	}

	auth := base64.StdEncoding.EncodeToString([]byte("bob:hunter2"))
	cfg := `{"auths":{"` + reg.Host + `":{"auth":"` + auth + `"}}}`
	if err := os.WriteFile(filepath.Join(env["DOCKER_CONFIG"], "config.json"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	mustRun(t, env, "pkg", "push", file, ref, "--plain-http")
	dst := filepath.Join(t.TempDir(), "greet.wasm")
	mustRun(t, env, "pkg", "pull", ref, "--plain-http", "-o", dst)
	if b, _ := os.ReadFile(dst); !bytes.Equal(b, wasm) {
		t.Fatal("pulled bytes differ")
	}
}

// TestPkgPullProgressBar: a bar is drawn on stderr when it is a terminal, and
// nothing when it is not.
func TestPkgPullProgressBar(t *testing.T) {
	reg := testutil.StartRegistry(t, nil)
	env := pkgEnv(t)
	file, _ := greetWasm(t)
	ref := reg.Host + "/acme/greet:0.1.0"
	mustRun(t, env, "pkg", "push", file, ref, "--plain-http")
	for _, tty := range []bool{true, false} {
		io, _, _, errOut := iostreams.Test()
		io.SetStderrTTY(tty)
		f := &factory{IO: io, Getenv: func(k string) string { return env[k] }}
		if code := runWith(context.Background(), []string{"pkg", "pull", ref, "--plain-http", "--refresh", "-o", filepath.Join(t.TempDir(), "g.wasm")}, f); code != 0 {
			t.Fatalf("tty=%v: exit %d: %s", tty, code, errOut)
		}
		// Every pull with a fresh cache dir downloads the layer.
		env["XDG_CACHE_HOME"] = t.TempDir()
		if drawn := strings.Contains(errOut.String(), "pulling greet"); drawn != tty {
			t.Errorf("tty=%v: stderr %q", tty, errOut.String())
		}
	}
}
