package wasmtimehost_test

// These tests serve testdata/netguest, a stock-Go component, with the test
// host's `serve` and check what the host provides beyond incoming requests:
// wasi:keyvalue shared by every instance of the process, and outgoing
// requests through wasi:http/outgoing-handler. Every server is on loopback.

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wasmcp/wasmcp/bindgen"
	"github.com/wasmcp/wasmcp/componentize"
	"github.com/wasmcp/wasmcp/internal/testutil"
)

var update = flag.Bool("update", false, "regenerate testdata/netguest/bindings")

const (
	guestWorld = "wasmcp:hosttest/net-guest@0.1.0"
	wasiDeps   = "0.2.12" // the jco builtin WASI release the guest's WIT uses
)

// guestWIT assembles the guest's WIT: testdata/netguest/wit with its
// keyvalue package and the WASI packages of the pinned jco as deps.
func guestWIT(t *testing.T) string {
	src := filepath.Join("testdata", "netguest", "wit")
	return testutil.WITDir(t, src, map[string]string{"keyvalue": filepath.Join(src, "deps", "keyvalue")}, wasiDeps)
}

// TestNetGuestBindingsCurrent: the committed bindings are what bindgen
// makes of the guest's world (-update rewrites them).
func TestNetGuestBindingsCurrent(t *testing.T) {
	res, w, err := bindgen.Load(guestWIT(t), guestWorld)
	if err != nil {
		t.Fatal(err)
	}
	files, err := bindgen.Generate(res, w, bindgen.Options{Package: "bindings"})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join("testdata", "netguest", "bindings")
	for _, f := range files {
		p := filepath.Join(dir, f.Name)
		if *update {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, f.Content, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		have, err := os.ReadFile(p)
		if err != nil || !bytes.Equal(have, f.Content) {
			t.Errorf("%s is not current: run go test ./internal/wasmtimehost -run BindingsCurrent -update", p)
		}
	}
}

var (
	guestOnce sync.Once
	guestPath string
	guestErr  error
)

// netGuest builds testdata/netguest into a component, once per test binary.
func netGuest(t *testing.T) string {
	t.Helper()
	wit := guestWIT(t)
	nm := testutil.NodeModules(t)
	guestOnce.Do(func() {
		dir, err := os.MkdirTemp("", "wasmtimehost-netguest-")
		if err != nil {
			guestErr = err
			return
		}
		core := filepath.Join(dir, "netguest.core.wasm")
		build := exec.Command("go", "build", "-buildmode=c-shared", "-o", core, "./testdata/netguest")
		build.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm", "CGO_ENABLED=0")
		if out, err := build.CombinedOutput(); err != nil {
			guestErr = fmt.Errorf("go build netguest: %v\n%s", err, out)
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		comp, err := componentize.Componentize(ctx, componentize.Options{Core: core, WitDir: wit, World: guestWorld, NodeModules: nm})
		if err != nil {
			guestErr = err
			return
		}
		guestPath = filepath.Join(dir, "netguest.wasm")
		guestErr = os.WriteFile(guestPath, comp, 0o644)
	})
	if guestErr != nil {
		t.Fatal(guestErr)
	}
	return guestPath
}

// served is the guest behind `wasmtime-host serve`.
type served struct {
	base string
	log  *bytes.Buffer
}

// serve starts the host's serve command on a loopback port with the given
// extra flags and stops it when the test ends.
func serve(t *testing.T, flags ...string) *served {
	t.Helper()
	guest := netGuest(t)
	args := append([]string{"serve", "--addr", "127.0.0.1:0"}, flags...)
	cmd := exec.Command(testutil.WasmtimeHost(t), append(args, guest)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	s := &served{log: &bytes.Buffer{}}
	var mu sync.Mutex
	first := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			if strings.HasPrefix(line, "serving ") {
				select {
				case first <- strings.TrimPrefix(line, "serving "):
				default:
				}
			}
			mu.Lock()
			s.log.WriteString(line + "\n")
			mu.Unlock()
		}
	}()
	select {
	case s.base = <-first:
	case <-time.After(60 * time.Second):
		t.Fatal("wasmtime-host serve did not start")
	}
	t.Cleanup(func() {
		if t.Failed() {
			mu.Lock()
			t.Logf("host log:\n%s", s.log.String())
			mu.Unlock()
		}
	})
	return s
}

var client = &http.Client{Timeout: 20 * time.Second}

// get requests path (with its query) and returns status and body.
func (s *served) get(t *testing.T, path string, q url.Values) (int, string) {
	t.Helper()
	u := s.base + path
	if q != nil {
		u += "?" + q.Encode()
	}
	resp, err := client.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: reading body: %v", u, err)
	}
	return resp.StatusCode, string(b)
}

func (s *served) want(t *testing.T, path string, q url.Values, status int, body string) {
	t.Helper()
	gotStatus, gotBody := s.get(t, path, q)
	if gotStatus != status || gotBody != body {
		t.Fatalf("GET %s %v = %d %q, want %d %q", path, q, gotStatus, gotBody, status, body)
	}
}

// TestKeyValueAcrossInstances: what one request's instance stores, the
// next request's instance (a new one: the guest's own globals start over)
// reads, per bucket.
func TestKeyValueAcrossInstances(t *testing.T) {
	s := serve(t)
	s.want(t, "/instance", nil, 200, "1")
	s.want(t, "/instance", nil, 200, "1")
	s.want(t, "/kv/get", url.Values{"bucket": {"a"}, "key": {"session"}}, 404, "missing")
	s.want(t, "/kv/set", url.Values{"bucket": {"a"}, "key": {"session"}, "value": {"s-1 data"}}, 200, "ok")
	s.want(t, "/kv/get", url.Values{"bucket": {"a"}, "key": {"session"}}, 200, "s-1 data")
	s.want(t, "/kv/get", url.Values{"bucket": {"b"}, "key": {"session"}}, 404, "missing")
	s.want(t, "/kv/set", url.Values{"bucket": {"a"}, "key": {"other"}, "value": {""}}, 200, "ok")
	s.want(t, "/kv/exists", url.Values{"bucket": {"a"}, "key": {"other"}}, 200, "true")
	s.want(t, "/kv/list", url.Values{"bucket": {"a"}}, 200, "other,session")
	s.want(t, "/kv/delete", url.Values{"bucket": {"a"}, "key": {"session"}}, 200, "ok")
	s.want(t, "/kv/get", url.Values{"bucket": {"a"}, "key": {"session"}}, 404, "missing")
	s.want(t, "/kv/exists", url.Values{"bucket": {"a"}, "key": {"session"}}, 200, "false")
	s.want(t, "/kv/list", url.Values{"bucket": {"a"}}, 200, "other")
}

// TestKeyValueConcurrent: concurrent requests, each its own instance,
// increment one counter and set their own keys; nothing is lost.
func TestKeyValueConcurrent(t *testing.T) {
	s := serve(t)
	const n = 24
	var wg sync.WaitGroup
	errs := make(chan string, 2*n)
	for i := 0; i < n; i++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			if st, b := s.get(t, "/kv/incr", url.Values{"bucket": {"c"}, "key": {"hits"}}); st != 200 {
				errs <- fmt.Sprintf("incr: %d %s", st, b)
			}
		}()
		go func(i int) {
			defer wg.Done()
			q := url.Values{"bucket": {"c"}, "key": {fmt.Sprintf("k%02d", i)}, "value": {strings.Repeat(fmt.Sprint(i), 100)}}
			if st, b := s.get(t, "/kv/set", q); st != 200 {
				errs <- fmt.Sprintf("set k%02d: %d %s", i, st, b)
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	s.want(t, "/kv/incr", url.Values{"bucket": {"c"}, "key": {"hits"}}, 200, fmt.Sprint(n+1))
	for i := 0; i < n; i++ {
		s.want(t, "/kv/get", url.Values{"bucket": {"c"}, "key": {fmt.Sprintf("k%02d", i)}}, 200, strings.Repeat(fmt.Sprint(i), 100))
	}
}

// TestOutgoingGet: the guest fetches a JWKS from a loopback server and
// answers with its status, a header and its body.
func TestOutgoingGet(t *testing.T) {
	const jwks = `{"keys":[{"kty":"RSA","kid":"k1","n":"sXch","e":"AQAB"}]}`
	var mu sync.Mutex
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.RequestURI()+" accept="+r.Header.Get("Accept"))
		mu.Unlock()
		switch r.URL.Path {
		case "/.well-known/jwks.json":
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("X-Test", "jwks")
			io.WriteString(w, jwks)
		case "/big":
			w.Header().Set("X-Test", "big")
			w.Write(bytes.Repeat([]byte("0123456789abcdef"), 8192))
		default:
			w.Header().Set("X-Test", "none")
			http.Error(w, "no such key set", http.StatusNotFound)
		}
	}))
	defer srv.Close()
	s := serve(t)
	s.want(t, "/fetch", url.Values{"url": {srv.URL + "/.well-known/jwks.json?x=1"}}, 200, "status=200 x-test=jwks\n"+jwks)
	s.want(t, "/fetch", url.Values{"url": {srv.URL + "/missing"}}, 200, "status=404 x-test=none\nno such key set\n")
	s.want(t, "/fetch", url.Values{"url": {srv.URL + "/big"}}, 200, "status=200 x-test=big\n"+strings.Repeat("0123456789abcdef", 8192))
	mu.Lock()
	defer mu.Unlock()
	want := "GET /.well-known/jwks.json?x=1 accept=application/json"
	if len(seen) != 3 || seen[0] != want {
		t.Fatalf("the server saw %q, want first %q", seen, want)
	}
}

// TestOutgoingFailures: a server that accepts but never answers fails the
// request within the guest's first-byte timeout, or else within the host's
// overall one; a closed port is refused. The guest reports the error-code.
func TestOutgoingFailures(t *testing.T) {
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	var conns []net.Conn
	var mu sync.Mutex
	go func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c) // held open, never answered
			mu.Unlock()
		}
	}()
	defer func() {
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	}()
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedURL := "http://" + closed.Addr().String() + "/"
	closed.Close()

	s := serve(t, "--outgoing-timeout", "2s")
	silentURL := "http://" + silent.Addr().String() + "/jwks"

	t0 := time.Now()
	s.want(t, "/fetch", url.Values{"url": {silentURL}, "first-byte-ms": {"300"}}, 502, "error: connection-read-timeout")
	if d := time.Since(t0); d > 1800*time.Millisecond {
		t.Errorf("first-byte timeout of 300ms took %v", d)
	}
	t0 = time.Now()
	s.want(t, "/fetch", url.Values{"url": {silentURL}}, 502, "error: HTTP-response-timeout")
	if d := time.Since(t0); d < 2*time.Second || d > 6*time.Second {
		t.Errorf("the host's 2s timeout took %v", d)
	}
	s.want(t, "/fetch", url.Values{"url": {closedURL}}, 502, "error: connection-refused")
	s.want(t, "/fetch", url.Values{"url": {"http:///nohost"}}, 502, "error: HTTP-request-URI-invalid")
}
