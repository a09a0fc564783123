// Package fwparts gives tests the framework parts as component files: the
// embedded copy when the CLI embeds the part, otherwise the part built from
// its sources in framework/<part> with the framework build pipeline (once
// per test process). Tests then pass the file with --override PART=PATH when
// the part is not embedded.
package fwparts

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/wasmcp/wasmcp/framework/build/pipeline"
	"github.com/wasmcp/wasmcp/framework/embedded"
	"github.com/wasmcp/wasmcp/internal/testutil"
)

var (
	mu    sync.Mutex
	dir   string
	built = map[string]*result{}
)

type result struct {
	once sync.Once
	path string
	err  error
}

// Embedded reports whether the CLI embeds the part.
func Embedded(name string) bool {
	_, ok := embedded.Lookup(name)
	return ok
}

// Path returns a component file of the named part (embedded or built).
// The files live in one temporary directory per process; call Cleanup from
// TestMain to remove it.
func Path(t testing.TB, name string) string {
	t.Helper()
	mu.Lock()
	if dir == "" {
		d, err := os.MkdirTemp("", "wasmcp-fwparts-")
		if err != nil {
			mu.Unlock()
			t.Fatal(err)
		}
		dir = d
	}
	r, ok := built[name]
	if !ok {
		r = &result{}
		built[name] = r
	}
	mu.Unlock()
	root := testutil.RepoRoot(t)
	nm := testutil.NodeModules(t)
	r.once.Do(func() {
		r.path = filepath.Join(dir, name+".wasm")
		var wasm []byte
		if Embedded(name) {
			wasm, r.err = embedded.Part(name)
		} else {
			wasm, r.err = build(root, nm, name)
		}
		if r.err == nil {
			r.err = os.WriteFile(r.path, wasm, 0o644)
		}
	})
	if r.err != nil {
		t.Fatalf("framework part %s: %v", name, r.err)
	}
	return r.path
}

func build(root, nodeModules, name string) ([]byte, error) {
	parts, err := pipeline.LoadParts(root)
	if err != nil {
		return nil, err
	}
	sel, err := pipeline.Select(parts, []string{name})
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	res, err := pipeline.Config{Root: root, NodeModules: nodeModules}.Build(ctx, sel[0])
	if err != nil {
		return nil, err
	}
	return res.Component, nil
}

// Cleanup removes the files written by Path.
func Cleanup() {
	mu.Lock()
	defer mu.Unlock()
	if dir != "" {
		os.RemoveAll(dir)
		dir = ""
		built = map[string]*result{}
	}
}

var users int

// Use registers t as a user of the files: when the last registered test
// has finished, they are removed (for test binaries without a TestMain that
// calls Cleanup). Call it before t.Parallel, so that every parallel test
// is registered before any of them finishes.
func Use(t testing.TB) {
	mu.Lock()
	users++
	mu.Unlock()
	t.Cleanup(func() {
		mu.Lock()
		users--
		last := users == 0
		mu.Unlock()
		if last {
			Cleanup()
		}
	})
}
