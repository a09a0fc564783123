package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNewCommand(t *testing.T) {
	base := t.TempDir()
	for _, lang := range []string{"go", "typescript", "rust", "python"} {
		for _, typ := range []string{"tools", "resources", "prompts"} {
			dir := filepath.Join(base, lang+"-"+typ)
			code, out, errOut := runCLI(t, nil, "new", "demo", "--language", lang, "--type", typ, "--dir", dir)
			if code != 0 {
				t.Fatalf("%s/%s: exit %d: %s", lang, typ, code, errOut)
			}
			if !strings.Contains(out, "created demo ("+lang+" "+typ+")") || !strings.Contains(out, "README.md") {
				t.Errorf("%s/%s output:\n%s", lang, typ, out)
			}
			if _, err := os.Stat(filepath.Join(dir, "wit", "worlds.wit")); err != nil {
				t.Errorf("%s/%s: %v", lang, typ, err)
			}
		}
	}
	// Default directory ./NAME, default type tools.
	t.Chdir(base)
	if code, _, errOut := runCLI(t, nil, "new", "calc", "-l", "go"); code != 0 {
		t.Fatalf("default dir: %s", errOut)
	}
	if _, err := os.Stat(filepath.Join(base, "calc", "tools.go")); err != nil {
		t.Fatal(err)
	}
	// Refusals exit 2 with a message naming the problem.
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"new", "calc", "-l", "go"}, "not empty"},
		{[]string{"new", "../evil", "-l", "go"}, `".."`},
		{[]string{"new", "a/b", "-l", "go"}, "path separator"},
		{[]string{"new", "Calc", "-l", "go"}, "lowercase letter"},
		{[]string{"new", "9lives", "-l", "go"}, "lowercase letter"},
		{[]string{"new", "calc2"}, "--language is required"},
		{[]string{"new", "calc2", "-l", "cobol"}, "supported languages: go, python, rust, typescript"},
		{[]string{"new", "calc2", "-l", "rust", "-t", "widgets"}, "rust supports: prompts, resources, tools"},
		{[]string{"new"}, "takes 1 argument"},
	} {
		code, _, errOut := runCLI(t, nil, tc.args...)
		if code != exitUsage || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 with %q", tc.args, code, errOut, tc.want)
		}
	}
	// --force writes into a non-empty directory.
	if code, _, errOut := runCLI(t, nil, "new", "calc", "-l", "go", "--force"); code != 0 {
		t.Fatalf("--force: %s", errOut)
	}
}
