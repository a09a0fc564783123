package templates

import (
	"context"
	"errors"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/wasmcp/wasmcp/component"
	"github.com/wasmcp/wasmcp/component/wasiversion"
	"github.com/wasmcp/wasmcp/componentize"
	"github.com/wasmcp/wasmcp/compose/toolmanifest"
	"github.com/wasmcp/wasmcp/internal/testutil"
)

var (
	cliOnce sync.Once
	cliDir  string
	cliErr  error
)

// wasmcpOnPath builds the wasmcp CLI once for the package and returns a
// directory holding it, to put in front of PATH.
func wasmcpOnPath(t *testing.T) string {
	t.Helper()
	cliOnce.Do(func() {
		dir, err := os.MkdirTemp("", "wasmcp-cli-")
		if err != nil {
			cliErr = err
			return
		}
		cmd := exec.Command("go", "build", "-o", filepath.Join(dir, "wasmcp"), "./cmd/wasmcp")
		cmd.Dir = testutil.RepoRoot(t)
		if out, err := cmd.CombinedOutput(); err != nil {
			cliErr = &buildError{err, string(out)}
			return
		}
		cliDir = dir
	})
	if cliErr != nil {
		t.Fatalf("build wasmcp: %v", cliErr)
	}
	return cliDir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if cliDir != "" {
		os.RemoveAll(cliDir)
	}
	os.Exit(code)
}

type buildError struct {
	err error
	out string
}

func (e *buildError) Error() string { return e.err.Error() + "\n" + e.out }

func run(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s in %s: %v\n%s", name, strings.Join(args, " "), dir, err, out)
	}
	return string(out)
}

// TestGoTemplatesBuild renders each Go MCP template and runs its Makefile as
// a user would: `make` (go generate → wasmcp bindgen, GOOS=wasip1 go build,
// wasmcp componentize) and `make test` (the unit tests, natively). The
// wasmcp on PATH is built from this checkout; the project is built as
// rendered, with no module download (GOFLAGS=-mod=mod, GOPROXY=off): its
// go.mod has no requirements, the bindings import its own internal/cabi.
func TestGoTemplatesBuild(t *testing.T) {
	bin := wasmcpOnPath(t)
	env := []string{
		"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"),
		"WASMCP_NODE_MODULES=" + testutil.NodeModules(t),
		"GOFLAGS=-mod=mod",
		"GOPROXY=off",
	}
	for _, typ := range mcpTypes {
		t.Run(typ, func(t *testing.T) {
			name := "demo-" + typ
			dir := filepath.Join(t.TempDir(), name)
			if _, err := Render(Options{Name: name, Language: "go", Type: typ, Dir: dir, WasmcpVersion: "dev"}); err != nil {
				t.Fatal(err)
			}
			// Every rendered Go file is gofmt-clean.
			for _, f := range mustFiles(t, name, "go", typ) {
				if strings.HasSuffix(f.Path, ".go") {
					if src, err := format.Source(f.Content); err != nil || string(src) != string(f.Content) {
						t.Errorf("%s is not gofmt-clean (%v)", f.Path, err)
					}
				}
			}
			run(t, dir, env, "make")
			comp, err := os.ReadFile(filepath.Join(dir, name+".wasm"))
			if err != nil {
				t.Fatal(err)
			}
			// A component: magic, version 0x0d, layer 1.
			if len(comp) < 8 || string(comp[:8]) != "\x00asm\x0d\x00\x01\x00" {
				t.Fatalf("not a component: % x", comp[:min(8, len(comp))])
			}
			testutil.WasmtimeCheck(t, filepath.Join(dir, name+".wasm"))
			sameWITAsJco(t, dir, NewData(name, "go", typ, "dev").World, comp)
			run(t, dir, env, "make", "test")
			if typ == "tools" {
				composeDuplicateTools(t, dir, env, comp)
			}
		})
	}
}

// composeDuplicateTools checks that the tools component built by make
// declares its tools (the wasmcp:tools section written from tools.json), and
// that `wasmcp compose server` refuses two copies of it, naming both and the
// first tool they share.
func composeDuplicateTools(t *testing.T, dir string, env []string, comp []byte) {
	t.Helper()
	names, ok, err := toolmanifest.Read(comp)
	if err != nil || !ok || strings.Join(names, ",") != "echo,add" {
		t.Fatalf("wasmcp:tools section: %q, %v, %v", names, ok, err)
	}
	for _, n := range []string{"alpha.wasm", "beta.wasm"} {
		if err := os.WriteFile(filepath.Join(dir, n), comp, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	home := t.TempDir()
	cmd := exec.Command(filepath.Join(wasmcpOnPath(t), "wasmcp"), "compose", "server", "./alpha.wasm", "./beta.wasm", "-o", "server.wasm")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.Env = append(cmd.Env, "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, "config"), "XDG_CACHE_HOME="+filepath.Join(home, "cache"))
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("compose server of two copies: %v (want exit 1)\n%s", err, out)
	}
	if want := `duplicate tool name: tool "echo" is offered by both alpha and beta`; !strings.Contains(string(out), want) {
		t.Errorf("compose server output lacks %q:\n%s", want, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "server.wasm")); err == nil {
		t.Error("server.wasm written by a refused composition")
	}
}

func mustFiles(t *testing.T, name, lang, typ string) []File {
	t.Helper()
	fl, err := Files(name, lang, typ, "dev")
	if err != nil {
		t.Fatal(err)
	}
	return fl
}

// sameWITAsJco checks that the component make built with wasmcp's Go
// component new has the world jco's component new gives the same core module.
func sameWITAsJco(t *testing.T, dir, world string, comp []byte) {
	t.Helper()
	theirs, err := componentize.Componentize(context.Background(), componentize.Options{
		Core: filepath.Join(dir, "core.wasm"), WitDir: filepath.Join(dir, "wit"), World: world,
		NodeModules: testutil.NodeModules(t), ComponentNew: "jco",
		WASI: &wasiversion.Target{Lowest: true}, // as make's wasmcp componentize writes it
	})
	if err != nil {
		t.Fatal(err)
	}
	a, err := component.Inspect(comp)
	if err != nil {
		t.Fatal(err)
	}
	b, err := component.Inspect(theirs)
	if err != nil {
		t.Fatal(err)
	}
	if wa, wb := component.WIT(a), component.WIT(b); wa != wb {
		t.Errorf("wasmcp wit of the Go component new differs from jco's:\n--- go\n%s\n--- jco\n%s", wa, wb)
	}
}
