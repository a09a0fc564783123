package oci

import (
	"strings"
	"testing"
)

func TestParseSpec(t *testing.T) {
	good := map[string]Spec{
		"wasmcp:http-transport@0.1.0": {"wasmcp", "http-transport", "0.1.0"},
		"acme:calc":                   {"acme", "calc", ""},
		"acme:calc@latest":            {"acme", "calc", "latest"},
		"acme:calc@sha256:" + strings.Repeat("ab", 32): {"acme", "calc", "sha256:" + strings.Repeat("ab", 32)},
	}
	for in, want := range good {
		got, err := ParseSpec(in)
		if err != nil || got != want {
			t.Errorf("ParseSpec(%q) = %+v, %v; want %+v", in, got, err, want)
		}
		if got.String() != in {
			t.Errorf("String() = %q, want %q", got.String(), in)
		}
	}
	bad := map[string]string{
		"calc":                "namespace:name",
		"Acme:calc":           `namespace "Acme"`,
		"acme:calc--x":        `name "calc--x"`,
		"acme:":               `name ""`,
		"acme:calc@":          `version ""`,
		"acme:calc@1.0.0+x y": "not a valid tag",
		"acme:calc@md5:abcd":  "sha256 digest",
	}
	for in, want := range bad {
		if _, err := ParseSpec(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseSpec(%q): %v, want an error containing %q", in, err, want)
		}
	}
}

func TestTarget(t *testing.T) {
	ns := Namespaces{"acme": {Registry: "localhost:5000/team/wasm", PlainHTTP: true}, "bare": {Registry: "reg.example.com"}, "broken": {Registry: "Reg.example.com/UPPER"}}.WithBuiltins()
	for in, want := range map[string]struct {
		ref   string
		plain bool
	}{
		"acme:calc@1.0.0":                  {"localhost:5000/team/wasm/calc:1.0.0", true},
		"bare:calc":                        {"reg.example.com/calc", false},
		"wasmcp:http-transport@0.1.0":      {"ghcr.io/wasmcp/http-transport:0.1.0", false},
		"ghcr.io/x/y:1":                    {"ghcr.io/x/y:1", false},
		"localhost:5000/other/thing:2.0.0": {"localhost:5000/other/thing:2.0.0", true}, // same host as acme
		"127.0.0.1:5001/tools/calc:0.1.0":  {"127.0.0.1:5001/tools/calc:0.1.0", false},
	} {
		got, err := ns.Target(in, false)
		if err != nil || got.Ref.String() != want.ref || got.PlainHTTP != want.plain {
			t.Errorf("Target(%q) = %s plain=%v, %v; want %s plain=%v", in, got.Ref, got.PlainHTTP, err, want.ref, want.plain)
		}
	}
	// A user setting overrides the built-in wasmcp namespace.
	over := Namespaces{"wasmcp": {Registry: "127.0.0.1:5000/mirror", PlainHTTP: true}}.WithBuiltins()
	if got, _ := over.Target("wasmcp:io@0.1.0", false); got.Ref.String() != "127.0.0.1:5000/mirror/io:0.1.0" || !got.PlainHTTP {
		t.Errorf("override of the built-in namespace: %s", got.Ref)
	}
	for in, want := range map[string]string{
		"nope:calc":         "not mapped to a registry",
		"broken:calc":       "fix it with",
		"ubuntu/x:1":        "does not look like a registry host",
		"ghcr.io/X/y:1":     "reference",
		"ghcr.io/x/y:bad@x": "reference",
	} {
		if _, err := ns.Target(in, false); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Target(%q): %v, want %q", in, err, want)
		}
	}
}

func TestValidateRegistry(t *testing.T) {
	for _, ok := range []string{"ghcr.io/wasmcp", "localhost:5000", "127.0.0.1:5000/a/b", "[::1]:5000/x", "reg.example.com"} {
		if err := ValidateRegistry(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "https://ghcr.io/x", "ghcr.io/X", "ghcr.io//x", "-bad.host/x", "host:port/x", "ghcr.io/x/"} {
		if err := ValidateRegistry(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestParseOverride(t *testing.T) {
	for in, want := range map[string]Override{
		"http-transport=0.2.0":                 {Part: "http-transport", Version: "0.2.0"},
		"wasmcp:http-transport=v0.2.0":         {Part: "http-transport", Version: "v0.2.0"},
		"io=./io.wasm":                         {Part: "io", Path: "./io.wasm"},
		"io=build/io":                          {Part: "io", Path: "build/io"},
		"io=io.wasm":                           {Part: "io", Path: "io.wasm"},
		"io=sha256:" + strings.Repeat("0", 64): {Part: "io", Version: "sha256:" + strings.Repeat("0", 64)},
	} {
		got, err := ParseOverride(in)
		if err != nil || got != want {
			t.Errorf("ParseOverride(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for in, want := range map[string]string{
		"io":             "PART=VERSION",
		"=1.0.0":         "part",
		"io=":            "empty",
		"io=latest":      "neither a version",
		"Bad Part=1.0.0": "part",
	} {
		if _, err := ParseOverride(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseOverride(%q): %v, want %q", in, err, want)
		}
	}
	if _, err := ParseOverrides([]string{"io=1.0.0", "wasmcp:io=2.0.0"}); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("duplicate override: %v", err)
	}
}

func TestHighestSemver(t *testing.T) {
	for _, tc := range []struct {
		tags []string
		want string
	}{
		{[]string{"0.1.0", "0.10.0", "0.9.0", "latest"}, "0.10.0"},
		{[]string{"v1.0.0", "0.9.0"}, "v1.0.0"},
		{[]string{"1.0.0-rc.1", "0.9.0"}, "0.9.0"},
		{[]string{"1.0.0-rc.1", "1.0.0-rc.2", "main"}, "1.0.0-rc.2"},
		{[]string{"1.0", "01.0.0"}, ""},
	} {
		got, err := HighestSemver(tc.tags)
		if got != tc.want || (tc.want == "") != (err != nil) {
			t.Errorf("HighestSemver(%v) = %q, %v; want %q", tc.tags, got, err, tc.want)
		}
	}
}

func FuzzParseSpec(f *testing.F) {
	for _, s := range []string{"wasmcp:http-transport@0.1.0", "acme:calc", "a:b@sha256:" + strings.Repeat("0", 64), "x", "a:b@", ":@"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		spec, err := ParseSpec(s)
		if err != nil {
			return
		}
		again, err := ParseSpec(spec.String())
		if err != nil || again != spec {
			t.Fatalf("%q parsed to %+v, which does not round-trip: %+v %v", s, spec, again, err)
		}
		if _, err := (Namespaces{spec.Namespace: {Registry: "reg.example.com/p"}}).Target(s, false); err != nil {
			t.Fatalf("valid spec %q has no target: %v", s, err)
		}
	})
}

func FuzzTarget(f *testing.F) {
	for _, s := range []string{"localhost:5000/a/b:1.0.0", "ghcr.io/x/y@sha256:" + strings.Repeat("a", 64), "acme:x@1", "a/b", "[::1]:5000/x:y"} {
		f.Add(s)
	}
	ns := Namespaces{"acme": {Registry: "localhost:5000/p"}}.WithBuiltins()
	f.Fuzz(func(t *testing.T, s string) {
		tg, err := ns.Target(s, false)
		if err != nil {
			return
		}
		if err := tg.Ref.ValidateRegistry(); err != nil {
			t.Fatalf("%q: target with an invalid registry: %v", s, err)
		}
		if err := tg.Ref.ValidateRepository(); err != nil {
			t.Fatalf("%q: target with an invalid repository: %v", s, err)
		}
	})
}

func FuzzParseOverride(f *testing.F) {
	for _, s := range []string{"http-transport=0.1.0", "io=./x.wasm", "a=", "=", "x=sha256:1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		o, err := ParseOverride(s)
		if err != nil {
			return
		}
		if o.Part == "" || (o.Path == "") == (o.Version == "") {
			t.Fatalf("%q: override %+v must have a part and exactly one of path and version", s, o)
		}
	})
}

func TestParseManifestRefusesIndexAndExtraLayers(t *testing.T) {
	if _, _, err := ParseManifest([]byte(`{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}`), "x"); err == nil || !strings.Contains(err.Error(), "image index") {
		t.Errorf("index: %v", err)
	}
	l := `{"mediaType":"application/wasm","digest":"sha256:` + strings.Repeat("a", 64) + `","size":1}`
	if _, _, err := ParseManifest([]byte(`{"schemaVersion":2,"layers":[`+l+`,`+l+`]}`), "x"); err == nil || !strings.Contains(err.Error(), "2 application/wasm layers") {
		t.Errorf("two layers: %v", err)
	}
	if _, _, err := ParseManifest([]byte(`{"schemaVersion":2,"layers":[{"mediaType":"application/wasm","digest":"sha256:zz","size":1}]}`), "x"); err == nil || !strings.Contains(err.Error(), "layer digest") {
		t.Errorf("bad digest: %v", err)
	}
	if _, _, err := ParseManifest([]byte(`not json`), "x"); err == nil || !strings.Contains(err.Error(), "not JSON") {
		t.Errorf("garbage: %v", err)
	}
}

func FuzzParseManifest(f *testing.F) {
	l := `{"mediaType":"application/wasm","digest":"sha256:` + strings.Repeat("a", 64) + `","size":1}`
	f.Add([]byte(`{"schemaVersion":2,"layers":[` + l + `]}`))
	f.Add([]byte(`{"mediaType":"application/vnd.oci.image.index.v1+json"}`))
	f.Add([]byte(`{"layers":[{"size":-1}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, layer, err := ParseManifest(b, "fuzz")
		if err == nil && (layer.MediaType != LayerMediaType || layer.Size < 0 || layer.Digest.Validate() != nil) {
			t.Fatalf("accepted layer %+v", layer)
		}
	})
}
