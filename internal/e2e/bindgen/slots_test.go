package e2e

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/bindgen"
	"github.com/wasmcp/wasmcp/component"
	"github.com/wasmcp/wasmcp/componentize"
	"github.com/wasmcp/wasmcp/compose"
	"github.com/wasmcp/wasmcp/internal/testutil"
	"github.com/wasmcp/wasmcp/wit"
	mcpwit "github.com/wasmcp/wasmcp/wit/mcp"
)

// toolsIface is the interface slots.wit imports, of the current contract.
var toolsIface = mcpwit.QualifiedInterface(mcpwit.InterfaceTools)

var slotNames = []string{"tools1", "tools2", "tools3"}

// slotsWorlds resolves slots/wit (with wit/mcp and WASI 0.2.12 as deps)
// and returns the guest world, its tools import expanded into slotNames,
// and the provider world.
func slotsWorlds(t *testing.T) (res *wit.Resolve, guest, provider *wit.World) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "wit")
	root := testutil.RepoRoot(t)
	copyWIT := func(src, dst string) {
		ents, err := os.ReadDir(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(dst, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			if e.IsDir() || !strings.HasSuffix(e.Name(), ".wit") {
				continue
			}
			b, err := os.ReadFile(filepath.Join(src, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	copyWIT(filepath.Join(root, "internal", "e2e", "bindgen", "slots", "wit"), dir)
	copyWIT(filepath.Join(root, "wit", "mcp"), filepath.Join(dir, "deps", "wasmcp-mcp"))
	builtin := filepath.Join(testutil.NodeModules(t), "@bytecodealliance", "jco", "lib", "wit", "builtin", "0.2.12")
	for _, d := range []string{"wasi-cli", "wasi-io", "wasi-clocks", "wasi-filesystem", "wasi-random", "wasi-sockets"} {
		copyWIT(filepath.Join(builtin, d), filepath.Join(dir, "deps", d))
	}
	res, _, err := wit.LoadDir(dir, wit.ResolveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if guest, err = res.SelectWorld("guest"); err != nil {
		t.Fatal(err)
	}
	if err := guest.ExpandImport(toolsIface, slotNames); err != nil {
		t.Fatal(err)
	}
	if provider, err = res.SelectWorld("provider"); err != nil {
		t.Fatal(err)
	}
	return res, guest, provider
}

// TestSlotsBindingsCurrent checks the committed bindings of the slots guest
// (generated from the expanded world) and provider.
func TestSlotsBindingsCurrent(t *testing.T) {
	res, guest, provider := slotsWorlds(t)
	for _, g := range []struct {
		w   *wit.World
		out string
	}{{guest, "slots/guest/bindings"}, {provider, "slots/provider/bindings"}} {
		files, err := bindgen.Generate(res, g.w, bindgen.Options{Package: "bindings"})
		if err != nil {
			t.Fatal(err)
		}
		if *update {
			if err := bindgen.WriteFiles(g.out, files); err != nil {
				t.Fatal(err)
			}
			continue
		}
		for _, f := range files {
			have, err := os.ReadFile(filepath.Join(g.out, f.Name))
			if err != nil || !bytes.Equal(have, f.Content) {
				t.Errorf("%s/%s is stale: run go test ./internal/e2e/bindgen -run TestSlotsBindingsCurrent -update", g.out, f.Name)
			}
		}
	}
}

// buildSlotsComponent builds package pkg (under internal/e2e/bindgen) with
// stock Go and the given -ldflags, and componentizes it with world w.
func buildSlotsComponent(t *testing.T, res *wit.Resolve, w *wit.World, pkg, ldflags string) []byte {
	t.Helper()
	root := testutil.RepoRoot(t)
	core := filepath.Join(t.TempDir(), "core.wasm")
	build := exec.Command("go", "build", "-buildmode=c-shared", "-ldflags="+ldflags, "-o", core, "./"+pkg)
	build.Dir = filepath.Join(root, "internal", "e2e", "bindgen")
	build.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm")
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, b)
	}
	comp, err := componentize.Componentize(context.Background(), componentize.Options{
		Core: core, Resolve: res, ResolvedWorld: w, NodeModules: testutil.NodeModules(t),
	})
	if err != nil {
		t.Fatal(err)
	}
	return comp
}

// TestSlots: a Go program imports wasmcp:mcp/tools three times under the
// plain names tools1, tools2, tools3; three Go tools providers, built from
// one source with different names, are wired to the three imports by name
// (across, so that the order of imports and providers differ); the
// composition runs on wasmtime and under jco, and each import reaches its
// own provider.
func TestSlots(t *testing.T) {
	if testing.Short() {
		t.Skip("builds four Go components")
	}
	res, guestWorld, providerWorld := slotsWorlds(t)
	guest := buildSlotsComponent(t, res, guestWorld, "slots/guest", "-s -w")
	// What `wasmcp wit` prints for the guest: three instances of tools.
	gw, err := component.Inspect(guest)
	if err != nil {
		t.Fatal(err)
	}
	text := component.WIT(gw)
	for _, n := range slotNames {
		if !strings.Contains(text, "  import "+n+": interface {\n") {
			t.Errorf("wasmcp wit of the guest does not show import %s:\n%s", n, text)
		}
	}
	if strings.Contains(text, "import "+toolsIface) {
		t.Errorf("wasmcp wit of the guest shows an import of %s:\n%s", toolsIface, text)
	}

	c := compose.New()
	g, err := c.AddComponent("guest", guest)
	if err != nil {
		t.Fatal(err)
	}
	ig, err := c.Instantiate(g, "guest")
	if err != nil {
		t.Fatal(err)
	}
	// tools1 ← gamma, tools2 ← alpha, tools3 ← beta.
	wiring := map[string]string{"tools1": "gamma", "tools2": "alpha", "tools3": "beta"}
	for _, name := range []string{"alpha", "beta", "gamma"} {
		p, err := c.AddComponent(name, buildSlotsComponent(t, res, providerWorld, "slots/provider", "-s -w -X main.name="+name))
		if err != nil {
			t.Fatal(err)
		}
		ip, err := c.Instantiate(p, name)
		if err != nil {
			t.Fatal(err)
		}
		for imp, prov := range wiring {
			if prov == name {
				if err := c.Wire(ig, imp, ip, toolsIface); err != nil {
					t.Fatalf("wire %s to %s: %v", imp, name, err)
				}
			}
		}
	}
	if err := c.AutoWire(); err != nil {
		t.Fatal(err)
	}
	if err := c.Export(ig, "wasi:cli/run@0.2.12", "wasi:cli/run@0.2.12"); err != nil {
		t.Fatal(err)
	}
	composed, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	wasm := filepath.Join(dir, "slots.wasm")
	if err := os.WriteFile(wasm, composed, 0o644); err != nil {
		t.Fatal(err)
	}
	want := "tools1: gamma-tool=gamma answers on channel 1; unknown=false\n" +
		"tools2: alpha-tool=alpha answers on channel 2; unknown=false\n" +
		"tools3: beta-tool=beta answers on channel 3; unknown=false\n"
	if got := testutil.WasmtimeRun(t, wasm, strings.NewReader("")); got != want {
		t.Errorf("wasmtime: got\n%s\nwant\n%s", got, want)
	}
	argv := append(testutil.Jco(t), "run", wasm)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("jco run: %v\n%s%s", err, out, tail(stderr.String(), 2000))
	}
	if string(out) != want {
		t.Errorf("jco run: got\n%s\nwant\n%s", out, want)
	}
}
