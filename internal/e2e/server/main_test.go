package server

import (
	"bytes"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wasmcp/wasmcp/internal/testutil"
)

// tmpDir holds the wasmcp binary, the composed servers and jco's work
// directories for the whole test binary.
var tmpDir string

func TestMain(m *testing.M) {
	var err error
	tmpDir, err = os.MkdirTemp("", "wasmcp-e2e-server-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	stopServers()
	os.RemoveAll(tmpDir)
	os.Exit(code)
}

// once runs f the first time key is asked for, and returns its result (or
// fails the test with its error) every time.
type onceResult struct {
	once sync.Once
	val  string
	err  error
}

var onces sync.Map

func once(t testing.TB, key string, f func() (string, error)) string {
	t.Helper()
	v, _ := onces.LoadOrStore(key, &onceResult{})
	r := v.(*onceResult)
	r.once.Do(func() { r.val, r.err = f() })
	if r.err != nil {
		t.Fatalf("%s: %v", key, r.err)
	}
	return r.val
}

// wasmcp builds ./cmd/wasmcp once into tmpDir/bin and returns its path.
func wasmcp(t testing.TB) string {
	root := testutil.RepoRoot(t)
	return once(t, "build wasmcp", func() (string, error) {
		bin := filepath.Join(tmpDir, "bin", "wasmcp")
		cmd := exec.Command("go", "build", "-o", bin, "./cmd/wasmcp")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			return "", fmt.Errorf("%v\n%s", err, out)
		}
		return bin, nil
	})
}

// makeEnv is the environment of the examples' Makefiles: the in-repo
// wasmcp first on PATH, and the pinned jco for `wasmcp componentize`.
func makeEnv(t testing.TB) []string {
	return append(os.Environ(),
		"PATH="+filepath.Dir(wasmcp(t))+string(os.PathListSeparator)+os.Getenv("PATH"),
		"WASMCP_NODE_MODULES="+testutil.NodeModules(t))
}

// example builds a copy of examples/DIR from scratch with its Makefile
// (bindings, core module, component), once per test binary, and returns the
// path of the component (the Makefile's NAME.wasm, named after the project).
// The copy in tmpDir keeps the working tree clean and lets several test
// binaries run at once; its go.mod points at this checkout.
func example(t testing.TB, dir, component string) string {
	env := makeEnv(t)
	root := testutil.RepoRoot(t)
	return once(t, "build example "+dir, func() (string, error) {
		d, err := copyExample(filepath.Join(root, "examples", dir), filepath.Join(tmpDir, "examples", dir))
		if err != nil {
			return "", err
		}
		for _, argv := range [][]string{
			{"go", "mod", "edit", "-replace", "github.com/wasmcp/wasmcp=" + root},
			{"make", "all"},
		} {
			cmd := exec.Command(argv[0], argv[1:]...)
			cmd.Dir, cmd.Env = d, env
			if out, err := cmd.CombinedOutput(); err != nil {
				return "", fmt.Errorf("%s in %s: %v\n%s", strings.Join(argv, " "), d, err, out)
			}
		}
		return filepath.Join(d, component+".wasm"), nil
	})
}

// exampleDir is where example built examples/DIR.
func exampleDir(t testing.TB, dir, component string) string {
	return filepath.Dir(example(t, dir, component))
}

// copyExample copies the sources of an example, leaving out what its build
// generates (bindings, core.wasm, the component).
func copyExample(src, dst string) (string, error) {
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			if filepath.ToSlash(rel) == "internal/bindings" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if strings.HasSuffix(p, ".wasm") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	return dst, err
}

func toolsExample(t testing.TB) string       { return example(t, "tools", "calc") }
func contentExample(t testing.TB) string     { return example(t, "resources-prompts", "resources-prompts") }
func conformanceExample(t testing.TB) string { return example(t, "conformance", "conformance") }

// compose runs `wasmcp compose server` once for name and returns the output.
func compose(t testing.TB, name, transport string, components ...string) string {
	return composeWith(t, name, []string{"--transport", transport}, components...)
}

// composeWith is compose with the flags given.
func composeWith(t testing.TB, name string, flags []string, components ...string) string {
	bin := wasmcp(t)
	return once(t, "compose "+name, func() (string, error) {
		out := filepath.Join(tmpDir, name+".wasm")
		args := append([]string{"compose", "server"}, components...)
		args = append(append(args, flags...), "-o", out)
		cmd := exec.Command(bin, args...)
		if b, err := cmd.CombinedOutput(); err != nil {
			return "", fmt.Errorf("wasmcp %s: %v\n%s", strings.Join(args, " "), err, b)
		}
		return out, nil
	})
}

// exampleServer is the two examples composed: tools, then resources+prompts.
func exampleServer(t testing.TB, transport string) string {
	return compose(t, "examples-"+transport, transport, toolsExample(t), contentExample(t))
}

func conformanceServer(t testing.TB) string {
	return compose(t, "conformance", "http", conformanceExample(t))
}

type server struct {
	cmd   *exec.Cmd
	logMu sync.Mutex
	log   bytes.Buffer
}

var (
	serversMu sync.Mutex
	servers   []*server
	byName    = map[string]*server{}
)

// serverLog returns what the jco serve started for name has written so far.
func serverLog(name string) string {
	serversMu.Lock()
	s := byName[name]
	serversMu.Unlock()
	if s == nil {
		return ""
	}
	s.logMu.Lock()
	defer s.logMu.Unlock()
	return s.log.String()
}

// serve starts `jco serve` on wasm once for name and returns the base URL
// (http://127.0.0.1:PORT). env is added to the server's environment, which
// the component sees. The servers stop at the end of the test binary.
func serve(t testing.TB, name, wasm string, env ...string) string {
	jco := testutil.Jco(t)
	return once(t, "serve "+name, func() (string, error) {
		return startServer(name, env, func(port int) []string {
			return append(jco, "serve", wasm, "--host", "127.0.0.1", "--port", fmt.Sprint(port),
				"--jco-dir", filepath.Join(tmpDir, "jco-"+name))
		})
	})
}

// serveWasmtime is serve on wasmtime: the test host answers each request
// with a new instance of wasm, as `wasmtime serve` does.
func serveWasmtime(t testing.TB, name, wasm string, env ...string) string {
	host := testutil.WasmtimeHost(t)
	return once(t, "serve wasmtime "+name, func() (string, error) {
		return startServer("wasmtime-"+name, env, func(port int) []string {
			return []string{host, "serve", "--addr", fmt.Sprintf("127.0.0.1:%d", port), wasm}
		})
	})
}

// startServer starts the server argv(port) gives, registered as name, and
// waits until it listens.
func startServer(name string, env []string, argv func(port int) []string) (string, error) {
	port, err := freePort()
	if err != nil {
		return "", err
	}
	s := &server{}
	args := argv(port)
	s.cmd = exec.Command(args[0], args[1:]...)
	setGroup(s.cmd)
	s.cmd.Env = append(os.Environ(), env...)
	w := &syncWriter{mu: &s.logMu, w: &s.log}
	s.cmd.Stdout, s.cmd.Stderr = w, w
	if err := s.cmd.Start(); err != nil {
		return "", err
	}
	serversMu.Lock()
	servers = append(servers, s)
	byName[name] = s
	serversMu.Unlock()
	exited := make(chan struct{})
	go func() { s.cmd.Wait(); close(exited) }()
	// jco serve transpiles the component before it listens, and wasmtime
	// compiles it: on a loaded two-core machine that takes up to a minute
	// for a composed server.
	deadline := time.Now().Add(4 * time.Minute)
	for time.Now().Before(deadline) {
		if c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second); err == nil {
			c.Close()
			return fmt.Sprintf("http://127.0.0.1:%d", port), nil
		}
		select {
		case <-exited:
			return "", fmt.Errorf("%s exited: %s", args[0], serverLog(name))
		case <-time.After(250 * time.Millisecond):
		}
	}
	return "", fmt.Errorf("%s did not listen on port %d: %s", args[0], port, serverLog(name))
}

func stopServers() {
	serversMu.Lock()
	defer serversMu.Unlock()
	for _, s := range servers {
		killGroup(s.cmd)
	}
}

type syncWriter struct {
	mu *sync.Mutex
	w  *bytes.Buffer
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.Write(p)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
