package auth

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestBuildsForWasip1 keeps the package fit for the composed server's HTTP
// transport, a Go wasm component: it must build for GOOS=wasip1 with the
// standard library only, and without net/http, which the component does
// not have (it fetches through wasi:http).
func TestBuildsForWasip1(t *testing.T) {
	env := append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm", "CGO_ENABLED=0")
	build := exec.Command("go", "build", ".")
	build.Env = env
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("GOOS=wasip1 GOARCH=wasm go build: %v\n%s", err, out)
	}
	list := exec.Command("go", "list", "-deps", "-f", "{{.Standard}} {{.ImportPath}}", ".")
	list.Env = env
	out, err := list.Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		std, path, _ := strings.Cut(line, " ")
		if std != "true" && path != "github.com/wasmcp/wasmcp/auth" {
			t.Errorf("depends on %s, which is not in the standard library", path)
		}
		if path == "net/http" || strings.HasPrefix(path, "net/http/") {
			t.Errorf("depends on %s", path)
		}
	}
}
