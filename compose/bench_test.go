package compose

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/wasmcp/wasmcp/component/wasiversion"
)

// benchInputs writes 20 copies of the componentized stock-Go guest (about
// 2 MB each, with their own WASI imports) and the num plug to a directory
// and returns their paths, plug last.
func benchInputs(b *testing.B) (dir string, paths []string) {
	b.Helper()
	guest := goGuest(b)
	dir = b.TempDir()
	for i := range 20 {
		p := filepath.Join(dir, fmt.Sprintf("guest%02d.wasm", i))
		if err := os.WriteFile(p, guest, 0o644); err != nil {
			b.Fatal(err)
		}
		paths = append(paths, p)
	}
	p := filepath.Join(dir, "num.wasm")
	if err := os.WriteFile(p, fixture(b, "num"), 0o644); err != nil {
		b.Fatal(err)
	}
	return dir, append(paths, p)
}

// compose20 reads the inputs, instantiates each guest, wires them all to
// one num instance, lifts the WASI imports they share, exports each guest's
// run, and writes the result.
func compose20(paths []string, out string, wasi *wasiversion.Target) (int, error) {
	c := New()
	if wasi != nil {
		c.SetWASI(*wasi)
	}
	var insts []*Instance
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return 0, err
		}
		comp, err := c.AddComponent(filepath.Base(p), data)
		if err != nil {
			return 0, err
		}
		inst, err := c.Instantiate(comp, comp.Name)
		if err != nil {
			return 0, err
		}
		insts = append(insts, inst)
	}
	if err := c.AutoWire(); err != nil {
		return 0, err
	}
	for i, inst := range insts[:len(insts)-1] {
		if err := c.Export(inst, "run", fmt.Sprintf("run%02d", i)); err != nil {
			return 0, err
		}
	}
	if err := c.WriteFile(out, true); err != nil {
		return 0, err
	}
	st, err := os.Stat(out)
	if err != nil {
		return 0, err
	}
	return int(st.Size()), nil
}

// copy20 reads the inputs and writes each to a new file.
func copy20(paths []string, dir string) error {
	for i, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("copy%02d.wasm", i)), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// BenchmarkCompose20 composes 20 stock-Go components of about 2 MB each
// (read from files, composed, validated, written to a file) and reports,
// as x-copy, the time of that over the time of copying the same files,
// measured in the same iterations (a copy runs, untimed, before each
// composition), so that both see the same load of the machine.
func BenchmarkCompose20(b *testing.B) { benchCompose20(b, nil) }

// BenchmarkCompose20WASI is BenchmarkCompose20 with the WASI names written
// at the lowest release the composition needs, as the commands do: each
// nested component is then decoded, renamed and re-encoded instead of
// copied.
func BenchmarkCompose20WASI(b *testing.B) { benchCompose20(b, &wasiversion.Target{Lowest: true}) }

func benchCompose20(b *testing.B, wasi *wasiversion.Target) {
	dir, paths := benchInputs(b)
	out := filepath.Join(dir, "composed.wasm")
	b.ReportAllocs()
	var size int
	var copyTime, composeTime time.Duration
	for b.Loop() {
		b.StopTimer()
		start := time.Now()
		if err := copy20(paths, dir); err != nil {
			b.Fatal(err)
		}
		copyTime += time.Since(start)
		b.StartTimer()
		start = time.Now()
		n, err := compose20(paths, out, wasi)
		if err != nil {
			b.Fatal(err)
		}
		composeTime += time.Since(start)
		size = n
	}
	b.SetBytes(int64(size))
	b.ReportMetric(float64(composeTime)/float64(copyTime), "x-copy")
	b.ReportMetric(float64(copyTime.Microseconds())/1000/float64(b.N), "copy-ms/op")
}

// BenchmarkCopy20 copies the inputs of BenchmarkCompose20.
func BenchmarkCopy20(b *testing.B) {
	dir, paths := benchInputs(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := copy20(paths, dir); err != nil {
			b.Fatal(err)
		}
	}
}
