package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/compose"
	"github.com/wasmcp/wasmcp/framework/embedded"
	"github.com/wasmcp/wasmcp/internal/testutil"
)

// composeServer composes the transport with the embedded notify-channel and
// chain-end and returns the path of the result.
func composeServer(t *testing.T) string {
	t.Helper()
	transport, err := os.ReadFile(component(t))
	if err != nil {
		t.Fatal(err)
	}
	c := compose.New()
	inst := map[string]*compose.Instance{}
	for _, name := range []string{"notify-channel", "chain-end", "stdio-transport"} {
		wasm := transport
		if name != "stdio-transport" {
			if wasm, err = embedded.Part(name); err != nil {
				t.Fatal(err)
			}
		}
		comp, err := c.AddComponent(name, wasm)
		if err != nil {
			t.Fatal(err)
		}
		if inst[name], err = c.Instantiate(comp, name); err != nil {
			t.Fatal(err)
		}
	}
	tr := inst["stdio-transport"]
	for _, w := range []struct{ iface, from string }{
		{"wasmcp:mcp/channels@0.1.0", "notify-channel"},
		{"wasmcp:mcp/handler@0.1.0", "chain-end"},
	} {
		if err := c.Wire(tr, w.iface, inst[w.from], w.iface); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Export(tr, "wasi:cli/run@0.2.12", "wasi:cli/run@0.2.12"); err != nil {
		t.Fatal(err)
	}
	out, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(tmpDir, "server.wasm")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestComposedServer runs a server composed of real parts (this transport,
// the embedded notify-channel and chain-end) under jco run, with nothing
// mapped in.
func TestComposedServer(t *testing.T) {
	server := composeServer(t)
	argv := append(testutil.Jco(t), "run", server)
	cmd := exec.Command(argv[0], argv[1:]...)
	setGroup(cmd)
	cmd.Stdin = strings.NewReader(strings.Join([]string{
		`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`,
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`,
		`{"jsonrpc":"2.0","id":2,"method":"tools/list"}`,
		`{"jsonrpc":"2.0","id":3,"method":"ping"}`,
		`not json`,
		`{"jsonrpc":"2.0","id":4,"method":"resources/read","params":{"uri":"file:///x"}}`,
	}, "\n") + "\n")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("jco run: %v\nstdout: %s\nstderr: %s", err, out, stderr.String())
	}
	want := []string{
		`{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-11-25","capabilities":{"logging":{}},"serverInfo":{"name":"wasmcp","version":"0.1.0"}}}`,
		`{"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"Method not found: tools/list"}}`,
		`{"jsonrpc":"2.0","id":3,"result":{}}`,
		`{"jsonrpc":"2.0","error":{"code":-32700,"message":"Parse error: body is not valid JSON"}}`,
		`{"jsonrpc":"2.0","id":4,"error":{"code":-32002,"message":"Resource not found","data":{"uri":"file:///x"}}}`,
	}
	got := strings.Split(strings.TrimSpace(string(out)), "\n")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("stdout:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
