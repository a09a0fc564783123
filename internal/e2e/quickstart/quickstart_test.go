//go:build unix

package quickstart

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/wasmcp/wasmcp/internal/testutil"
)

// docCommands returns the lines of the first ```sh block after the heading
// "## Five commands" of docs/quickstart.md.
func docCommands(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testutil.RepoRoot(t), "docs", "quickstart.md"))
	if err != nil {
		t.Fatal(err)
	}
	var (
		cmds               []string
		inSection, inBlock bool
	)
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case !inSection:
			inSection = line == "## Five commands"
		case !inBlock && line == "```sh":
			inBlock = true
		case inBlock && line == "```":
			return cmds
		case inBlock && strings.TrimSpace(line) != "":
			cmds = append(cmds, line)
		}
	}
	t.Fatal("docs/quickstart.md: no ```sh block after \"## Five commands\"")
	return nil
}

// buildWasmcp builds ./cmd/wasmcp into dir.
func buildWasmcp(t *testing.T, dir string) {
	t.Helper()
	cmd := exec.Command("go", "build", "-o", filepath.Join(dir, "wasmcp"), "./cmd/wasmcp")
	cmd.Dir = testutil.RepoRoot(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build wasmcp: %v\n%s", err, out)
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// env is the commands' environment: the wasmcp under test first on PATH,
// no registry or module proxy to fall back on, and wasmcp's configuration
// and caches inside the test's directory. GOCACHE stays the user's, so that
// the Go standard library is not rebuilt for wasip1.
func env(t *testing.T, bin, work string) []string {
	t.Helper()
	gocache, err := exec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "PATH", "WASMCP_NODE_MODULES", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "GOCACHE", "GOPROXY", "GOFLAGS":
			continue
		}
		if strings.HasPrefix(k, "npm_config_") || strings.HasPrefix(k, "NPM_CONFIG_") {
			continue
		}
		out = append(out, kv)
	}
	return append(out,
		"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"XDG_CONFIG_HOME="+filepath.Join(work, ".config"),
		"XDG_CACHE_HOME="+filepath.Join(work, ".cache"),
		"GOCACHE="+strings.TrimSpace(string(gocache)),
		"GOPROXY=off",
		"npm_config_offline=true",
		"npm_config_update_notifier=false",
		"npm_config_fund=false",
	)
}

// TestQuickstart runs the five commands of docs/quickstart.md in an empty
// directory and checks the answer of the tool call.
func TestQuickstart(t *testing.T) {
	cmds := docCommands(t)
	if len(cmds) != 5 {
		t.Fatalf("docs/quickstart.md lists %d commands, want 5:\n%s", len(cmds), strings.Join(cmds, "\n"))
	}
	if !strings.HasSuffix(cmds[3], " &") {
		t.Fatalf("the fourth command should run in the background: %q", cmds[3])
	}

	root := t.TempDir()
	bin := filepath.Join(root, "bin")
	work := filepath.Join(root, "work")
	if err := os.MkdirAll(work, 0o755); err != nil {
		t.Fatal(err)
	}
	buildWasmcp(t, bin)
	// Stands in for the prerequisite `npm install @bytecodealliance/jco@1.35.0`
	// in the working directory.
	if err := os.Symlink(testutil.NodeModules(t), filepath.Join(work, "node_modules")); err != nil {
		t.Fatal(err)
	}
	environ := env(t, bin, work)
	port := strconv.Itoa(freePort(t))
	for i := range cmds {
		cmds[i] = strings.ReplaceAll(cmds[i], "8080", port)
	}

	sh := func(line string) string {
		t.Helper()
		start := time.Now()
		cmd := exec.Command("sh", "-c", line)
		cmd.Dir = work
		cmd.Env = environ
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("$ %s: %v\nstdout:\n%s\nstderr:\n%s", line, err, stdout.String(), stderr.String())
		}
		t.Logf("$ %s (%.1fs)", line, time.Since(start).Seconds())
		return stdout.String()
	}

	// 1. wasmcp new: a Go project that needs no module of wasmcp.
	sh(cmds[0])
	gomod, err := os.ReadFile(filepath.Join(work, "calc", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(gomod, []byte("\nrequire")) {
		t.Errorf("calc/go.mod has requirements:\n%s", gomod)
	}
	// 2. make, 3. compose.
	sh(cmds[1])
	sh(cmds[2])
	if _, err := os.Stat(filepath.Join(work, "server.wasm")); err != nil {
		t.Fatal(err)
	}

	// 4. jco serve, in the background: started here, in its own process group
	// so that its workers are stopped with it.
	serve := exec.Command("sh", "-c", "exec "+strings.TrimSuffix(cmds[3], " &"))
	serve.Dir = work
	serve.Env = environ
	serveOut := &lockedBuffer{}
	serve.Stdout, serve.Stderr = serveOut, serveOut
	serve.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- serve.Wait() }()
	t.Cleanup(func() {
		syscall.Kill(-serve.Process.Pid, syscall.SIGKILL)
		<-exited
	})
	waitPort(t, "127.0.0.1:"+port, exited, serveOut)

	// 5. curl: the tool call's answer.
	out := sh(cmds[4])
	var msg struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Error   json.RawMessage `json:"error"`
		Result  struct {
			Content []struct {
				Type string `json:"type"`
				Text string `json:"text"`
			} `json:"content"`
			IsError bool `json:"isError"`
		} `json:"result"`
	}
	if err := json.Unmarshal([]byte(out), &msg); err != nil {
		t.Fatalf("curl output is not one JSON-RPC message: %v\n%s", err, out)
	}
	if msg.JSONRPC != "2.0" || string(msg.ID) != "1" || msg.Error != nil || msg.Result.IsError ||
		len(msg.Result.Content) != 1 || msg.Result.Content[0].Type != "text" || msg.Result.Content[0].Text != "5" {
		t.Errorf("tools/call add {a:2,b:3}: got %s, want a result with one text content \"5\"", out)
	}
}

// waitPort waits until addr accepts connections, failing if the server
// exits first or does not listen within two minutes.
func waitPort(t *testing.T, addr string, exited <-chan error, out *lockedBuffer) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return
		}
		select {
		case err := <-exited:
			t.Fatalf("jco serve exited before listening on %s: %v\n%s", addr, err, out.String())
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("jco serve does not listen on %s after 2 minutes:\n%s", addr, out.String())
		}
	}
}

// lockedBuffer collects a process's output while the test may read it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
