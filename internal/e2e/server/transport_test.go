package server

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/bindgen"
	"github.com/wasmcp/wasmcp/internal/testutil"
)

// A transport of the user's, given with --override stdio-transport=…: it
// imports the chain's head and the notification channel (world
// wasmcp:mcp/transport-core), which the framework program exports, and
// serves a line protocol of its own on stdin and stdout.

// transportWIT assembles the custom transport's WIT: its world, the MCP
// contract and the WASI packages of the pinned jco as deps.
func transportWIT(t testing.TB) string {
	return testutil.WITDir(t, filepath.Join("testdata", "layout", "transport", "wit"),
		map[string]string{"wasmcp-mcp": filepath.Join(testutil.RepoRoot(t), "wit", "mcp")}, "0.2.12")
}

// customTransport builds testdata/layout/transport into a component, once.
func customTransport(t testing.TB) string {
	bin := wasmcp(t)
	root := testutil.RepoRoot(t)
	witDir := transportWIT(t)
	return once(t, "custom transport", func() (string, error) {
		core := filepath.Join(tmpDir, "transport.core.wasm")
		out := filepath.Join(tmpDir, "transport.wasm")
		for _, argv := range [][]string{
			{"go", "build", "-trimpath", "-ldflags=-s -w", "-buildmode=c-shared", "-o", core, "./internal/e2e/server/testdata/layout/transport"},
			{bin, "componentize", core, "--wit", witDir, "--world", "test:transport/transport@0.1.0", "-o", out},
		} {
			cmd := exec.Command(argv[0], argv[1:]...)
			cmd.Dir = root
			cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm", "WASMCP_NODE_MODULES="+testutil.NodeModules(t))
			if b, err := cmd.CombinedOutput(); err != nil {
				return "", &exec.ExitError{Stderr: append([]byte(strings.Join(argv, " ")+": "), b...)}
			}
		}
		return out, nil
	})
}

// TestCustomTransport composes a tools provider with the transport of the
// user's on stdio and runs the server on wasmtime: each line reaches the
// chain through the program's exported handler, and a tool's log comes
// back through the program's exported channel.
func TestCustomTransport(t *testing.T) {
	p1 := layoutComponent(t, "provider", "tools-provider", "p1")
	wasm := composeWith(t, "custom-transport", []string{"--transport", "stdio", "--override", "stdio-transport=" + customTransport(t)}, p1)
	testutil.WasmtimeCheck(t, wasm)
	out := testutil.WasmtimeRun(t, wasm, strings.NewReader(strings.Join([]string{
		`initialize {"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}`,
		`tools/list`,
		`tools/call {"name":"p1-tool"}`,
		`test/nobody`,
	}, "\n")+"\n"))
	for _, want := range []string{
		`initialize => ok {"capabilities":{"tools":{}}}`,
		`tools/list => ok {"tools":[{"name":"p1-tool","inputSchema":{"type":"object"}}]}`,
		`tools/call => note {"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","logger":"p1","data":"called p1"}}`,
		`tools/call => ok {"content":[{"type":"text","text":"p1 answers"}]}`,
		`test/nobody => none`,
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestTransportGuestBindingsCurrent checks the custom transport's committed
// bindings (-update rewrites them).
func TestTransportGuestBindingsCurrent(t *testing.T) {
	res, w, err := bindgen.Load(transportWIT(t), "test:transport/transport@0.1.0")
	if err != nil {
		t.Fatal(err)
	}
	files, err := bindgen.Generate(res, w, bindgen.Options{Package: "bindings"})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join("testdata", "layout", "transport", "bindings")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if *update {
			if err := os.WriteFile(filepath.Join(dir, f.Name), f.Content, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if have, err := os.ReadFile(filepath.Join(dir, f.Name)); err != nil || !bytes.Equal(have, f.Content) {
			t.Errorf("%s/%s is stale: run go test ./internal/e2e/server -run TransportGuestBindingsCurrent -update", dir, f.Name)
		}
	}
}
