package component

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/wasmcp/wasmcp/internal/testutil"
)

// fixtures returns the committed .wasm fixtures by base name.
func fixtures(t testing.TB) map[string][]byte {
	t.Helper()
	paths, err := filepath.Glob("testdata/*.wasm")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	m := map[string][]byte{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		m[filepath.Base(p)] = b
	}
	return m
}

var (
	realOnce sync.Once
	realDir  string
	realErr  error
	realOut  []byte
)

// realComponents builds, once per test binary, components the way real
// toolchains do (wit-component inside the pinned jco): a dummy core module
// for testdata/real.wit's world, plain and with the WASI preview1 reactor
// adapter, and a stock-Go core module (testdata/gocomp) with the adapter,
// which imports eighteen WASI 0.2 interfaces, and a wasi:http/proxy
// component from the WASI 0.2.12 WIT that ships with jco. They are written to a
// temporary directory, never committed (the adapter is a third-party
// binary).
func realComponents(t testing.TB) map[string][]byte {
	t.Helper()
	nm := testutil.NodeModules(t)
	node := testutil.Node(t)
	realOnce.Do(func() {
		realDir, realErr = os.MkdirTemp("", "wasmcp-component-real-")
		if realErr != nil {
			return
		}
		adapter := filepath.Join(nm, "@bytecodealliance", "jco", "lib", "wasi_snapshot_preview1.reactor.wasm")
		core := filepath.Join(realDir, "gocore.wasm")
		gobuild := exec.Command("go", "build", "-buildmode=c-shared", "-o", core, ".")
		gobuild.Dir = filepath.Join("testdata", "gocomp")
		gobuild.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm", "GOWORK=off", "CGO_ENABLED=0")
		if realOut, realErr = gobuild.CombinedOutput(); realErr != nil {
			return
		}
		proxyWIT := filepath.Join(realDir, "proxy.wit")
		if realErr = writeProxyWIT(nm, proxyWIT); realErr != nil {
			return
		}
		for _, args := range [][]string{
			{proxyWIT, "proxy", filepath.Join(realDir, "proxy.wasm")},
			{"testdata/real.wit", "app", filepath.Join(realDir, "real.wasm")},
			{"testdata/real.wit", "app", filepath.Join(realDir, "real-adapted.wasm"), adapter},
			{"testdata/gocomp/gocomp.wit", "gocomp", filepath.Join(realDir, "go.wasm"), adapter, core},
		} {
			cmd := exec.Command(node, append([]string{"testdata/dummy.mjs"}, args...)...)
			realOut, realErr = cmd.CombinedOutput()
			if realErr != nil {
				return
			}
		}
	})
	if realErr != nil {
		t.Fatalf("building real components: %v\n%s", realErr, realOut)
	}
	m := map[string][]byte{}
	for _, n := range []string{"real.wasm", "real-adapted.wasm", "go.wasm", "proxy.wasm"} {
		b, err := os.ReadFile(filepath.Join(realDir, n))
		if err != nil {
			t.Fatal(err)
		}
		m[n] = b
	}
	return m
}

// writeProxyWIT writes one WIT source holding a world that includes
// wasi:http/proxy@0.2.12, with the WASI packages shipped in the pinned jco
// (lib/wit/builtin/0.2.12) as nested packages.
func writeProxyWIT(nodeModules, out string) error {
	base := filepath.Join(nodeModules, "@bytecodealliance", "jco", "lib", "wit", "builtin", "0.2.12")
	dirs, err := os.ReadDir(base)
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString("package test:proxy;\n\nworld proxy {\n  include wasi:http/proxy@0.2.12;\n}\n")
	for _, d := range dirs {
		src, err := os.ReadFile(filepath.Join(base, d.Name(), "package.wit"))
		if err != nil {
			return err
		}
		text := strings.TrimSpace(string(src))
		header, body, ok := strings.Cut(text, ";")
		if !ok || !strings.HasPrefix(header, "package ") {
			return fmt.Errorf("%s: no package header", d.Name())
		}
		fmt.Fprintf(&b, "\n%s {\n%s\n}\n", header, body)
	}
	return os.WriteFile(out, []byte(b.String()), 0o644)
}

func TestMain(m *testing.M) {
	code := m.Run()
	if realDir != "" {
		os.RemoveAll(realDir)
	}
	os.Exit(code)
}
