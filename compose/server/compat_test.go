package server

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/component"
	"github.com/wasmcp/wasmcp/componentize/newcomp"
	"github.com/wasmcp/wasmcp/internal/testutil"
	"github.com/wasmcp/wasmcp/internal/testutil/fwparts"
	"github.com/wasmcp/wasmcp/wit"
	mcpwit "github.com/wasmcp/wasmcp/wit/mcp"
)

// exportsAt fails the test unless the component exports the capability at
// the version.
func exportsAt(t *testing.T, wasm []byte, k Capability, version string) {
	t.Helper()
	w, err := component.Inspect(wasm)
	if err != nil {
		t.Fatal(err)
	}
	want := "wasmcp:mcp/" + string(k) + "@" + version
	if _, ok := w.Export(want); !ok {
		t.Fatalf("fixture does not export %s: %s", want, component.WIT(w))
	}
}

// TestOldComponentsCompose is the test of compatibility with
// wasmcp:mcp@0.1.0: a server of two 0.1.0 components (the tools and docs
// fixtures, whose bindings are of 0.1.0) and one of the current contract
// (the same tools source with bindings of wit/mcp), composed with the
// current framework program. Their tools/call, resources/read and log
// notifications go through the wiring of 0.1.0 names to the current ones
// (tools@0.1.0 to a slot, notify@0.1.0 to the channel, types@0.1.0 to a
// provider of its own), and wasmtime and jco accept the types.
func TestOldComponentsCompose(t *testing.T) {
	old, err := os.ReadFile(fwparts.ToolsProvider(t, "alpha"))
	if err != nil {
		t.Fatal(err)
	}
	cur, err := os.ReadFile(fwparts.CurrentToolsProvider(t, "beta"))
	if err != nil {
		t.Fatal(err)
	}
	docs, err := os.ReadFile(fwparts.DocsProvider(t))
	if err != nil {
		t.Fatal(err)
	}
	exportsAt(t, old, Tools, "0.1.0")
	exportsAt(t, docs, Resources, "0.1.0")
	exportsAt(t, cur, Tools, mcpwit.Version)
	if mcpwit.Version == "0.1.0" {
		t.Fatal("the current contract is 0.1.0: this test needs two versions")
	}
	ins := []Input{{Name: "alpha", Wasm: old}, {Name: "beta", Wasm: cur}, {Name: "docs", Wasm: docs}}
	out := build(t, ins, Stdio)
	w, err := component.Inspect(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range w.Imports {
		if !IsRuntimeImport(e.Name) {
			t.Errorf("server imports %s", e.Name)
		}
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "server.wasm")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	testutil.RunJco(t, dir, "transpile", "server.wasm", "-o", "out", "--quiet")
	res := testutil.WasmtimeRun(t, path, strings.NewReader(strings.Join([]string{
		`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`,
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`,
		`{"jsonrpc":"2.0","id":2,"method":"logging/setLevel","params":{"level":"info"}}`,
		`{"jsonrpc":"2.0","id":3,"method":"tools/list"}`,
		`{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"alpha","arguments":{"text":"old"}}}`,
		`{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"beta","arguments":{"text":"new"}}}`,
		`{"jsonrpc":"2.0","id":6,"method":"resources/read","params":{"uri":"docs://counter"}}`,
	}, "\n")+"\n"))
	type message struct {
		ID     *int            `json:"id"`
		Method string          `json:"method"`
		Params json.RawMessage `json:"params"`
		Result json.RawMessage `json:"result"`
		Error  json.RawMessage `json:"error"`
	}
	var got []message
	for _, line := range strings.Split(strings.TrimSpace(res), "\n") {
		var m message
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		got = append(got, m)
	}
	result := func(id int) string {
		for _, m := range got {
			if m.ID != nil && *m.ID == id {
				if m.Error != nil {
					t.Errorf("id %d: error %s", id, m.Error)
				}
				return string(m.Result)
			}
		}
		t.Fatalf("no response %d in:\n%s", id, res)
		return ""
	}
	if r := result(3); !strings.Contains(r, `"name":"alpha"`) || !strings.Contains(r, `"name":"beta"`) {
		t.Errorf("tools/list: %s", r)
	}
	if r := result(4); !strings.Contains(r, `"text":"alpha: old"`) {
		t.Errorf("tools/call of the 0.1.0 component: %s", r)
	}
	if r := result(5); !strings.Contains(r, `"text":"beta: new"`) {
		t.Errorf("tools/call of the current component: %s", r)
	}
	if r := result(6); !strings.Contains(r, `"uri":"docs://counter"`) {
		t.Errorf("resources/read of the 0.1.0 component: %s", r)
	}
	// Both log through notify: 0.1.0's and the current one reach the channel.
	var loggers []string
	for _, m := range got {
		if m.Method == "notifications/message" {
			var p struct{ Logger string }
			if err := json.Unmarshal(m.Params, &p); err != nil {
				t.Fatal(err)
			}
			loggers = append(loggers, p.Logger)
		}
	}
	if strings.Join(loggers, ",") != "alpha,beta" {
		t.Errorf("log messages from %v, want alpha and beta:\n%s", loggers, res)
	}
}

// stubComponent returns a component of a world given as WIT (the lines
// inside `world w { … }`, which may use the contract) whose every function
// traps: enough for the composer, which reads types, not code.
func stubComponent(t *testing.T, world string) []byte {
	t.Helper()
	res := &wit.Resolve{}
	var files []*wit.File
	names, err := fs.Glob(mcpwit.FS, "*.wit")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		b, err := fs.ReadFile(mcpwit.FS, n)
		if err != nil {
			t.Fatal(err)
		}
		f, err := wit.ParseFile(n, b)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	if _, err := res.AddFiles(files, wit.ResolveOptions{}); err != nil {
		t.Fatal(err)
	}
	f, err := wit.ParseFile("w.wit", []byte("package test:w;\n\nworld w {\n"+world+"\n}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := res.AddFiles([]*wit.File{f}, wit.ResolveOptions{}); err != nil {
		t.Fatal(err)
	}
	w, err := res.SelectWorld("test:w/w")
	if err != nil {
		t.Fatal(err)
	}
	core, err := wit.CoreStub(res, w)
	if err != nil {
		t.Fatal(err)
	}
	embedded, err := wit.Embed(core, res, w.QualifiedName())
	if err != nil {
		t.Fatal(err)
	}
	out, err := newcomp.New(embedded, nil)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSessionPart checks which session part a server gets: none when no
// component imports wasmcp:mcp/session, session-kv with --sessions,
// session-memory otherwise, session-stdio for stdio, none for a handler chain, whose
// import is left to the server it joins. The plan says so, and the server
// builds with every import of session wired to the one part.
func TestSessionPart(t *testing.T) {
	user := stubComponent(t, "import "+SessionInterface+";\nexport "+Tools.Interface()+";")
	user2 := stubComponent(t, "import "+SessionInterface+";\nimport "+NotifyInterface+";\nexport "+Resources.Interface()+";")
	plain := stubComponent(t, "export "+Tools.Interface()+";")
	for _, tc := range []struct {
		name     string
		ins      []Input
		tr       Transport
		sessions bool
		want     string
	}{
		{"none", []Input{{Name: "plain", Wasm: plain}}, HTTP, false, ""},
		{"none-sessions", []Input{{Name: "plain", Wasm: plain}}, HTTP, true, ""},
		{"memory", []Input{{Name: "plain", Wasm: plain}, {Name: "cart", Wasm: user}}, HTTP, false, SessionMemory},
		{"kv", []Input{{Name: "cart", Wasm: user}, {Name: "notes", Wasm: user2}}, HTTP, true, SessionKV},
		{"stdio", []Input{{Name: "cart", Wasm: user}}, Stdio, false, SessionStdio},
		{"handler", []Input{{Name: "cart", Wasm: user}}, NoTransport, false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := NewPlan(context.Background(), tc.ins, Options{Transport: tc.tr, Sessions: tc.sessions, Parts: parts(t)})
			if err != nil {
				t.Fatal(err)
			}
			if got := p.SessionPart(); got != tc.want {
				t.Fatalf("session part %q, want %q", got, tc.want)
			}
			var desc strings.Builder
			p.Describe(&desc)
			for _, s := range []string{SessionMemory, SessionKV, SessionStdio} {
				_, inPlan := p.Parts[s]
				if listed := strings.Contains(desc.String(), s); inPlan != (s == tc.want) || listed != (s == tc.want) {
					t.Errorf("%s: in the plan %v, described %v:\n%s", s, inPlan, listed, desc.String())
				}
			}
			if tc.want != "" && !strings.Contains(desc.String(), "session part: "+tc.want+", for cart") {
				t.Errorf("plan:\n%s", desc.String())
			}
			out, err := p.Build()
			if err != nil {
				t.Fatal(err)
			}
			w, err := component.Inspect(out)
			if err != nil {
				t.Fatal(err)
			}
			lifted := false
			for _, e := range w.Imports {
				lifted = lifted || same(e.Name, SessionInterface)
			}
			if lifted != (tc.tr == NoTransport) {
				t.Errorf("the composition imports session: %v\n%s", lifted, component.WIT(w))
			}
			if tc.name == "kv" || tc.name == "handler" {
				path := filepath.Join(t.TempDir(), "server.wasm")
				if err := os.WriteFile(path, out, 0o644); err != nil {
					t.Fatal(err)
				}
				testutil.WasmtimeCheck(t, path)
			}
		})
	}
}

// TestSessionRefusedBeforeItExisted checks that an import of session at
// 0.1.x, which never existed, is refused like any unknown import.
func TestSessionRefusedBeforeItExisted(t *testing.T) {
	w := world([]string{"wasmcp:mcp/session@0.1.0"}, []string{"wasmcp:mcp/tools@0.1.0"})
	if _, err := Classify("old", w); err == nil || !strings.Contains(err.Error(), "old imports wasmcp:mcp/session@0.1.0, which neither") {
		t.Errorf("err %v", err)
	}
}

// TestSessionPartWithOAuth: a server composed with --oauth has no build
// that tells a session part about calls yet, so compose refuses a
// component that imports client or session there, naming it; without such
// a component --oauth composes as before.
func TestSessionPartWithOAuth(t *testing.T) {
	asker := stubComponent(t, "import "+ClientInterface+";\nexport "+Tools.Interface()+";")
	plain := stubComponent(t, "export "+Tools.Interface()+";")
	_, err := NewPlan(context.Background(), []Input{{Name: "plain", Wasm: plain}, {Name: "asker", Wasm: asker}}, Options{Transport: HTTP, OAuth: true, Parts: parts(t)})
	if err == nil || !strings.Contains(err.Error(), "asker imports wasmcp:mcp/session or client") || !strings.Contains(err.Error(), "--oauth") {
		t.Errorf("err %v", err)
	}
	p, err := NewPlan(context.Background(), []Input{{Name: "asker", Wasm: asker}}, Options{Transport: Stdio, Parts: parts(t)})
	if err != nil || p.SessionPart() != SessionStdio || p.frameworkPart() != "server-stdio-client" {
		t.Errorf("a client import over stdio: %v, part %q", err, p.SessionPart())
	}
	if _, err := NewPlan(context.Background(), []Input{{Name: "plain", Wasm: plain}}, Options{Transport: HTTP, OAuth: true, Parts: parts(t)}); err != nil {
		t.Errorf("--oauth without a session import: %v", err)
	}
}
