package compose

import (
	"testing"
)

// TestPlugThreeComponentsInNode composes app with the two components it
// imports, text and geo, and runs the result in node: strings cross
// app ⇄ text, records and lists app ⇄ geo, and app holds an own handle of
// geo's bag resource.
func TestPlugThreeComponentsInNode(t *testing.T) {
	t.Parallel()
	c := New()
	text := mustAdd(t, c, "text")
	geo := mustAdd(t, c, "geo")
	app := mustAdd(t, c, "app")
	it := mustInst(t, c, text, "text")
	ig := mustInst(t, c, geo, "geo")
	ia := mustInst(t, c, app, "app")
	_, _ = it, ig
	if err := c.AutoWire(); err != nil {
		t.Fatal(err)
	}
	if err := c.Export(ia, "test:demo/app@0.1.0", "test:demo/app@0.1.0"); err != nil {
		t.Fatal(err)
	}
	out, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	dir := transpile(t, out)
	got := runNode(t, dir, `const m = await import("./out/composed.js");
const app = m.app ?? m["test:demo/app@0.1.0"];
console.log(JSON.stringify(app.run("hello", [{x: 1, y: 2}, {x: 30, y: 40}, {x: -5, y: 600}])));`)
	want := `["hello!",{"x":26,"y":642},{"x":26,"y":642}]`
	if got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
}

func mustAdd(t testing.TB, c *Composition, name string) *Component {
	t.Helper()
	comp, err := c.AddComponent(name, fixture(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return comp
}

func mustInst(t testing.TB, c *Composition, comp *Component, name string) *Instance {
	t.Helper()
	i, err := c.Instantiate(comp, name)
	if err != nil {
		t.Fatal(err)
	}
	return i
}
