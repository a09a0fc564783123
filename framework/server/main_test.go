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

	wcomp "github.com/wasmcp/wasmcp/component"
	"github.com/wasmcp/wasmcp/framework/build/pipeline"
	"github.com/wasmcp/wasmcp/internal/testutil"
)

// The tests build the framework program for each transport with the
// framework build pipeline and run it on its own: `jco serve` (HTTP) or
// `jco run` (stdio), with the JavaScript test peers of
// internal/testutil/mcppeer mapped in for what it imports (the next
// handler, the channel, the layout, the provider slots). compose_tools_test
// runs it composed with a Go tools provider instead.

var update = flag.Bool("update", false, "regenerate the test guest's committed bindings")

var (
	tmpDir   string
	pcfg     pipeline.Config
	parts    = map[string]pipeline.Part{}
	setupErr error
	builds   sync.Map // part name → *built
	servers  sync.Map // name → *served
)

func TestMain(m *testing.M) {
	flag.Parse()
	var err error
	if tmpDir, err = os.MkdirTemp("", "framework-server-test"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	setupErr = setup()
	code := m.Run()
	servers.Range(func(_, v any) bool { v.(*served).stop(); return true })
	os.RemoveAll(tmpDir)
	os.Exit(code)
}

// setup finds the parts as the framework build pipeline sees them.
func setup() error {
	root, err := pipeline.FindRoot(".")
	if err != nil {
		return err
	}
	pcfg = pipeline.Config{Root: root, NodeModules: filepath.Join(root, "node_modules")}
	all, err := pipeline.LoadParts(root)
	if err != nil {
		return err
	}
	sel, err := pipeline.Select(all, []string{"server-http", "server-stdio"})
	if err != nil {
		return err
	}
	for _, p := range sel {
		parts[p.Name] = p
	}
	return nil
}

type built struct {
	once sync.Once
	path string
	err  error
}

// build builds a part once with the framework build pipeline (the
// component the pipeline embeds) and returns its path.
func build(t testing.TB, name string) string {
	t.Helper()
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	v, _ := builds.LoadOrStore(name, &built{})
	b := v.(*built)
	b.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		r, err := pcfg.Build(ctx, parts[name])
		if err != nil {
			b.err = err
			return
		}
		b.path = filepath.Join(tmpDir, name+".wasm")
		b.err = os.WriteFile(b.path, r.Component, 0o644)
	})
	if b.err != nil {
		t.Fatal(b.err)
	}
	return b.path
}

// component is the program built for HTTP; stdioComponent for stdio.
func component(t testing.TB) string      { return build(t, "server-http") }
func stdioComponent(t testing.TB) string { return build(t, "server-stdio") }

// peerMaps returns jco's --map arguments for the component's imports.
func peerMaps(t testing.TB, path string) []string {
	t.Helper()
	wasm, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := wcomp.Inspect(wasm)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range w.Imports {
		names = append(names, e.Name)
	}
	return testutil.FrameworkPeerMaps(names)
}

// served is one `jco serve` of the program.
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

// serve returns the base URL of the program served with `jco serve` and
// the environment env (one server per name, started on first use).
func serve(t testing.TB, name string, env ...string) string {
	t.Helper()
	comp := component(t)
	maps := peerMaps(t, comp)
	v, _ := servers.LoadOrStore(name, &served{})
	s := v.(*served)
	s.once.Do(func() {
		port, err := freePort()
		if err != nil {
			s.err = err
			return
		}
		argv := append(testutil.Jco(t), "serve", comp, "--host", "127.0.0.1", "--port", fmt.Sprint(port),
			"--jco-dir", filepath.Join(tmpDir, "jco-"+name), "--jco-map")
		argv = append(argv, maps...)
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
			if listening(port) {
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

// jcoRun returns the command that runs the stdio program under `jco run`
// with the test peers, in its own process group, with env added.
func jcoRun(t *testing.T, env ...string) *exec.Cmd {
	t.Helper()
	comp := stdioComponent(t)
	argv := append(append(testutil.Jco(t), "run", comp, "--jco-map"), peerMaps(t, comp)...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), env...)
	setGroup(cmd)
	return cmd
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

// do sends body to url with the headers (name, value pairs).
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
