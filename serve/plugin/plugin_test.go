package plugin

import (
	"context"
	"errors"
	"fmt"
	"github.com/wasmcp/wasmcp/internal/testutil"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

var testWasm []byte

// TestMain builds the test plugin (stock Go, wasip1, c-shared) once.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "plugin-test")
	if err != nil {
		panic(err)
	}
	out := filepath.Join(dir, "testplugin.wasm")
	cmd := exec.Command("go", "build", "-buildmode=c-shared", "-o", out, ".")
	cmd.Dir = filepath.Join("..", "testdata", "testplugin")
	cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm")
	if b, err := cmd.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building the test plugin: %v\n%s", err, b)
		os.Exit(1)
	}
	testWasm, err = os.ReadFile(out)
	if err != nil {
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func load(t testing.TB, opts Options) *Module {
	t.Helper()
	opts.Cache = testutil.CompilationCache(t)
	start := time.Now()
	m, err := Load(context.Background(), "test", testWasm, opts)
	t.Logf("load: %v", time.Since(start))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	return m
}

func TestCallEchoAndConfig(t *testing.T) {
	m := load(t, Options{Config: map[string]string{"greeting": "hello"}})
	out, err := m.Call(context.Background(), "echo", []byte(`{"x":1}`))
	if err != nil || string(out) != `{"x":1}` {
		t.Fatalf("echo: %q %v", out, err)
	}
	out, err = m.Call(context.Background(), "config", []byte("greeting"))
	if err != nil || string(out) != "hello" {
		t.Fatalf("config: %q %v", out, err)
	}
	out, err = m.Call(context.Background(), "add", []byte(`{"a":2,"b":40}`))
	if err != nil || string(out) != "42" {
		t.Fatalf("add: %q %v", out, err)
	}
}

func TestFailuresAreErrorsAndModuleSurvives(t *testing.T) {
	m := load(t, Options{Timeout: 3 * time.Second, MemoryLimit: 48 << 20, MaxInstances: 2})
	for _, c := range []struct{ fn, kind, msg string }{
		{"fail", "error", "the plugin refused: x"},
		{"trap", "trap", "wasm error: unreachable"},
		{"loop", "timeout", "did not finish within"},
		{"oom", "trap", "wasm error"}, // Go throws "out of memory", which ends in unreachable
		{"nosuch", "error", "does not export"},
	} {
		_, err := m.Call(context.Background(), c.fn, []byte("x"))
		var ce *CallError
		if !errors.As(err, &ce) || ce.Kind != c.kind || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: got %v (%#v), want kind %s with %q", c.fn, err, ce, c.kind, c.msg)
		}
		out, err := m.Call(context.Background(), "echo", []byte("still here"))
		if err != nil || string(out) != "still here" {
			t.Fatalf("after %s: %q %v", c.fn, out, err)
		}
	}
}

func TestConcurrentCallsRunInParallel(t *testing.T) {
	m := load(t, Options{MaxInstances: 8})
	var wg sync.WaitGroup
	for range 8 { // make the 8 instances first: instantiation is not what is measured
		wg.Add(1)
		go func() {
			defer wg.Done()
			m.Call(context.Background(), "slow", []byte(`{"ms":50}`))
		}()
	}
	wg.Wait()
	start := time.Now()
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, err := m.Call(context.Background(), "slow", []byte(`{"ms":300}`))
			if err != nil {
				errs <- fmt.Errorf("worker %d: %v", i, err)
				return
			}
			if string(out) != "version " {
				errs <- fmt.Errorf("worker %d: %q", i, out)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if d := time.Since(start); d >= 2400*time.Millisecond {
		t.Errorf("8 calls sleeping 300ms took %v: not parallel", d)
	}
}

func TestCloseWaitsForInflight(t *testing.T) {
	m, err := Load(context.Background(), "test", testWasm, Options{Config: map[string]string{"version": "1"}, Cache: testutil.CompilationCache(t)})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan string)
	go func() {
		out, err := m.Call(context.Background(), "slow", []byte(`{"ms":300}`))
		if err != nil {
			done <- err.Error()
			return
		}
		done <- string(out)
	}()
	time.Sleep(100 * time.Millisecond)
	m.Close()
	if _, err := m.Call(context.Background(), "echo", nil); !errors.Is(err, ErrClosed) {
		t.Errorf("call after Close: %v", err)
	}
	if got := <-done; got != "version 1" {
		t.Errorf("in-flight call: %q", got)
	}
}

func TestExports(t *testing.T) {
	ex, err := Exports(testWasm)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"echo", "add", "slow", "_initialize"} {
		if !strings.Contains(" "+strings.Join(ex, " ")+" ", " "+want+" ") {
			t.Errorf("exports %v lack %s", ex, want)
		}
	}
	for _, bad := range [][]byte{nil, []byte("hello world"), []byte("\x00asm\x0d\x00\x01\x00"), []byte("\x00asm\x01\x00\x00\x00\x07\x05\x01")} {
		if _, err := Exports(bad); err == nil {
			t.Errorf("Exports(%q) succeeded", bad)
		}
	}
}

func FuzzExports(f *testing.F) {
	f.Add([]byte("\x00asm\x01\x00\x00\x00"))
	f.Add([]byte("\x00asm\x01\x00\x00\x00\x07\x08\x01\x04echo\x00\x00"))
	if len(testWasm) > 0 {
		f.Add(testWasm[:4096])
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		Exports(b)
		FunctionImports(b)
	})
}

// The test plugin is written against the raw Extism kernel: its imports
// name extism:host/env functions, which is how --check tells which plugins
// make HTTP requests.
func TestFunctionImports(t *testing.T) {
	imports, err := FunctionImports(testWasm)
	if err != nil || !slices.Contains(imports, "extism:host/env.output_set") {
		t.Fatalf("%v %v", imports, err)
	}
	if _, err := FunctionImports([]byte("\x00asm\x01\x00\x00\x00\x02\x05\x01\x01m\x01f\x09")); err == nil {
		t.Error("unknown import kind accepted")
	}
}

func TestInstancesAreReused(t *testing.T) {
	m := load(t, Options{MaxInstances: 4})
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 100 {
				in := fmt.Sprintf("w%d-%d", w, i)
				out, err := m.Call(context.Background(), "echo", []byte(in))
				if err != nil || string(out) != in {
					t.Errorf("%q: %q %v", in, out, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if n := m.InstancesCreated(); n > 4 {
		t.Errorf("%d instances created for 800 calls with at most 4 alive", n)
	}
	if n := m.TrimIdle(time.Hour); n != 0 {
		t.Errorf("TrimIdle(1h) closed %d fresh instances", n)
	}
	time.Sleep(10 * time.Millisecond)
	if n := m.TrimIdle(time.Millisecond); n == 0 || n > 4 {
		t.Errorf("TrimIdle(1ms) closed %d instances", n)
	}
	if out, err := m.Call(context.Background(), "echo", []byte("again")); err != nil || string(out) != "again" {
		t.Errorf("after trimming: %q %v", out, err)
	}
}

func BenchmarkCall(b *testing.B) {
	m := load(b, Options{})
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := m.Call(context.Background(), "echo", []byte(`{"text":"bench"}`)); err != nil {
				b.Error(err)
			}
		}
	})
}

func TestLoadRefusesModulesThatCannotRun(t *testing.T) {
	// (module (import "env" "missing" (func)) (func (export "f")))
	missingImport := []byte("\x00asm\x01\x00\x00\x00" +
		"\x01\x04\x01\x60\x00\x00" + // type: () -> ()
		"\x02\x0f\x01\x03env\x07missing\x00\x00" + // import env.missing
		"\x03\x02\x01\x00" + // func 1: type 0
		"\x07\x05\x01\x01f\x00\x01" + // export "f" = func 1
		"\x0a\x04\x01\x02\x00\x0b") // body: end
	if _, err := Exports(missingImport); err != nil {
		t.Fatalf("the test module is malformed: %v", err)
	}
	_, err := Load(context.Background(), "bad", missingImport, Options{Cache: testutil.CompilationCache(t)})
	if err == nil || !strings.Contains(err.Error(), "module[env] not instantiated") {
		t.Errorf("Load: %v", err)
	}
	// (module (memory 2000)): more than a 64 MiB limit allows.
	bigMemory := []byte("\x00asm\x01\x00\x00\x00\x05\x04\x01\x00\xd0\x0f")
	_, err = Load(context.Background(), "big", bigMemory, Options{MemoryLimit: 64 << 20})
	if err == nil {
		t.Error("Load of a module whose memory exceeds the limit succeeded")
	} else {
		t.Logf("big memory: %v", err)
	}
}
