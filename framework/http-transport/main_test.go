package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wasmcp/wasmcp/framework/build/pipeline"
	"github.com/wasmcp/wasmcp/internal/testutil"
)

// The tests build the transport once, serve it with `jco serve` (the
// handler and channels it imports are the JavaScript test peers in
// internal/testutil/mcppeer, mapped in with --jco-map) and talk to it over
// loopback HTTP.

var update = flag.Bool("update", false, "regenerate the committed bindings")

const world = "http-transport"

var (
	tmpDir   string
	pcfg     pipeline.Config
	part     pipeline.Part
	setupErr error
	buildOne sync.Once
	built    *pipeline.Result
	wasmPath string
	servers  sync.Map // name → *served
)

func TestMain(m *testing.M) {
	flag.Parse()
	var err error
	if tmpDir, err = os.MkdirTemp("", "http-transport-test"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	setupErr = setup()
	code := m.Run()
	servers.Range(func(_, v any) bool { v.(*served).stop(); return true })
	os.RemoveAll(tmpDir)
	os.Exit(code)
}

// setup finds the part as the framework build pipeline sees it.
func setup() error {
	root, err := pipeline.FindRoot(".")
	if err != nil {
		return err
	}
	pcfg = pipeline.Config{Root: root, NodeModules: filepath.Join(root, "node_modules")}
	parts, err := pipeline.LoadParts(root)
	if err != nil {
		return err
	}
	sel, err := pipeline.Select(parts, []string{world})
	if err != nil {
		return err
	}
	part = sel[0]
	return nil
}

// TestBindingsCurrent checks that the committed bindings are what the
// pipeline generates from the world today (-update rewrites them).
func TestBindingsCurrent(t *testing.T) {
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	witDir, cleanup, err := pcfg.PrepareWIT(part)
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	gens, _, err := pipeline.Bindings(part, witDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range gens[0].Files {
		if *update {
			if err := os.WriteFile(filepath.Join("bindings", f.Name), f.Content, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		have, err := os.ReadFile(filepath.Join("bindings", f.Name))
		if err != nil || !bytes.Equal(have, f.Content) {
			t.Errorf("bindings/%s is stale: run go test ./framework/http-transport -run TestBindingsCurrent -update", f.Name)
		}
	}
}

// component builds the transport once with the framework build pipeline
// and returns the component's path.
func component(t testing.TB) string {
	t.Helper()
	buildOne.Do(func() {
		if setupErr != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		// The component the framework build pipeline makes (and embeds).
		if built, setupErr = pcfg.Build(ctx, part); setupErr != nil {
			return
		}
		wasmPath = filepath.Join(tmpDir, "http-transport.wasm")
		setupErr = os.WriteFile(wasmPath, built.Component, 0o644)
	})
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	return wasmPath
}

// served is one `jco serve` of the transport.
type served struct {
	once sync.Once
	url  string
	cmd  *exec.Cmd
	log  bytes.Buffer
	err  error
}

func (s *served) stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		// jco serve runs the server in a child node process: end the group.
		_ = killGroup(s.cmd)
		_ = s.cmd.Wait()
	}
}

// serve returns the base URL of the transport served with `jco serve` and
// the environment env (one server per name, started on first use).
func serve(t testing.TB, name string, env ...string) string {
	t.Helper()
	comp := component(t)
	v, _ := servers.LoadOrStore(name, &served{})
	s := v.(*served)
	s.once.Do(func() {
		port, err := freePort()
		if err != nil {
			s.err = err
			return
		}
		handler, channels := testutil.MCPPeerModules()
		argv := append(testutil.Jco(t), "serve", comp, "--host", "127.0.0.1", "--port", fmt.Sprint(port),
			"--jco-dir", filepath.Join(tmpDir, "jco-"+name),
			"--jco-map", "wasmcp:mcp/handler@0.1.0="+handler, "wasmcp:mcp/channels@0.1.0="+channels)
		s.cmd = exec.Command(argv[0], argv[1:]...)
		setGroup(s.cmd)
		s.cmd.Env = append(os.Environ(), env...)
		s.cmd.Stdout, s.cmd.Stderr = &s.log, &s.log
		if s.err = s.cmd.Start(); s.err != nil {
			return
		}
		s.url = fmt.Sprintf("http://127.0.0.1:%d", port)
		deadline := time.Now().Add(3 * time.Minute)
		for time.Now().Before(deadline) {
			if c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second); err == nil {
				c.Close()
				return
			}
			if s.cmd.ProcessState != nil {
				break
			}
			time.Sleep(200 * time.Millisecond)
		}
		s.err = fmt.Errorf("jco serve did not listen on port %d: %s", port, s.log.String())
	})
	if s.err != nil {
		t.Fatal(s.err)
	}
	return s.url
}

func listening(port int) bool {
	c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second)
	if err == nil {
		c.Close()
	}
	return err == nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

var client = &http.Client{Timeout: 30 * time.Second}

// post sends body to url+path with the headers (name, value pairs).
func do(t testing.TB, method, url, body string, headers ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}
