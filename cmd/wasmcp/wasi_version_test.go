package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/component"
	"github.com/wasmcp/wasmcp/framework/coreparts"
	"github.com/wasmcp/wasmcp/framework/embedded"
	"github.com/wasmcp/wasmcp/internal/testutil"
	mcpwit "github.com/wasmcp/wasmcp/wit/mcp"
)

var witWASIName = regexp.MustCompile(`wasi:(cli|clocks|filesystem|http|io|random|sockets)[/@][a-z@/.-]*0\.2\.[0-9]+`)

// checkWASIVersion runs `wasmcp wit` on a component and fails unless every
// WASI 0.2 name it prints (imports, exports, package blocks) has version
// want.
func checkWASIVersion(t *testing.T, path, want string) {
	t.Helper()
	code, wit, errOut := runCLI(t, nil, "wit", path)
	if code != 0 {
		t.Fatalf("wit %s: exit %d: %s", path, code, errOut)
	}
	found := witWASIName.FindAllString(wit, -1)
	if len(found) == 0 {
		t.Fatalf("wit %s shows no WASI 0.2 names:\n%s", path, wit)
	}
	for _, n := range found {
		if !strings.HasSuffix(n, "@"+want) {
			t.Errorf("wit %s: %s, want version %s", path, n, want)
		}
	}
}

func writePart(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := embedded.Part(name)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name+".wasm")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// writeHandlerStub writes a component that exports wasmcp:mcp/handler and
// nothing else (the framework's stub for unused imports).
func writeHandlerStub(t *testing.T, dir string) string {
	t.Helper()
	b, err := coreparts.Stub(mcpwit.QualifiedInterface(mcpwit.InterfaceHandler))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "handler-stub.wasm")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestComposePlugWASIVersion plugs a handler into the HTTP framework program
// (built against WASI 0.2.12) and checks the versions the output is
// written at.
func TestComposePlugWASIVersion(t *testing.T) {
	dir := t.TempDir()
	socket, plug := writePart(t, dir, embedded.ServerHTTP), writeHandlerStub(t, dir)
	checkWASIVersion(t, socket, "0.2.12")
	out := filepath.Join(dir, "out.wasm")
	if code, _, errOut := runCLI(t, nil, "compose", "plug", socket, plug, "-o", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	checkWASIVersion(t, out, "0.2.0")
	testutil.RunJco(t, dir, "transpile", "out.wasm", "-o", "js", "--quiet")
	if code, _, errOut := runCLI(t, nil, "compose", "plug", socket, plug, "-o", out, "--force", "--wasi-version", "0.2.6"); code != 0 {
		t.Fatalf("--wasi-version 0.2.6: exit %d: %s", code, errOut)
	}
	checkWASIVersion(t, out, "0.2.6")
}

// exitWithCode is wasi:cli/exit of WASI 0.2.12 with the function that
// release added.
var exitWithCode = component.Extern{Name: "wasi:cli/exit@0.2.12", Kind: component.ExternInstance, Type: &component.Interface{Exports: []component.Extern{
	{Name: "exit-with-code", Kind: component.ExternFunc, Type: &component.Func{Params: []component.Param{{Name: "status-code", Type: component.U8}}}},
}}}

// socketAndPlug writes a socket that imports wasi (a WASI interface) and
// test:x/y, and a plug that exports test:x/y.
func socketAndPlug(t *testing.T, dir string, wasi component.Extern) (socket, plug string) {
	t.Helper()
	f := component.Extern{Name: "f", Kind: component.ExternFunc, Type: &component.Func{}}
	s := component.NewBuilder()
	for _, e := range []component.Extern{
		wasi,
		{Name: "test:x/y@0.1.0", Kind: component.ExternInstance, Type: &component.Interface{Exports: []component.Extern{f}}},
	} {
		if _, err := s.Import(e); err != nil {
			t.Fatal(err)
		}
	}
	p := component.NewBuilder()
	dep, err := p.Import(component.Extern{Name: "test:x/dep@0.1.0", Kind: component.ExternInstance, Type: &component.Interface{Exports: []component.Extern{f}}})
	if err != nil {
		t.Fatal(err)
	}
	p.Export("test:x/y@0.1.0", component.SortInstance, dep)
	socket, plug = filepath.Join(dir, "socket.wasm"), filepath.Join(dir, "plug.wasm")
	if err := os.WriteFile(socket, s.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(plug, p.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return socket, plug
}

func TestComposePlugWASIVersionLacksItem(t *testing.T) {
	dir := t.TempDir()
	socket, plug := socketAndPlug(t, dir, exitWithCode)
	out := filepath.Join(dir, "out.wasm")
	code, _, errOut := runCLI(t, nil, "compose", "plug", socket, plug, "-o", out, "--wasi-version", "0.2.6")
	if code != exitError || !strings.Contains(errOut, "WASI 0.2.6 lacks wasi:cli/exit.exit-with-code (added in WASI 0.2.12; imported as wasi:cli/exit@0.2.12); the lowest release that has everything used is 0.2.12") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("output written despite the error")
	}
	// By default the lowest release that has exit-with-code.
	if code, _, errOut := runCLI(t, nil, "compose", "plug", socket, plug, "-o", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	checkWASIVersion(t, out, "0.2.12")
}

// TestComposePlugWASIVersionUnknownItem: an item the table does not have
// stops the rewrite, and --wasi-version keep leaves the names alone.
func TestComposePlugWASIVersionUnknownItem(t *testing.T) {
	dir := t.TempDir()
	mood := component.Extern{Name: "wasi:cli/environment@0.2.12", Kind: component.ExternInstance, Type: &component.Interface{Exports: []component.Extern{
		{Name: "get-mood", Kind: component.ExternFunc, Type: &component.Func{}},
	}}}
	socket, plug := socketAndPlug(t, dir, mood)
	out := filepath.Join(dir, "out.wasm")
	code, _, errOut := runCLI(t, nil, "compose", "plug", socket, plug, "-o", out)
	if code != exitError || !strings.Contains(errOut, "wasi:cli/environment.get-mood (imported as wasi:cli/environment@0.2.12) is in no WASI release up to 0.2.12") ||
		!strings.Contains(errOut, "--wasi-version keep") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if code, _, errOut := runCLI(t, nil, "compose", "plug", socket, plug, "-o", out, "--wasi-version", "keep"); code != 0 {
		t.Fatalf("keep: exit %d: %s", code, errOut)
	}
	checkWASIVersion(t, out, "0.2.12")
}

func TestWASIVersionUsageErrors(t *testing.T) {
	dir := t.TempDir()
	socket, plug := writePart(t, dir, embedded.ServerHTTP), writeHandlerStub(t, dir)
	out := filepath.Join(dir, "out.wasm")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"compose", "plug", socket, plug, "-o", out, "--wasi-version", "0.3.0"}, `compose plug: --wasi-version: bad WASI version "0.3.0": wasmcp writes WASI 0.2.x releases, not 0.3.x`},
		{[]string{"compose", "plug", socket, plug, "-o", out, "--wasi-version", "0.2.13"}, `the newest WASI release wasmcp knows is 0.2.12`},
		{[]string{"compose", "server", socket, "-o", out, "--wasi-version", "2"}, `compose server: --wasi-version: bad WASI version "2": want 0.2.N`},
		{[]string{"compose", "handler", socket, "-o", out, "--wasi-version", "0.2.x"}, `compose handler: --wasi-version: bad WASI version "0.2.x"`},
		{[]string{"componentize", socket, "-o", out, "--wasi-version", "v0.2.0"}, `componentize: --wasi-version: bad WASI version "v0.2.0"`},
	} {
		code, _, errOut := runCLI(t, nil, tc.args...)
		if code != exitUsage || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tc.args[:2], code, errOut, exitUsage, tc.want)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("output written despite a usage error")
	}
}
