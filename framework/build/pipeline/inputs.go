package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// InputsHash hashes everything that decides a part's bytes:
//
//   - the Go toolchain version and the go and toolchain lines of go.mod;
//   - the jco version and the adapter it ships (componentize's new step);
//   - every non-standard-library Go file (and embedded file) the part's
//     package depends on for wasip1/wasm: the part, its bindings, mcpcore,
//     cabi;
//   - every such file of the pipeline itself (framework/build and what it
//     imports: bindgen, componentize, wit, …), since they produce the
//     bindings, the embedded component type and the component;
//   - the WIT the world is resolved from, and the part's part.json.
//
// The hash names files by their path relative to the root, so it is the
// same in every checkout.
func (c Config) InputsHash(ctx context.Context, p Part) (string, error) {
	h := sha256.New()
	line := func(format string, args ...any) { fmt.Fprintf(h, format+"\n", args...) }

	gover, err := c.goOutput(ctx, nil, "env", "GOVERSION")
	if err != nil {
		return "", err
	}
	line("go %s", strings.TrimSpace(gover))
	gomod, err := os.ReadFile(filepath.Join(c.Root, "go.mod"))
	if err != nil {
		return "", err
	}
	sc := bufio.NewScanner(bytes.NewReader(gomod))
	for sc.Scan() {
		t := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(t, "go ") || strings.HasPrefix(t, "toolchain ") || strings.HasPrefix(t, "module ") {
			line("go.mod %s", t)
		}
	}
	var jco struct{ Version string }
	raw, err := os.ReadFile(filepath.Join(c.NodeModules, "@bytecodealliance", "jco", "package.json"))
	if err != nil {
		return "", err
	}
	if err := json.Unmarshal(raw, &jco); err != nil {
		return "", err
	}
	line("jco %s", jco.Version)
	adapter, err := os.ReadFile(filepath.Join(c.NodeModules, "@bytecodealliance", "jco", "lib", "wasi_snapshot_preview1.reactor.wasm"))
	if err != nil {
		return "", err
	}
	line("adapter %x", sha256.Sum256(adapter))

	files := map[string]bool{}
	wasm := []string{"GOOS=wasip1", "GOARCH=wasm", "CGO_ENABLED=0"}
	for _, q := range []struct {
		env []string
		pkg string
	}{{wasm, "./framework/" + p.source()}, {nil, "./framework/build"}} {
		args := []string{"list", "-deps"}
		if q.env != nil && len(p.Tags) > 0 {
			args = append(args, "-tags", strings.Join(p.Tags, ","))
		}
		out, err := c.goOutput(ctx, q.env, append(args, "-f",
			`{{if not .Standard}}{{$d := .Dir}}{{range .GoFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}{{range .EmbedFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}{{end}}`, q.pkg)...)
		if err != nil {
			return "", err
		}
		for _, f := range strings.Fields(out) {
			files[f] = true
		}
	}
	witDir, cleanup, err := c.PrepareWIT(p)
	if err != nil {
		return "", err
	}
	defer cleanup()
	var witFiles []string
	err = filepath.WalkDir(witDir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".wit") {
			witFiles = append(witFiles, path)
		}
		return err
	})
	if err != nil {
		return "", err
	}
	for _, f := range witFiles {
		rel, _ := filepath.Rel(witDir, f)
		b, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		line("wit %s %x", filepath.ToSlash(rel), sha256.Sum256(b))
	}
	files[c.ManifestPath(p)] = true
	names := make([]string, 0, len(files))
	for f := range files {
		names = append(names, f)
	}
	sort.Strings(names)
	for _, f := range names {
		b, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		rel, err := filepath.Rel(c.Root, f)
		if err != nil || strings.HasPrefix(rel, "..") {
			return "", fmt.Errorf("inputs: %s is outside the repository", f)
		}
		line("file %s %x", filepath.ToSlash(rel), sha256.Sum256(b))
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func (c Config) goOutput(ctx context.Context, env []string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, c.goCmd(), args...)
	cmd.Dir = c.Root
	cmd.Env = append(append(os.Environ(), "GOFLAGS=", "GOWORK=off"), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, bytes.TrimSpace(stderr.Bytes()))
	}
	return string(out), nil
}
