package server

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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
// the user's component alone, measured in the same run: its size (raw and
// gzipped), compile time, the time of one instantiation (which `wasmtime
// serve` pays per request; with wasmtime's default allocator and with the
// pooling allocator that wasmtime serve and Spin use) and the memory of one
// live instance, as ratios (server / component) and absolute figures. The
// tool is the project `wasmcp new calc --language go` makes. bench/run.sh
// reports them.
func BenchmarkWasmtime(b *testing.B) {
	tool := templateTools(b)
	server := compose(b, "calc-template-http", "http", tool)
	type figures struct{ compile, instantiate, rss float64 }
	measure := func(wasm string, pooling bool) figures {
		args := []string{"bench", "-n", "20"}
		if pooling {
			args = append(args, "-pooling")
		}
		out, err := exec.Command(testutil.WasmtimeHost(b), append(args, wasm)...).Output()
		if err != nil {
			b.Fatalf("wasmtime-host bench %s: %v", wasm, err)
		}
		var r struct {
			CompileNs     float64 `json:"compile_ns"`
			InstantiateNs float64 `json:"instantiate_ns"`
			RSS           float64 `json:"instance_rss_bytes"`
		}
		if err := json.Unmarshal(out, &r); err != nil {
			b.Fatal(err)
		}
		return figures{r.CompileNs, r.InstantiateNs, r.RSS}
	}
	// c and s: the component and the server with wasmtime's default
	// instance allocator (wasmtime run); pc and ps: with the pooling
	// allocator, which wasmtime serve and Spin use.
	var c, s, pc, ps figures
	add := func(sum *figures, f figures) {
		sum.compile += f.compile
		sum.instantiate += f.instantiate
		sum.rss += f.rss
	}
	for i := 0; i < b.N; i++ {
		add(&c, measure(tool, false))
		add(&s, measure(server, false))
		add(&pc, measure(tool, true))
		add(&ps, measure(server, true))
	}
	n := float64(b.N)
	b.ReportMetric(s.compile/c.compile, "compile-ratio")
	b.ReportMetric(s.instantiate/c.instantiate, "instantiate-ratio")
	b.ReportMetric(ps.instantiate/pc.instantiate, "pooling-instantiate-ratio")
	b.ReportMetric(s.instantiate/n/1e6, "server-instantiate-ms")
	b.ReportMetric(c.instantiate/n/1e6, "component-instantiate-ms")
	b.ReportMetric(ps.instantiate/n/1e6, "pooling-server-instantiate-ms")
	b.ReportMetric(pc.instantiate/n/1e6, "pooling-component-instantiate-ms")
	b.ReportMetric(s.compile/n/1e6, "server-compile-ms")
	b.ReportMetric(c.compile/n/1e6, "component-compile-ms")
	b.ReportMetric(s.rss/n/(1<<20), "server-instance-MiB")
	b.ReportMetric(c.rss/n/(1<<20), "component-instance-MiB")
	for _, f := range []struct{ name, path string }{{"server", server}, {"component", tool}} {
		raw, gz := sizes(b, f.path)
		b.ReportMetric(raw/1e6, f.name+"-MB")
		b.ReportMetric(gz/1e6, f.name+"-gz-MB")
	}
}

// BenchmarkExamplesSize reports the size of the two examples composed
// (tools, then resources-prompts), raw and gzipped.
func BenchmarkExamplesSize(b *testing.B) {
	server := exampleServer(b, "http")
	for i := 0; i < b.N; i++ {
		raw, gz := sizes(b, server)
		b.ReportMetric(raw/1e6, "server-MB")
		b.ReportMetric(gz/1e6, "server-gz-MB")
	}
}

func sizes(b *testing.B, path string) (raw, gz float64) {
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(data)
	w.Close()
	return float64(len(data)), float64(buf.Len())
}

// templateTools builds the project `wasmcp new calc --language go` makes,
// once, and returns its component.
func templateTools(t testing.TB) string {
	bin := wasmcp(t)
	env := makeEnv(t)
	return once(t, "template tools", func() (string, error) {
		dir := filepath.Join(tmpDir, "template")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return "", err
		}
		for _, step := range []struct {
			dir  string
			argv []string
		}{
			{dir, []string{bin, "new", "calc", "--language", "go"}},
			{filepath.Join(dir, "calc"), []string{"make"}},
		} {
			cmd := exec.Command(step.argv[0], step.argv[1:]...)
			cmd.Dir, cmd.Env = step.dir, env
			if out, err := cmd.CombinedOutput(); err != nil {
				return "", fmt.Errorf("%s: %v\n%s", strings.Join(step.argv, " "), err, out)
			}
		}
		return filepath.Join(dir, "calc", "calc.wasm"), nil
	})
}
