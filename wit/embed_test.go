package wit

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// embedCases are the WIT worlds whose encoding is compared with jco's.
func embedCases(t testing.TB) []embedCase {
	var cases []embedCase
	paths, _ := filepath.Glob(filepath.Join("testdata", "embed", "*.wit"))
	sort.Strings(paths)
	for _, p := range paths {
		src := string(mustRead(t, p))
		cases = append(cases, embedCase{Name: filepath.Base(p), Wit: src, World: "w"})
	}
	// Worlds from jco's builtin WASI packages, as one source with nested
	// package blocks.
	cases = append(cases, wasiCases(t)...)
	return cases
}

// wasiSource returns the 0.2.12 WASI packages as nested package blocks.
func wasiSource(t testing.TB) string {
	var b strings.Builder
	for _, d := range builtinSets(t)["0.2.12"] {
		paths, _ := witFiles(d)
		files, err := parseFilesAt(paths)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			pd := f.Package
			f.Package = nil
			pd.Nested = true
			f.Nested = append([]*PackageDecl{pd}, f.Nested...)
			b.WriteString(FormatString(f))
		}
	}
	return b.String()
}

func wasiCases(t testing.TB) []embedCase {
	wasi := wasiSource(t)
	main := `package test:wasi;

world w {
    import wasi:cli/environment@0.2.12;
    import wasi:filesystem/preopens@0.2.12;
    export wasi:http/incoming-handler@0.2.12;
    export wasi:cli/run@0.2.12;
}

world proxy {
    include wasi:http/proxy@0.2.12;
}

world command {
    include wasi:cli/command@0.2.12;
}
`
	var cases []embedCase
	for _, w := range []string{"w", "proxy", "command"} {
		cases = append(cases, embedCase{Name: "wasi-" + w, Wit: main + wasi, World: w})
	}
	return cases
}

func TestEncodeWorldMatchesJco(t *testing.T) {
	cases := embedCases(t)
	want := jcoEmbed(t, cases)
	var diffs []string
	for _, c := range cases {
		r, _, err := ParseSource(c.Name, c.Wit)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		core := []byte{0, 'a', 's', 'm', 1, 0, 0, 0}
		got, err := Embed(core, r, c.World)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		w, _ := r.SelectWorld(c.World)
		ours := customSections(t, got)[CustomSectionName(w)]
		theirs := withoutProducers(t, customSections(t, want[c.Name])["component-type"])
		if !bytes.Equal(ours, theirs) {
			diffs = append(diffs, c.Name)
			os.MkdirAll(filepath.Join(os.TempDir(), "witdiff"), 0o755)
			os.WriteFile(filepath.Join(os.TempDir(), "witdiff", c.Name+".ours.wasm"), ours, 0o644)
			os.WriteFile(filepath.Join(os.TempDir(), "witdiff", c.Name+".jco.wasm"), theirs, 0o644)
		}
	}
	if len(diffs) > 0 {
		t.Errorf("encodings differ from jco's for %v (written to %s)", diffs, filepath.Join(os.TempDir(), "witdiff"))
	}
}
