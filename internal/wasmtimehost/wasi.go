//go:build wasmtimehost

package wasmtimehost

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"time"
)

// WASIVersion is the version this host's own interfaces are defined at:
// wasmtime 39's. wasmtime's linker matches an import of any 0.2.x to them.
const WASIVersion = "0.2.6"

// Resource type numbers of the host resources defined here.
const (
	tPollable uint32 = iota + 1
	tIOError
	tInputStream
	tOutputStream
	tTerminalInput
	tTerminalOutput
	tDescriptor
	tDirEntryStream
	tFields
	tIncomingRequest
	tOutgoingRequest
	tRequestOptions
	tResponseOutparam
	tIncomingResponse
	tIncomingBody
	tFutureTrailers
	tOutgoingResponse
	tOutgoingBody
	tFutureIncomingResponse
	tBucket
)

// pollable is ready once done is closed when done is set, else at
// deadline (the zero time: always ready).
type pollable struct {
	deadline time.Time
	done     <-chan struct{}
}

func (p *pollable) ready(now time.Time) bool {
	if p.done != nil {
		select {
		case <-p.done:
			return true
		default:
			return false
		}
	}
	return p.deadline.IsZero() || !now.Before(p.deadline)
}

// wait blocks until p is ready.
func (p *pollable) wait() {
	if p.done != nil {
		<-p.done
		return
	}
	time.Sleep(time.Until(p.deadline))
}

// pollAll blocks until at least one of ps is ready and returns the indexes
// of those that are.
func pollAll(ps []*pollable) List {
	for {
		now := time.Now()
		var readyIdx List
		var next time.Time
		var cases []reflect.SelectCase
		for i, p := range ps {
			switch {
			case p.ready(now):
				readyIdx = append(readyIdx, uint32(i))
			case p.done != nil:
				cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(p.done)})
			case next.IsZero() || p.deadline.Before(next):
				next = p.deadline
			}
		}
		if len(readyIdx) > 0 {
			return readyIdx
		}
		var timer *time.Timer
		if !next.IsZero() {
			timer = time.NewTimer(time.Until(next))
			cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(timer.C)})
		}
		reflect.Select(cases)
		if timer != nil {
			timer.Stop()
		}
	}
}

// inStream reads from r; io.EOF closes it.
type inStream struct{ r io.Reader }

// outStream writes to w; flush, if set, pushes what was written out.
type outStream struct {
	w     io.Writer
	flush func()
}

// ioError is a wasi:io error; code, when set, is the wasi:http error-code
// that wasi:http/types' http-error-code reports for it.
type ioError struct {
	msg  string
	code Val
}

var start = time.Now()

func own(ty, rep uint32) Resource { return Resource{Own: true, Type: ty, Rep: rep} }

func ok(v Val) Result   { return Result{Ok: true, Val: v} }
func fail(v Val) Result { return Result{Val: v} }

func u64(v Val) (uint64, error) {
	x, isU64 := v.(uint64)
	if !isU64 {
		return 0, fmt.Errorf("expected u64, got %T", v)
	}
	return x, nil
}

func bytesOf(v Val) ([]byte, error) {
	switch x := v.(type) {
	case []byte:
		return x, nil
	case List:
		if len(x) == 0 {
			return nil, nil
		}
	}
	return nil, fmt.Errorf("expected list<u8>, got %T", v)
}

func get[T any](s *Store, v Val) (T, error) {
	var zero T
	x, err := s.Get(v)
	if err != nil {
		return zero, err
	}
	t, isT := x.(T)
	if !isT {
		return zero, fmt.Errorf("resource is a %T, not a %T", x, zero)
	}
	return t, nil
}

func ready(s *Store) Val { return own(tPollable, s.Put(&pollable{})) }

// streamError is wasi:io/streams' stream-error for err.
func streamError(s *Store, err error) Val {
	if errors.Is(err, io.EOF) {
		return Variant{Case: "closed"}
	}
	e := &ioError{msg: err.Error()}
	var he *httpError
	if errors.As(err, &he) {
		e.code = he.code
	}
	return Variant{Case: "last-operation-failed", Val: own(tIOError, s.Put(e))}
}

func versioned(name string) string { return name + "@" + WASIVersion }

// wasiInterfaces implements the WASI 0.2 interfaces a component that is not
// given wasmtime's own WASI needs: guest stdout and stderr go to log, stdin is
// empty, there are no preopened directories.
func wasiInterfaces(log io.Writer) []Interface {
	if log == nil {
		log = os.Stderr
	}
	noResult := func(f func(s *Store, args []Val) error) HostFunc {
		return func(s *Store, args []Val) ([]Val, error) { return nil, f(s, args) }
	}
	one := func(f func(s *Store, args []Val) (Val, error)) HostFunc {
		return func(s *Store, args []Val) ([]Val, error) {
			v, err := f(s, args)
			if err != nil {
				return nil, err
			}
			return []Val{v}, nil
		}
	}
	read := func(s *Store, args []Val) (Val, error) {
		in, err := get[*inStream](s, args[0])
		if err != nil {
			return nil, err
		}
		n, err := u64(args[1])
		if err != nil {
			return nil, err
		}
		buf := make([]byte, min(n, 1<<20))
		if len(buf) == 0 {
			return ok([]byte{}), nil
		}
		k, err := in.r.Read(buf)
		if k > 0 {
			return ok(buf[:k]), nil
		}
		if err == nil {
			return ok([]byte{}), nil
		}
		return fail(streamError(s, err)), nil
	}
	skip := func(s *Store, args []Val) (Val, error) {
		r, err := read(s, args)
		if err != nil {
			return nil, err
		}
		if res := r.(Result); res.Ok {
			b, _ := bytesOf(res.Val)
			return ok(uint64(len(b))), nil
		}
		return r, nil
	}
	write := func(flush bool) HostFunc {
		return one(func(s *Store, args []Val) (Val, error) {
			out, err := get[*outStream](s, args[0])
			if err != nil {
				return nil, err
			}
			b, err := bytesOf(args[1])
			if err != nil {
				return nil, err
			}
			if _, err := out.w.Write(b); err != nil {
				return fail(streamError(s, err)), nil
			}
			if flush && out.flush != nil {
				out.flush()
			}
			return ok(nil), nil
		})
	}
	writeZeroes := func(flush bool) HostFunc {
		w := write(flush)
		return func(s *Store, args []Val) ([]Val, error) {
			n, err := u64(args[1])
			if err != nil {
				return nil, err
			}
			return w(s, []Val{args[0], make([]byte, min(n, 1<<20))})
		}
	}
	flush := one(func(s *Store, args []Val) (Val, error) {
		out, err := get[*outStream](s, args[0])
		if err != nil {
			return nil, err
		}
		if out.flush != nil {
			out.flush()
		}
		return ok(nil), nil
	})
	subscribeReady := one(func(s *Store, args []Val) (Val, error) { return ready(s), nil })
	timer := func(deadline time.Time) func(s *Store) Val {
		return func(s *Store) Val { return own(tPollable, s.Put(&pollable{deadline: deadline})) }
	}
	randomBytes := one(func(s *Store, args []Val) (Val, error) {
		n, err := u64(args[0])
		if err != nil {
			return nil, err
		}
		if n > 1<<20 {
			return nil, fmt.Errorf("get-random-bytes: %d bytes asked for", n)
		}
		b := make([]byte, n)
		rand.Read(b)
		return b, nil
	})
	randomU64 := one(func(s *Store, args []Val) (Val, error) {
		var b [8]byte
		rand.Read(b[:])
		return binary.LittleEndian.Uint64(b[:]), nil
	})
	datetime := func(t time.Time) Record {
		return Record{{"seconds", uint64(t.Unix())}, {"nanoseconds", uint32(t.Nanosecond())}}
	}
	stdout := &outStream{w: log}
	none := one(func(s *Store, args []Val) (Val, error) { return Option{}, nil })

	return []Interface{
		{Name: versioned("wasi:io/error"), Resources: map[string]uint32{"error": tIOError}, Funcs: map[string]HostFunc{
			"[method]error.to-debug-string": one(func(s *Store, args []Val) (Val, error) {
				e, err := get[*ioError](s, args[0])
				if err != nil {
					return nil, err
				}
				return e.msg, nil
			}),
		}},
		{Name: versioned("wasi:io/poll"), Resources: map[string]uint32{"pollable": tPollable}, Funcs: map[string]HostFunc{
			"[method]pollable.ready": one(func(s *Store, args []Val) (Val, error) {
				p, err := get[*pollable](s, args[0])
				if err != nil {
					return nil, err
				}
				return p.ready(time.Now()), nil
			}),
			"[method]pollable.block": noResult(func(s *Store, args []Val) error {
				p, err := get[*pollable](s, args[0])
				if err != nil {
					return err
				}
				p.wait()
				return nil
			}),
			"poll": one(func(s *Store, args []Val) (Val, error) {
				list, _ := args[0].(List)
				if len(list) == 0 {
					return nil, errors.New("poll: empty list")
				}
				ps := make([]*pollable, len(list))
				for i, h := range list {
					p, err := get[*pollable](s, h)
					if err != nil {
						return nil, err
					}
					ps[i] = p
				}
				return pollAll(ps), nil
			}),
		}},
		{Name: versioned("wasi:io/streams"), Resources: map[string]uint32{"input-stream": tInputStream, "output-stream": tOutputStream}, Funcs: map[string]HostFunc{
			"[method]input-stream.read":                             one(read),
			"[method]input-stream.blocking-read":                    one(read),
			"[method]input-stream.skip":                             one(skip),
			"[method]input-stream.blocking-skip":                    one(skip),
			"[method]input-stream.subscribe":                        subscribeReady,
			"[method]output-stream.check-write":                     one(func(s *Store, args []Val) (Val, error) { return ok(uint64(1 << 20)), nil }),
			"[method]output-stream.write":                           write(false),
			"[method]output-stream.blocking-write-and-flush":        write(true),
			"[method]output-stream.flush":                           flush,
			"[method]output-stream.blocking-flush":                  flush,
			"[method]output-stream.write-zeroes":                    writeZeroes(false),
			"[method]output-stream.blocking-write-zeroes-and-flush": writeZeroes(true),
			"[method]output-stream.subscribe":                       subscribeReady,
		}},
		{Name: versioned("wasi:cli/environment"), Funcs: map[string]HostFunc{
			"get-environment": one(func(s *Store, args []Val) (Val, error) {
				l := List{}
				for _, kv := range s.Env {
					l = append(l, Tuple{kv[0], kv[1]})
				}
				return l, nil
			}),
			"get-arguments": one(func(s *Store, args []Val) (Val, error) {
				l := List{}
				for _, a := range s.Args {
					l = append(l, a)
				}
				return l, nil
			}),
			"initial-cwd": none,
		}},
		{Name: versioned("wasi:cli/exit"), Funcs: map[string]HostFunc{
			"exit": noResult(func(s *Store, args []Val) error {
				code := 1
				if r, isResult := args[0].(Result); isResult && r.Ok {
					code = 0
				}
				return fmt.Errorf("guest exited with status %d", code)
			}),
		}},
		{Name: versioned("wasi:cli/stdin"), Funcs: map[string]HostFunc{
			"get-stdin": one(func(s *Store, args []Val) (Val, error) {
				return own(tInputStream, s.Put(&inStream{r: eofReader{}})), nil
			}),
		}},
		{Name: versioned("wasi:cli/stdout"), Funcs: map[string]HostFunc{
			"get-stdout": one(func(s *Store, args []Val) (Val, error) { return own(tOutputStream, s.Put(stdout)), nil }),
		}},
		{Name: versioned("wasi:cli/stderr"), Funcs: map[string]HostFunc{
			"get-stderr": one(func(s *Store, args []Val) (Val, error) { return own(tOutputStream, s.Put(stdout)), nil }),
		}},
		{Name: versioned("wasi:cli/terminal-input"), Resources: map[string]uint32{"terminal-input": tTerminalInput}},
		{Name: versioned("wasi:cli/terminal-output"), Resources: map[string]uint32{"terminal-output": tTerminalOutput}},
		{Name: versioned("wasi:cli/terminal-stdin"), Funcs: map[string]HostFunc{"get-terminal-stdin": none}},
		{Name: versioned("wasi:cli/terminal-stdout"), Funcs: map[string]HostFunc{"get-terminal-stdout": none}},
		{Name: versioned("wasi:cli/terminal-stderr"), Funcs: map[string]HostFunc{"get-terminal-stderr": none}},
		{Name: versioned("wasi:clocks/monotonic-clock"), Funcs: map[string]HostFunc{
			"now":        one(func(s *Store, args []Val) (Val, error) { return uint64(time.Since(start)), nil }),
			"resolution": one(func(s *Store, args []Val) (Val, error) { return uint64(1), nil }),
			"subscribe-instant": one(func(s *Store, args []Val) (Val, error) {
				at, err := u64(args[0])
				if err != nil {
					return nil, err
				}
				return timer(start.Add(time.Duration(at)))(s), nil
			}),
			"subscribe-duration": one(func(s *Store, args []Val) (Val, error) {
				d, err := u64(args[0])
				if err != nil {
					return nil, err
				}
				return timer(time.Now().Add(time.Duration(d)))(s), nil
			}),
		}},
		{Name: versioned("wasi:clocks/wall-clock"), Funcs: map[string]HostFunc{
			"now": one(func(s *Store, args []Val) (Val, error) { return datetime(time.Now()), nil }),
			"resolution": one(func(s *Store, args []Val) (Val, error) {
				return Record{{"seconds", uint64(0)}, {"nanoseconds", uint32(1)}}, nil
			}),
		}},
		{Name: versioned("wasi:random/random"), Funcs: map[string]HostFunc{"get-random-bytes": randomBytes, "get-random-u64": randomU64}},
		{Name: versioned("wasi:random/insecure"), Funcs: map[string]HostFunc{"get-insecure-random-bytes": randomBytes, "get-insecure-random-u64": randomU64}},
		{Name: versioned("wasi:random/insecure-seed"), Funcs: map[string]HostFunc{
			"insecure-seed": one(func(s *Store, args []Val) (Val, error) {
				var b [16]byte
				rand.Read(b[:])
				return Tuple{binary.LittleEndian.Uint64(b[:8]), binary.LittleEndian.Uint64(b[8:])}, nil
			}),
		}},
		{Name: versioned("wasi:filesystem/types"), Resources: map[string]uint32{"descriptor": tDescriptor, "directory-entry-stream": tDirEntryStream}, Funcs: filesystemTypes(none)},
		{Name: versioned("wasi:filesystem/preopens"), Funcs: map[string]HostFunc{
			"get-directories": one(func(s *Store, args []Val) (Val, error) { return List{}, nil }),
		}},
	}
}

type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }

// filesystemTypes defines wasi:filesystem/types with no descriptor ever
// existing (no directory is preopened): its methods trap if reached.
func filesystemTypes(none HostFunc) map[string]HostFunc {
	m := map[string]HostFunc{"filesystem-error-code": none}
	for _, name := range []string{
		"read-via-stream", "write-via-stream", "append-via-stream", "advise", "sync-data",
		"get-flags", "get-type", "set-size", "set-times", "read", "write", "read-directory",
		"sync", "create-directory-at", "stat", "stat-at", "set-times-at", "link-at", "open-at",
		"readlink-at", "remove-directory-at", "rename-at", "symlink-at", "unlink-file-at",
		"is-same-object", "metadata-hash", "metadata-hash-at",
	} {
		m["[method]descriptor."+name] = trap("wasi:filesystem/types#[method]descriptor." + name)
	}
	m["[method]directory-entry-stream.read-directory-entry"] = trap("wasi:filesystem/types#[method]directory-entry-stream.read-directory-entry")
	return m
}
