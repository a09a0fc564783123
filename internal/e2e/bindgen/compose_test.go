package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/compose"
	"github.com/wasmcp/wasmcp/internal/testutil"
)

// composeKV composes the consumer component with the provider component that
// satisfies its import of test:kv/store with the composition engine (package
// compose): WASI imports are lifted to the outer component once, the
// provider's store export is wired to the consumer's import, and the
// consumer's app is exported.
func composeKV(t *testing.T, provider, consumer []byte) []byte {
	t.Helper()
	const store, app = "test:kv/store@0.1.0", "test:kv/app@0.1.0"
	c := compose.New()
	p, err := c.AddComponent("provider", provider)
	if err != nil {
		t.Fatal(err)
	}
	k, err := c.AddComponent("consumer", consumer)
	if err != nil {
		t.Fatal(err)
	}
	ip, err := c.Instantiate(p, "provider")
	if err != nil {
		t.Fatal(err)
	}
	ik, err := c.Instantiate(k, "consumer")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Wire(ik, store, ip, store); err != nil {
		t.Fatal(err)
	}
	if err := c.Export(ik, app, app); err != nil {
		t.Fatal(err)
	}
	out, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestComposedGoComponents: a Go component (consumer) imports an interface
// with a resource that a second Go component (provider) exports; both are
// built from generated bindings, composed into one component, and run under
// jco. Every call from consumer to provider goes Go → canonical ABI → Go.
func TestComposedGoComponents(t *testing.T) {
	dir := t.TempDir()
	prov, cons := filepath.Join(dir, "provider.wasm"), filepath.Join(dir, "consumer.wasm")
	buildComponent(t, "compose/provider", "compose/wit", "provider", prov)
	buildComponent(t, "compose/consumer", "compose/wit", "consumer", cons)
	pb, err := os.ReadFile(prov)
	if err != nil {
		t.Fatal(err)
	}
	cb, err := os.ReadFile(cons)
	if err != nil {
		t.Fatal(err)
	}
	plugged, err := compose.Plug(compose.Input{Name: "consumer", Wasm: cb}, compose.Input{Name: "provider", Wasm: pb})
	if err != nil {
		t.Fatalf("compose.Plug (wasmcp compose plug): %v", err)
	}
	if err := os.Symlink(testutil.NodeModules(t), filepath.Join(dir, "node_modules")); err != nil {
		t.Fatal(err)
	}
	want := []string{
		`keys=50 replaced=70 k007="vv" nope=missing k00*=10 cursor=k040,k041,k042,k043,k044,k045,k046,k047,k048,k049`,
		`keys=50 replaced=1 k007="vv" nope=missing k00*=10 cursor=k040,k041,k042,k043,k044,k045,k046,k047,k048,k049`,
	}
	for name, wasm := range map[string][]byte{"composed": composeKV(t, pb, cb), "plugged": plugged} {
		if err := os.WriteFile(filepath.Join(dir, name+".wasm"), wasm, 0o644); err != nil {
			t.Fatal(err)
		}
		testutil.RunJco(t, dir, "transpile", name+".wasm", "-o", name)
		if err := os.WriteFile(filepath.Join(dir, name, "package.json"), []byte(`{"type":"module"}`), 0o644); err != nil {
			t.Fatal(err)
		}
		run := exec.Command(testutil.Node(t), "--input-type=module", "-e",
			`const m = await import("./`+name+`/`+name+`.js"); const app = m.app ?? m["test:kv/app@0.1.0"]; console.log(app.run(120)); console.log(app.run(1));`)
		run.Dir = dir
		out, err := run.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: node: %v\n%s", name, err, out)
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if len(lines) != 2 || lines[0] != want[0] || lines[1] != want[1] {
			t.Fatalf("%s: got\n%s\nwant\n%s", name, out, strings.Join(want, "\n"))
		}
	}
}
