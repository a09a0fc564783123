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
	"syscall"
	"testing"
	"time"

	"github.com/wasmcp/wasmcp/internal/testutil"
)

// docBlock returns the lines of the first ```sh block after the heading
// "## "+heading of docs/quickstart.md.
func docBlock(t *testing.T, heading string) []string {
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
			inSection = line == "## "+heading
		case !inBlock && line == "```sh":
			inBlock = true
		case inBlock && line == "```":
			return cmds
		case inBlock && strings.TrimSpace(line) != "":
			cmds = append(cmds, line)
		}
	}
	t.Fatalf("docs/quickstart.md: no ```sh block after \"## %s\"", heading)
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

// TestQuickstart runs the blocks of docs/quickstart.md in an empty
// directory, each as one shell script, as a user pasting them would: the
// five commands and the answer of the tool call; make and compose --force
// after an edit; a TypeScript project composed with the Go one, whose server
// lists the tools of both.
func TestQuickstart(t *testing.T) {
	five := docBlock(t, "Five commands")
	if len(five) != 5 {
		t.Fatalf("docs/quickstart.md lists %d commands, want 5:\n%s", len(five), strings.Join(five, "\n"))
	}
	again := docBlock(t, "Change a tool, build again")
	mixed := docBlock(t, "Add a TypeScript component")

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
	ports := strings.NewReplacer("8080", strconv.Itoa(freePort(t)), "8081", strconv.Itoa(freePort(t)))

	// script runs a block as one sh script. Its background commands stay in
	// the test's process group for the cleanup to stop. Output goes to a
	// file, not a pipe, which a background server would hold open.
	var groups []int
	t.Cleanup(func() {
		for _, g := range groups {
			syscall.Kill(-g, syscall.SIGKILL)
		}
	})
	script := func(lines []string) string {
		t.Helper()
		text := ports.Replace(strings.Join(lines, "\n")) + "\n"
		out, err := os.CreateTemp(root, "out-")
		if err != nil {
			t.Fatal(err)
		}
		defer out.Close()
		start := time.Now()
		cmd := exec.Command("sh", "-c", text)
		cmd.Dir = work
		cmd.Env = environ
		cmd.Stdout, cmd.Stderr = out, out
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		groups = append(groups, cmd.Process.Pid)
		err = cmd.Wait()
		b, _ := os.ReadFile(out.Name())
		if err != nil {
			t.Fatalf("$ sh -c %q: %v\n%s", text, err, b)
		}
		t.Logf("$ sh -c %q (%.1fs)", text, time.Since(start).Seconds())
		return string(b)
	}

	out := script(five)
	gomod, err := os.ReadFile(filepath.Join(work, "calc", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(gomod, []byte("\nrequire")) {
		t.Errorf("calc/go.mod has requirements:\n%s", gomod)
	}
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
			Tools   []struct {
				Name string `json:"name"`
			} `json:"tools"`
		} `json:"result"`
	}
	answer := func(out string) {
		t.Helper()
		msg.Result.Content, msg.Result.Tools = nil, nil
		line := jsonLine(out)
		if err := json.Unmarshal([]byte(line), &msg); err != nil {
			t.Fatalf("no JSON-RPC answer in the output: %v\n%s", err, out)
		}
	}
	answer(out)
	if msg.JSONRPC != "2.0" || string(msg.ID) != "1" || msg.Error != nil || msg.Result.IsError ||
		len(msg.Result.Content) != 1 || msg.Result.Content[0].Type != "text" || msg.Result.Content[0].Text != "5" {
		t.Errorf("tools/call add {a:2,b:3}: got %s, want a result with one text content \"5\"", out)
	}

	// The edit of "Change a tool": a description, so that the component and
	// the server change but the tool names the next block expects do not.
	tools := filepath.Join(work, "calc", "tools.go")
	src, err := os.ReadFile(tools)
	if err != nil {
		t.Fatal(err)
	}
	edited := bytes.Replace(src, []byte(`"Adds two numbers."`), []byte(`"Adds two numbers, a + b."`), 1)
	if bytes.Equal(edited, src) {
		t.Fatal("calc/tools.go: the description of add was not found")
	}
	if err := os.WriteFile(tools, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(filepath.Join(work, "server.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	script(again)
	after, err := os.ReadFile(filepath.Join(work, "server.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(before, after) || !bytes.Contains(after, []byte("Adds two numbers, a + b.")) {
		t.Error("server.wasm does not hold the edited component")
	}

	out = script(mixed)
	if strings.Contains(out, "warning:") {
		t.Errorf("the mixed composition warned:\n%s", out)
	}
	answer(out)
	var names []string
	for _, tool := range msg.Result.Tools {
		names = append(names, tool.Name)
	}
	if string(msg.ID) != "2" || strings.Join(names, ",") != "echo,add,reverse,multiply" {
		t.Errorf("tools/list of the Go and TypeScript server: %v, want echo, add, reverse, multiply\n%s", names, out)
	}
}

// jsonLine returns the last line of out that holds a JSON-RPC message: the
// background server writes to the same output.
func jsonLine(out string) string {
	lines := strings.Split(out, "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if l := strings.TrimSpace(lines[i]); strings.HasPrefix(l, `{"jsonrpc"`) {
			return l
		}
	}
	return ""
}
