package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRegistryNamespaceCommands(t *testing.T) {
	xdg := t.TempDir()
	env := map[string]string{"XDG_CONFIG_HOME": xdg, "HOME": t.TempDir()}
	ok := func(args ...string) string {
		t.Helper()
		code, out, errOut := runCLI(t, env, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, errOut)
		}
		return out
	}
	fail := func(wantCode int, wantErr string, args ...string) {
		t.Helper()
		code, _, errOut := runCLI(t, env, args...)
		if code != wantCode || !strings.Contains(errOut, wantErr) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d with %q", args, code, errOut, wantCode, wantErr)
		}
	}
	list := func() map[string]nsListEntry {
		t.Helper()
		var entries []nsListEntry
		if err := json.Unmarshal([]byte(ok("registry", "namespace", "list", "--json")), &entries); err != nil {
			t.Fatal(err)
		}
		m := map[string]nsListEntry{}
		for _, e := range entries {
			m[e.Name] = e
		}
		return m
	}

	// Built in before anything is set.
	if got := list()["wasmcp"]; got.Registry != "ghcr.io/wasmcp" || got.Source != "built-in" {
		t.Errorf("built-in wasmcp namespace: %+v", got)
	}
	if out := ok("registry", "namespace", "set", "acme", "localhost:5000/tools", "--plain-http"); out != "namespace acme -> localhost:5000/tools (http)\n" {
		t.Errorf("set: %q", out)
	}
	ok("registry", "namespace", "set", "wasmcp", "mirror.example.com/wasmcp")
	if _, _, errOut := runCLI(t, env, "registry", "namespace", "set", "loop", "127.0.0.1:5000"); !strings.Contains(errOut, "--plain-http") {
		t.Errorf("no plain-HTTP note for a loopback registry: %q", errOut)
	}
	ok("registry", "namespace", "remove", "loop")
	m := list()
	if m["acme"] != (nsListEntry{"acme", "localhost:5000/tools", true, "config"}) {
		t.Errorf("acme: %+v", m["acme"])
	}
	if m["wasmcp"] != (nsListEntry{"wasmcp", "mirror.example.com/wasmcp", false, "config"}) {
		t.Errorf("wasmcp override: %+v", m["wasmcp"])
	}
	cfg, err := os.ReadFile(filepath.Join(xdg, "wasmcp", "config.toml"))
	if err != nil || !strings.Contains(string(cfg), "localhost:5000/tools") {
		t.Fatalf("config.toml: %v\n%s", err, cfg)
	}
	out := ok("registry", "namespace", "list")
	for _, s := range []string{"NAMESPACE", "acme", "localhost:5000/tools", "mirror.example.com/wasmcp"} {
		if !strings.Contains(out, s) {
			t.Errorf("list lacks %q:\n%s", s, out)
		}
	}

	if out := ok("registry", "namespace", "remove", "wasmcp"); !strings.Contains(out, "built-in mapping to ghcr.io/wasmcp applies again") {
		t.Errorf("remove wasmcp: %q", out)
	}
	if got := list()["wasmcp"]; got.Source != "built-in" {
		t.Errorf("after remove: %+v", got)
	}
	ok("registry", "namespace", "rm", "acme")
	if _, present := list()["acme"]; present {
		t.Error("acme still listed after remove")
	}

	fail(1, `namespace "acme" is not set`, "registry", "namespace", "remove", "acme")
	fail(1, "built in", "registry", "namespace", "remove", "wasmcp")
	fail(2, "without a scheme", "registry", "namespace", "set", "acme", "https://ghcr.io/acme")
	fail(2, `namespace "Acme"`, "registry", "namespace", "set", "Acme", "ghcr.io/acme")
	fail(2, "prefix", "registry", "namespace", "set", "acme", "ghcr.io/Acme")
	fail(2, "takes 2 argument(s)", "registry", "namespace", "set", "acme")
}
