package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wasmcp/wasmcp/internal/iostreams"
	"github.com/wasmcp/wasmcp/internal/testutil"
)

// serveDir writes a flat config folder with the example echo plugin.
func serveDir(t *testing.T) string {
	t.Helper()
	wasm := testutil.BuildPlugin(t, "echo")
	dir := t.TempDir()
	b, err := os.ReadFile(wasm)
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "echo"), 0o755)
	os.WriteFile(filepath.Join(dir, "echo", "echo.wasm"), b, 0o644)
	os.WriteFile(filepath.Join(dir, "plugins.yml"), []byte(`plugins:
  - name: echo
    path: echo/echo.wasm
    functions:
      - displayName: echo
        function: echo
        arguments:
          - {name: message, type: string}
`), 0o644)
	return dir
}

func TestServeUsageErrors(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		args []string
	}{
		{nil, []string{"serve", "--stdio", "--port", "1"}},
		{map[string]string{"HTTP_PORT": "http"}, []string{"serve", "--config", t.TempDir()}},
		{nil, []string{"serve", "extra-arg"}},
		{nil, []string{"serve", "--port", "70000"}},
	} {
		code, _, errOut := runCLI(t, c.env, c.args...)
		if code != exitUsage {
			t.Errorf("%v %v: exit %d (%s)", c.env, c.args, code, errOut)
		}
	}
}

func TestServeBadConfig(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "plugins.yml"), []byte("plugins:\n  - name: x\n    path: x.wasm\n    functions:\n      - function: f\n        arguments:\n          - {name: a, type: int}\n"), 0o644)
	code, _, errOut := runCLI(t, nil, "serve", "--config", dir, "--port", "0")
	if code != exitError || !strings.Contains(errOut, `plugins.yml:7:29: plugins[0].functions[0].arguments[0].type: "int" is not one of`) {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
}

// A --config folder that does not exist is refused before anything starts,
// instead of serving an empty configuration.
func TestServeMissingConfigFolder(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-such-folder")
	code, _, errOut := runCLI(t, nil, "serve", "--config", missing, "--port", "0")
	if code != exitError || !strings.Contains(errOut, "--config "+missing+": not an existing folder") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
}

func TestServeHTTP(t *testing.T) {
	dir := serveDir(t)
	pr, pw := io.Pipe()
	var out bytes.Buffer
	f := &factory{IO: &iostreams.IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: pw}, Getenv: func(k string) string {
		return map[string]string{"WASIMANCER_AUTHENTICATION_TOKEN": "tok", "HTTP_PORT": "1"}[k]
	}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- runWith(ctx, []string{"serve", "--config", dir, "--port", "0"}, f)
		pw.Close()
	}()
	var addr string
	var stderr strings.Builder
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		line := sc.Text()
		stderr.WriteString(line + "\n")
		if strings.Contains(line, "admin-token") || strings.Contains(line, "generated client token") {
			t.Errorf("a set token was reported as generated: %s", line)
		}
		if a, ok := strings.CutPrefix(line, "listening on "); ok {
			addr = a
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if !strings.HasPrefix(addr, "http://127.0.0.1:") {
		t.Fatalf("no listening line; stderr:\n%s", stderr.String())
	}
	if !strings.Contains(stderr.String(), "generated admin token") {
		t.Errorf("the generated admin token was not shown:\n%s", stderr.String())
	}
	req, _ := http.NewRequest("POST", addr+"/mcp", strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18"}}`))
	req.Header.Set("Authorization", "Bearer tok")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Mcp-Session-Id") == "" || !strings.Contains(string(b), `"protocolVersion":"2025-06-18"`) {
		t.Errorf("initialize: %d %s", resp.StatusCode, b)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d after cancel", code)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop after cancel")
	}
}

func TestServeStdio(t *testing.T) {
	dir := serveDir(t)
	in := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2024-11-05"}}
{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"message":"hi"}}}
`
	var out, errOut bytes.Buffer
	f := &factory{IO: &iostreams.IOStreams{In: strings.NewReader(in), Out: &out, ErrOut: &errOut}, Getenv: func(string) string { return "" }}
	code := runWith(context.Background(), []string{"serve", "--config", dir, "--stdio"}, f)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("stdout:\n%s", out.String())
	}
	var found bool
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("%q: %v", l, err)
		}
		if strings.Contains(l, `{\"message\":\"hi\"}`) {
			found = true
		}
	}
	if !found {
		t.Errorf("no echo answer:\n%s", out.String())
	}
	if strings.Contains(errOut.String(), "token") {
		t.Errorf("stdio mode shows tokens:\n%s", errOut.String())
	}
}

// --check loads the folder without serving, and prints per plugin what a
// WASImancer user meets, with the line to add; a folder that does not load
// is exit 1 with the file:line of the mistake.
func TestServeCheck(t *testing.T) {
	dir := serveDir(t)
	io, _, out, errOut := iostreams.Test()
	f := &factory{IO: io, Getenv: func(string) string { return "" }, Environ: func() []string { return []string{"WASM_TOKEN=x", "HOME=/h"} }}
	if code := runWith(context.Background(), []string{"serve", "--check", dir, "--cache-dir", ""}, f); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"loads: 1 plugins (1 tools)", `plugin "echo" (` + filepath.Join(dir, "plugins.yml") + `:2):`, "restore with, in this plugin's entry:  env: [WASM_TOKEN]"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out.String(), "allowedHosts") { // echo makes no HTTP requests
		t.Errorf("allowedHosts finding for echo:\n%s", out)
	}
	if strings.Contains(out.String(), "listening") || strings.Contains(errOut.String(), "listening") {
		t.Errorf("--check served:\n%s%s", out, errOut)
	}
	code, _, stderr := runCLI(t, nil, "serve", "--check", dir, "--port", "1")
	if code != exitUsage {
		t.Errorf("--check with --port: exit %d %s", code, stderr)
	}
	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, "plugins.yml"), []byte("plugins:\n  - name: x\n    path: x.wasm\n    functions:\n      - function: f\n        arguments:\n          - {name: a, type: int}\n"), 0o644)
	code, _, stderr = runCLI(t, nil, "serve", "--check", bad)
	if code != exitError || !strings.Contains(stderr, "plugins.yml:7:29:") {
		t.Errorf("bad folder: exit %d %s", code, stderr)
	}
}
