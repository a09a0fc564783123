package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/internal/testutil"
)

// TestTableUpToDate regenerates the table from the pinned jco package and
// compares it with the committed one.
func TestTableUpToDate(t *testing.T) {
	builtin := filepath.Join(testutil.NodeModules(t), "@bytecodealliance", "jco", "lib", "wit", "builtin")
	got, err := generate(builtin)
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile(filepath.Join("..", "..", "table.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, committed) {
		t.Fatal("component/wasiversion/table.go is stale: run `go generate ./component/wasiversion`")
	}
	for _, want := range []string{
		"\"wasi:cli/environment.get-arguments\": ",
		"\"wasi:io/poll.[method]pollable.block\": ",
		"\"wasi:http/types.[constructor]fields\": ",
		"\"wasi:io/streams.error\": ",
	} {
		if !bytes.Contains(got, []byte(want)) {
			t.Errorf("the table has no %s", want)
		}
	}
}

// snapshots writes WIT snapshot folders (release → package folder → WIT)
// and returns the builtin folder holding them.
func snapshots(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for path, src := range files {
		p := filepath.Join(dir, filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const demo3 = `package wasi:demo@0.2.3;
@since(version = 0.2.0)
interface a {
  @since(version = 0.2.0)
  resource r {
    @since(version = 0.2.2)
    m: func();
  }
  @since(version = 0.2.2)
  f: func();
  @unstable(feature = g-feature)
  g: func();
  h: func();
}
@since(version = 0.2.1)
interface b {
  @since(version = 0.2.0)
  use a.{r};
  k: func(x: borrow<r>);
}
`

func TestGenerateFromGates(t *testing.T) {
	saved := laterReleases
	laterReleases = nil
	defer func() { laterReleases = saved }()
	src, err := generate(snapshots(t, map[string]string{
		"0.2.3/wasi-demo/package.wit": demo3,
		"0.3.0/wasi-demo/package.wit": "package wasi:demo@0.3.0;\ninterface a { f: func(); }\n",
	}))
	if err != nil {
		t.Fatal(err)
	}
	table := strings.Join(strings.Fields(string(src)), " ")
	for _, want := range []string{
		"const newestPatch = 3",
		`var packages = []string{ "wasi:demo", }`,
		`"wasi:demo/a": 0,`,
		`"wasi:demo/a.[method]r.m": 2,`,
		`"wasi:demo/a.f": 2,`,
		`"wasi:demo/a.h": 0,`,
		`"wasi:demo/a.r": 0,`,
		`"wasi:demo/b": 1,`,
		`"wasi:demo/b.k": 1,`,
		`"wasi:demo/b.r": 1,`,
		`var unstable = map[string]string{ "wasi:demo/a.g": "g-feature", }`,
	} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %s:\n%s", want, src)
		}
	}
}

func TestGenerateChecks(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		later map[string]string
		err   string
	}{
		{
			name: "older snapshot without gates lacks an item said to be in it",
			files: map[string]string{
				"0.2.3/wasi-demo/package.wit": demo3,
				"0.2.2/wasi-demo/package.wit": "package wasi:demo@0.2.2;\ninterface a { resource r { m: func(); } f: func(); }\ninterface b { use a.{r}; k: func(x: borrow<r>); }\n",
			},
			err: "wasi:demo/a.h is missing from 0.2.2 but the table says it came in 0.2.0 (list it in laterReleases)",
		},
		{
			name: "older snapshot with gates has an item unstable that is said to be older",
			files: map[string]string{
				"0.2.3/wasi-demo/package.wit": demo3,
				"0.2.2/wasi-demo/package.wit": "package wasi:demo@0.2.2;\ninterface a { resource r { m: func(); } f: func(); @unstable(feature = h-feature) h: func(); @unstable(feature = g-feature) g: func(); }\ninterface b { use a.{r}; k: func(x: borrow<r>); }\n",
			},
			err: "wasi:demo/a.h is unstable in 0.2.2 but the table says it came in 0.2.0",
		},
		{
			name:  "laterReleases disagrees with a gate",
			files: map[string]string{"0.2.3/wasi-demo/package.wit": demo3},
			later: map[string]string{"wasi:demo/a.f": "0.2.3"},
			err:   "wasi:demo/a.f: laterReleases says 0.2.3, the WIT's gate says 0.2.2",
		},
		{
			name:  "laterReleases names an item that does not exist",
			files: map[string]string{"0.2.3/wasi-demo/package.wit": demo3},
			later: map[string]string{"wasi:demo/a.zzz": "0.2.3"},
			err:   "laterReleases lists wasi:demo/a.zzz, which WASI 0.2.3 does not have",
		},
		{
			name:  "laterReleases names an unstable item",
			files: map[string]string{"0.2.3/wasi-demo/package.wit": demo3},
			later: map[string]string{"wasi:demo/a.g": "0.2.3"},
			err:   "laterReleases lists wasi:demo/a.g, which is unstable (feature g-feature) in WASI 0.2.3",
		},
		{
			name:  "a gate names a later release",
			files: map[string]string{"0.2.3/wasi-demo/package.wit": strings.Replace(demo3, "0.2.2)\n  f", "0.2.4)\n  f", 1)},
			err:   "wasi:demo/a.f: @since(version = 0.2.4) is not a WASI 0.2 release up to 0.2.3",
		},
		{
			name:  "no 0.2 snapshot",
			files: map[string]string{"0.3.0/wasi-demo/package.wit": "package wasi:demo@0.3.0;\ninterface a { f: func(); }\n"},
			err:   "no WASI 0.2.x snapshot folder",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			saved := laterReleases
			laterReleases = tc.later
			defer func() { laterReleases = saved }()
			_, err := generate(snapshots(t, tc.files))
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("error %v, want %q", err, tc.err)
			}
		})
	}
	// With the entry, the missing item of the first case is accepted.
	saved := laterReleases
	laterReleases = map[string]string{"wasi:demo/a.h": "0.2.3"}
	defer func() { laterReleases = saved }()
	src, err := generate(snapshots(t, map[string]string{
		"0.2.3/wasi-demo/package.wit": demo3,
		"0.2.2/wasi-demo/package.wit": "package wasi:demo@0.2.2;\ninterface a { resource r { m: func(); } f: func(); }\ninterface b { use a.{r}; k: func(x: borrow<r>); }\n",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(strings.Fields(string(src)), " "), `"wasi:demo/a.h": 3,`) {
		t.Errorf("table:\n%s", src)
	}
}
