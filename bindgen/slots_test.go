package bindgen

import (
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/wit"
)

// An interface imported under several names may not define resources: the
// handles of each import would need a Go type of their own.
func TestMultiImportResource(t *testing.T) {
	res, _, err := wit.ParseSource("r.wit", `package test:r@0.1.0;
interface store {
    resource cursor { next: func() -> u32; }
    open: func() -> cursor;
}
world w { import store; }
`)
	if err != nil {
		t.Fatal(err)
	}
	w, _ := res.SelectWorld("w")
	if err := w.ExpandImport("test:r/store@0.1.0", []string{"store1", "store2"}); err != nil {
		t.Fatal(err)
	}
	_, err = Generate(res, w, Options{})
	if err == nil || !strings.Contains(err.Error(), "imported under 2 names and defines resource cursor") {
		t.Fatalf("err = %v", err)
	}
}
