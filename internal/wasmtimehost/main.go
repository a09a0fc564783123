//go:build wasmtimehost

package wasmtimehost

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

// Main is the wasmtime-host command line.
func Main(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: wasmtime-host check FILE... | run FILE [ARGS...] | serve --addr HOST:PORT [--outgoing-timeout D] [--pooling=false] FILE | bench [-n N] [-pooling] FILE")
	}
	switch args[0] {
	case "check":
		return check(args[1:], stdout)
	case "run":
		if len(args) < 2 {
			return errors.New("usage: wasmtime-host run FILE [ARGS...]")
		}
		return runCLI(args[1], args[1:])
	case "bench":
		fs := flag.NewFlagSet("bench", flag.ContinueOnError)
		n := fs.Int("n", 20, "instantiations to time")
		pooling := fs.Bool("pooling", false, "use the pooling instance allocator, as wasmtime serve does")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return errors.New("usage: wasmtime-host bench [-n N] [-pooling] FILE")
		}
		return bench(fs.Arg(0), *n, *pooling, stdout)
	case "serve":
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		addr := fs.String("addr", "127.0.0.1:8080", "listen address")
		timeout := fs.Duration("outgoing-timeout", DefaultOutgoingTimeout, "bound on each outgoing HTTP request (wasi:http/outgoing-handler)")
		pooling := fs.Bool("pooling", true, "use the pooling instance allocator at its default limits, as wasmtime serve does")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return errors.New("usage: wasmtime-host serve --addr HOST:PORT [--outgoing-timeout D] FILE")
		}
		return serveHTTP(fs.Arg(0), *addr, *timeout, *pooling, stderr)
	}
	return fmt.Errorf("unknown command %q", args[0])
}

func load(e *Engine, path string) (*Component, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c, err := e.Compile(b)
	if err != nil {
		return nil, fmt.Errorf("%s: compile: %w", path, err)
	}
	return c, nil
}

// check compiles each file and instantiates it with the WASI the runtime
// gives it: wasmtime's WASI for a CLI component, this host's WASI and
// wasi:http for an HTTP handler, and, for anything else (a library
// component), wasmtime's WASI with the rest trapping.
func check(files []string, stdout io.Writer) error {
	e := NewEngine()
	for _, f := range files {
		c, err := load(e, f)
		if err != nil {
			return err
		}
		kind, err := checkOne(e, c)
		if err != nil {
			return fmt.Errorf("%s: instantiate: %w", f, err)
		}
		fmt.Fprintf(stdout, "%s: ok (%s)\n", f, kind)
	}
	return nil
}

// checkOne instantiates c: a CLI component on wasmtime's WASI, anything else
// (an HTTP handler, a library) on this host's WASI and wasi:http, whose
// resource types a stub for another import can share. Imports neither
// provides trap.
func checkOne(e *Engine, c *Component) (string, error) {
	kind := "library, other imports trap"
	if _, ok := c.ExportNamed("wasi:http/incoming-handler"); ok {
		kind = "http"
	}
	var l *Linker
	var err error
	_, cli := c.ExportNamed("wasi:cli/run")
	if cli {
		kind = "cli"
		l, err = e.NewWASIp2Linker()
	} else {
		l, err = e.NewHTTPLinker(io.Discard)
	}
	if err != nil {
		return "", err
	}
	if err := l.DefineTraps(c); err != nil {
		return "", err
	}
	s := l.NewStore()
	defer s.Close()
	if cli {
		if err := s.InheritStdio(nil); err != nil {
			return "", err
		}
	}
	_, err = s.Instantiate(c)
	return kind, err
}

// runCLI runs a component's wasi:cli/run with this process's stdio.
func runCLI(path string, argv []string) error {
	e := NewEngine()
	c, err := load(e, path)
	if err != nil {
		return err
	}
	run, ok := c.ExportNamed("wasi:cli/run")
	if !ok {
		return fmt.Errorf("%s exports no wasi:cli/run", path)
	}
	l, err := e.NewWASIp2Linker()
	if err != nil {
		return err
	}
	s := l.NewStore()
	defer s.Close()
	if err := s.InheritStdio(argv); err != nil {
		return err
	}
	in, err := s.Instantiate(c)
	if err != nil {
		return err
	}
	res, err := in.Call(run, "run", 1)
	if err != nil {
		return err
	}
	if r, ok := res[0].(Result); !ok || !r.Ok {
		return &Error{Msg: "wasi:cli/run returned an error", Exit: 1, HasExit: true}
	}
	return nil
}

// bench prints, as JSON, the time wasmtime takes to compile a component and
// the mean time of one instantiation in a fresh store, as `wasmtime serve`
// does per request. Every component gets the same linker (this host's WASI
// and wasi:http, other imports trapping) so that figures compare.
func bench(path string, n int, pooling bool, stdout io.Writer) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	e := newEngine(pooling)
	t0 := time.Now()
	c, err := e.Compile(b)
	if err != nil {
		return err
	}
	compile := time.Since(t0)
	l, err := e.NewHTTPLinker(io.Discard)
	if err != nil {
		return err
	}
	if err := l.DefineTraps(c); err != nil {
		return err
	}
	var total time.Duration
	for i := 0; i < n; i++ {
		s := l.NewStore()
		t0 := time.Now()
		_, err := s.Instantiate(c)
		total += time.Since(t0)
		s.Close()
		if err != nil {
			return err
		}
	}
	// Memory: the growth of the process's resident set over keep live
	// instances, per instance: what each request's instance costs a host
	// that runs several at once.
	const keep = 16
	before := residentBytes()
	stores := make([]*Store, 0, keep)
	for i := 0; i < keep; i++ {
		s := l.NewStore()
		if _, err := s.Instantiate(c); err != nil {
			s.Close()
			return err
		}
		stores = append(stores, s)
	}
	after := residentBytes()
	for _, s := range stores {
		s.Close()
	}
	return json.NewEncoder(stdout).Encode(map[string]any{
		"bytes": len(b), "compile_ns": compile.Nanoseconds(), "instantiate_ns": total.Nanoseconds() / int64(max(n, 1)),
		"instance_rss_bytes": max(after-before, 0) / keep,
	})
}

// residentBytes is the process's resident set size, from /proc (0 where
// there is none).
func residentBytes() int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	pages, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		return 0
	}
	return pages * int64(os.Getpagesize())
}
