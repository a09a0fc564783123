package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os/exec"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/wasmcp/wasmcp/internal/testutil"
)

// The tests of this file run the test cart (testdata/cart), a component of
// contract 0.2.0 that keeps values per session in wasmcp:mcp/session,
// composed with a 0.1.0 component (the tools example): on the wasmtime
// test host with the --sessions build (a new instance per request, values
// in wasi:keyvalue) and on jco serve with the plain build (one instance,
// values in the session part's memory).

// cart builds testdata/cart once, world cart (its cart.wit beside wit/mcp).
func cart(t testing.TB) string { return testGuest(t, "cart", "cart") }

type cartView struct {
	Session string
	Keys    []string
	Items   []string
	Count   int
	Error   string
}

type sessionsOutput struct {
	Results []struct {
		Sid                  string
		Shown, Cleared, Last cartView
	}
	Fresh       cartView
	EndedStatus int
}

func runSessionsClient(t *testing.T, url string, n int) sessionsOutput {
	t.Helper()
	var got sessionsOutput
	runScript(t, &got, "sessions.mjs", url, fmt.Sprint(n))
	return got
}

// checkSessionValues: every session saw its own cart and nothing of the
// others', clearing removed its keys, and ending it left nothing for a
// new session or a request naming the old one.
func checkSessionValues(t *testing.T, got sessionsOutput, n int) {
	t.Helper()
	if len(got.Results) != n {
		t.Fatalf("%d sessions reported, want %d", len(got.Results), n)
	}
	seen := map[string]bool{}
	for i, r := range got.Results {
		if r.Sid == "" || seen[r.Sid] {
			t.Errorf("session %d: id %q (empty or shared)", i, r.Sid)
		}
		seen[r.Sid] = true
		want := []string{fmt.Sprintf("s%d-apple", i), fmt.Sprintf("s%d-pear", i), fmt.Sprintf("s%d-plum", i)}
		if r.Shown.Error != "" || r.Shown.Session != r.Sid || !reflect.DeepEqual(r.Shown.Items, want) || r.Shown.Count != 3 ||
			!reflect.DeepEqual(r.Shown.Keys, []string{"count", "items"}) {
			t.Errorf("session %d (%s) shows %+v, want its own items %q, count 3, keys count and items", i, r.Sid, r.Shown, want)
		}
		if r.Cleared.Error != "" || len(r.Cleared.Keys) != 0 || len(r.Cleared.Items) != 0 {
			t.Errorf("session %d after cart_clear: %+v", i, r.Cleared)
		}
		if r.Last.Error != "" || !reflect.DeepEqual(r.Last.Items, []string{fmt.Sprintf("s%d-last", i)}) || r.Last.Count != 1 {
			t.Errorf("session %d after one more item: %+v", i, r.Last)
		}
	}
	if got.Fresh.Error != "" || len(got.Fresh.Items) != 0 || len(got.Fresh.Keys) != 0 || seen[got.Fresh.Session] {
		t.Errorf("a new session's cart: %+v, want empty", got.Fresh)
	}
	if got.EndedStatus != 404 {
		t.Errorf("a request in an ended session: %d, want 404", got.EndedStatus)
	}
}

// TestSessionValuesWasmtime: 8 concurrent sessions on the wasmtime test
// host, every request in an instance of its own: the values live across
// instances, in wasi:keyvalue, and never leak between sessions.
func TestSessionValuesWasmtime(t *testing.T) {
	t.Parallel()
	wasm := composeSessions(t, "cart-sessions", toolsExample(t), cart(t))
	url := serveWasmtime(t, "cart-sessions", wasm, "WASMCP_SESSION_ENABLED=true") + "/mcp"
	checkSessionValues(t, runSessionsClient(t, url, 8), 8)
}

// TestSessionValuesJco: the same on jco serve with the plain build, the
// values in the session part's memory.
func TestSessionValuesJco(t *testing.T) {
	t.Parallel()
	wasm := compose(t, "cart-plain", "http", toolsExample(t), cart(t))
	url := serve(t, "cart-plain", wasm, "WASMCP_SESSION_ENABLED=true") + "/mcp"
	checkSessionValues(t, runSessionsClient(t, url, 8), 8)
}

// TestSessionValuesOutsideSession: without sessions the component gets
// the framework's error, which says how to turn them on.
func TestSessionValuesOutsideSession(t *testing.T) {
	t.Parallel()
	wasm := compose(t, "cart-plain", "http", toolsExample(t), cart(t))
	url := serveWasmtime(t, "cart-stateless", wasm) + "/mcp"
	r := sessionCall{version: "2025-06-18", body: `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"cart_show","arguments":{}}}`}.do(t, &http.Client{Timeout: time.Minute}, url)
	if r.status != 200 || !strings.Contains(r.body, `\"isError\"`) && !strings.Contains(r.body, `"isError":true`) || !strings.Contains(r.body, "WASMCP_SESSION_ENABLED") {
		t.Fatalf("cart_show outside a session: %d %s", r.status, r.body)
	}
}

// TestSessionValuesStdio: a stdio connection is one session ("stdio"):
// the cart keeps its values from one call to the next on the wasmtime
// test host.
func TestSessionValuesStdio(t *testing.T) {
	t.Parallel()
	wasm := compose(t, "cart-stdio", "stdio", toolsExample(t), cart(t))
	lines := []string{
		initializeBody("2025-06-18"),
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`,
		`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"cart_add","arguments":{"item":"tea"}}}`,
		`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"cart_add","arguments":{"item":"milk"}}}`,
		`{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"cart_show","arguments":{}}}`,
	}
	cmd := exec.Command(testutil.WasmtimeHost(t), "run", wasm)
	cmd.Stdin = strings.NewReader(strings.Join(lines, "\n") + "\n")
	setGroup(cmd)
	timer := time.AfterFunc(time.Minute, func() { killGroup(cmd) })
	defer timer.Stop()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("stdio server: %v\n%s", err, out)
	}
	var last struct {
		ID     int
		Result struct{ Content []struct{ Text string } }
	}
	answers := strings.Split(strings.TrimSpace(string(out)), "\n")
	if err := json.Unmarshal([]byte(answers[len(answers)-1]), &last); err != nil || last.ID != 4 || len(last.Result.Content) != 1 {
		t.Fatalf("last answer: %v\n%s", err, out)
	}
	var view cartView
	if err := json.Unmarshal([]byte(last.Result.Content[0].Text), &view); err != nil {
		t.Fatal(err)
	}
	if view.Session != "stdio" || !reflect.DeepEqual(view.Items, []string{"tea", "milk"}) || view.Count != 2 {
		t.Fatalf("cart over stdio: %+v", view)
	}
}
