package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/component"
	"github.com/wasmcp/wasmcp/internal/testutil"
)

// composeKV composes the consumer component with the provider component that
// satisfies its import of test:kv/store, with package component's Builder:
// the outer component imports each WASI interface once, instantiates the
// provider, passes its store export to the consumer, and exports the
// consumer's app.
func composeKV(t *testing.T, provider, consumer []byte) []byte {
	t.Helper()
	const store, app = "test:kv/store@0.1.0", "test:kv/app@0.1.0"
	cp, err := component.Decode(provider)
	if err != nil {
		t.Fatal(err)
	}
	cc, err := component.Decode(consumer)
	if err != nil {
		t.Fatal(err)
	}
	wp, err := component.Resolve(cp)
	if err != nil {
		t.Fatal(err)
	}
	wc, err := component.Resolve(cc)
	if err != nil {
		t.Fatal(err)
	}
	have, ok := wp.Export(store)
	if !ok {
		t.Fatalf("provider does not export %s", store)
	}
	want, ok := wc.Import(store)
	if !ok {
		t.Fatalf("consumer does not import %s", store)
	}
	if !component.Compatible(want.Type, have.Type) {
		t.Fatalf("store types differ: %s", component.Incompatibility(want.Type, have.Type))
	}
	b := component.NewBuilder()
	imported := map[string]uint32{}
	for _, w := range []*component.World{wp, wc} {
		for _, e := range w.Imports {
			if _, done := imported[e.Name]; done || e.Name == store {
				continue
			}
			idx, err := b.Import(e)
			if err != nil {
				t.Fatalf("import %s: %v", e.Name, err)
			}
			imported[e.Name] = idx
		}
	}
	args := func(w *component.World, extra ...component.InstantiateArg) []component.InstantiateArg {
		var out []component.InstantiateArg
		for _, e := range w.Imports {
			if idx, ok := imported[e.Name]; ok && e.Name != store {
				out = append(out, component.InstantiateArg{Name: e.Name, Sort: component.SortInstance, Index: idx})
			}
		}
		return append(out, extra...)
	}
	pc := b.AddComponent(cp)
	ccIdx := b.AddComponent(cc)
	ip := b.Instantiate(pc, args(wp)...)
	storeInst := b.AliasExport(ip, store, component.SortInstance)
	ic := b.Instantiate(ccIdx, args(wc, component.InstantiateArg{Name: store, Sort: component.SortInstance, Index: storeInst})...)
	appInst := b.AliasExport(ic, app, component.SortInstance)
	b.Export(app, component.SortInstance, appInst)
	return b.Bytes()
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
	composed := composeKV(t, pb, cb)
	if err := os.WriteFile(filepath.Join(dir, "composed.wasm"), composed, 0o644); err != nil {
		t.Fatal(err)
	}
	testutil.RunJco(t, dir, "transpile", "composed.wasm", "-o", "out")
	if err := os.WriteFile(filepath.Join(dir, "out", "package.json"), []byte(`{"type":"module"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(testutil.NodeModules(t), filepath.Join(dir, "node_modules")); err != nil {
		t.Fatal(err)
	}
	run := exec.Command(testutil.Node(t), "--input-type=module", "-e",
		`const m = await import("./out/composed.js"); const app = m.app ?? m["test:kv/app@0.1.0"]; console.log(app.run(120)); console.log(app.run(1));`)
	run.Dir = dir
	out, err := run.CombinedOutput()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	want := []string{
		`keys=50 replaced=70 k007="vv" nope=missing k00*=10 cursor=k040,k041,k042,k043,k044,k045,k046,k047,k048,k049`,
		`keys=50 replaced=1 k007="vv" nope=missing k00*=10 cursor=k040,k041,k042,k043,k044,k045,k046,k047,k048,k049`,
	}
	if len(lines) != 2 || lines[0] != want[0] || lines[1] != want[1] {
		t.Fatalf("got\n%s\nwant\n%s", out, strings.Join(want, "\n"))
	}
}
