package pdk_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	extism "github.com/extism/go-sdk"
	"github.com/tetratelabs/wazero"

	"github.com/wasmcp/wasmcp/internal/testutil"
)

// The example plugins under examples/plugins, built with this package and
// run by the Extism Go SDK (on wazero) exactly as a host such as
// `wasmcp serve` runs them.

// Compiling a Go plugin (2-3 MB of wasm) takes wazero seconds; the shared
// cache compiles each module once.
func pluginConfig(t *testing.T) extism.PluginConfig {
	return extism.PluginConfig{
		EnableWasi:    true,
		RuntimeConfig: wazero.NewRuntimeConfig().WithCompilationCache(testutil.CompilationCache(t)),
	}
}

type opts struct {
	config       map[string]string
	allowedHosts []string
	timeout      time.Duration
	maxPages     uint32
}

func manifest(t *testing.T, name string, o opts) extism.Manifest {
	t.Helper()
	m := extism.Manifest{
		Wasm:         []extism.Wasm{extism.WasmFile{Path: testutil.BuildPlugin(t, name)}},
		Config:       o.config,
		AllowedHosts: o.allowedHosts,
		Timeout:      uint64(o.timeout / time.Millisecond),
	}
	if m.Timeout == 0 {
		// Every plugin gets a timeout, as under a server. With a timeout the
		// SDK compiles with wazero's CloseOnContextDone, so all tests share
		// one compilation per plugin, and any cancelled context stops a call.
		m.Timeout = 30_000
	}
	if o.maxPages > 0 {
		// A zero MaxVarBytes or MaxHttpResponseBytes would disable vars and
		// HTTP; -1 keeps the SDK's defaults.
		m.Memory = &extism.ManifestMemory{MaxPages: o.maxPages, MaxVarBytes: -1, MaxHttpResponseBytes: -1}
	}
	return m
}

func newPlugin(t *testing.T, name string, o opts) *extism.Plugin {
	t.Helper()
	ctx := context.Background()
	p, err := extism.NewPlugin(ctx, manifest(t, name, o), pluginConfig(t), nil)
	if err != nil {
		t.Fatalf("loading %s: %v", name, err)
	}
	t.Cleanup(func() { p.Close(ctx) })
	return p
}

func call(t *testing.T, p *extism.Plugin, fn, input string) string {
	t.Helper()
	rc, out, err := p.Call(fn, []byte(input))
	if err != nil || rc != 0 {
		t.Fatalf("%s(%s): rc=%d err=%v", fn, input, rc, err)
	}
	return string(out)
}

// What a host must do for a stock-Go plugin: enable WASI, and leave the
// reactor start (_initialize) to the SDK, which runs it once before the first
// call of an instance.
func TestHostRequirements(t *testing.T) {
	ctx := context.Background()
	noWasi := pluginConfig(t)
	noWasi.EnableWasi = false
	if p, err := extism.NewPlugin(ctx, manifest(t, "echo", opts{}), noWasi, nil); err == nil {
		p.Close(ctx)
		t.Error("a Go plugin loaded without WASI")
	} else if !strings.Contains(err.Error(), "wasi_snapshot_preview1") {
		t.Errorf("loading without WASI: %v, want a missing wasi_snapshot_preview1", err)
	}

	// Calling _initialize by hand does not mark the instance as started: the
	// SDK runs it a second time before the next call, and the Go runtime
	// aborts. Hosts must not pre-start instances this way.
	p := newPlugin(t, "echo", opts{})
	if rc, _, err := p.Call("_initialize", nil); rc != 0 || err != nil {
		t.Fatalf("_initialize: rc=%d err=%v", rc, err)
	}
	if _, _, err := p.Call("echo", []byte("hi")); err == nil || !strings.Contains(err.Error(), "failed to initialize runtime") {
		t.Errorf("echo after a manual _initialize: err=%v, want the second start to fail", err)
	}
}

func TestHello(t *testing.T) {
	p := newPlugin(t, "hello", opts{})
	if got := call(t, p, "say_hello", `{"name":"Bob"}`); got != "Hello Bob" {
		t.Errorf("say_hello = %q, want %q", got, "Hello Bob")
	}
	// The same instance answers again (the Go runtime stays up between calls).
	if got := call(t, p, "say_hello", `{"name":"Ada Lovelace"}`); got != "Hello Ada Lovelace" {
		t.Errorf("second say_hello = %q", got)
	}
}

func TestHelloConfig(t *testing.T) {
	p := newPlugin(t, "hello", opts{config: map[string]string{"greeting": "Bonjour"}})
	if got := call(t, p, "say_hello", `{"name":"Bob"}`); got != "Bonjour Bob" {
		t.Errorf("say_hello = %q, want %q", got, "Bonjour Bob")
	}
	// The kernel has no empty block: a value of "" reads as not set.
	p = newPlugin(t, "hello", opts{config: map[string]string{"greeting": ""}})
	if got := call(t, p, "say_hello", `{"name":"Bob"}`); got != "Hello Bob" {
		t.Errorf("say_hello with an empty greeting = %q, want %q", got, "Hello Bob")
	}
}

func TestHelloErrors(t *testing.T) {
	p := newPlugin(t, "hello", opts{})
	for _, tc := range []struct{ input, want string }{
		{`{}`, `the argument "name" is required`},
		{`not json`, `pdk: decoding input`},
	} {
		rc, out, err := p.Call("say_hello", []byte(tc.input))
		if rc != 1 || err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("say_hello(%s): rc=%d out=%q err=%v, want rc 1 and an error containing %q", tc.input, rc, out, err, tc.want)
		}
	}
	// A failed call leaves the instance usable.
	if got := call(t, p, "say_hello", `{"name":"Bob"}`); got != "Hello Bob" {
		t.Errorf("say_hello after errors = %q", got)
	}
}

func TestFetch(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s %s from %s", r.Method, r.URL.Path, r.Header.Get("User-Agent"))
	}))
	defer srv.Close()
	url := srv.URL + "/some/path"

	p := newPlugin(t, "fetch", opts{allowedHosts: []string{"127.0.0.1"}})
	want := "200\nGET /some/path from wasmcp-example-fetch"
	if got := call(t, p, "fetch", `{"url":"`+url+`"}`); got != want {
		t.Errorf("fetch = %q, want %q", got, want)
	}

	// Hosts are refused unless allowed; the refusal fails the call.
	p = newPlugin(t, "fetch", opts{})
	rc, _, err := p.Call("fetch", []byte(`{"url":"`+url+`"}`))
	if err == nil || !strings.Contains(err.Error(), "not allowed") {
		t.Errorf("fetch from a plugin without allowed hosts: rc=%d err=%v", rc, err)
	}
}

func TestCalc(t *testing.T) {
	p := newPlugin(t, "calc", opts{})
	for _, tc := range []struct{ fn, input, want string }{
		{"add", `{"a":2,"b":3}`, "5"},
		{"add", `{"a":0.1,"b":0.2}`, "0.30000000000000004"},
		{"add", `{"a":-7,"b":7}`, "0"},
		{"multiply", `{"a":2.5,"b":4}`, "10"},
		{"multiply", `{"a":1e10,"b":1e10}`, "100000000000000000000"},
	} {
		if got := call(t, p, tc.fn, tc.input); got != tc.want {
			t.Errorf("%s(%s) = %q, want %q", tc.fn, tc.input, got, tc.want)
		}
	}
	if got := call(t, p, "stats", `{"numbers":[3,1,4,1,5]}`); got != `{"count":5,"sum":14,"mean":2.8,"min":1,"max":5}` {
		t.Errorf("stats = %s", got)
	}
	if rc, _, err := p.Call("stats", []byte(`{"numbers":[]}`)); rc != 1 || err == nil {
		t.Errorf("stats of nothing: rc=%d err=%v", rc, err)
	}
	rc, _, err := p.Call("add", []byte(`{"a":1}`))
	if rc != 1 || err == nil || !strings.Contains(err.Error(), `"a" and "b" are required`) {
		t.Errorf("add without b: rc=%d err=%v", rc, err)
	}
}

func TestEchoSizes(t *testing.T) {
	p := newPlugin(t, "echo", opts{})
	// Sizes around the 8-byte steps of the bulk copy, and a large one.
	for _, n := range []int{0, 1, 7, 8, 9, 15, 16, 17, 1000, 1 << 20, 3<<20 + 5} {
		in := make([]byte, n)
		for i := range in {
			in[i] = byte(i*7 + n)
		}
		rc, out, err := p.Call("echo", in)
		if err != nil || rc != 0 {
			t.Fatalf("echo(%d bytes): rc=%d err=%v", n, rc, err)
		}
		if !bytes.Equal(out, in) {
			t.Errorf("echo(%d bytes) answered %d bytes that differ", n, len(out))
		}
	}
}

func TestCounterVarsAndLogs(t *testing.T) {
	extism.SetLogLevel(extism.LogLevelInfo)
	p := newPlugin(t, "counter", opts{})
	var mu sync.Mutex
	var logs []string
	p.SetLogger(func(level extism.LogLevel, msg string) {
		mu.Lock()
		defer mu.Unlock()
		logs = append(logs, level.String()+" "+msg)
	})
	for want := 1; want <= 3; want++ {
		if got := call(t, p, "increment", ""); got != fmt.Sprint(want) {
			t.Errorf("increment #%d = %q", want, got)
		}
	}
	if got := string(p.Var["count"]); got != "3" {
		t.Errorf("host-side var count = %q, want 3", got)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(logs) != 3 || logs[2] != "INFO counter: call 3" {
		t.Errorf("logs = %q", logs)
	}
	// A fresh instance starts from zero: variables belong to an instance.
	fresh := newPlugin(t, "counter", opts{})
	fresh.SetLogger(func(extism.LogLevel, string) {})
	if got := call(t, fresh, "increment", ""); got != "1" {
		t.Errorf("fresh instance increment = %q, want 1", got)
	}
}

func TestLogLevelFilter(t *testing.T) {
	extism.SetLogLevel(extism.LogLevelError)
	defer extism.SetLogLevel(extism.LogLevelInfo)
	p := newPlugin(t, "counter", opts{})
	var n int
	p.SetLogger(func(extism.LogLevel, string) { n++ })
	call(t, p, "increment", "")
	if n != 0 {
		t.Errorf("%d info messages reached a host logging errors only", n)
	}
}

func TestFail(t *testing.T) {
	p := newPlugin(t, "misbehave", opts{})
	rc, _, err := p.Call("fail", nil)
	if rc != 1 || err == nil || err.Error() != "misbehave: failing on purpose" {
		t.Errorf("fail: rc=%d err=%v", rc, err)
	}
}

func TestTrap(t *testing.T) {
	p := newPlugin(t, "misbehave", opts{})
	rc, _, err := p.Call("trap", nil)
	if err == nil || rc == 0 {
		t.Fatalf("trap: rc=%d err=%v, want a failure", rc, err)
	}
	if !strings.Contains(err.Error(), "unreachable") {
		t.Errorf("trap: err=%v, want the wasm trap of runtime.abort", err)
	}
	// The Go runtime aborts a panic with the wasm instruction unreachable,
	// leaving the instance open but its runtime in a panicking state; a host
	// must drop it and start a new instance, which works.
	p2 := newPlugin(t, "misbehave", opts{})
	rc, _, err = p2.Call("fail", nil)
	if rc != 1 || err == nil || err.Error() != "misbehave: failing on purpose" {
		t.Errorf("new instance after trap: rc=%d err=%v", rc, err)
	}
}

func TestLoopForeverTimesOut(t *testing.T) {
	p := newPlugin(t, "misbehave", opts{})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	rc, _, err := p.CallWithContext(ctx, "loop_forever", nil)
	elapsed := time.Since(start)
	if err == nil {
		t.Fatalf("loop_forever returned rc=%d without an error", rc)
	}
	t.Logf("loop_forever: rc=%d err=%v after %v", rc, err, elapsed)
	if elapsed > 5*time.Second {
		t.Errorf("loop_forever stopped after %v, want about the 300ms timeout", elapsed)
	}
	// Stopping the call closed the module.
	if _, _, err := p.Call("fail", nil); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Errorf("call after a timeout: err=%v, want the module to be closed", err)
	}
	// The manifest's own timeout stops it as well.
	p = newPlugin(t, "misbehave", opts{timeout: 200 * time.Millisecond})
	if _, _, err := p.Call("loop_forever", nil); err == nil || !strings.Contains(err.Error(), "deadline exceeded") {
		t.Errorf("loop_forever under a 200ms manifest timeout: err=%v", err)
	}
}

func TestExhaustMemory(t *testing.T) {
	const pages = 1024 // 64 MiB
	p := newPlugin(t, "misbehave", opts{maxPages: pages})
	start := time.Now()
	rc, _, err := p.Call("exhaust_memory", nil)
	if err == nil {
		t.Fatalf("exhaust_memory returned rc=%d without an error", rc)
	}
	t.Logf("exhaust_memory: rc=%d err=%v after %v", rc, err, time.Since(start))
	if size := p.Memory().Size(); size > pages*65536 {
		t.Errorf("memory grew to %d bytes, past the %d-page limit", size, pages)
	}
}

// Instances of one compiled plugin run side by side, as a server runs them.
func TestConcurrentInstances(t *testing.T) {
	ctx := context.Background()
	cp, err := extism.NewCompiledPlugin(ctx, manifest(t, "echo", opts{}), pluginConfig(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close(ctx)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := cp.Instance(ctx, extism.PluginInstanceConfig{})
			if err != nil {
				errs <- err
				return
			}
			defer p.Close(ctx)
			for i := 0; i < 200; i++ {
				in := fmt.Sprintf(`{"worker":%d,"call":%d}`, w, i)
				_, out, err := p.Call("echo", []byte(in))
				if err != nil || string(out) != in {
					errs <- fmt.Errorf("worker %d call %d: out=%q err=%v", w, i, out, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
