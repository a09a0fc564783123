//go:build wasmtimehost

// Package wasmtimehost runs components on wasmtime, through the C library
// that the Go module github.com/bytecodealliance/wasmtime-go/v39 ships, so
// that tests check wasmcp's output against the runtime users deploy to
// rather than only against jco.
//
// It is test-only and needs cgo: it builds only with the `wasmtimehost` tag
// and with CGO_CFLAGS pointing at the module's build/include (see
// internal/testutil.WasmtimeHost). The wasmcp binary never links it.
//
// Two ways to link a component:
//   - CLI components get wasmtime's own WASI 0.2 implementation
//     (wasmtime_component_linker_add_wasip2) with the process's stdio.
//   - HTTP components get WASI and wasi:http/types implemented here as host
//     functions, because the C API offers no wasi:http and its WASI streams
//     cannot be created by host functions: the request and response bodies
//     must be streams, so every interface that shares those resource types
//     (io, cli, clocks, filesystem) is implemented here too.
package wasmtimehost

// #include "shim.h"
import "C"

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	// The wasmtime-go package links libwasmtime.a (its cgo LDFLAGS); this
	// package only calls the C API directly.
	_ "github.com/bytecodealliance/wasmtime-go/v39"
)

// Engine compiles components. It is safe for concurrent use.
type Engine struct {
	ptr *C.wasm_engine_t
	// OutgoingTimeout bounds each outgoing HTTP request of the components
	// linked by NewHTTPLinker (0: DefaultOutgoingTimeout).
	OutgoingTimeout time.Duration
}

// NewEngine returns an engine with the component model enabled.
func NewEngine() *Engine { return newEngine(false) }

// NewPoolingEngine is NewEngine with wasmtime's pooling instance allocator
// at its default limits, which `wasmtime serve` and Spin enable by default:
// memories, tables and instances come from pools reused across
// instantiations instead of being mapped and unmapped each time.
func NewPoolingEngine() *Engine { return newEngine(true) }

func newEngine(pooling bool) *Engine {
	cfg := C.wasm_config_new()
	C.wasmtime_config_wasm_component_model_set(cfg, true)
	if pooling {
		pc := C.wasmtime_pooling_allocation_config_new()
		C.wasmtime_pooling_allocation_strategy_set(cfg, pc)
		C.wasmtime_pooling_allocation_config_delete(pc)
	}
	return &Engine{ptr: C.wasm_engine_new_with_config(cfg)}
}

// Component is a compiled component.
type Component struct {
	engine *Engine
	ptr    *C.wasmtime_component_t
}

// Compile validates and compiles a component binary.
func (e *Engine) Compile(wasm []byte) (*Component, error) {
	if len(wasm) == 0 {
		return nil, fmt.Errorf("empty component")
	}
	var c *C.wasmtime_component_t
	if err := C.wasmtime_component_new(e.ptr, (*C.uint8_t)(unsafe.Pointer(&wasm[0])), C.size_t(len(wasm)), &c); err != nil {
		return nil, takeError(err)
	}
	comp := &Component{engine: e, ptr: c}
	runtime.SetFinalizer(comp, func(c *Component) { C.wasmtime_component_delete(c.ptr) })
	return comp, nil
}

// Exports lists the component's top-level export names.
func (c *Component) Exports() []string { return c.names(false) }

// Imports lists the component's top-level import names.
func (c *Component) Imports() []string { return c.names(true) }

func (c *Component) names(imports bool) []string {
	ty := C.wasmtime_component_type(c.ptr)
	defer C.wasmtime_component_type_delete(ty)
	n := int(C.wasmtime_component_type_export_count(ty, c.engine.ptr))
	if imports {
		n = int(C.wasmtime_component_type_import_count(ty, c.engine.ptr))
	}
	var names []string
	for i := 0; i < n; i++ {
		var name *C.char
		var l C.size_t
		var item C.wasmtime_component_item_t
		var found C.bool
		if imports {
			found = C.wasmtime_component_type_import_nth(ty, c.engine.ptr, C.size_t(i), &name, &l, &item)
		} else {
			found = C.wasmtime_component_type_export_nth(ty, c.engine.ptr, C.size_t(i), &name, &l, &item)
		}
		if found {
			names = append(names, C.GoStringN(name, C.int(l)))
			C.wasmtime_component_item_delete(&item)
		}
	}
	return names
}

// ExportNamed returns the export whose name, without its @version, is
// unversioned (e.g. "wasi:cli/run").
func (c *Component) ExportNamed(unversioned string) (string, bool) {
	for _, n := range c.Exports() {
		if n == unversioned || strings.HasPrefix(n, unversioned+"@") {
			return n, true
		}
	}
	return "", false
}

// Linker provides a component's imports.
type Linker struct {
	engine *Engine
	ptr    *C.wasmtime_component_linker_t
	// defined are the interfaces the linker defines, unversioned, with the
	// version each is defined at; resources the type numbers of their
	// resources, by interface#name.
	defined   map[string]string
	resources map[string]uint32
	// ifaces are the interfaces this host implements, by unversioned name.
	ifaces map[string]Interface
}

// NewWASIp2Linker returns a linker with wasmtime's WASI 0.2 implementation:
// the interfaces wasmtime 39 provides at version 0.2.6.
func (e *Engine) NewWASIp2Linker() (*Linker, error) {
	l := newLinker(e)
	if err := C.wasmtime_component_linker_add_wasip2(l.ptr); err != nil {
		return nil, takeError(err)
	}
	// What add_wasip2 defines; its resource types are wasmtime's own, so a
	// stub that shares one of them cannot be made (see DefineTraps).
	for _, name := range wasip2Interfaces {
		l.defined[name] = WASIVersion
	}
	// wasi:keyvalue shares no resource with WASI: a CLI component gets this
	// host's.
	if err := l.Define(keyValueInterfaces()...); err != nil {
		return nil, err
	}
	return l, nil
}

// wasip2Interfaces are the interfaces wasmtime_component_linker_add_wasip2
// defines.
var wasip2Interfaces = []string{
	"wasi:cli/environment", "wasi:cli/exit", "wasi:cli/stdin", "wasi:cli/stdout", "wasi:cli/stderr",
	"wasi:cli/terminal-input", "wasi:cli/terminal-output", "wasi:cli/terminal-stdin",
	"wasi:cli/terminal-stdout", "wasi:cli/terminal-stderr",
	"wasi:clocks/monotonic-clock", "wasi:clocks/wall-clock",
	"wasi:filesystem/types", "wasi:filesystem/preopens",
	"wasi:io/error", "wasi:io/poll", "wasi:io/streams",
	"wasi:random/random", "wasi:random/insecure", "wasi:random/insecure-seed",
	"wasi:sockets/network", "wasi:sockets/instance-network", "wasi:sockets/udp",
	"wasi:sockets/udp-create-socket", "wasi:sockets/tcp", "wasi:sockets/tcp-create-socket",
	"wasi:sockets/ip-name-lookup",
}

func newLinker(e *Engine) *Linker {
	return &Linker{engine: e, ptr: C.wasmtime_component_linker_new(e.ptr), defined: map[string]string{},
		resources: map[string]uint32{}, ifaces: map[string]Interface{}}
}

// DefineTraps gives every import of c that the linker does not define (by
// interface name, whatever the version) trapping functions and resources,
// so that a component whose other imports only a composition would provide
// can still be instantiated: its start function (the Go runtime's
// initialisation) runs against the real WASI. A resource the component
// imports under several names (wasi:http's headers is its fields; its
// input-stream is wasi:io's) gets one type, the linker's where the linker
// defines one of the names.
//
// wasmtime_component_linker_define_unknown_imports_as_traps is no use here:
// it looks names up exactly, so it stubs wasi:cli/...@0.2.0 even when the
// linker provides @0.2.6, which instantiation would have matched.
func (l *Linker) DefineTraps(c *Component) error {
	ty := C.wasmtime_component_type(c.ptr)
	defer C.wasmtime_component_type_delete(ty)

	type resource struct {
		key string // import#export
		ty  *C.wasmtime_component_resource_type_t
		num uint32
	}
	var resources []*resource
	defer func() {
		for _, r := range resources {
			C.wasmtime_component_resource_type_delete(r.ty)
		}
	}()
	type stub struct {
		name  string
		isFn  bool
		funcs []string
		res   []*resource
		names []string
	}
	var stubs []stub
	n := int(C.wasmtime_component_type_import_count(ty, l.engine.ptr))
	for i := 0; i < n; i++ {
		var cname *C.char
		var clen C.size_t
		var item C.wasmtime_component_item_t
		if !C.wasmtime_component_type_import_nth(ty, l.engine.ptr, C.size_t(i), &cname, &clen, &item) {
			continue
		}
		name := C.GoStringN(cname, C.int(clen))
		st := stub{name: name}
		switch item.kind {
		case C.WASMTIME_COMPONENT_ITEM_COMPONENT_FUNC:
			st.isFn = true
		case C.WASMTIME_COMPONENT_ITEM_COMPONENT_INSTANCE:
			it := *(**C.wasmtime_component_instance_type_t)(unsafe.Pointer(&item.of))
			m := int(C.wasmtime_component_instance_type_export_count(it, l.engine.ptr))
			for j := 0; j < m; j++ {
				var ename *C.char
				var elen C.size_t
				var e C.wasmtime_component_item_t
				if !C.wasmtime_component_instance_type_export_nth(it, l.engine.ptr, C.size_t(j), &ename, &elen, &e) {
					continue
				}
				en := C.GoStringN(ename, C.int(elen))
				switch e.kind {
				case C.WASMTIME_COMPONENT_ITEM_COMPONENT_FUNC:
					st.funcs = append(st.funcs, en)
				case C.WASMTIME_COMPONENT_ITEM_RESOURCE:
					rt := *(**C.wasmtime_component_resource_type_t)(unsafe.Pointer(&e.of))
					r := &resource{key: unversioned(name) + "#" + en, ty: C.wasmtime_component_resource_type_clone(rt)}
					resources = append(resources, r)
					st.res = append(st.res, r)
					st.names = append(st.names, en)
				}
				C.wasmtime_component_item_delete(&e)
			}
		}
		C.wasmtime_component_item_delete(&item)
		stubs = append(stubs, st)
	}
	// One number per distinct resource type: the linker's, else a fresh one.
	for i, r := range resources {
		for _, q := range resources[:i] {
			if C.wasmtime_component_resource_type_equal(r.ty, q.ty) {
				r.num = q.num
				break
			}
		}
		if r.num != 0 {
			continue
		}
		r.num = 1<<20 + trapTypes.Add(1)
		for _, q := range resources {
			if num, ok := l.resources[q.key]; ok && bool(C.wasmtime_component_resource_type_equal(r.ty, q.ty)) {
				r.num = num
				break
			}
		}
	}

	// Shadowing is set before the root is taken: an instance keeps the
	// setting it was made with.
	C.wasmtime_component_linker_allow_shadowing(l.ptr, true)
	root := C.wasmtime_component_linker_root(l.ptr)
	defer C.wasmtime_component_linker_instance_delete(root)
	for _, st := range stubs {
		if v, found := l.defined[unversioned(st.name)]; found && versionsMatch(versionOf(st.name), v) {
			// Functions of an interface this host implements only in part
			// (wasi:http/types' outgoing requests) trap: the interface is
			// defined again, whole, with them (a linker instance cannot be
			// reopened, only shadowed).
			have, known := l.ifaces[unversioned(st.name)]
			if !known || !have.Partial {
				continue
			}
			iface := Interface{Name: have.Name, Resources: have.Resources, Funcs: map[string]HostFunc{}}
			for fn, f := range have.Funcs {
				iface.Funcs[fn] = f
			}
			missing := false
			for _, fn := range st.funcs {
				if iface.Funcs[fn] == nil {
					iface.Funcs[fn] = trap(st.name + "#" + fn)
					missing = true
				}
			}
			if !missing {
				continue
			}
			if err := defineOne(root, iface); err != nil {
				return fmt.Errorf("%s: %w", st.name, err)
			}
			continue
		}
		if st.isFn {
			cn := C.CString(st.name)
			err := C.shim_add_func(root, cn, C.size_t(len(st.name)), C.uintptr_t(registerFunc(trap(st.name))))
			C.free(unsafe.Pointer(cn))
			if err != nil {
				return fmt.Errorf("%s: %w", st.name, takeError(err))
			}
			continue
		}
		iface := Interface{Name: st.name, Resources: map[string]uint32{}, Funcs: map[string]HostFunc{}}
		for i, r := range st.res {
			iface.Resources[st.names[i]] = r.num
		}
		for _, fn := range st.funcs {
			iface.Funcs[fn] = trap(st.name + "#" + fn)
		}
		if err := defineOne(root, iface); err != nil {
			return fmt.Errorf("%s: %w", st.name, err)
		}
	}
	return nil
}

// unversioned is an interface name without its @version.
func unversioned(name string) string {
	if i := strings.LastIndexByte(name, '@'); i > 0 {
		return name[:i]
	}
	return name
}

// versionOf is the version of an interface name, "" without one.
func versionOf(name string) string {
	if i := strings.LastIndexByte(name, '@'); i > 0 {
		return name[i+1:]
	}
	return ""
}

// versionsMatch tells whether wasmtime's linker matches an import at
// version a to a definition at version b: the same version, or, for
// versions without a pre-release part, the same major version (the same
// minor when the major is 0, the same patch when both are 0).
func versionsMatch(a, b string) bool {
	if a == b {
		return true
	}
	if strings.Contains(a, "-") || strings.Contains(b, "-") || a == "" || b == "" {
		return false
	}
	pa, pb := strings.SplitN(a, ".", 3), strings.SplitN(b, ".", 3)
	if len(pa) != 3 || len(pb) != 3 || pa[0] != pb[0] {
		return false
	}
	if pa[0] != "0" {
		return true
	}
	if pa[1] != pb[1] {
		return false
	}
	return pa[1] != "0" || pa[2] == pb[2]
}

var trapTypes atomic.Uint32

func trap(name string) HostFunc {
	return func(*Store, []Val) ([]Val, error) {
		return nil, fmt.Errorf("%s is not provided by this host", name)
	}
}

// Interface is a set of host definitions under one import name.
type Interface struct {
	Name string
	// Partial marks an interface implemented in part on purpose: functions
	// a component imports that it lacks trap, rather than fail to link.
	Partial   bool
	Resources map[string]uint32 // resource name → type number
	Funcs     map[string]HostFunc
}

// HostFunc implements an imported function. Resource arguments and results
// are handles into s's table.
type HostFunc func(s *Store, args []Val) ([]Val, error)

var (
	funcsMu sync.RWMutex
	funcs   []HostFunc
)

func registerFunc(f HostFunc) uintptr {
	funcsMu.Lock()
	defer funcsMu.Unlock()
	funcs = append(funcs, f)
	return uintptr(len(funcs) - 1)
}

// Define adds host interfaces to a linker.
func (l *Linker) Define(ifaces ...Interface) error {
	root := C.wasmtime_component_linker_root(l.ptr)
	defer C.wasmtime_component_linker_instance_delete(root)
	for _, iface := range ifaces {
		if err := defineOne(root, iface); err != nil {
			return fmt.Errorf("%s: %w", iface.Name, err)
		}
		l.defined[unversioned(iface.Name)] = versionOf(iface.Name)
		l.ifaces[unversioned(iface.Name)] = iface
		for name, num := range iface.Resources {
			l.resources[unversioned(iface.Name)+"#"+name] = num
		}
	}
	return nil
}

func defineOne(root *C.wasmtime_component_linker_instance_t, iface Interface) error {
	cname := C.CString(iface.Name)
	defer C.free(unsafe.Pointer(cname))
	var li *C.wasmtime_component_linker_instance_t
	if err := C.wasmtime_component_linker_instance_add_instance(root, cname, C.size_t(len(iface.Name)), &li); err != nil {
		return takeError(err)
	}
	defer C.wasmtime_component_linker_instance_delete(li)
	for name, ty := range iface.Resources {
		cn := C.CString(name)
		err := C.shim_add_resource(li, cn, C.size_t(len(name)), C.uint32_t(ty))
		C.free(unsafe.Pointer(cn))
		if err != nil {
			return fmt.Errorf("resource %s: %w", name, takeError(err))
		}
	}
	for name, f := range iface.Funcs {
		cn := C.CString(name)
		err := C.shim_add_func(li, cn, C.size_t(len(name)), C.uintptr_t(registerFunc(f)))
		C.free(unsafe.Pointer(cn))
		if err != nil {
			return fmt.Errorf("func %s: %w", name, takeError(err))
		}
	}
	return nil
}

// Store holds one instance's state: wasmtime's store and this host's
// resource table.
type Store struct {
	id     uintptr
	ptr    *C.wasmtime_store_t
	ctx    *C.wasmtime_context_t
	linker *Linker

	table map[uint32]any
	next  uint32
	// Data is for the embedder (the HTTP exchange of a request).
	Data any
	// Env and Args are what wasi:cli/environment reports.
	Env  [][2]string
	Args []string
	// OnDrop, when set, is told of each resource the guest drops.
	OnDrop func(ty, rep uint32)
	// closers run when the store closes (outgoing requests still going).
	closers []func()
}

// dropper is a table entry that wants to know when the guest drops its
// handle (rather than passing it back to the host).
type dropper interface{ dropped() }

// onClose runs f when the store closes.
func (s *Store) onClose(f func()) { s.closers = append(s.closers, f) }

var (
	storeSeq atomic.Uint64
	stores   sync.Map // id → *Store
)

// NewStore returns a store for one instantiation.
func (l *Linker) NewStore() *Store {
	s := &Store{id: uintptr(storeSeq.Add(1)), linker: l, table: map[uint32]any{}, next: 1}
	s.ptr = C.shim_store_new(l.engine.ptr, C.uintptr_t(s.id))
	s.ctx = C.wasmtime_store_context(s.ptr)
	stores.Store(s.id, s)
	return s
}

// Close frees the store and everything instantiated in it.
func (s *Store) Close() {
	for _, f := range s.closers {
		f()
	}
	s.closers = nil
	if s.ptr != nil {
		C.wasmtime_store_delete(s.ptr)
		s.ptr = nil
		stores.Delete(s.id)
	}
}

// InheritStdio gives wasmtime's WASI (NewWASIp2Linker) the process's stdin,
// stdout, stderr, arguments and environment.
func (s *Store) InheritStdio(args []string) error {
	cfg := C.wasi_config_new()
	C.wasi_config_inherit_stdin(cfg)
	C.wasi_config_inherit_stdout(cfg)
	C.wasi_config_inherit_stderr(cfg)
	C.wasi_config_inherit_env(cfg)
	if len(args) > 0 {
		cargs := make([]*C.char, len(args))
		for i, a := range args {
			cargs[i] = C.CString(a)
			defer C.free(unsafe.Pointer(cargs[i]))
		}
		p := (**C.char)(C.malloc(C.size_t(len(args)) * C.size_t(unsafe.Sizeof(cargs[0]))))
		defer C.free(unsafe.Pointer(p))
		copy(unsafe.Slice(p, len(args)), cargs)
		C.wasi_config_set_argv(cfg, C.size_t(len(args)), p)
	}
	return takeError(C.wasmtime_context_set_wasi(s.ctx, cfg))
}

// Put stores x in the resource table and returns its rep.
func (s *Store) Put(x any) uint32 {
	rep := s.next
	s.next++
	s.table[rep] = x
	return rep
}

// Get returns the table entry of a handle.
func (s *Store) Get(r Val) (any, error) {
	h, ok := r.(Resource)
	if !ok {
		return nil, fmt.Errorf("expected a resource, got %T", r)
	}
	x, ok := s.table[h.Rep]
	if !ok {
		return nil, fmt.Errorf("unknown resource %d of type %d", h.Rep, h.Type)
	}
	return x, nil
}

// Take removes an owned handle's entry from the table and returns it.
func (s *Store) Take(r Val) (any, error) {
	x, err := s.Get(r)
	if err == nil {
		delete(s.table, r.(Resource).Rep)
	}
	return x, err
}

// Live counts the resources the table holds.
func (s *Store) Live() int { return len(s.table) }

// Instance is an instantiated component.
type Instance struct {
	store *Store
	inst  C.wasmtime_component_instance_t
	comp  *Component
}

// Instantiate instantiates c in s.
func (s *Store) Instantiate(c *Component) (*Instance, error) {
	in := &Instance{store: s, comp: c}
	if err := C.wasmtime_component_linker_instantiate(s.linker.ptr, s.ctx, c.ptr, &in.inst); err != nil {
		return nil, takeError(err)
	}
	return in, nil
}

// Call calls function fn of the exported instance iface (or a top-level
// function when iface is empty) with args and returns nresults results.
func (in *Instance) Call(iface, fn string, nresults int, args ...Val) ([]Val, error) {
	ctx := in.store.ctx
	var parent *C.wasmtime_component_export_index_t
	if iface != "" {
		cn := C.CString(iface)
		parent = C.wasmtime_component_instance_get_export_index(&in.inst, ctx, nil, cn, C.size_t(len(iface)))
		C.free(unsafe.Pointer(cn))
		if parent == nil {
			return nil, fmt.Errorf("no export %q", iface)
		}
		defer C.wasmtime_component_export_index_delete(parent)
	}
	cn := C.CString(fn)
	idx := C.wasmtime_component_instance_get_export_index(&in.inst, ctx, parent, cn, C.size_t(len(fn)))
	C.free(unsafe.Pointer(cn))
	if idx == nil {
		return nil, fmt.Errorf("no export %q in %q", fn, iface)
	}
	defer C.wasmtime_component_export_index_delete(idx)
	var f C.wasmtime_component_func_t
	if !C.wasmtime_component_instance_get_func(&in.inst, ctx, idx, &f) {
		return nil, fmt.Errorf("export %q of %q is not a function", fn, iface)
	}
	cargs := allocVals(len(args))
	defer freeVals(cargs, len(args))
	for i, a := range args {
		if err := toC(ctx, a, valAt(cargs, i)); err != nil {
			return nil, err
		}
	}
	cres := allocVals(nresults)
	if err := C.wasmtime_component_func_call(&f, ctx, cargs, C.size_t(len(args)), cres, C.size_t(nresults)); err != nil {
		C.free(unsafe.Pointer(cres))
		return nil, takeError(err)
	}
	defer freeVals(cres, nresults)
	out := make([]Val, nresults)
	for i := range out {
		v, err := fromC(ctx, valAt(cres, i))
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	if err := C.wasmtime_component_func_post_return(&f, ctx); err != nil {
		return nil, takeError(err)
	}
	return out, nil
}

func allocVals(n int) *C.wasmtime_component_val_t {
	return (*C.wasmtime_component_val_t)(C.calloc(C.size_t(n+1), C.sizeof_wasmtime_component_val_t))
}

func freeVals(p *C.wasmtime_component_val_t, n int) {
	for i := 0; i < n; i++ {
		C.wasmtime_component_val_delete(valAt(p, i))
	}
	C.free(unsafe.Pointer(p))
}

func storeOf(ctx *C.wasmtime_context_t) *Store {
	s, _ := stores.Load(uintptr(C.shim_context_id(ctx)))
	st, _ := s.(*Store)
	return st
}

//export goHostCall
func goHostCall(id C.uintptr_t, ctx *C.wasmtime_context_t, args *C.wasmtime_component_val_t, nargs C.size_t, results *C.wasmtime_component_val_t, nresults C.size_t) *C.wasmtime_error_t {
	funcsMu.RLock()
	f := funcs[id]
	funcsMu.RUnlock()
	s := storeOf(ctx)
	if s == nil {
		return newCError(fmt.Errorf("wasmtimehost: call from an unknown store"))
	}
	s.ctx = ctx
	in := make([]Val, int(nargs))
	for i := range in {
		v, err := fromC(ctx, valAt(args, i))
		if err != nil {
			return newCError(err)
		}
		in[i] = v
	}
	out, err := f(s, in)
	if err != nil {
		return newCError(err)
	}
	if len(out) != int(nresults) {
		return newCError(fmt.Errorf("wasmtimehost: host function returned %d results, want %d", len(out), nresults))
	}
	for i, v := range out {
		if err := toC(ctx, v, valAt(results, i)); err != nil {
			return newCError(err)
		}
	}
	return nil
}

//export goResourceDrop
func goResourceDrop(ty C.uintptr_t, ctx *C.wasmtime_context_t, rep C.uint32_t) {
	s := storeOf(ctx)
	if s == nil {
		return
	}
	if s.OnDrop != nil {
		s.OnDrop(uint32(ty), uint32(rep))
	}
	if d, wants := s.table[uint32(rep)].(dropper); wants {
		d.dropped()
	}
	delete(s.table, uint32(rep))
}
