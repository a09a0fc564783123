package server

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/component"
	"github.com/wasmcp/wasmcp/component/wasiversion"
	"github.com/wasmcp/wasmcp/compose/toolmanifest"
	"github.com/wasmcp/wasmcp/framework/embedded"
	"github.com/wasmcp/wasmcp/internal/testutil"
	"github.com/wasmcp/wasmcp/internal/testutil/fwparts"
)

func TestMain(m *testing.M) {
	code := m.Run()
	fwparts.Cleanup()
	os.Exit(code)
}

func iface(name string) component.Extern {
	return component.Extern{Name: name, Kind: component.ExternInstance, Type: &component.Interface{}}
}

func world(imports, exports []string) *component.World {
	w := &component.World{}
	for _, n := range imports {
		w.Imports = append(w.Imports, iface(n))
	}
	for _, n := range exports {
		w.Exports = append(w.Exports, iface(n))
	}
	return w
}

func TestClassify(t *testing.T) {
	wasi := []string{"wasi:cli/environment@0.2.0", "wasi:io/streams@0.2.3", "wasi:clocks/monotonic-clock@0.2.12", "wasi:random/random@0.2.0", "wasi:filesystem/types@0.2.0", "wasi:sockets/tcp@0.2.0", "wasi:http/types@0.2.0"}
	for _, tc := range []struct {
		name, want, err string
		w               *component.World
	}{
		{name: "tools", want: "tools provider", w: world(append([]string{"wasmcp:mcp/types@0.1.0", "wasmcp:mcp/notify@0.1.0"}, wasi...), []string{"wasmcp:mcp/tools@0.1.0"})},
		{name: "later-patch", want: "tools provider", w: world(nil, []string{"wasmcp:mcp/tools@0.1.4"})},
		{name: "several", want: "resources+prompts provider", w: world([]string{"wasmcp:mcp/types@0.1.0"}, []string{"wasmcp:mcp/prompts@0.1.0", "wasmcp:mcp/resources@0.1.0"})},
		{name: "mw", want: "middleware (handler)", w: world([]string{"wasmcp:mcp/types@0.1.0", "wasmcp:mcp/handler@0.1.0"}, []string{"wasmcp:mcp/handler@0.1.0"})},
		{name: "geo", err: `component geo exports only test:x/geo@0.1.0: a server component must export`, w: world(nil, []string{"test:x/geo@0.1.0"})},
		{name: "nothing", err: "component nothing exports nothing: a server", w: world(nil, nil)},
		{name: "current", want: "tools provider", w: world([]string{"wasmcp:mcp/types@0.2.0", "wasmcp:mcp/notify@0.2.0", "wasmcp:mcp/session@0.2.0"}, []string{"wasmcp:mcp/tools@0.2.0"})},
		// 0.1.0 names and the current ones in one component: the same interfaces.
		{name: "mixed", want: "tools+prompts provider", w: world([]string{"wasmcp:mcp/types@0.1.0", "wasmcp:mcp/notify@0.2.0"}, []string{"wasmcp:mcp/prompts@0.2.1", "wasmcp:mcp/tools@0.1.0"})},
		{name: "mw-old-next", want: "middleware (handler)", w: world([]string{"wasmcp:mcp/handler@0.1.0"}, []string{"wasmcp:mcp/handler@0.2.0"})},
		{name: "other-minor", err: "other-minor exports only wasmcp:mcp/tools@0.3.0", w: world(nil, []string{"wasmcp:mcp/tools@0.3.0"})},
		{name: "other-major", err: "other-major exports only wasmcp:mcp/tools@1.0.0", w: world(nil, []string{"wasmcp:mcp/tools@1.0.0"})},
		{name: "db", err: "db imports acme:db/query@1.0.0, which neither the framework", w: world([]string{"acme:db/query@1.0.0"}, []string{"wasmcp:mcp/tools@0.1.0"})},
		{name: "wasi3", err: "wasi3 imports wasi:cli/environment@0.3.0", w: world([]string{"wasi:cli/environment@0.3.0"}, []string{"wasmcp:mcp/tools@0.1.0"})},
		{name: "handler-import", err: "handler-import imports wasmcp:mcp/handler@0.1.0", w: world([]string{"wasmcp:mcp/handler@0.1.0"}, []string{"wasmcp:mcp/tools@0.1.0"})},
		{name: "terminal", err: "terminal exports wasmcp:mcp/handler@0.1.0 but does not import it", w: world(nil, []string{"wasmcp:mcp/handler@0.1.0"})},
		{name: "both", err: "both exports both", w: world([]string{"wasmcp:mcp/handler@0.1.0"}, []string{"wasmcp:mcp/handler@0.1.0", "wasmcp:mcp/tools@0.1.0"})},
	} {
		cl, err := Classify(tc.name, tc.w)
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.err)
		case tc.err == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.err == "" && cl.String() != tc.want:
			t.Errorf("%s: %s, want %s", tc.name, cl, tc.want)
		}
	}
}

func TestChainOrder(t *testing.T) {
	p := &Plan{Transport: HTTP, Components: []Planned{
		{Input: Input{Name: "auth"}, Class: Class{Middleware: true}},
		{Input: Input{Name: "docs"}, Class: Class{Capabilities: []Capability{Resources, Prompts}}},
		{Input: Input{Name: "calc"}, Class: Class{Capabilities: []Capability{Tools}}},
	}, Parts: map[string]Part{}}
	want := "server-http -> auth -> resources(docs) -> prompts(docs) -> tools(calc) -> (end)"
	if got := strings.Join(p.Chain(), " -> "); got != want {
		t.Errorf("chain\n got %s\nwant %s", got, want)
	}
	// With a chain end given with --override.
	p.Parts[embedded.ChainEnd] = Part{}
	if got := strings.Join(p.Chain(), " -> "); !strings.HasSuffix(got, "tools(calc) -> chain-end") {
		t.Errorf("chain with chain-end: %s", got)
	}
	delete(p.Parts, embedded.ChainEnd)
	p.Transport = NoTransport
	if got := strings.Join(p.Chain(), " -> "); !strings.HasPrefix(got, "auth -> ") || !strings.HasSuffix(got, "(imported "+HandlerInterface+")") {
		t.Errorf("handler chain %s", got)
	}
}

func TestToolManifest(t *testing.T) {
	base := []byte("\x00asm\x0d\x00\x01\x00")
	if _, ok, err := toolmanifest.Read(base); ok || err != nil {
		t.Fatalf("no section: ok %v err %v", ok, err)
	}
	got, ok, err := toolmanifest.Read(append(base, toolmanifest.Encode([]string{"add", "sub"})...))
	if err != nil || !ok || strings.Join(got, ",") != "add,sub" {
		t.Fatalf("got %v %v %v", got, ok, err)
	}
	if _, _, err := toolmanifest.Read(append(base, 0, 5, 3, 'a')); err == nil {
		t.Error("truncated section accepted")
	}
}

// parts gives the embedded framework parts, and the transports built from
// source when this wasmcp does not embed them.
func parts(t *testing.T) PartFunc {
	return func(ctx context.Context, name string) (Part, error) {
		if fwparts.Embedded(name) {
			return EmbeddedParts(ctx, name)
		}
		b, err := os.ReadFile(fwparts.Path(t, name))
		return Part{Name: name, Source: "built from framework/" + name, Wasm: b}, err
	}
}

func providers(t *testing.T, tools ...string) []Input {
	var ins []Input
	for _, tool := range tools {
		b, err := os.ReadFile(fwparts.ToolsProvider(t, tool))
		if err != nil {
			t.Fatal(err)
		}
		ins = append(ins, Input{Name: tool, Resolved: "test", Wasm: b})
	}
	return ins
}

func build(t *testing.T, ins []Input, tr Transport) []byte {
	t.Helper()
	p, err := NewPlan(context.Background(), ins, Options{Transport: tr, Parts: parts(t)})
	if err != nil {
		t.Fatal(err)
	}
	out, err := p.Build()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDuplicateTools(t *testing.T) {
	ins := providers(t, "alpha", "beta")
	ins[0].Wasm = append(append([]byte(nil), ins[0].Wasm...), toolmanifest.Encode([]string{"alpha", "shared"})...)
	ins[1].Wasm = append(append([]byte(nil), ins[1].Wasm...), toolmanifest.Encode([]string{"shared", "beta"})...)
	_, err := NewPlan(context.Background(), ins, Options{Transport: HTTP, Parts: parts(t)})
	if !errors.Is(err, ErrDuplicateTool) || !strings.Contains(err.Error(), `tool "shared" is offered by both alpha and beta`) {
		t.Fatalf("err %v", err)
	}
	// Declared and distinct: accepted, and shown in the plan.
	ins[1].Wasm = append(append([]byte(nil), ins[1].Wasm[:len(ins[1].Wasm)-len(toolmanifest.Encode([]string{"shared", "beta"}))]...), toolmanifest.Encode([]string{"beta"})...)
	p, err := NewPlan(context.Background(), ins, Options{Transport: HTTP, Parts: parts(t)})
	if err != nil {
		t.Fatal(err)
	}
	var desc bytes.Buffer
	p.Describe(&desc)
	if !strings.Contains(desc.String(), "tools (wasmcp:tools): beta") {
		t.Errorf("plan:\n%s", desc.String())
	}
}

// TestServerWorld composes HTTP and stdio servers and a handler and checks
// what each imports and exports, and that composing twice gives the same
// bytes.
func TestServerWorld(t *testing.T) {
	ins := providers(t, "alpha", "beta")
	for _, tc := range []struct {
		tr    Transport
		entry string
	}{{HTTP, "wasi:http/incoming-handler@0.2"}, {Stdio, "wasi:cli/run@0.2"}} {
		out := build(t, ins, tc.tr)
		if again := build(t, ins, tc.tr); !bytes.Equal(out, again) {
			t.Errorf("%s: two compositions differ", tc.tr)
		}
		w, err := component.Inspect(out)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range w.Imports {
			if !IsRuntimeImport(e.Name) {
				t.Errorf("%s server imports %s", tc.tr, e.Name)
			}
		}
		if len(w.Exports) != 1 || component.InterfaceKey(w.Exports[0].Name) != tc.entry {
			t.Errorf("%s server exports %v", tc.tr, w.Exports)
		}
	}
	h := build(t, ins, NoTransport)
	w, err := component.Inspect(h)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range w.Imports {
		if !IsRuntimeImport(e.Name) {
			got = append(got, e.Name)
		}
	}
	// The providers are of 0.1.0, the framework program of the current
	// contract: the chain imports types at both, which the server it joins
	// wires to a types provider each.
	if strings.Join(got, " ") != "wasmcp:mcp/types@0.1.0 wasmcp:mcp/notify@0.1.0 "+typesInterface+" "+HandlerInterface {
		t.Errorf("handler imports %v", got)
	}
	if _, ok := w.Export(HandlerInterface); !ok {
		t.Errorf("handler exports %v", w.Exports)
	}
	// jco accepts the handler (the servers are run by the command's tests).
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "handler.wasm"), h, 0o644); err != nil {
		t.Fatal(err)
	}
	testutil.RunJco(t, dir, "transpile", "handler.wasm", "-o", "out", "--quiet")
	testutil.WasmtimeCheck(t, filepath.Join(dir, "handler.wasm"))
}

// TestServerWASIVersion builds an HTTP server whose parts and provider
// import WASI 0.2.12 and writes its WASI names at the lowest release it
// needs.
func TestServerWASIVersion(t *testing.T) {
	ins := providers(t, "alpha")
	lowest := wasiversion.Target{Lowest: true}
	p, err := NewPlan(context.Background(), ins, Options{Transport: HTTP, Parts: parts(t), WASI: &lowest})
	if err != nil {
		t.Fatal(err)
	}
	out, err := p.Build()
	if err != nil {
		t.Fatal(err)
	}
	if p.WASIVersion.String() != "0.2.0" {
		t.Errorf("WASIVersion %v, want 0.2.0", p.WASIVersion)
	}
	w, err := component.Inspect(out)
	if err != nil {
		t.Fatal(err)
	}
	wit := component.WIT(w)
	if strings.Contains(wit, "@0.2.12") || !strings.Contains(wit, "export wasi:http/incoming-handler@0.2.0;") || !strings.Contains(wit, "import wasi:io/streams@0.2.0;") {
		t.Errorf("server world:\n%s", wit)
	}
}
