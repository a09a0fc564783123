package testutil

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// WITDir assembles, in a temporary directory, a WIT directory bindgen and
// componentize can resolve: the .wit files of main as the main package,
// each of deps (name → directory of .wit files) under deps/<name>, and the
// WASI packages of the pinned jco's release wasi (e.g. "0.2.12") under deps/.
func WITDir(t testing.TB, main string, deps map[string]string, wasi string) string {
	t.Helper()
	dir := t.TempDir()
	copyWITFiles(t, main, dir)
	for name, src := range deps {
		copyWITFiles(t, src, filepath.Join(dir, "deps", name))
	}
	if wasi != "" {
		builtin := filepath.Join(NodeModules(t), "@bytecodealliance", "jco", "lib", "wit", "builtin", wasi)
		pkgs, err := os.ReadDir(builtin)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pkgs {
			if p.IsDir() {
				copyWITFiles(t, filepath.Join(builtin, p.Name()), filepath.Join(dir, "deps", p.Name()))
			}
		}
	}
	return dir
}

func copyWITFiles(t testing.TB, src, dst string) {
	t.Helper()
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
