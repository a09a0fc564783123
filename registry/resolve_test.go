package registry

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func writeWasm(t *testing.T, dir, name string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte("\x00asm\x0d\x00\x01\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func targets(rs []Resolved) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Target()
	}
	return out
}

func TestResolve(t *testing.T) {
	dir := t.TempDir()
	calc := writeWasm(t, dir, "calc.wasm")
	logger := writeWasm(t, dir, "logger.wasm")
	c := NewBlankConfig()
	c.Components["calc"] = Component{calc}
	c.Components["calculator"] = Component{"calc"} // alias chain
	c.Components["weather"] = Component{"acme:weather@1.2.0"}
	c.Components["log"] = Component{logger}
	c.Profiles["dev"] = Profile{Components: []string{"calculator", "weather"}}
	c.Profiles["prod"] = Profile{Base: "dev", Components: []string{"log", "acme:monitor"}}

	rs, err := Resolve(c, []string{"prod", logger, "other:thing@0.1.0-rc.1+b5"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{calc, "acme:weather@1.2.0", logger, "acme:monitor", logger, "other:thing@0.1.0-rc.1+b5"}
	if got := targets(rs); !reflect.DeepEqual(got, want) {
		t.Fatalf("targets %q, want %q", got, want)
	}
	if got := rs[0].Chain(); got != "profile prod -> base dev -> alias calculator -> alias calc -> path "+calc {
		t.Errorf("chain %q", got)
	}
	if rs[0].Kind != KindPath || rs[0].Spec != "prod" {
		t.Errorf("rs[0] = %+v", rs[0])
	}
	if rs[1].Kind != KindPackage || rs[1].Package != (Package{"acme", "weather", "1.2.0"}) {
		t.Errorf("rs[1] = %+v", rs[1])
	}
	if rs[3].Package != (Package{"acme", "monitor", ""}) {
		t.Errorf("rs[3] = %+v", rs[3])
	}
	if rs[4].Chain() != "path "+logger {
		t.Errorf("direct path chain %q", rs[4].Chain())
	}

	// A relative path resolves against the working directory.
	t.Chdir(dir)
	rs, err = Resolve(c, []string{"calc.wasm", "./logger.wasm"})
	if err != nil || rs[0].Path != calc || rs[1].Path != logger {
		t.Fatalf("relative: %+v %v", rs, err)
	}
}

func TestResolveErrors(t *testing.T) {
	dir := t.TempDir()
	c := NewBlankConfig()
	c.Components["a"] = Component{"b"}
	c.Components["b"] = Component{"c"}
	c.Components["c"] = Component{"a"}
	c.Components["self"] = Component{"self"}
	c.Components["calc"] = Component{writeWasm(t, dir, "calc.wasm")}
	c.Components["gone"] = Component{filepath.Join(dir, "gone.wasm")}
	c.Profiles["p1"] = Profile{Base: "p2", Components: []string{"calc"}}
	c.Profiles["p2"] = Profile{Base: "p1", Components: []string{"calc"}}
	c.Profiles["loop"] = Profile{Components: []string{"viaalias"}}
	c.Components["viaalias"] = Component{"loop"}
	c.Profiles["nobase"] = Profile{Base: "missing", Components: []string{"calc"}}

	for _, tc := range []struct {
		spec string
		is   error
		want string
	}{
		{"a", ErrCycle, "a -> b -> c -> a"},
		{"self", ErrCycle, "self -> self"},
		{"p1", ErrCycle, "p1 -> p2 -> p1"},
		{"loop", ErrCycle, "loop -> viaalias -> loop"},
		{"calcc", ErrUnknown, `did you mean "calc"?`},
		{"clac", ErrUnknown, `did you mean "calc"?`},
		{"zzzzzzzz", ErrUnknown, `not a profile, an alias`},
		{"gone", nil, "alias gone: " + filepath.Join(dir, "gone.wasm") + ": no such file"},
		{"./missing.wasm", nil, "./missing.wasm: no such file"},
		{dir, nil, "is a directory"},
		{"Acme:x", nil, "must start with a lowercase letter"},
		{"acme:x@1.2", nil, "is not MAJOR.MINOR.PATCH"},
		{"acme:x@01.2.3", nil, "leading zeros"},
		{"nobase", nil, `base profile "missing" does not exist`},
	} {
		_, err := Resolve(c, []string{tc.spec})
		if err == nil {
			t.Errorf("%s: no error", tc.spec)
			continue
		}
		if tc.is != nil && !errors.Is(err, tc.is) {
			t.Errorf("%s: %v is not %v", tc.spec, err, tc.is)
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %q lacks %q", tc.spec, err, tc.want)
		}
	}
}

func TestResolveExplosionBounded(t *testing.T) {
	c := NewBlankConfig()
	c.Components["leaf"] = Component{"acme:leaf"}
	prev := "leaf"
	for i := range 20 {
		name := "p" + string(rune('a'+i))
		c.Profiles[name] = Profile{Components: []string{prev, prev}}
		prev = name
	}
	if _, err := Resolve(c, []string{prev}); err == nil || !strings.Contains(err.Error(), "more than") {
		t.Fatalf("err = %v", err)
	}
}

func TestValidateName(t *testing.T) {
	for _, ok := range []string{"calc", "my-tool_2", "Calc.v2", "日本"} {
		if err := ValidateName(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "a/b", `a\b`, "a b", "a\tb", "..", "a..b", "-x", ".hidden", "ns:x", "x@1", "a\x00b", strings.Repeat("x", 129), "\xff"} {
		if err := ValidateName(bad); err == nil {
			t.Errorf("%q: accepted", bad)
		}
	}
}

func TestParsePackage(t *testing.T) {
	for spec, want := range map[string]Package{
		"acme:weather@1.2.0":       {"acme", "weather", "1.2.0"},
		"acme:weather":             {"acme", "weather", ""},
		"my-org:calc-2@0.1.0-rc.1": {"my-org", "calc-2", "0.1.0-rc.1"},
		"a:b@1.0.0+build.7":        {"a", "b", "1.0.0+build.7"},
	} {
		got, err := ParsePackage(spec)
		if err != nil || got != want || got.String() != spec {
			t.Errorf("%s: %+v %v", spec, got, err)
		}
	}
	for _, bad := range []string{"acme", ":x", "acme:", "acme:x@", "acme:x@1", "acme:x@v1.0.0", "acme:X", "acme:x--y", "acme:x-", "1acme:x", "acme:x@1.0.0-", "acme:x@1.0.0-a..b", "acme:x/y@1.0.0"} {
		if _, err := ParsePackage(bad); err == nil {
			t.Errorf("%q: accepted", bad)
		}
	}
}

func TestAddAndRemove(t *testing.T) {
	dir := t.TempDir()
	calc := writeWasm(t, dir, "calc.wasm")
	c := NewBlankConfig()
	t.Chdir(dir)
	if err := AddComponent(c, "calc", "calc.wasm", false); err != nil {
		t.Fatal(err)
	}
	if c.Components["calc"].Spec != calc {
		t.Fatalf("path not stored absolute: %q", c.Components["calc"].Spec)
	}
	if err := AddComponent(c, "calc", "acme:calc@1.0.0", false); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("duplicate: %v", err)
	}
	if err := AddComponent(c, "c2", "calc", false); err != nil {
		t.Fatal(err)
	}
	if err := AddComponent(c, "w", "acme:weather@1.0.0", false); err != nil {
		t.Fatal(err)
	}
	if err := AddComponent(c, "bad", "nosuch", false); !errors.Is(err, ErrUnknown) {
		t.Fatalf("unknown target: %v", err)
	}
	if err := AddComponent(c, "bad", "missing.wasm", false); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Fatalf("missing file: %v", err)
	}
	if err := AddComponent(c, "a/b", "calc", false); err == nil {
		t.Fatal("bad name accepted")
	}
	// Replacing calc with an alias to c2 would make a cycle: refused, old kept.
	if err := AddComponent(c, "calc", "c2", true); !errors.Is(err, ErrCycle) {
		t.Fatalf("cycle: %v", err)
	}
	if c.Components["calc"].Spec != calc {
		t.Fatal("failed replace changed the alias")
	}

	if err := AddProfile(c, "dev", Profile{Components: []string{"c2", "w"}}, false); err != nil {
		t.Fatal(err)
	}
	if err := AddProfile(c, "prod", Profile{Base: "dev", Components: []string{"./calc.wasm"}, Output: "out/prod.wasm"}, false); err != nil {
		t.Fatal(err)
	}
	if p := c.Profiles["prod"]; p.Output != filepath.Join(dir, "out/prod.wasm") || p.Components[0] != calc {
		t.Fatalf("prod = %+v", p)
	}
	if err := AddProfile(c, "x", Profile{Base: "deb"}, false); err == nil || !strings.Contains(err.Error(), `did you mean "dev"`) {
		t.Fatalf("bad base: %v", err)
	}
	if err := AddProfile(c, "calc", Profile{Components: []string{"w"}}, false); err == nil {
		t.Fatal("profile shadowing an alias accepted")
	}
	if err := AddProfile(c, "empty", Profile{}, false); err == nil {
		t.Fatal("empty profile accepted")
	}

	if err := RemoveComponent(c, "calc", false); err == nil || !strings.Contains(err.Error(), "alias c2") {
		t.Fatalf("remove referenced alias: %v", err)
	}
	if err := RemoveProfile(c, "dev", false); err == nil || !strings.Contains(err.Error(), "profile prod (base)") {
		t.Fatalf("remove base: %v", err)
	}
	if err := RemoveProfile(c, "prod", false); err != nil {
		t.Fatal(err)
	}
	if err := RemoveComponent(c, "nope", false); !errors.Is(err, ErrUnknown) {
		t.Fatalf("remove unknown: %v", err)
	}
	if err := RemoveComponent(c, "calc", true); err != nil {
		t.Fatal(err)
	}
	if _, err := Resolve(c, []string{"dev"}); !errors.Is(err, ErrUnknown) {
		t.Fatalf("dangling alias after forced remove: %v", err)
	}
}

func FuzzParsePackage(f *testing.F) {
	for _, s := range []string{"acme:weather@1.2.0", "a:b", "a:b@1.0.0-rc.1+x", "x", ":", "a:b@"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePackage(s)
		if err != nil {
			return
		}
		q, err := ParsePackage(p.String())
		if err != nil || q != p {
			t.Fatalf("%q -> %+v -> %+v %v", s, p, q, err)
		}
		_ = ValidateName(s)
	})
}

func TestNeedsConfig(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "calc.wasm")
	if err := os.WriteFile(file, []byte("\x00asm"), 0o644); err != nil {
		t.Fatal(err)
	}
	for spec, want := range map[string]bool{
		"calc":                          true, // a profile or an alias first
		file:                            false,
		"acme:calc@1.0.0":               true,  // namespaces
		dir:                             false, // refused as a directory, without the config
		filepath.Join(dir, "nope.wasm"): false,
	} {
		if got := NeedsConfig(spec); got != want {
			t.Errorf("NeedsConfig(%q) = %v, want %v", spec, got, want)
		}
	}
}
