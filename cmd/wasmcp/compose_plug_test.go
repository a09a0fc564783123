package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/internal/testutil"
)

func plugFixture(name string) string {
	return filepath.Join("..", "..", "compose", "testdata", name+".wasm")
}

func TestComposePlug(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "composed.wasm")
	code, _, errOut := runCLI(t, nil, "compose", "plug", plugFixture("app"), plugFixture("text"), plugFixture("geo"), "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "wrote ") {
		t.Errorf("stderr %q", errOut)
	}
	first, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	testutil.RunJco(t, dir, "transpile", "composed.wasm", "-o", "js")
	testutil.WasmtimeCheck(t, out)

	// No overwrite without --force; the file stays as it was.
	if err := os.WriteFile(out, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = runCLI(t, nil, "compose", "plug", plugFixture("app"), plugFixture("text"), plugFixture("geo"), "-o", out)
	if code != 1 || !strings.Contains(errOut, "--force") {
		t.Fatalf("exit %d, stderr %q; want a refusal mentioning --force", code, errOut)
	}
	if b, _ := os.ReadFile(out); string(b) != "keep" {
		t.Fatal("existing output was modified")
	}
	code, _, errOut = runCLI(t, nil, "compose", "plug", plugFixture("app"), plugFixture("text"), plugFixture("geo"), "-o", out, "--force")
	if code != 0 {
		t.Fatalf("--force: exit %d: %s", code, errOut)
	}
	if b, _ := os.ReadFile(out); string(b) != string(first) {
		t.Fatal("--force output differs from the first run")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

func TestComposePlugErrors(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.wasm")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{plugFixture("api-b")}, 2, "at least 2"},
		{[]string{plugFixture("api-b"), plugFixture("api-a")}, 2, "-o OUT.wasm is required"},
		{[]string{plugFixture("api-b"), plugFixture("api-a"), plugFixture("num"), "-o", out}, 1, "num.wasm"},
		{[]string{plugFixture("api-b"), plugFixture("api-a"), plugFixture("api-a2"), "-o", out}, 1, "explicitly"},
		{[]string{plugFixture("api-b"), filepath.Join(dir, "missing.wasm"), "-o", out}, 1, "missing.wasm"},
		{[]string{plugFixture("api-b"), plugFixture("api-str"), "-o", out}, 1, "type mismatch"},
	} {
		code, _, errOut := runCLI(t, nil, append([]string{"compose", "plug"}, tc.args...)...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a failed composition wrote its output")
	}
	code, out2, _ := runCLI(t, nil, "compose", "plug", "--help")
	if code != 0 || !strings.Contains(out2, "Example") {
		t.Errorf("help: exit %d, %q", code, out2)
	}
}
