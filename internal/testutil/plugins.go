package testutil

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
)

// The example Extism plugins live in examples/plugins/<name>/main.go; the
// example configuration (examples/plugins/plugins/plugins.yml) names them as
// <name>/<name>.wasm inside its plugins folder.

var (
	pluginMu    sync.Mutex
	pluginBuilt = map[string]string{}
)

// BuildPlugin builds the example plugin examples/plugins/<name> for
// GOOS=wasip1 GOARCH=wasm with -buildmode=c-shared and returns the path of the
// .wasm file. The file is built at most once per test binary and is cached in
// the system temporary directory under a key made of the sources (the plugin
// and the pdk package) and the Go version, so other test binaries reuse it.
// Treat the file as read-only; copy it to modify it.
func BuildPlugin(t testing.TB, name string) string {
	t.Helper()
	pluginMu.Lock()
	defer pluginMu.Unlock()
	if p, ok := pluginBuilt[name]; ok {
		return p
	}
	root := RepoRoot(t)
	src := filepath.Join(root, "examples", "plugins", name)
	if _, err := os.Stat(filepath.Join(src, "main.go")); err != nil {
		t.Fatalf("testutil: no example plugin %q: %v", name, err)
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatal("testutil: go not found on PATH")
	}
	goVersion, err := exec.Command(goBin, "env", "GOVERSION").Output()
	if err != nil {
		t.Fatalf("testutil: go env GOVERSION: %v", err)
	}

	h := sha256.New()
	io.WriteString(h, strings.TrimSpace(string(goVersion))+"\n")
	for _, dir := range []string{src, filepath.Join(root, "pdk")} {
		hashGoFiles(t, h, dir)
	}
	key := hex.EncodeToString(h.Sum(nil))[:16]

	dir := filepath.Join(os.TempDir(), "wasmcp-test-plugins", key)
	out := filepath.Join(dir, name+".wasm")
	if _, err := os.Stat(out); err == nil {
		pluginBuilt[name] = out
		return out
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	tmp, err := os.CreateTemp(dir, name+"-*.tmp")
	if err != nil {
		t.Fatal(err)
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	cmd := exec.Command(goBin, "build", "-buildmode=c-shared", "-o", tmp.Name(), "./examples/plugins/"+name)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm", "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("testutil: building plugin %s: %v\n%s", name, err, b)
	}
	// Rename is atomic: concurrent test binaries building the same plugin
	// both end with a complete file.
	if err := os.Rename(tmp.Name(), out); err != nil {
		t.Fatal(err)
	}
	pluginBuilt[name] = out
	return out
}

// ExamplePlugins returns the names of the example plugins (the folders of
// examples/plugins holding a main.go), sorted.
func ExamplePlugins(t testing.TB) []string {
	t.Helper()
	base := filepath.Join(RepoRoot(t), "examples", "plugins")
	entries, err := os.ReadDir(base)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if _, err := os.Stat(filepath.Join(base, e.Name(), "main.go")); err == nil {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names
}

// ExamplePluginsDir returns a new temporary copy of the example configuration
// folder examples/plugins, in WASImancer's layout:
//
//	plugins/plugins.yml           the tools (PLUGINS_PATH is dir/plugins)
//	plugins/<name>/<name>.wasm    every example plugin, built
//	resources/resources.yml       (RESOURCES_PATH is dir/resources)
//	prompts/prompts.yml           (PROMPTS_PATH is dir/prompts)
//
// so that serve.EnvConfig with the folder as base finds everything with the
// default paths. Tests may modify it freely; it is removed when the test ends.
func ExamplePluginsDir(t testing.TB) string {
	t.Helper()
	base := filepath.Join(RepoRoot(t), "examples", "plugins")
	dst := t.TempDir()
	for _, f := range []string{"plugins/plugins.yml", "resources/resources.yml", "prompts/prompts.yml"} {
		if err := os.MkdirAll(filepath.Join(dst, filepath.Dir(f)), 0o755); err != nil {
			t.Fatal(err)
		}
		copyFile(t, filepath.Join(base, f), filepath.Join(dst, f))
	}
	for _, name := range ExamplePlugins(t) {
		if err := os.MkdirAll(filepath.Join(dst, "plugins", name), 0o755); err != nil {
			t.Fatal(err)
		}
		copyFile(t, BuildPlugin(t, name), filepath.Join(dst, "plugins", name, name+".wasm"))
	}
	return dst
}

func hashGoFiles(t testing.TB, h io.Writer, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		io.WriteString(h, rel+"\x00")
		h.Write(b)
		return nil
	})
	if err != nil {
		t.Fatalf("testutil: hashing %s: %v", dir, err)
	}
}

func copyFile(t testing.TB, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
