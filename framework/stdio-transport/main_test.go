package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/wasmcp/wasmcp/framework/build/pipeline"
	"github.com/wasmcp/wasmcp/internal/testutil"
)

// The tests build the transport once and run it with `jco run` (the handler
// and channels it imports are the JavaScript test peers in
// internal/testutil/mcppeer, mapped in with --jco-map), writing to its stdin
// and reading its stdout line by line.

var update = flag.Bool("update", false, "regenerate the committed bindings")

const world = "stdio-transport"

var (
	tmpDir   string
	pcfg     pipeline.Config
	part     pipeline.Part
	setupErr error
	buildOne sync.Once
	built    *pipeline.Result
	wasmPath string
)

func TestMain(m *testing.M) {
	flag.Parse()
	var err error
	if tmpDir, err = os.MkdirTemp("", "stdio-transport-test"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	setupErr = setup()
	code := m.Run()
	os.RemoveAll(tmpDir)
	os.Exit(code)
}

// setup finds the part as the framework build pipeline sees it.
func setup() error {
	root, err := pipeline.FindRoot(".")
	if err != nil {
		return err
	}
	pcfg = pipeline.Config{Root: root, NodeModules: filepath.Join(root, "node_modules")}
	parts, err := pipeline.LoadParts(root)
	if err != nil {
		return err
	}
	sel, err := pipeline.Select(parts, []string{world})
	if err != nil {
		return err
	}
	part = sel[0]
	return nil
}

// TestBindingsCurrent checks that the committed bindings are what the
// pipeline generates from the world today (-update rewrites them).
func TestBindingsCurrent(t *testing.T) {
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	witDir, cleanup, err := pcfg.PrepareWIT(part)
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	gens, _, err := pipeline.Bindings(part, witDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range gens[0].Files {
		if *update {
			if err := os.WriteFile(filepath.Join("bindings", f.Name), f.Content, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		have, err := os.ReadFile(filepath.Join("bindings", f.Name))
		if err != nil || !bytes.Equal(have, f.Content) {
			t.Errorf("bindings/%s is stale: run go test ./framework/stdio-transport -run TestBindingsCurrent -update", f.Name)
		}
	}
}

// component builds the transport once with the framework build pipeline
// and returns the component's path.
func component(t *testing.T) string {
	t.Helper()
	buildOne.Do(func() {
		if setupErr != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		// The component the framework build pipeline makes (and embeds).
		if built, setupErr = pcfg.Build(ctx, part); setupErr != nil {
			return
		}
		wasmPath = filepath.Join(tmpDir, "stdio-transport.wasm")
		setupErr = os.WriteFile(wasmPath, built.Component, 0o644)
	})
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	return wasmPath
}

// jcoRun returns the command that runs the transport under `jco run` with
// the test peers, in its own process group, with env added.
func jcoRun(t *testing.T, env ...string) *exec.Cmd {
	t.Helper()
	handler, channels := testutil.MCPPeerModules()
	argv := append(testutil.Jco(t), "run", component(t),
		"--jco-map", "wasmcp:mcp/handler@0.1.0="+handler, "wasmcp:mcp/channels@0.1.0="+channels)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), env...)
	setGroup(cmd)
	return cmd
}
