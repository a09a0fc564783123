package coreparts

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/wasmcp/wasmcp/bindgen"
)

var update = flag.Bool("update", false, "rewrite the guest's bindings and the golden output")

// guestWIT is the world the test guest's bindings are generated for.
func guestWIT(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "guest.wit"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestGuestBindings checks that the committed bindings of the test guest
// are what bindgen generates (-update rewrites them).
func TestGuestBindings(t *testing.T) {
	res, err := contract(guestWIT(t))
	if err != nil {
		t.Fatal(err)
	}
	w, err := res.SelectWorld("test:coreparts/imports")
	if err != nil {
		t.Fatal(err)
	}
	files, err := bindgen.Generate(res, w, bindgen.Options{Package: "bindings"})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join("internal", "guest", "bindings")
	if *update {
		if err := bindgen.WriteFiles(dir, files); err != nil {
			t.Fatal(err)
		}
		return
	}
	for _, f := range files {
		got, err := os.ReadFile(filepath.Join(dir, f.Name))
		if err != nil || !bytes.Equal(got, f.Content) {
			t.Errorf("%s/%s is not what bindgen generates: go test ./framework/coreparts/ -run GuestBindings -update", dir, f.Name)
		}
	}
}
