package embedded_test

import (
	"errors"
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

// want lists, for every part built from this package's sources, the
// wasmcp:mcp interfaces it must import and export (besides types, which
// every part imports, and the WASI imports of the Go runtime's adapter).
var want = map[string]struct{ imports, exports []string }{
	embedded.ToolsMiddleware:       {[]string{"handler", "tools"}, []string{"handler"}},
	embedded.ResourcesMiddleware:   {[]string{"handler", "resources"}, []string{"handler"}},
	embedded.PromptsMiddleware:     {[]string{"handler", "prompts"}, []string{"handler"}},
	embedded.CompletionsMiddleware: {[]string{"completions", "handler"}, []string{"handler"}},
	embedded.ChainEnd:              {nil, []string{"handler"}},
	embedded.NotifyChannel:         {nil, []string{"channels", "notify"}},
}

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

// TestPartWorlds decodes each part and checks its world, as `wasmcp wit`
// prints it.
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
			mcp := func(es []component.Extern) (out []string) {
				for _, e := range es {
					if rest, ok := strings.CutPrefix(e.Name, "wasmcp:mcp/"); ok {
						iface, version, _ := strings.Cut(rest, "@")
						if version != "0.1.0" {
							t.Errorf("%s: version %q", e.Name, version)
						}
						if iface != "types" {
							out = append(out, iface)
						}
					} else if !strings.HasPrefix(e.Name, "wasi:") {
						t.Errorf("unexpected extern %s", e.Name)
					}
				}
				slices.Sort(out)
				return out
			}
			if got := mcp(world.Imports); !slices.Equal(got, w.imports) {
				t.Errorf("imports %v, want %v", got, w.imports)
			}
			if got := mcp(world.Exports); !slices.Equal(got, w.exports) {
				t.Errorf("exports %v, want %v", got, w.exports)
			}
			if len(world.Exports) != len(w.exports) {
				t.Errorf("exports %d externs, want %d", len(world.Exports), len(w.exports))
			}
			text := component.WIT(world)
			for _, e := range w.exports {
				if !strings.Contains(text, "export wasmcp:mcp/"+e+"@0.1.0") {
					t.Errorf("WIT does not export %s:\n%s", e, text)
				}
			}
			if slices.Contains(w.exports, "handler") && !strings.Contains(text, "handle: func(ctx: request-context, message: message) -> option<result<json, error>>") {
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
	args := []string{"transpile", name + ".wasm", "--name", name, "-o", "out"}
	for _, iface := range []string{"handler", "tools", "resources", "prompts", "completions"} {
		args = append(args, "--map", "wasmcp:mcp/"+iface+"@0.1.0=../hooks.js")
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

// TestToolsMiddleware also checks the part's log: the tool "dup", which
// both the provider and downstream list, is reported once, although the
// script lists tools several times.
func TestToolsMiddleware(t *testing.T) {
	log := runScript(t, embedded.ToolsMiddleware, "tools.test.mjs")
	want := "wasmcp tools-middleware: warning: tool \"dup\" is served by more than one component; the first in the chain wins; the later one is neither listed nor called\n"
	if log != want {
		t.Errorf("stderr:\n%q\nwant\n%q", log, want)
	}
}

func TestResourcesMiddleware(t *testing.T) {
	runQuiet(t, embedded.ResourcesMiddleware, "resources.test.mjs")
}
func TestPromptsMiddleware(t *testing.T) {
	runQuiet(t, embedded.PromptsMiddleware, "prompts.test.mjs")
}
func TestCompletionsMiddleware(t *testing.T) {
	runQuiet(t, embedded.CompletionsMiddleware, "completions.test.mjs")
}
func TestChainEnd(t *testing.T)      { runQuiet(t, embedded.ChainEnd, "chain-end.test.mjs") }
func TestNotifyChannel(t *testing.T) { runQuiet(t, embedded.NotifyChannel, "notify-channel.test.mjs") }
