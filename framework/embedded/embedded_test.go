package embedded_test

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/wasmcp/wasmcp/component"
	"github.com/wasmcp/wasmcp/framework/embedded"
	"github.com/wasmcp/wasmcp/internal/testutil"
)

// want lists, for every part built from this package's sources, what it
// must import and export besides WASI and wasmcp:mcp/types: the framework
// program's interfaces, and its entry point.
var want = map[string]struct {
	imports, exports []string
}{
	embedded.ServerHTTP:  {frameworkImports, []string{"wasmcp:mcp/channels", "wasmcp:mcp/handler", "wasi:http/incoming-handler"}},
	embedded.ServerStdio: {frameworkImports, []string{"wasmcp:mcp/channels", "wasmcp:mcp/handler", "wasi:cli/run"}},
	// The builds for servers of tools providers only have no other slots.
	embedded.ServerHTTPTools:  {toolsImports, []string{"wasmcp:mcp/channels", "wasmcp:mcp/handler", "wasi:http/incoming-handler"}},
	embedded.ServerStdioTools: {toolsImports, []string{"wasmcp:mcp/channels", "wasmcp:mcp/handler", "wasi:cli/run"}},
	// The builds for servers with a session part tell it about calls.
	embedded.ServerHTTPClient:  {withCalls("wasmcp:server/http-calls"), []string{"wasmcp:mcp/channels", "wasmcp:mcp/handler", "wasi:http/incoming-handler"}},
	embedded.ServerStdioClient: {withCalls("wasmcp:server/stdio-calls"), []string{"wasmcp:mcp/channels", "wasmcp:mcp/handler", "wasi:cli/run"}},
	// The session parts serve components and the transport.
	embedded.SessionMemory: {nil, sessionExports("wasmcp:server/http-calls")},
	embedded.SessionKV:     {nil, sessionExports("wasmcp:server/http-calls")},
	embedded.SessionStdio:  {nil, sessionExports("wasmcp:server/stdio-calls")},
}

func withCalls(side string) []string {
	return slices.Sorted(slices.Values(append([]string{"wasmcp:framework/calls", side}, frameworkImports...)))
}

func sessionExports(side string) []string {
	return []string{"wasmcp:mcp/session", "wasmcp:mcp/client", "wasmcp:framework/calls", side}
}

var toolsImports = []string{"tools1", "tools2", "tools3", "tools4",
	"wasmcp:framework/layout", "wasmcp:framework/notifications", "wasmcp:mcp/handler"}

// frameworkImports are the imports of the framework program: four slots
// of each capability, the next handler, the channel and the layout.
var frameworkImports = func() []string {
	out := []string{"wasmcp:framework/layout", "wasmcp:framework/notifications", "wasmcp:mcp/handler"}
	for _, k := range []string{"completions", "prompts", "resources", "tools"} {
		for i := 1; i <= 4; i++ {
			out = append(out, fmt.Sprintf("%s%d", k, i))
		}
	}
	slices.Sort(out)
	return out
}()

func TestPartsListed(t *testing.T) {
	names := map[string]bool{}
	for _, in := range embedded.Parts() {
		names[in.Name] = true
		if in.Version == "" || len(in.SHA256) != 64 || in.Size == 0 || in.Inputs == "" {
			t.Errorf("incomplete index entry %+v", in)
		}
	}
	for name := range want {
		if !names[name] {
			t.Errorf("part %s is not embedded", name)
		}
	}
	if _, err := embedded.Part("no-such-part"); !errors.Is(err, embedded.ErrUnknownPart) {
		t.Errorf("Part(no-such-part) = %v, want ErrUnknownPart", err)
	}
}

// TestPartWorlds decodes each part and checks its world.
func TestPartWorlds(t *testing.T) {
	for name, w := range want {
		t.Run(name, func(t *testing.T) {
			wasm, err := embedded.Part(name)
			if err != nil {
				t.Fatal(err)
			}
			world, err := component.Inspect(wasm)
			if err != nil {
				t.Fatal(err)
			}
			// The names without versions, leaving out wasmcp:mcp/types and
			// the WASI imports of the Go runtime's adapter.
			names := func(es []component.Extern, wasi bool) (out []string) {
				for _, e := range es {
					n, _, _ := strings.Cut(e.Name, "@")
					if n == "wasmcp:mcp/types" || (!wasi && strings.HasPrefix(n, "wasi:")) {
						continue
					}
					out = append(out, n)
				}
				slices.Sort(out)
				return out
			}
			if got := names(world.Imports, false); !slices.Equal(got, w.imports) {
				t.Errorf("imports %v, want %v", got, w.imports)
			}
			wantExports := slices.Sorted(slices.Values(w.exports))
			if got := names(world.Exports, true); !slices.Equal(got, wantExports) {
				t.Errorf("exports %v, want %v", got, wantExports)
			}
			text := component.WIT(world)
			if w.imports != nil && !strings.Contains(text, "handle: func(ctx: request-context, message: message) -> option<result<json, error>>") {
				t.Errorf("WIT lacks the handle function:\n%s", text)
			}
		})
	}
}

// transpiled holds, per part, a directory with the part transpiled by jco
// into out/ (its wasmcp imports mapped to testdata/js/hooks.js), the test
// scripts and a node_modules link.
var transpiled = struct {
	sync.Mutex
	once map[string]*sync.Once
	dir  map[string]string
	err  map[string]string
}{once: map[string]*sync.Once{}, dir: map[string]string{}, err: map[string]string{}}

var tmpRoot = sync.OnceValue(func() string {
	d, err := os.MkdirTemp("", "wasmcp-embedded-test-")
	if err != nil {
		panic(err)
	}
	return d
})

func TestMain(m *testing.M) {
	code := m.Run()
	if d := tmpRoot(); d != "" {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

func transpile(t *testing.T, name string) string {
	t.Helper()
	transpiled.Lock()
	once := transpiled.once[name]
	if once == nil {
		once = new(sync.Once)
		transpiled.once[name] = once
	}
	transpiled.Unlock()
	once.Do(func() {
		dir, msg := doTranspile(t, name)
		transpiled.Lock()
		transpiled.dir[name], transpiled.err[name] = dir, msg
		transpiled.Unlock()
	})
	transpiled.Lock()
	defer transpiled.Unlock()
	if msg := transpiled.err[name]; msg != "" {
		t.Fatal(msg)
	}
	return transpiled.dir[name]
}

func doTranspile(t *testing.T, name string) (string, string) {
	wasm, err := embedded.Part(name)
	if err != nil {
		return "", err.Error()
	}
	dir := filepath.Join(tmpRoot(), name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err.Error()
	}
	src := filepath.Join("testdata", "js")
	ents, err := os.ReadDir(src)
	if err != nil {
		return "", err.Error()
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			return "", err.Error()
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			return "", err.Error()
		}
	}
	if err := os.WriteFile(filepath.Join(dir, name+".wasm"), wasm, 0o644); err != nil {
		return "", err.Error()
	}
	if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"type":"module"}`), 0o644); err != nil {
		return "", err.Error()
	}
	if err := os.Symlink(testutil.NodeModules(t), filepath.Join(dir, "node_modules")); err != nil {
		return "", err.Error()
	}
	args := []string{"transpile", name + ".wasm", "--name", name, "-o", "out",
		"--map", "wasmcp:mcp/handler@0.2.0=../hooks.js",
		"--map", "wasmcp:framework/layout@0.1.0=../hooks.js",
		"--map", "wasmcp:framework/notifications@0.1.0=../hooks.js"}
	for _, k := range []string{"tools", "resources", "prompts", "completions"} {
		for i := 1; i <= 4; i++ {
			args = append(args, "--map", fmt.Sprintf("%s%d=../hooks.js", k, i))
		}
	}
	argv := append(testutil.Jco(t), args...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", "jco " + strings.Join(args, " ") + ": " + err.Error() + "\n" + string(out)
	}
	return dir, ""
}

// TestTranspile: jco accepts every part, and wasmtime instantiates it.
func TestTranspile(t *testing.T) {
	for name := range want {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := transpile(t, name)
			if _, err := os.Stat(filepath.Join(dir, "out", name+".js")); err != nil {
				t.Fatal(err)
			}
			testutil.WasmtimeCheck(t, filepath.Join(dir, name+".wasm"))
		})
	}
}

// runScript runs testdata/js/<script> against the transpiled part; the
// script asserts with node:assert and prints "ok" at its end. It returns
// what the part wrote to stderr (its log).
func runScript(t *testing.T, name, script string) string {
	t.Parallel()
	dir := transpile(t, name)
	if err := os.WriteFile(filepath.Join(dir, "out", "package.json"), []byte(`{"type":"module"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(testutil.Node(t), script)
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || strings.TrimSpace(string(out)) != "ok" {
		t.Fatalf("node %s: %v\n%s\nstderr:\n%s", script, err, out, stderr.String())
	}
	return stderr.String()
}

// runQuiet is runScript for a part that must log nothing.
func runQuiet(t *testing.T, name, script string) {
	if log := runScript(t, name, script); log != "" {
		t.Errorf("%s wrote to stderr:\n%s", name, log)
	}
}

// TestToolsMiddleware also checks the program's log: the tool "dup", which
// both the provider and downstream list, is reported once, although the
// script lists tools several times.
func TestToolsMiddleware(t *testing.T) {
	log := runScript(t, embedded.ServerHTTP, "tools.test.mjs")
	want := "wasmcp: warning: tool \"dup\" is served by more than one component; the first in the chain wins; the later one is neither listed nor called\n"
	if log != want {
		t.Errorf("stderr:\n%q\nwant\n%q", log, want)
	}
}

func TestResourcesMiddleware(t *testing.T) {
	runQuiet(t, embedded.ServerHTTP, "resources.test.mjs")
}
func TestPromptsMiddleware(t *testing.T) {
	runQuiet(t, embedded.ServerHTTP, "prompts.test.mjs")
}
func TestCompletionsMiddleware(t *testing.T) {
	runQuiet(t, embedded.ServerHTTP, "completions.test.mjs")
}
func TestChainEnd(t *testing.T) { runQuiet(t, embedded.ServerHTTP, "chain-end.test.mjs") }

// TestChannels also checks that the entry whose JSON does not parse is
// reported on stderr when it is dropped.
func TestChannels(t *testing.T) {
	log := runScript(t, embedded.ServerHTTP, "channels.test.mjs")
	if want := "wasmcp: dropped a notification: mcpcore: log data is not valid JSON\n"; log != want {
		t.Errorf("stderr:\n%q\nwant\n%q", log, want)
	}
}
