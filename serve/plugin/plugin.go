// Package plugin runs Extism-ABI WebAssembly plugins on wazero through the
// Extism Go SDK, for many callers at once.
//
// A Module compiles the wasm once and keeps a pool of instances: a call takes
// an idle instance (or makes a new one, up to a bound), runs the function with
// its input, and gives the instance back. Instances are single-threaded, so
// concurrent calls use distinct instances and run in parallel. An instance
// whose call failed (trap, timeout, memory exhausted, plugin error) is thrown
// away, since its state can no longer be trusted; the next call gets a fresh
// one.
//
// Close retires a module: calls already running finish on it, and it is
// released when the last one returns.
package plugin

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	extism "github.com/extism/go-sdk"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/experimental"
	"github.com/tetratelabs/wazero/sys"
)

// Options bound what one plugin may use.
type Options struct {
	// Timeout bounds one call (waiting for an instance included). 0 means DefaultOptions'.
	Timeout time.Duration
	// MemoryLimit bounds the linear memory of one instance, in bytes.
	MemoryLimit uint64
	// MaxInstances bounds the instances alive at once (calls beyond it wait).
	MaxInstances int
	// Config is the Extism configuration the plugin reads with GetConfig.
	Config map[string]string
	// AllowedHosts are the hosts reachable through Extism's http_request.
	AllowedHosts []string
	// Cache shares compiled code between modules (optional).
	Cache wazero.CompilationCache
}

// DefaultOptions are the limits used when a field is zero.
var DefaultOptions = Options{
	Timeout:      10 * time.Second,
	MemoryLimit:  256 << 20,
	MaxInstances: 4 * runtime.GOMAXPROCS(0),
}

// ErrClosed is returned by Call on a module that was closed.
var ErrClosed = errors.New("plugin is closed")

// CallError describes a failed call.
type CallError struct {
	Function string
	Kind     string // "timeout", "trap", "error" (the plugin reported an error), "exit"
	Err      error
}

func (e *CallError) Error() string {
	switch e.Kind {
	case "error":
		return e.Err.Error()
	case "timeout":
		return fmt.Sprintf("%s: %v", e.Function, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Function, e.Err)
}
func (e *CallError) Unwrap() error { return e.Err }

type idleInstance struct {
	p     *extism.Plugin
	since time.Time
}

// Module is a compiled plugin with its instance pool.
type Module struct {
	name     string
	opts     Options
	compiled *extism.CompiledPlugin
	exports  []string

	idle  chan idleInstance
	slots chan struct{} // one token per instance that may exist

	created atomic.Int64 // instances made so far

	mu       sync.Mutex
	inflight int
	closed   bool
	released bool
}

// Load compiles wasm as an Extism plugin. name is used in errors.
func Load(ctx context.Context, name string, wasm []byte, opts Options) (*Module, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultOptions.Timeout
	}
	if opts.MemoryLimit == 0 {
		opts.MemoryLimit = DefaultOptions.MemoryLimit
	}
	if opts.MaxInstances <= 0 {
		opts.MaxInstances = DefaultOptions.MaxInstances
	}
	exports, err := Exports(wasm)
	if err != nil {
		return nil, fmt.Errorf("plugin %s: %w", name, err)
	}
	pages := uint32(opts.MemoryLimit / 65536)
	if pages == 0 {
		pages = 1
	}
	rc := wazero.NewRuntimeConfig().WithCloseOnContextDone(true).WithMemoryLimitPages(pages)
	if opts.Cache != nil {
		rc = rc.WithCompilationCache(opts.Cache)
	}
	manifest := extism.Manifest{
		Wasm:         []extism.Wasm{extism.WasmData{Data: wasm, Name: "main"}},
		Memory:       &extism.ManifestMemory{MaxPages: pages, MaxVarBytes: 1 << 20, MaxHttpResponseBytes: 50 << 20},
		Config:       opts.Config,
		AllowedHosts: opts.AllowedHosts,
	}
	cp, err := extism.NewCompiledPlugin(ctx, manifest, extism.PluginConfig{EnableWasi: true, RuntimeConfig: rc}, nil)
	if err != nil {
		return nil, fmt.Errorf("plugin %s: %w", name, err)
	}
	m := &Module{
		name:     name,
		opts:     opts,
		compiled: cp,
		exports:  exports,
		idle:     make(chan idleInstance, opts.MaxInstances),
		slots:    make(chan struct{}, opts.MaxInstances),
	}
	for range opts.MaxInstances {
		m.slots <- struct{}{}
	}
	// Make the first instance now: a module whose imports cannot be
	// satisfied, or whose memory exceeds the limit, fails here rather than
	// on every call.
	ictx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	inst, err := m.acquire(ictx, "")
	if err != nil {
		cp.Close(context.Background())
		var ce *CallError
		if errors.As(err, &ce) {
			err = ce.Err
		}
		return nil, fmt.Errorf("plugin %s: %w", name, err)
	}
	m.put(inst)
	return m, nil
}

// InstancesCreated returns how many instances the module has made so far.
func (m *Module) InstancesCreated() int64 { return m.created.Load() }

// InFlight returns the number of calls running now.
func (m *Module) InFlight() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.inflight
}

// Name returns the name given to Load.
func (m *Module) Name() string { return m.name }

// Exports returns the names of the functions the module exports.
func (m *Module) Exports() []string { return m.exports }

// HasExport reports whether the module exports a function called name.
func (m *Module) HasExport(name string) bool {
	for _, e := range m.exports {
		if e == name {
			return true
		}
	}
	return false
}

func (m *Module) enter() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return false
	}
	m.inflight++
	return true
}

func (m *Module) leave() {
	m.mu.Lock()
	m.inflight--
	release := m.closed && m.inflight == 0 && !m.released
	if release {
		m.released = true
	}
	m.mu.Unlock()
	if release {
		m.release()
	}
}

// Call runs function with input and returns its output. Failures are
// *CallError values (or ErrClosed, or the context's error while waiting).
func (m *Module) Call(ctx context.Context, function string, input []byte) ([]byte, error) {
	if !m.enter() {
		return nil, ErrClosed
	}
	defer m.leave()
	if !m.HasExport(function) {
		return nil, &CallError{Function: function, Kind: "error", Err: fmt.Errorf("plugin %s does not export %q", m.name, function)}
	}
	ctx, cancel := context.WithTimeout(ctx, m.opts.Timeout)
	defer cancel()

	inst, err := m.acquire(ctx, function)
	if err != nil {
		if ctx.Err() != nil {
			return nil, &CallError{Function: function, Kind: "timeout", Err: fmt.Errorf("no plugin instance became free within %v", m.opts.Timeout)}
		}
		return nil, err
	}
	rc, out, err := inst.CallWithContext(ctx, function, input)
	if err == nil && rc == 0 {
		m.put(inst)
		return out, nil
	}
	m.discard(inst)
	switch {
	case ctx.Err() != nil:
		return nil, &CallError{Function: function, Kind: "timeout", Err: fmt.Errorf("call did not finish within %v", m.opts.Timeout)}
	case err == nil:
		return nil, &CallError{Function: function, Kind: "error", Err: fmt.Errorf("%s returned status %d", function, rc)}
	}
	var exit *sys.ExitError
	if errors.As(err, &exit) {
		return nil, &CallError{Function: function, Kind: "exit", Err: fmt.Errorf("plugin exited with code %d (a panic, or memory exhausted within the %d MiB limit)", exit.ExitCode(), m.opts.MemoryLimit>>20)}
	}
	if isPluginError(err) {
		return nil, &CallError{Function: function, Kind: "error", Err: errors.New(firstLine(err))}
	}
	return nil, &CallError{Function: function, Kind: "trap", Err: errors.New(firstLine(err))}
}

// firstLine drops the wasm stack trace wazero appends to errors.
func firstLine(err error) string {
	msg, _, _ := strings.Cut(err.Error(), "\nwasm stack trace:")
	return strings.TrimSuffix(strings.TrimSpace(msg), " (recovered by wazero)")
}

// isPluginError tells an error the guest set through Extism's error_set
// (a plain errors.New from the SDK) from a wazero trap.
func isPluginError(err error) bool {
	msg := err.Error()
	for _, p := range []string{"wasm error:", "module closed", "failed to initialize runtime", "failed to get output", "module is closed"} {
		if strings.Contains(msg, p) {
			return false
		}
	}
	return true
}

func (m *Module) acquire(ctx context.Context, function string) (*extism.Plugin, error) {
	select {
	case in := <-m.idle:
		return in.p, nil
	default:
	}
	select {
	case in := <-m.idle:
		return in.p, nil
	case <-m.slots:
		inst, err := m.compiled.Instance(experimental.WithMemoryAllocator(ctx, allocator), extism.PluginInstanceConfig{ModuleConfig: wazero.NewModuleConfig().WithSysWalltime().WithSysNanotime().WithSysNanosleep().WithRandSource(rand.Reader)})
		if err != nil {
			m.slots <- struct{}{}
			return nil, &CallError{Function: function, Kind: "trap", Err: fmt.Errorf("instantiate plugin %s: %w", m.name, err)}
		}
		inst.SetLogger(func(extism.LogLevel, string) {})
		m.created.Add(1)
		return inst, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (m *Module) put(inst *extism.Plugin) {
	select {
	case m.idle <- idleInstance{inst, time.Now()}:
	default:
		m.discard(inst)
	}
}

// TrimIdle closes the instances that have been idle for longer than age,
// so that a burst of calls does not keep its memory forever. It returns how
// many it closed.
func (m *Module) TrimIdle(age time.Duration) int {
	closed := 0
	cutoff := time.Now().Add(-age)
	for range len(m.idle) {
		select {
		case in := <-m.idle:
			if in.since.Before(cutoff) {
				m.discard(in.p)
				closed++
				continue
			}
			select {
			case m.idle <- in:
			default:
				m.discard(in.p)
			}
		default:
			return closed
		}
	}
	return closed
}

func (m *Module) discard(inst *extism.Plugin) {
	inst.Close(context.Background())
	m.slots <- struct{}{}
}

// Close retires the module: new calls fail with ErrClosed, running calls
// finish, and the compiled code is released after the last one.
func (m *Module) Close() {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return
	}
	m.closed = true
	release := m.inflight == 0 && !m.released
	if release {
		m.released = true
	}
	m.mu.Unlock()
	if release {
		m.release()
	}
}

func (m *Module) release() {
	for {
		select {
		case in := <-m.idle:
			in.p.Close(context.Background())
		default:
			m.compiled.Close(context.Background())
			return
		}
	}
}
