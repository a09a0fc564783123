package registry

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaultPath(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"XDG_CONFIG_HOME": "/x", "HOME": "/h"}, "/x/wasmcp/config.toml"},
		{map[string]string{"XDG_CONFIG_HOME": "relative", "HOME": "/h"}, "/h/.config/wasmcp/config.toml"},
		{map[string]string{"HOME": "/h"}, "/h/.config/wasmcp/config.toml"},
	} {
		got, err := DefaultPath(env(tc.env))
		if err != nil || got != tc.want {
			t.Errorf("%v: got %q, %v; want %q", tc.env, got, err, tc.want)
		}
	}
	if _, err := DefaultPath(env(nil)); err == nil {
		t.Error("no HOME: want error")
	}
	if _, err := DefaultPath(env(map[string]string{"HOME": "rel"})); err == nil {
		t.Error("relative HOME: want error")
	}
	if got := DefaultOutput("/c/wasmcp/config.toml", "dev"); got != "/c/wasmcp/composed/dev.wasm" {
		t.Errorf("DefaultOutput = %q", got)
	}
}

func TestLoadMissingIsEmpty(t *testing.T) {
	c, err := Load(filepath.Join(t.TempDir(), "none", "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Components)+len(c.Profiles)+len(c.Namespaces) != 0 || c.Components == nil {
		t.Fatalf("not an empty config: %+v", c)
	}
}

func TestUpdateRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "wasmcp", "config.toml")
	err := Update(path, func(c *Config) error {
		c.Components["calc"] = Component{Spec: "/abs/calc.wasm"}
		c.Components["weather"] = Component{Spec: "acme:weather@1.2.0"}
		c.Profiles["dev"] = Profile{Components: []string{"calc", "weather"}, Output: "/o/dev.wasm"}
		c.Profiles["prod"] = Profile{Base: "dev", Components: []string{"calc"}}
		c.Namespaces["acme"] = Namespace{Registry: "localhost:5000/acme", PlainHTTP: true}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		Components: map[string]Component{"calc": {"/abs/calc.wasm"}, "weather": {"acme:weather@1.2.0"}},
		Profiles: map[string]Profile{
			"dev":  {Components: []string{"calc", "weather"}, Output: "/o/dev.wasm"},
			"prod": {Base: "dev", Components: []string{"calc"}},
		},
		Namespaces: map[string]Namespace{"acme": {Registry: "localhost:5000/acme", PlainHTTP: true}},
	}
	if !reflect.DeepEqual(c, want) {
		t.Fatalf("got %+v\nwant %+v", c, want)
	}
	data, _ := os.ReadFile(path)
	for _, s := range []string{"[components.calc]", `spec = '/abs/calc.wasm'`, "[profiles.prod]", `base = 'dev'`, "[namespaces.acme]", "plain-http = true"} {
		if !strings.Contains(string(data), s) {
			t.Errorf("config lacks %q:\n%s", s, data)
		}
	}
	// No temporary files are left behind.
	entries, _ := os.ReadDir(filepath.Dir(path))
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("left behind %s", e.Name())
		}
	}
}

func TestUpdateFnErrorWritesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	boom := errors.New("boom")
	if err := Update(path, func(c *Config) error { c.Components["x"] = Component{"/x"}; return boom }); !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("config written despite error: %v", err)
	}
}

func TestUpdateRefusesInvalidResult(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	err := Update(path, func(c *Config) error { c.Components["a/b"] = Component{"/x"}; return nil })
	if err == nil || !strings.Contains(err.Error(), "path separator") {
		t.Fatalf("err = %v", err)
	}
}

func TestParseErrorNamesLineAndColumnAndIsNotOverwritten(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	bad := "[components.calc]\nspec = \"/abs/calc.wasm\"\n\n[profiles.dev\ncomponents = []\n"
	if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 4 || pe.Col == 0 {
		t.Fatalf("Load: %v (%#v)", err, pe)
	}
	if !strings.HasPrefix(err.Error(), path+":4:") {
		t.Errorf("message %q does not start with %s:4:", err, path)
	}
	err = Update(path, func(c *Config) error { c.Components["new"] = Component{"/n"}; return nil })
	if err == nil || !strings.Contains(err.Error(), ":4:") || !strings.Contains(err.Error(), "not changed") {
		t.Fatalf("Update: %v", err)
	}
	got, _ := os.ReadFile(path)
	if string(got) != bad {
		t.Fatalf("file changed:\n%s", got)
	}
	// A type error is reported with its position too.
	if err := os.WriteFile(path, []byte("[components.calc]\nspec = 42\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path); err == nil || !strings.Contains(err.Error(), path+":2:") {
		t.Fatalf("type error: %v", err)
	}
}

func TestUnknownKeysBlockUpdateOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	text := "[components.calc]\nspec = \"/abs/calc.wasm\"\ndigest = \"sha256:00\"\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if c.Components["calc"].Spec != "/abs/calc.wasm" || len(c.Unknown()) != 1 || !strings.Contains(c.Unknown()[0], ":3:1: unknown key \"components.calc.digest\"") {
		t.Fatalf("got %+v unknown=%q", c, c.Unknown())
	}
	err = Update(path, func(c *Config) error { c.Components["x"] = Component{"/x"}; return nil })
	if err == nil || !strings.Contains(err.Error(), "digest") {
		t.Fatalf("Update: %v", err)
	}
	if got, _ := os.ReadFile(path); string(got) != text {
		t.Fatal("file changed")
	}
}

func TestLoadRejectsHugeFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(maxConfigSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, err := Load(path); err == nil || !strings.Contains(err.Error(), "larger") {
		t.Fatalf("err = %v", err)
	}
}

func TestWriteFileAtomicKeepsMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(path, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	got, _ := os.ReadFile(path)
	if st.Mode().Perm() != 0o600 || string(got) != "new" {
		t.Fatalf("mode %v content %q", st.Mode(), got)
	}
}

// TestConcurrentUpdatesGoroutines has goroutines that each open the lock and
// the config independently add different aliases at once; all must land.
func TestConcurrentUpdatesGoroutines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	const n = 40
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- Update(path, func(c *Config) error {
				c.Components[fmt.Sprintf("g%d", i)] = Component{Spec: fmt.Sprintf("/abs/%d.wasm", i)}
				return nil
			})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Components) != n {
		t.Fatalf("%d aliases landed, want %d", len(c.Components), n)
	}
}

// TestConcurrentUpdatesProcesses starts separate processes (this test binary
// re-executed) that add different aliases at the same time; all must land.
func TestConcurrentUpdatesProcesses(t *testing.T) {
	if p := os.Getenv("WASMCP_REGISTRY_HELPER"); p != "" {
		id := os.Getenv("WASMCP_REGISTRY_HELPER_ID")
		for j := range 5 {
			if err := Update(p, func(c *Config) error {
				c.Components[fmt.Sprintf("p%s-%d", id, j)] = Component{Spec: "acme:x@1.0.0"}
				return nil
			}); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(3)
			}
		}
		os.Exit(0)
	}
	path := filepath.Join(t.TempDir(), "config.toml")
	const procs = 12
	cmds := make([]*exec.Cmd, procs)
	for i := range procs {
		cmd := exec.Command(os.Args[0], "-test.run=^TestConcurrentUpdatesProcesses$")
		cmd.Env = append(os.Environ(), "WASMCP_REGISTRY_HELPER="+path, fmt.Sprintf("WASMCP_REGISTRY_HELPER_ID=%d", i))
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds[i] = cmd
	}
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("process %d: %v", i, err)
		}
	}
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Components) != procs*5 {
		t.Fatalf("%d aliases landed, want %d", len(c.Components), procs*5)
	}
}

func FuzzParseConfig(f *testing.F) {
	f.Add([]byte("[components.calc]\nspec = \"/abs/calc.wasm\"\n[profiles.dev]\nbase = \"x\"\ncomponents = [\"calc\"]\n[namespaces.acme]\nregistry = \"r\"\nplain-http = true\n"))
	f.Add([]byte("[profiles.dev\n"))
	f.Add([]byte("components = 3"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("fuzz.toml", data)
		if err != nil {
			return
		}
		out, err := c.Marshal()
		if err != nil {
			t.Fatalf("marshal of a parsed config: %v", err)
		}
		c2, err := Parse("again.toml", out)
		if err != nil {
			t.Fatalf("re-parse: %v\n%s", err, out)
		}
		c.unknown = nil
		if !reflect.DeepEqual(normalize(c), normalize(c2)) {
			t.Fatalf("round trip changed the config:\n%+v\n%+v", c, c2)
		}
	})
}

// normalize makes nil and empty slices compare equal.
func normalize(c *Config) *Config {
	out := &Config{Components: c.Components, Namespaces: c.Namespaces, Profiles: map[string]Profile{}}
	for k, p := range c.Profiles {
		if len(p.Components) == 0 {
			p.Components = nil
		}
		out.Profiles[k] = p
	}
	return out
}

func TestUpdateLockTimeout(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	unlock, err := lockFile(path+".lock", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	old := LockTimeout
	LockTimeout = 100 * time.Millisecond
	defer func() { LockTimeout = old }()
	err = Update(path, func(c *Config) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "another wasmcp process holds it") {
		t.Fatalf("err = %v", err)
	}
	unlock()
	if err := Update(path, func(c *Config) error { return nil }); err != nil {
		t.Fatalf("after unlock: %v", err)
	}
}

// TestTypeErrorsNameFileLineKeyAndType checks that a value of the wrong
// TOML type is reported with the file, the line and column of its key, the
// dotted key and the type expected, in the words of the file rather than of
// Go's structs.
func TestTypeErrorsNameFileLineKeyAndType(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"[components.calc]\nspec = 42\n", `config.toml:2:1: components.calc.spec must be a string (a file path, a package spec namespace:name@version, or another alias), not an integer`},
		{"[components.calc]\nspec = \"/x.wasm\"\n\n[profiles.dev]\ncomponents = \"calc\"\n", `config.toml:5:1: profiles.dev.components must be an array of strings`},
		{"[profiles.dev]\ncomponents = [\"calc\", 7]\n", `config.toml:2:23: profiles.dev.components[1] must be a string (a spec), not an integer`},
		{"[namespaces.acme]\nregistry = \"ghcr.io/acme\"\nplain-http = \"yes\"\n", `config.toml:3:1: namespaces.acme.plain-http must be a boolean (true or false), not a string`},
		{"components = 3\n", `config.toml:1:1: components must be a table ([components.NAME] sections), not an integer`},
		{"[components]\ncalc = \"/x.wasm\"\n", `config.toml:2:1: components.calc must be a table ([components.calc] with its keys), not a string`},
		{"components = { calc = { spec = true } }\n", `config.toml:1:25: components.calc.spec must be a string`},
		{"[components.calc.spec]\nx = 1\n", `config.toml:1:2: components.calc.spec must be a string`},
	} {
		path := filepath.Join(t.TempDir(), "config.toml")
		if err := os.WriteFile(path, []byte(tc.text), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(path)
		var te *TypeError
		if !errors.As(err, &te) || !strings.HasPrefix(err.Error(), filepath.Dir(path)+"/"+tc.want) {
			t.Errorf("%q:\n got %v\nwant %s/%s", tc.text, err, filepath.Dir(path), tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "registry.") {
			t.Errorf("%q: message names Go types: %v", tc.text, err)
		}
	}
}
