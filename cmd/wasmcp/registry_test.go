package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRegistryCommands(t *testing.T) {
	home := t.TempDir()
	env := map[string]string{"HOME": home}
	dir := t.TempDir()
	calc := filepath.Join(dir, "calc.wasm")
	if err := os.WriteFile(calc, []byte("\x00asm"), 0o644); err != nil {
		t.Fatal(err)
	}
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

	if out := ok("registry", "component", "add", "calc", calc); out != "alias calc -> "+calc+"\n" {
		t.Errorf("add: %q", out)
	}
	ok("registry", "component", "add", "weather", "acme:weather@1.2.0")
	ok("registry", "component", "add", "calculator", "calc")
	ok("registry", "component", "add", "logger", "acme:logger")
	ok("registry", "component", "add", "monitor", "acme:monitor@0.1.0")
	if out := ok("registry", "profile", "add", "dev", "calculator", "weather"); out != "profile dev = calculator + weather\n" {
		t.Errorf("profile add: %q", out)
	}
	if out := ok("registry", "profile", "add", "prod", "logger", "monitor", "-b", "dev"); out != "profile prod = calculator + weather + logger + monitor\n" {
		t.Errorf("profile add with base: %q", out)
	}
	ok("registry", "profile", "add", "local", calc, "-o", filepath.Join(dir, "server.wasm"))

	cfgPath := filepath.Join(home, ".config", "wasmcp", "config.toml")
	if _, err := os.Stat(cfgPath); err != nil {
		t.Fatalf("config not at the XDG default: %v", err)
	}

	out := ok("registry", "component", "list")
	for _, s := range []string{"NAME", "calc ", calc, "calculator", "acme:weather@1.2.0"} {
		if !strings.Contains(out, s) {
			t.Errorf("component list lacks %q:\n%s", s, out)
		}
	}
	var comps []struct{ Name, Spec string }
	if err := json.Unmarshal([]byte(ok("registry", "component", "list", "--json")), &comps); err != nil || len(comps) != 5 || comps[0].Name != "calc" || comps[0].Spec != calc {
		t.Errorf("component list --json: %+v %v", comps, err)
	}
	var profs []struct {
		Name, Base, Output   string
		Components, Expanded []string
	}
	if err := json.Unmarshal([]byte(ok("registry", "profile", "list", "--json")), &profs); err != nil || len(profs) != 3 {
		t.Fatalf("profile list --json: %+v %v", profs, err)
	}
	if p := profs[2]; p.Name != "prod" || p.Base != "dev" || strings.Join(p.Expanded, ",") != "calculator,weather,logger,monitor" ||
		p.Output != filepath.Join(home, ".config", "wasmcp", "composed", "prod.wasm") {
		t.Errorf("prod: %+v", p)
	}
	if p := profs[1]; p.Output != filepath.Join(dir, "server.wasm") {
		t.Errorf("local output: %+v", p)
	}
	out = ok("registry", "profile", "list")
	if !strings.Contains(out, "calculator + weather + logger + monitor") {
		t.Errorf("profile list:\n%s", out)
	}

	out = ok("registry", "info")
	for _, s := range []string{"config: " + cfgPath, "components (5):", "profiles (3):", "namespaces (0):"} {
		if !strings.Contains(out, s) {
			t.Errorf("info lacks %q:\n%s", s, out)
		}
	}
	out = ok("registry", "info", "--profiles")
	if strings.Contains(out, "components (") || !strings.Contains(out, "profiles (3)") {
		t.Errorf("info --profiles:\n%s", out)
	}
	var info struct {
		Path       string
		Components []any
		Profiles   []any
	}
	if err := json.Unmarshal([]byte(ok("registry", "info", "--components", "--json")), &info); err != nil || info.Path != cfgPath || len(info.Components) != 5 || info.Profiles != nil {
		t.Errorf("info --components --json: %+v %v", info, err)
	}

	// Refusals.
	fail(2, "invalid alias name", "registry", "component", "add", "a/b", calc)
	fail(2, "invalid alias name", "registry", "component", "add", "..", calc)
	fail(2, "invalid profile name", "registry", "profile", "add", "bad name", "calc")
	fail(2, "takes 2 argument(s)", "registry", "component", "add", "x")
	fail(2, "at least one COMPONENT", "registry", "profile", "add", "x")
	fail(2, "cannot be used together", "registry", "info", "--components", "--profiles")
	fail(1, `did you mean "calc"`, "registry", "component", "add", "x", "calcc")
	fail(1, "no such file", "registry", "component", "add", "x", filepath.Join(dir, "missing.wasm"))
	fail(1, "must start with a lowercase letter", "registry", "component", "add", "x", "Acme:x@1.0.0")
	fail(1, "already exists", "registry", "component", "add", "calc", "acme:x")
	fail(1, "calc -> calculator -> calc", "registry", "component", "add", "calc", "calculator", "--force")
	fail(1, `did you mean "dev"`, "registry", "profile", "add", "x", "calc", "-b", "deb")
	fail(1, "used by alias calculator", "registry", "component", "remove", "calc")
	fail(1, "profile prod (base)", "registry", "profile", "remove", "dev")

	ok("registry", "profile", "remove", "prod")
	ok("registry", "component", "remove", "monitor")
	var left []struct{ Name string }
	if err := json.Unmarshal([]byte(ok("registry", "component", "list", "--json")), &left); err != nil || len(left) != 4 {
		t.Errorf("after remove: %+v %v", left, err)
	}
}

func TestRegistryBrokenConfig(t *testing.T) {
	xdg := t.TempDir()
	env := map[string]string{"XDG_CONFIG_HOME": xdg, "HOME": t.TempDir()}
	path := filepath.Join(xdg, "wasmcp", "config.toml")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	bad := "[components.calc]\nspec = \"/x.wasm\"\n[profiles\n"
	if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCLI(t, env, "registry", "component", "add", "w", "acme:w@1.0.0")
	if code != 1 || !strings.Contains(errOut, path+":3:") {
		t.Errorf("add on a broken config: exit %d %q", code, errOut)
	}
	code, _, errOut = runCLI(t, env, "registry", "info")
	if code != 1 || !strings.Contains(errOut, path+":3:") {
		t.Errorf("info on a broken config: exit %d %q", code, errOut)
	}
	if got, _ := os.ReadFile(path); string(got) != bad {
		t.Error("broken config was rewritten")
	}
}
