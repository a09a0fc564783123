package mcpwit

import (
	"bufio"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// validateJS builds, for each world named on the command line, a dummy core
// module with jco's componentEmbed, turns it into a component with
// componentNew, and prints the component's WIT back: a world that does not
// resolve or does not encode fails here. Paths need a preopen (TOOLCHAIN.md).
const validateJS = `
import { _addPreopen } from "@bytecodealliance/preview2-shim/filesystem";
_addPreopen("/", "/");
const { componentEmbed, componentNew, componentWit } = await import("@bytecodealliance/jco");
const [dir, ...worlds] = process.argv.slice(1);
for (const world of worlds) {
  try {
    const embedded = await componentEmbed({ dummy: true, witPath: dir, world });
    const wit = await componentWit(await componentNew(embedded));
    console.log("ok " + world + " " + JSON.stringify(wit));
  } catch (e) {
    console.log("FAIL " + world + " " + JSON.stringify(String(e && e.message || e)));
  }
}
`

// writeFS copies the embedded files to a fresh directory, so that the test
// checks exactly what the binary embeds.
func writeFS(t *testing.T, extra map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := fs.ReadDir(FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := fs.ReadFile(FS, e.Name())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, text := range extra {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// validate runs validateJS on dir and returns, per world, "ok <wit>" or
// "FAIL <message>".
func validate(t *testing.T, dir string, worlds ...string) map[string]string {
	t.Helper()
	return runNode(t, validateJS, append([]string{dir}, worlds...)...)
}

// runIn runs a command in dir and returns its output, failing the test when
// it fails.
func runIn(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", name, err, out)
	}
	return string(out)
}

// parseResults reads lines "STATUS KEY DETAIL" into KEY -> "STATUS DETAIL".
func parseResults(t *testing.T, out string) map[string]string {
	t.Helper()
	got := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		status, rest, _ := strings.Cut(sc.Text(), " ")
		key, detail, _ := strings.Cut(rest, " ")
		got[key] = status + " " + detail
	}
	return got
}

func TestWorldsValidateWithJco(t *testing.T) {
	got := validate(t, writeFS(t, nil), Worlds...)
	for _, w := range Worlds {
		res, ok := got[w]
		if !ok {
			t.Errorf("world %s: no result from jco", w)
			continue
		}
		if !strings.HasPrefix(res, "ok ") {
			t.Errorf("world %s: %s", w, res)
			continue
		}
		// User worlds must not pull in WASI: a tool author's component
		// imports only what the framework provides.
		if strings.Contains(res, "wasi:") {
			t.Errorf("world %s mentions WASI: %s", w, res)
		}
	}
}

// TestValidationCatchesErrors makes sure the harness is not vacuous: a world
// that uses an undefined interface must fail.
func TestValidationCatchesErrors(t *testing.T) {
	broken := "package " + Package + ";\n\n/// Broken.\nworld broken {\n    export no-such-interface;\n}\n"
	got := validate(t, writeFS(t, map[string]string{"broken.wit": broken}), "broken")
	if res := got["broken"]; !strings.HasPrefix(res, "FAIL ") {
		t.Fatalf("broken world: got %q, want a failure", res)
	}
}

var (
	declRE    = regexp.MustCompile(`^(interface|world)\s+([a-z][a-z0-9-]*)\s*\{`)
	packageRE = regexp.MustCompile(`^package\s+([^;]+);`)
)

// TestDeclarationsMatchConstants checks that Interfaces and Worlds list
// exactly what the files declare, and that every file names Package.
func TestDeclarationsMatchConstants(t *testing.T) {
	var ifaces, worlds []string
	forEachLine(t, func(file string, _ int, line, _ string) {
		if m := packageRE.FindStringSubmatch(line); m != nil && m[1] != Package {
			t.Errorf("%s: package %s, want %s", file, m[1], Package)
		}
		if m := declRE.FindStringSubmatch(line); m != nil {
			if m[1] == "interface" {
				ifaces = append(ifaces, m[2])
			} else {
				worlds = append(worlds, m[2])
			}
		}
	})
	slices.Sort(ifaces)
	slices.Sort(worlds)
	wantI := slices.Sorted(slices.Values(Interfaces))
	wantW := slices.Sorted(slices.Values(Worlds))
	if !slices.Equal(ifaces, wantI) {
		t.Errorf("interfaces declared %v, constants list %v", ifaces, wantI)
	}
	if !slices.Equal(worlds, wantW) {
		t.Errorf("worlds declared %v, constants list %v", worlds, wantW)
	}
	if got := QualifiedInterface(InterfaceTools); got != "wasmcp:mcp/tools@0.2.0" {
		t.Errorf("QualifiedInterface(tools) = %q", got)
	}
}

// TestEverythingDocumented checks that every interface, world, type, field,
// case and function carries a /// doc comment on the line above.
func TestEverythingDocumented(t *testing.T) {
	forEachLine(t, func(file string, n int, line, prev string) {
		switch {
		case line == "", line == "}", strings.HasPrefix(line, "//"),
			strings.HasPrefix(line, "package "), strings.HasPrefix(line, "use "),
			strings.HasPrefix(line, "import "), strings.HasPrefix(line, "export "),
			strings.HasPrefix(line, "include "):
			return
		}
		if !strings.HasPrefix(prev, "///") {
			t.Errorf("%s:%d: %q has no doc comment", file, n, line)
		}
	})
}

// forEachLine calls f with every trimmed line of every embedded file and the
// trimmed line before it.
func forEachLine(t *testing.T, f func(file string, n int, line, prev string)) {
	t.Helper()
	entries, err := fs.ReadDir(FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Fatal("no .wit files embedded")
	}
	for _, e := range entries {
		b, err := fs.ReadFile(FS, e.Name())
		if err != nil {
			t.Fatal(err)
		}
		prev := ""
		for i, raw := range strings.Split(string(b), "\n") {
			line := strings.TrimSpace(raw)
			f(e.Name(), i+1, line, prev)
			prev = line
		}
	}
}

func TestSameInterface(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"wasmcp:mcp/tools@0.1.0", "wasmcp:mcp/tools@0.2.0", true},
		{"wasmcp:mcp/types@0.2.0", "wasmcp:mcp/types@0.1.3", true},
		{"wasmcp:mcp/notify@0.1.0", "wasmcp:mcp/notify@0.1.9", true},
		{"wasmcp:mcp/channels@0.2.1", "wasmcp:mcp/channels@0.2.0", true},
		{"wasmcp:mcp/session@0.2.0", "wasmcp:mcp/session@0.2.4", true},
		// session did not exist in 0.1.0.
		{"wasmcp:mcp/session@0.1.0", "wasmcp:mcp/session@0.2.0", false},
		{"wasmcp:mcp/tools@0.2.0", "wasmcp:mcp/resources@0.2.0", false},
		// Neither an unknown line nor another package is the same.
		{"wasmcp:mcp/tools@0.3.0", "wasmcp:mcp/tools@0.2.0", false},
		{"wasmcp:mcp/tools@1.0.0", "wasmcp:mcp/tools@0.1.0", false},
		{"wasmcp:other/tools@0.2.0", "wasmcp:mcp/tools@0.2.0", false},
		{"wasmcp:mcp/tools", "wasmcp:mcp/tools@0.2.0", false},
		{"wasmcp:mcp/tools@0.2", "wasmcp:mcp/tools@0.2.0", false},
	} {
		if got := SameInterface(tc.a, tc.b); got != tc.want {
			t.Errorf("SameInterface(%s, %s) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
		if got := SameInterface(tc.b, tc.a); got != tc.want {
			t.Errorf("SameInterface(%s, %s) = %v, want %v", tc.b, tc.a, got, tc.want)
		}
	}
}

// TestCompatibleWithExamples checks the promise behind CompatibleVersions:
// examples/tools keeps the contract's files as 0.1.0 left them, and every
// one of them is this release's file but for the version. A change to an
// interface that 0.1.0 had must fail here, not in a user's server.
func TestCompatibleWithExamples(t *testing.T) {
	const dir = "../../examples/tools/wit"
	old, err := filepath.Glob(filepath.Join(dir, "*.wit"))
	if err != nil || len(old) == 0 {
		t.Fatalf("no 0.1.0 WIT in %s: %v", dir, err)
	}
	for _, path := range old {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(b), "package wasmcp:mcp@"+CompatibleVersions[0]+";") {
			t.Fatalf("%s is not of %s", path, CompatibleVersions[0])
		}
		now, err := fs.ReadFile(FS, filepath.Base(path))
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(path), err)
			continue
		}
		if got, want := strings.ReplaceAll(string(b), "@"+CompatibleVersions[0], "@"+Version), string(now); got != want {
			t.Errorf("%s differs from 0.1.0 in more than the version", filepath.Base(path))
		}
	}
}
