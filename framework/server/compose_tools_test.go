package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wasmcp/wasmcp/bindgen"
	"github.com/wasmcp/wasmcp/componentize"
	fwserver "github.com/wasmcp/wasmcp/compose/server"
	"github.com/wasmcp/wasmcp/internal/testutil"
)

// The whole path with a tool written in Go: the MCP TypeScript SDK client
// → jco serve → the framework program (transport, tools middleware over its
// first tools slot, chain end) → testdata/toolguest, which logs and reports
// progress on the Go-free notification channel.

// buildToolGuest builds testdata/toolguest into a component.
func buildToolGuest(t *testing.T) []byte {
	t.Helper()
	core := filepath.Join(tmpDir, "toolguest.core.wasm")
	build := exec.Command("go", "build", "-buildmode=c-shared", "-o", core, "./testdata/toolguest")
	build.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build toolguest: %v\n%s", err, out)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	comp, err := componentize.Componentize(ctx, componentize.Options{
		Core: core, WitDir: filepath.Join(pcfg.Root, "wit", "mcp"), World: "tools-provider", NodeModules: pcfg.NodeModules,
	})
	if err != nil {
		t.Fatal(err)
	}
	return comp
}

func composeWithTools(t *testing.T) string {
	t.Helper()
	fw, err := os.ReadFile(component(t))
	if err != nil {
		t.Fatal(err)
	}
	guest := buildToolGuest(t)
	// The program just built stands in for the embedded one.
	partFunc := func(ctx context.Context, name string) (fwserver.Part, error) {
		if name == "server-http" {
			return fwserver.Part{Name: name, Source: "built by the test", Wasm: fw}, nil
		}
		return fwserver.EmbeddedParts(ctx, name)
	}
	p, err := fwserver.NewPlan(context.Background(), []fwserver.Input{{Name: "toolguest", Wasm: guest}},
		fwserver.Options{Transport: fwserver.HTTP, Parts: partFunc})
	if err != nil {
		t.Fatal(err)
	}
	out, err := p.Build()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(tmpDir, "tools-server.wasm")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const sdkCountJS = `
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { LoggingMessageNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
const client = new Client({ name: "sdk-test", version: "1.0.0" });
const logs = [];
client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => { logs.push(n.params); });
await client.connect(new StreamableHTTPClientTransport(new URL(process.argv[1])));
const out = { caps: client.getServerCapabilities() };
out.tools = (await client.listTools()).tools.map((t) => t.name);
const progress = [];
out.call = await client.callTool({ name: "count", arguments: { n: 3 } }, undefined, { onprogress: (p) => progress.push(p) });
out.progress = progress;
out.logs = logs;
try { await client.callTool({ name: "missing", arguments: {} }); out.missing = "no error"; }
catch (e) { out.missing = e.code + " " + e.message; }
await client.close();
console.log(JSON.stringify(out));
`

func TestComposedServerWithGoTool(t *testing.T) {
	server := composeWithTools(t)
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	argv := append(testutil.Jco(t), "serve", server, "--host", "127.0.0.1", "--port", fmt.Sprint(port))
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), "WASMCP_LOG_LEVEL=debug")
	setGroup(cmd)
	var log strings.Builder
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = killGroup(cmd); _ = cmd.Wait() }()
	deadline := time.Now().Add(3 * time.Minute)
	for !listening(port) {
		if time.Now().After(deadline) {
			t.Fatalf("jco serve did not listen: %s", log.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
	client := exec.Command(testutil.Node(t), "--input-type=module", "-e", sdkCountJS, fmt.Sprintf("http://127.0.0.1:%d/mcp", port))
	client.Dir = filepath.Dir(testutil.NodeModules(t))
	out, err := client.CombinedOutput()
	if err != nil {
		t.Fatalf("SDK client: %v\n%s\nserver: %s", err, out, log.String())
	}
	s := strings.TrimSpace(string(out))
	var got struct {
		Caps     map[string]json.RawMessage
		Tools    []string
		Call     struct{ Content []struct{ Type, Text string } }
		Progress []struct{ Progress, Total float64 }
		Logs     []struct{ Level, Logger, Data string }
		Missing  string
	}
	if err := json.Unmarshal([]byte(s[strings.LastIndexByte(s, '\n')+1:]), &got); err != nil {
		t.Fatalf("client output: %v\n%s", err, out)
	}
	if got.Caps["tools"] == nil || got.Caps["logging"] == nil {
		t.Errorf("capabilities %v", got.Caps)
	}
	if strings.Join(got.Tools, ",") != "count" {
		t.Errorf("tools %v", got.Tools)
	}
	if len(got.Call.Content) != 1 || got.Call.Content[0].Text != "3" {
		t.Errorf("call %+v", got.Call)
	}
	if len(got.Progress) != 3 || got.Progress[2].Progress != 3 || got.Progress[2].Total != 3 {
		t.Errorf("progress %+v", got.Progress)
	}
	if len(got.Logs) != 1 || got.Logs[0].Level != "info" || got.Logs[0].Logger != "count" || got.Logs[0].Data != "counting" {
		t.Errorf("logs %+v", got.Logs)
	}
	if !strings.Contains(got.Missing, "-32602") || !strings.Contains(got.Missing, "Unknown tool: missing") {
		t.Errorf("unknown tool: %q", got.Missing)
	}
}

// TestToolGuestBindingsCurrent checks testdata/toolguest/bindings against
// bindgen's output for wit/mcp's tools-provider (-update rewrites them).
func TestToolGuestBindingsCurrent(t *testing.T) {
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	res, w, err := bindgen.Load(filepath.Join(pcfg.Root, "wit", "mcp"), "tools-provider")
	if err != nil {
		t.Fatal(err)
	}
	files, err := bindgen.Generate(res, w, bindgen.Options{Package: "bindings"})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join("testdata", "toolguest", "bindings")
	for _, f := range files {
		if *update {
			if err := os.WriteFile(filepath.Join(dir, f.Name), f.Content, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if have, err := os.ReadFile(filepath.Join(dir, f.Name)); err != nil || string(have) != string(f.Content) {
			t.Errorf("%s/%s is stale: run go test ./framework/server -run BindingsCurrent -update", dir, f.Name)
		}
	}
}
