package server

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/wasmcp/wasmcp/internal/testutil"
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

// BenchmarkWasmtime reports what a one-tool server costs on wasmtime next to
// the user's component alone, measured in the same run: compile time and
// the time of one instantiation (which `wasmtime serve` pays per request),
// as ratios (server / component). bench/run.sh reports them.
func BenchmarkWasmtime(b *testing.B) {
	tool := toolsExample(b)
	server := compose(b, "calc-http", "http", tool)
	measure := func(wasm string) (compile, instantiate float64) {
		out, err := exec.Command(testutil.WasmtimeHost(b), "bench", "-n", "10", wasm).Output()
		if err != nil {
			b.Fatalf("wasmtime-host bench %s: %v", wasm, err)
		}
		var r struct {
			CompileNs     float64 `json:"compile_ns"`
			InstantiateNs float64 `json:"instantiate_ns"`
		}
		if err := json.Unmarshal(out, &r); err != nil {
			b.Fatal(err)
		}
		return r.CompileNs, r.InstantiateNs
	}
	var sc, si, cc, ci float64
	for i := 0; i < b.N; i++ {
		c1, i1 := measure(tool)
		c2, i2 := measure(server)
		cc, ci, sc, si = cc+c1, ci+i1, sc+c2, si+i2
	}
	b.ReportMetric(sc/cc, "compile-ratio")
	b.ReportMetric(si/ci, "instantiate-ratio")
	b.ReportMetric(si/float64(b.N)/1e6, "server-instantiate-ms")
	b.ReportMetric(ci/float64(b.N)/1e6, "component-instantiate-ms")
	b.ReportMetric(sc/float64(b.N)/1e6, "server-compile-ms")
	b.ReportMetric(cc/float64(b.N)/1e6, "component-compile-ms")
}
