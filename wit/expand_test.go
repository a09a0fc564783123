package wit

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"
)

const expandSrc = `package test:slots@0.1.0;

interface types {
    record ctx { id: string }
    resource conn { ping: func() -> u32; }
}

interface tools {
    use types.{ctx, conn};
    record tool { name: string, c: ctx }
    list-all: func(c: ctx, k: borrow<conn>) -> list<tool>;
    count: func() -> u32;
}

interface app {
    run: func() -> string;
}

world w {
    import tools;
    import log: func(msg: string);
    export app;
}
`

// The same world with tools under plain names, which WIT can only write as
// inline interfaces.
const expandInline = `package test:slots@0.1.0;

interface types {
    record ctx { id: string }
    resource conn { ping: func() -> u32; }
}

interface app {
    run: func() -> string;
}

world w {
    import tools1: interface {
        use types.{ctx, conn};
        record tool { name: string, c: ctx }
        list-all: func(c: ctx, k: borrow<conn>) -> list<tool>;
        count: func() -> u32;
    }
    import tools2: interface {
        use types.{ctx, conn};
        record tool { name: string, c: ctx }
        list-all: func(c: ctx, k: borrow<conn>) -> list<tool>;
        count: func() -> u32;
    }
    import tools3: interface {
        use types.{ctx, conn};
        record tool { name: string, c: ctx }
        list-all: func(c: ctx, k: borrow<conn>) -> list<tool>;
        count: func() -> u32;
    }
    import log: func(msg: string);
    export app;
}
`

func expandedWorld(t testing.TB, names ...string) (*Resolve, *World) {
	t.Helper()
	r, _, err := ParseSource("slots.wit", expandSrc)
	if err != nil {
		t.Fatal(err)
	}
	w, err := r.SelectWorld("w")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.ExpandImport("test:slots/tools@0.1.0", names); err != nil {
		t.Fatal(err)
	}
	return r, w
}

func TestExpandImport(t *testing.T) {
	r, w := expandedWorld(t, "tools1", "tools2", "tools3")
	var keys []string
	for _, it := range w.Imports {
		keys = append(keys, it.Key)
	}
	if got, want := strings.Join(keys, " "), "test:slots/types@0.1.0 tools1 tools2 tools3 log"; got != want {
		t.Fatalf("imports %q, want %q", got, want)
	}
	tools := r.Package("test:slots@0.1.0").Interface("tools")
	if got := strings.Join(w.ImportsOf(tools), " "); got != "tools1 tools2 tools3" {
		t.Fatalf("ImportsOf = %q", got)
	}
	var b strings.Builder
	if err := PrintWorld(&b, r, w); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, s := range []string{
		"// test:slots/tools@0.1.0 under the plain name tools2\n",
		"    import tools2: interface {\n        use types.{ctx};\n",
		"        list-all: func(c: ctx, k: borrow<conn>) -> list<tool>;\n",
	} {
		if !strings.Contains(out, s) {
			t.Errorf("PrintWorld lacks %q:\n%s", s, out)
		}
	}
}

// TestExpandImportEncoding: the expanded world encodes exactly as jco
// encodes the same world written with inline interfaces.
func TestExpandImportEncoding(t *testing.T) {
	r, w := expandedWorld(t, "tools1", "tools2", "tools3")
	core := []byte{0, 'a', 's', 'm', 1, 0, 0, 0}
	got, err := EmbedWorld(core, r, w)
	if err != nil {
		t.Fatal(err)
	}
	ours := customSections(t, got)[CustomSectionName(w)]
	want := jcoEmbed(t, []embedCase{{Name: "inline", Wit: expandInline, World: "w"}})
	theirs := withoutProducers(t, customSections(t, want["inline"])["component-type"])
	if !bytes.Equal(ours, theirs) {
		t.Fatalf("encoding differs from jco's for the inline form:\nours   %x\ntheirs %x", ours, theirs)
	}
	// jco's component new accepts a stub module of the world, and its
	// component imports the three instances.
	stub, err := CoreStub(r, w)
	if err != nil {
		t.Fatal(err)
	}
	emb, err := EmbedWorld(stub, r, w)
	if err != nil {
		t.Fatal(err)
	}
	out := jcoScript(t, `console.log(await api.componentWit(await api.componentNew(Buffer.from(input, 'base64'))));`, base64.StdEncoding.EncodeToString(emb))
	for _, s := range []string{"import tools1: interface {", "import tools2: interface {", "import tools3: interface {", "use test:slots/types@0.1.0.{ctx, conn};", "list-all: func(c: ctx, k: borrow<conn>) -> list<tool>;"} {
		if !bytes.Contains(out, []byte(s)) {
			t.Errorf("jco componentWit lacks %q:\n%s", s, out)
		}
	}
}

func TestExpandImportErrors(t *testing.T) {
	for _, c := range []struct {
		src, iface string
		names      []string
		want       string
	}{
		{expandSrc, "test:slots/nope@0.1.0", []string{"a"}, "does not import interface"},
		{expandSrc, "test:slots/app@0.1.0", []string{"a"}, "does not import interface"},
		{expandSrc, "test:slots/tools@0.1.0", nil, "no names"},
		{expandSrc, "test:slots/tools@0.1.0", []string{"tools-1"}, `word "1" starts with a digit`},
		{expandSrc, "test:slots/tools@0.1.0", []string{"Tools-x"}, "mixes upper and lower case"},
		{expandSrc, "test:slots/tools@0.1.0", []string{"tools--1"}, "empty word"},
		{expandSrc, "test:slots/tools@0.1.0", []string{"tools_1"}, "not a letter"},
		{expandSrc, "test:slots/tools@0.1.0", []string{"a:b"}, "not a letter"},
		{expandSrc, "test:slots/tools@0.1.0", []string{""}, "empty word"},
		{expandSrc, "test:slots/tools@0.1.0", []string{"a", "a"}, "already used"},
		{expandSrc, "test:slots/tools@0.1.0", []string{"log"}, "already used"},
		{expandSrc, "test:slots/types@0.1.0", []string{"t1"}, "import test:slots/tools@0.1.0 uses its types"},
		{strings.Replace(expandSrc, "export app;", "export tools;", 1), "test:slots/tools@0.1.0", []string{"t1"}, "also exports it"},
	} {
		r, _, err := ParseSource("slots.wit", c.src)
		if err != nil {
			t.Fatal(err)
		}
		w, _ := r.SelectWorld("w")
		before := len(w.Imports)
		err = w.ExpandImport(c.iface, c.names)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ExpandImport(%s, %q) = %v, want %q", c.iface, c.names, err, c.want)
		}
		if len(w.Imports) != before {
			t.Errorf("ExpandImport(%s, %q) changed the world on error", c.iface, c.names)
		}
	}
}
