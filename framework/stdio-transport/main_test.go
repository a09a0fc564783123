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

	"github.com/wasmcp/wasmcp/bindgen"
	"github.com/wasmcp/wasmcp/internal/testutil"
	"github.com/wasmcp/wasmcp/internal/testutil/partbuild"
)

// The tests build the transport once and run it with `jco run` (the handler
// and channels it imports are the JavaScript test peers in
// internal/testutil/mcppeer, mapped in with --jco-map), writing to its stdin
// and reading its stdout line by line.

var update = flag.Bool("update", false, "regenerate the committed bindings")

const world = "stdio-transport"

var (
	tmpDir   string
	witDir   string
	setupErr error
	buildOne sync.Once
	wasmPath string
)

func TestMain(m *testing.M) {
	flag.Parse()
	var err error
	if tmpDir, err = os.MkdirTemp("", "stdio-transport-test"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	witDir = filepath.Join(tmpDir, "wit")
	setupErr = partbuild.AssembleWIT("wit", witDir)
	code := m.Run()
	os.RemoveAll(tmpDir)
	os.Exit(code)
}

// TestBindingsCurrent checks that the committed bindings are what bindgen
// generates from the world today (-update rewrites them).
func TestBindingsCurrent(t *testing.T) {
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	res, w, err := bindgen.Load(witDir, world)
	if err != nil {
		t.Fatal(err)
	}
	files, err := bindgen.Generate(res, w, bindgen.Options{Package: "bindings"})
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := bindgen.WriteFiles("bindings", files); err != nil {
			t.Fatal(err)
		}
		return
	}
	for _, f := range files {
		have, err := os.ReadFile(filepath.Join("bindings", f.Name))
		if err != nil || !bytes.Equal(have, f.Content) {
			t.Errorf("bindings/%s is stale: run go test ./framework/stdio-transport -run TestBindingsCurrent -update", f.Name)
		}
	}
}

// component builds the transport once and returns the component's path.
func component(t *testing.T) string {
	t.Helper()
	buildOne.Do(func() {
		if setupErr != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		wasmPath = filepath.Join(tmpDir, "stdio-transport.wasm")
		setupErr = partbuild.BuildGoComponent(ctx, ".", witDir, world, wasmPath)
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
	handler, channels := partbuild.MCPPeerModules()
	argv := append(testutil.Jco(t), "run", component(t),
		"--jco-map", "wasmcp:mcp/handler@0.1.0="+handler, "wasmcp:mcp/channels@0.1.0="+channels)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), env...)
	setGroup(cmd)
	return cmd
}
