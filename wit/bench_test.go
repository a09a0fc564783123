package wit

import "testing"

// BenchmarkResolveBuiltins parses and resolves jco's WASI 0.2.12 and
// jco:node packages.
func BenchmarkResolveBuiltins(b *testing.B) {
	dirs := builtinSets(b)["jco-node-0.1.0"]
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		loadGroups(b, dirs, ResolveOptions{})
	}
}

// BenchmarkEncodeWorld encodes the WASI 0.2.12 command world.
func BenchmarkEncodeWorld(b *testing.B) {
	r, _ := loadGroups(b, builtinSets(b)["0.2.12"], ResolveOptions{})
	w, err := r.SelectWorld("wasi:cli/command@0.2.12")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := EncodeWorld(r, w); err != nil {
			b.Fatal(err)
		}
	}
}
