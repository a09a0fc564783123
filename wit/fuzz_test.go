package wit

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParseWIT checks that parsing never panics, that whatever parses
// formats to text that parses back to the same tree (and formats the same),
// and that resolving and encoding never panic.
func FuzzParseWIT(f *testing.F) {
	for _, dir := range []string{"embed", "fail"} {
		paths, _ := filepath.Glob(filepath.Join("testdata", dir, "*.wit"))
		for _, p := range paths {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	f.Add([]byte(abiSource))
	f.Add([]byte("package a:b@1.0.0-rc.1+x { interface i { type t = list<u8, 4>; } }"))
	f.Fuzz(func(t *testing.T, src []byte) {
		f1, err := ParseFile("fuzz.wit", src)
		if err != nil {
			return
		}
		out := FormatString(f1)
		f2, err := ParseFile("fuzz.wit", []byte(out))
		if err != nil {
			t.Fatalf("formatted output does not parse: %v\n%s", err, out)
		}
		if out2 := FormatString(f2); out2 != out {
			t.Fatalf("formatting is not stable:\n%s\n----\n%s", out, out2)
		}
		f1b, _ := ParseFile("fuzz.wit", src)
		if !equalAST(f1b, f2) {
			t.Fatalf("AST changed after format → parse:\n%s", out)
		}
		r := &Resolve{}
		if _, err := r.AddFiles([]*File{f1}, ResolveOptions{AllFeatures: true}); err != nil {
			return
		}
		for _, w := range r.Worlds {
			_, _ = EncodeWorld(r, w)
		}
	})
}
