package coreparts

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/wasmcp/wasmcp/component"
	"github.com/wasmcp/wasmcp/componentize"
	"github.com/wasmcp/wasmcp/compose"
	"github.com/wasmcp/wasmcp/framework/embedded"
	"github.com/wasmcp/wasmcp/internal/testutil"
	fwwit "github.com/wasmcp/wasmcp/wit/framework"
	mcpwit "github.com/wasmcp/wasmcp/wit/mcp"
)

// tools is the current contract's tools interface, which a stub exports.
var tools = mcpwit.QualifiedInterface(mcpwit.InterfaceTools)

// counts are the layout constants the guest reads back.
var counts = Counts{Tools: 1, Resources: 2, Prompts: 3, Completions: 4, Next: 1}

// must returns a function that fails the test on an error and otherwise
// returns the component, so that must(t)(NotifyChannel()) reads as a call.
func must(t testing.TB) func([]byte, error) []byte {
	return func(b []byte, err error) []byte {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
}

// TestParts checks the world of each component and validates it with the
// repository's decoder, jco and wasmtime.
func TestParts(t *testing.T) {
	all := map[string][]byte{
		"notify-channel.wasm": must(t)(NotifyChannel()),
		"layout.wasm":         must(t)(Layout(counts)),
		"stub.wasm":           must(t)(Stub(mcpwit.QualifiedInterface(mcpwit.InterfaceTools), mcpwit.QualifiedInterface(mcpwit.InterfaceHandler))),
	}
	want := map[string][]string{
		"notify-channel.wasm": {"import " + mcpwit.QualifiedInterface(mcpwit.InterfaceTypes) + ";", "export " + mcpwit.QualifiedInterface(mcpwit.InterfaceNotify) + ";", "export wasmcp:framework/notifications@0.1.0;"},
		"layout.wasm":         {"export wasmcp:framework/layout@0.1.0;"},
		"stub.wasm":           {"import " + mcpwit.QualifiedInterface(mcpwit.InterfaceTypes) + ";", "export " + tools + ";", "export " + mcpwit.QualifiedInterface(mcpwit.InterfaceHandler) + ";"},
	}
	dir := t.TempDir()
	var files []string
	for name, wasm := range all {
		d, err := component.Decode(wasm)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := component.Validate(d); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		w, err := component.Resolve(d)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var got []string
		for _, line := range strings.Split(component.WIT(w), "\n") {
			if l := strings.TrimSpace(line); strings.HasPrefix(l, "import ") || strings.HasPrefix(l, "export ") {
				if strings.Count(line, "  ") == 1 { // the world's own items
					got = append(got, l)
				}
			}
		}
		if strings.Join(got, "\n") != strings.Join(want[name], "\n") {
			t.Errorf("%s: world items\n%s\nwant\n%s", name, strings.Join(got, "\n"), strings.Join(want[name], "\n"))
		}
		t.Logf("%s: %d bytes", name, len(wasm))
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, wasm, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
		testutil.RunJco(t, dir, "transpile", name, "-o", strings.TrimSuffix(name, ".wasm"), "--quiet")
	}
	testutil.WasmtimeCheck(t, files...)
}

func TestStubRefuses(t *testing.T) {
	// Not a slot's interface, twice, or of another version (0.1.0 included:
	// a stub is made of the current contract, whose slots it fills).
	for _, args := range [][]string{nil, {mcpwit.QualifiedInterface(mcpwit.InterfaceNotify)}, {mcpwit.QualifiedInterface(mcpwit.InterfaceSession)}, {tools, tools}, {"wasmcp:mcp/tools@0.1.0"}, {"wasmcp:mcp/tools@0.3.0"}} {
		if _, err := Stub(args...); err == nil {
			t.Errorf("Stub(%q) succeeded", args)
		}
	}
}

var guestOnce struct {
	sync.Once
	wasm []byte
	err  error
}

// guest builds internal/guest with stock Go and componentizes it with the
// pure-Go component new, once per test binary.
func guest(t *testing.T) []byte {
	t.Helper()
	nm := testutil.NodeModules(t)
	root := testutil.RepoRoot(t)
	guestOnce.Do(func() { guestOnce.wasm, guestOnce.err = buildGuest(root, nm) })
	if guestOnce.err != nil {
		t.Fatal(guestOnce.err)
	}
	return guestOnce.wasm
}

func buildGuest(root, nodeModules string) ([]byte, error) {
	dir, err := os.MkdirTemp("", "coreparts-guest-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	core := filepath.Join(dir, "core.wasm")
	build := exec.Command("go", "build", "-buildmode=c-shared", "-o", core, "./framework/coreparts/internal/guest")
	build.Dir = root
	build.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm")
	if out, err := build.CombinedOutput(); err != nil {
		return nil, &buildError{"go build", err, out}
	}
	// The world: the bindings' imports plus wasi:cli/run, with the
	// packages it uses as deps.
	witDir := filepath.Join(dir, "wit")
	src, err := os.ReadFile(filepath.Join(root, "framework", "coreparts", "testdata", "guest.wit"))
	if err != nil {
		return nil, err
	}
	src = append(src, "\nworld guest {\n    include imports;\n    export wasi:cli/run@0.2.12;\n}\n"...)
	if err := os.MkdirAll(witDir, 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(witDir, "guest.wit"), src, 0o644); err != nil {
		return nil, err
	}
	deps := map[string]fs.FS{"mcp": mcpwit.FS, "framework": fwwit.FS}
	builtin := filepath.Join(nodeModules, "@bytecodealliance", "jco", "lib", "wit", "builtin", "0.2.12")
	for _, d := range []string{"wasi-cli", "wasi-io", "wasi-clocks", "wasi-filesystem", "wasi-random", "wasi-sockets"} {
		deps[d] = os.DirFS(filepath.Join(builtin, d))
	}
	for name, fsys := range deps {
		if err := os.CopyFS(filepath.Join(witDir, "deps", name), fsys); err != nil {
			return nil, err
		}
	}
	return componentize.Componentize(context.Background(), componentize.Options{
		Core: core, WitDir: witDir, World: "guest", NodeModules: nodeModules,
	})
}

type buildError struct {
	what string
	err  error
	out  []byte
}

func (e *buildError) Error() string { return e.what + ": " + e.err.Error() + "\n" + string(e.out) }

// composed wires the guest to a notification channel, a layout and a tools
// stub, each wire type-checked by the composer, and exports its run.
func composed(t *testing.T) string {
	t.Helper()
	c := compose.New()
	inst := func(name string, wasm []byte) *compose.Instance {
		comp, err := c.AddComponent(name, wasm)
		if err != nil {
			t.Fatal(err)
		}
		i, err := c.Instantiate(comp, name)
		if err != nil {
			t.Fatal(err)
		}
		return i
	}
	g := inst("guest", guest(t))
	ch := inst("channel", must(t)(NotifyChannel()))
	lay := inst("layout", must(t)(Layout(counts)))
	stub := inst("stub", must(t)(Stub(tools)))
	for _, w := range []struct {
		from *compose.Instance
		name string
	}{
		{ch, mcpwit.QualifiedInterface(mcpwit.InterfaceNotify)},
		{ch, fwwit.InterfaceNotifications},
		{lay, fwwit.InterfaceLayout},
		{stub, tools},
	} {
		if err := c.Wire(g, w.name, w.from, w.name); err != nil {
			t.Fatalf("wire %s: %v", w.name, err)
		}
	}
	if err := c.Export(g, "wasi:cli/run@0.2.12", "wasi:cli/run@0.2.12"); err != nil {
		t.Fatal(err)
	}
	wasm, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "composed.wasm")
	if err := os.WriteFile(p, wasm, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestScript runs the guest's script against the channel and the layout
// on wasmtime and on jco and compares both with testdata/script.golden.
func TestScript(t *testing.T) {
	wasm := composed(t)
	got := testutil.WasmtimeRun(t, wasm, strings.NewReader("script\n"))
	golden := filepath.Join("testdata", "script.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("wasmtime output differs from %s:\n%s", golden, got)
	}
	argv := append(testutil.Jco(t), "run", wasm)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = filepath.Dir(wasm)
	cmd.Stdin = strings.NewReader("script\n")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("jco run: %v\n%s", err, stderr.String())
	}
	if string(out) != string(want) {
		t.Errorf("jco output differs from %s:\n%s", golden, out)
	}
}

// TestStubTraps calls list-tools through the stub wired in place of a
// tools provider: the call traps.
func TestStubTraps(t *testing.T) {
	wasm := composed(t)
	cmd := exec.Command(testutil.WasmtimeHost(t), "run", wasm)
	cmd.Stdin = strings.NewReader("trap\n")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the call through the stub returned:\n%s", out)
	}
	if !strings.Contains(string(out), "calling list-tools on the stub") || strings.Contains(string(out), "list-tools returned") ||
		!strings.Contains(string(out), "unreachable") {
		t.Errorf("want the guest to start the call and wasmtime to report the trap:\n%s", out)
	}
}

// TestStubWiresInPlaceOfProviders wires stubs to the provider slots and the
// handler import of the framework program, as the composer does for the
// slots a server leaves unused: the type check passes for the matching
// interface and fails for another one.
func TestStubWiresInPlaceOfProviders(t *testing.T) {
	fw, err := embedded.Part(embedded.ServerHTTP)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ slot, iface string }{
		{"tools1", mcpwit.InterfaceTools},
		{"resources2", mcpwit.InterfaceResources},
		{"prompts3", mcpwit.InterfacePrompts},
		{"completions4", mcpwit.InterfaceCompletions},
		{mcpwit.QualifiedInterface(mcpwit.InterfaceHandler), mcpwit.InterfaceHandler},
	} {
		name := mcpwit.QualifiedInterface(tc.iface)
		c := compose.New()
		prog, err := c.AddComponent("framework", fw)
		if err != nil {
			t.Fatal(err)
		}
		stub, err := c.AddComponent("stub", must(t)(Stub(name)))
		if err != nil {
			t.Fatal(err)
		}
		other := mcpwit.QualifiedInterface(mcpwit.InterfacePrompts)
		if tc.iface == mcpwit.InterfacePrompts {
			other = mcpwit.QualifiedInterface(mcpwit.InterfaceTools)
		}
		wrong, err := c.AddComponent("wrong", must(t)(Stub(other)))
		if err != nil {
			t.Fatal(err)
		}
		im, _ := c.Instantiate(prog, "framework")
		is, _ := c.Instantiate(stub, "stub")
		iw, _ := c.Instantiate(wrong, "wrong")
		if err := c.Wire(im, tc.slot, iw, other); !errors.Is(err, compose.ErrTypeMismatch) {
			t.Errorf("a stub of %s wired to the import %s: %v", other, tc.slot, err)
		}
		if err := c.Wire(im, tc.slot, is, name); err != nil {
			t.Errorf("%s: %v", tc.slot, err)
		}
	}
}
