package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wasmcp/wasmcp/compose"
	"github.com/wasmcp/wasmcp/framework/embedded"
	"github.com/wasmcp/wasmcp/internal/testutil"
)

// A server composed of real parts: this transport, the embedded
// notify-channel and chain-end, wired with the composition engine and served
// by `jco serve` with nothing mapped in.

var (
	composeOnce sync.Once
	composed    string
	composeErr  error
)

// composedServer writes the composition of the transport with the embedded
// notify-channel and chain-end and returns its path.
func composedServer(t *testing.T) string {
	t.Helper()
	transport := component(t)
	composeOnce.Do(func() {
		composeErr = func() error {
			c := compose.New()
			add := func(name string, wasm []byte) (*compose.Instance, error) {
				comp, err := c.AddComponent(name, wasm)
				if err != nil {
					return nil, err
				}
				return c.Instantiate(comp, name)
			}
			parts := map[string]*compose.Instance{}
			for _, name := range []string{"notify-channel", "chain-end"} {
				wasm, err := embedded.Part(name)
				if err != nil {
					return err
				}
				if parts[name], err = add(name, wasm); err != nil {
					return err
				}
			}
			wasm, err := os.ReadFile(transport)
			if err != nil {
				return err
			}
			tr, err := add("http-transport", wasm)
			if err != nil {
				return err
			}
			if err := c.Wire(tr, "wasmcp:mcp/channels@0.1.0", parts["notify-channel"], "wasmcp:mcp/channels@0.1.0"); err != nil {
				return err
			}
			if err := c.Wire(tr, "wasmcp:mcp/handler@0.1.0", parts["chain-end"], "wasmcp:mcp/handler@0.1.0"); err != nil {
				return err
			}
			if err := c.Export(tr, "wasi:http/incoming-handler@0.2.12", "wasi:http/incoming-handler@0.2.12"); err != nil {
				return err
			}
			out, err := c.Encode()
			if err != nil {
				return err
			}
			composed = filepath.Join(tmpDir, "server.wasm")
			return os.WriteFile(composed, out, 0o644)
		}()
	})
	if composeErr != nil {
		t.Fatalf("compose: %v", composeErr)
	}
	return composed
}

func TestComposedServer(t *testing.T) {
	server := composedServer(t)
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	argv := append(testutil.Jco(t), "serve", server, "--host", "127.0.0.1", "--port", fmt.Sprint(port))
	cmd := exec.Command(argv[0], argv[1:]...)
	setGroup(cmd)
	var log strings.Builder
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = killGroup(cmd); _ = cmd.Wait() }()
	url := fmt.Sprintf("http://127.0.0.1:%d/mcp", port)
	deadline := time.Now().Add(3 * time.Minute)
	for !listening(port) {
		if time.Now().After(deadline) {
			t.Fatalf("jco serve of the composed server did not listen: %s", log.String())
		}
		time.Sleep(200 * time.Millisecond)
	}

	// chain-end answers initialize with empty capabilities; the transport
	// adds logging and negotiates.
	resp, body := do(t, "POST", url, initBody("2025-06-18"), "Accept", acceptBoth, "Content-Type", ctJSON)
	if resp.StatusCode != 200 || !strings.Contains(body, `"protocolVersion":"2025-06-18"`) || !strings.Contains(body, `"capabilities":{"logging":{}}`) {
		t.Errorf("initialize: %d %q", resp.StatusCode, body)
	}
	// Nothing in the chain lists tools: chain-end's none is method not found.
	resp, body = do(t, "POST", url, `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`, "Accept", acceptBoth, "Content-Type", ctJSON, "MCP-Protocol-Version", "2025-06-18")
	if r := decode(t, body); resp.StatusCode != 200 || r.Error == nil || r.Error.Code != -32601 || string(r.ID) != "2" {
		t.Errorf("tools/list: %d %q, want -32601", resp.StatusCode, body)
	}
	resp, body = do(t, "POST", url, `{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"x"}}`, "Accept", acceptBoth, "Content-Type", ctJSON)
	if r := decode(t, body); r.Error == nil || r.Error.Code != -32602 {
		t.Errorf("tools/call: %d %q, want -32602", resp.StatusCode, body)
	}
	if _, body = do(t, "POST", url, `{"jsonrpc":"2.0","id":4,"method":"ping"}`, "Accept", acceptBoth, "Content-Type", ctJSON); body != `{"jsonrpc":"2.0","id":4,"result":{}}` {
		t.Errorf("ping: %q", body)
	}
	if resp, body = do(t, "POST", url, `{"jsonrpc":"2.0","method":"notifications/initialized"}`, "Accept", acceptBoth, "Content-Type", ctJSON); resp.StatusCode != 202 {
		t.Errorf("notification: %d %q", resp.StatusCode, body)
	}
	if resp, body = do(t, "POST", url, `{"jsonrpc"`, "Accept", acceptBoth, "Content-Type", ctJSON); resp.StatusCode != 400 || !strings.Contains(body, "-32700") {
		t.Errorf("malformed: %d %q", resp.StatusCode, body)
	}
	if resp, _ = do(t, "GET", url, "", "Accept", "text/event-stream"); resp.StatusCode != 405 {
		t.Errorf("GET: %d", resp.StatusCode)
	}
}
