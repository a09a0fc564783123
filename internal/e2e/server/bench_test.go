package server

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// BenchmarkCompose measures `wasmcp compose server` of the example server
// (the calc tools, then resources-prompts) with the HTTP transport: the
// whole command, from reading the components to writing server.wasm.
// bench/run.sh reports it; `make bench` runs it with the other benchmarks.
func BenchmarkCompose(b *testing.B) {
	bin := wasmcp(b)
	tools, content := toolsExample(b), contentExample(b)
	out := filepath.Join(b.TempDir(), "server.wasm")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(bin, "compose", "server", tools, content, "-o", out, "--force")
		if msg, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("compose: %v\n%s", err, msg)
		}
	}
}
