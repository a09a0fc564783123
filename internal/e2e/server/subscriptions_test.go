package server

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wasmcp/wasmcp/internal/testutil"
)

// Resource subscriptions and the GET stream of a session, on the
// conformance example (its tool test_update_resource sends
// notifications/resources/updated, test_list_changed
// notifications/tools/list_changed).

// streamWait is the GET stream wait of the wasmtime servers here: long
// enough for a message to arrive while a stream is open, short enough for
// the streams that must stay empty.
const streamWait = "3000"

// sseEvent is one server-sent event.
type sseEvent struct {
	id, data string
}

// openStream opens the GET stream of session sid (after lastID unless
// empty) and sends its events on the returned channel, which is closed
// when the stream ends; stop closes the connection.
func openStream(t *testing.T, url, sid, lastID string) (events <-chan sseEvent, status int, stop func()) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Mcp-Session-Id", sid)
	req.Header.Set("Mcp-Protocol-Version", "2025-06-18")
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	resp, err := (&http.Client{Timeout: time.Minute}).Do(req)
	if err != nil {
		t.Fatalf("GET stream: %v", err)
	}
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		resp.Body.Close()
		ch := make(chan sseEvent)
		close(ch)
		return ch, resp.StatusCode, func() {}
	}
	return readEvents(resp.Body), 200, func() { resp.Body.Close() }
}

// readEvents sends the server-sent events of body on the returned channel,
// which is closed when body ends.
func readEvents(body io.Reader) <-chan sseEvent {
	ch := make(chan sseEvent, 64)
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(body)
		sc.Buffer(make([]byte, 64<<10), 8<<20)
		var e sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				ch <- e
				e = sseEvent{}
			case strings.HasPrefix(line, "id: "):
				e.id = line[4:]
			case strings.HasPrefix(line, "data: "):
				e.data += line[6:]
			}
		}
	}()
	return ch
}

// readStream reads the GET stream of sid until want messages arrived (then
// it closes it) or, for want 0, until the server ends it. The first event
// carries no message, only the id the stream starts from.
func readStream(t *testing.T, url, sid, lastID string, want int) (msgs []sseEvent, start string) {
	t.Helper()
	events, status, stop := openStream(t, url, sid, lastID)
	defer stop()
	if status != 200 {
		t.Fatalf("GET stream of %s: status %d", sid, status)
	}
	timeout := time.After(30 * time.Second)
	first := true
	for {
		select {
		case e, ok := <-events:
			if !ok {
				return msgs, start
			}
			if first {
				first = false
				start = e.id
				if e.data != "" {
					t.Errorf("first event of the stream carries %q", e.data)
				}
				continue
			}
			msgs = append(msgs, e)
			if want > 0 && len(msgs) >= want {
				return msgs, start
			}
		case <-timeout:
			t.Fatalf("GET stream of %s: %d of %d messages in 30 s", sid, len(msgs), want)
		}
	}
}

const (
	updateCall      = `{"jsonrpc":"2.0","id":20,"method":"tools/call","params":{"name":"test_update_resource","arguments":{}}}`
	listChangedCall = `{"jsonrpc":"2.0","id":21,"method":"tools/call","params":{"name":"test_list_changed","arguments":{}}}`
	updatedWatched  = `{"jsonrpc":"2.0","method":"notifications/resources/updated","params":{"uri":"test://watched-resource"}}`
	listChangedNote = `{"jsonrpc":"2.0","method":"notifications/tools/list_changed"}`
)

// subscriptionScenario: sessions A and B; A subscribes; B's calls report
// the resource updated. Checked: A's GET stream gets the update and B's
// does not, A's own call gets it on its response stream, Last-Event-ID
// resumes, unsubscribe stops delivery, list_changed reaches every
// session, an ended session has no stream.
func subscriptionScenario(t *testing.T, url string) {
	client := &http.Client{Timeout: time.Minute}
	post := func(sid, body string) sessionAnswer {
		t.Helper()
		return sessionCall{sid: sid, version: "2025-06-18", body: body}.do(t, client, url)
	}
	start := func() string {
		a := sessionCall{body: initializeBody("2025-06-18")}.do(t, client, url)
		if a.status != 200 || a.sid == "" || !strings.Contains(a.body, `"resources":{"listChanged":true,"subscribe":true}`) {
			t.Fatalf("initialize: %d %q %s", a.status, a.sid, a.body)
		}
		if r := post(a.sid, `{"jsonrpc":"2.0","method":"notifications/initialized"}`); r.status != 202 {
			t.Fatalf("initialized: %d", r.status)
		}
		return a.sid
	}
	a, b := start(), start()
	if r := post(a, `{"jsonrpc":"2.0","id":2,"method":"resources/subscribe","params":{"uri":"test://watched-resource"}}`); r.status != 200 || !strings.Contains(r.body, `"result":{}`) {
		t.Fatalf("subscribe: %d %s", r.status, r.body)
	}
	if r := post(b, updateCall); r.status != 200 || strings.Contains(r.body, `"method":"notifications/resources/updated"`) || !strings.Contains(r.body, "Sent notifications") {
		t.Errorf("B's call: %d %s", r.status, r.body)
	}
	msgs, _ := readStream(t, url, a, "", 1)
	if len(msgs) != 1 || msgs[0].data != updatedWatched || msgs[0].id != "1-0" {
		t.Fatalf("A's stream: %+v", msgs)
	}
	if msgs, _ := readStream(t, url, b, "", 0); len(msgs) != 0 {
		t.Errorf("B's stream (B did not subscribe): %+v", msgs)
	}
	// A's own call: on its response stream.
	if r := post(a, updateCall); !strings.Contains(r.body, updatedWatched) {
		t.Errorf("A's own call: %d %s", r.status, r.body)
	}
	// Resumption: two more updates; Last-Event-ID 1-0 gets both, 2-0 the last.
	post(b, updateCall)
	post(b, updateCall)
	if msgs, start := readStream(t, url, a, "1-0", 2); len(msgs) != 2 || msgs[0].id != "2-0" || msgs[1].id != "3-0" || start != "1-0" {
		t.Errorf("resumed after 1-0 (start %s): %+v", start, msgs)
	}
	if msgs, _ := readStream(t, url, a, "2-0", 1); len(msgs) != 1 || msgs[0].id != "3-0" {
		t.Errorf("resumed after 2-0: %+v", msgs)
	}
	// Unsubscribe stops it.
	if r := post(a, `{"jsonrpc":"2.0","id":3,"method":"resources/unsubscribe","params":{"uri":"test://watched-resource"}}`); r.status != 200 || !strings.Contains(r.body, `"result":{}`) {
		t.Fatalf("unsubscribe: %d %s", r.status, r.body)
	}
	post(b, updateCall)
	if msgs, _ := readStream(t, url, a, "3-0", 0); len(msgs) != 0 {
		t.Errorf("after unsubscribe: %+v", msgs)
	}
	// list_changed: every session's stream, not the sender's response.
	if r := post(b, listChangedCall); r.status != 200 || strings.Contains(r.body, `"method":"notifications/tools/list_changed"`) {
		t.Errorf("list_changed on the response stream: %s", r.body)
	}
	for sid, last := range map[string]string{a: "3-0", b: ""} {
		msgs, _ := readStream(t, url, sid, last, 1)
		if len(msgs) != 1 || msgs[0].data != listChangedNote || !strings.HasSuffix(msgs[0].id, "-1") {
			t.Errorf("list_changed on %s's stream: %+v", sid, msgs)
		}
	}
	// An ended session has no stream.
	if r := (sessionCall{method: "DELETE", sid: a}.do(t, client, url)); r.status != 200 {
		t.Fatalf("DELETE: %d", r.status)
	}
	if _, status, stop := openStream(t, url, a, ""); status != 404 {
		stop()
		t.Errorf("GET stream of an ended session: %d", status)
	}
}

// liveDelivery: a message queued while A's GET stream is open arrives on
// that stream (the stream looks at the store while it waits).
func liveDelivery(t *testing.T, url string) {
	client := &http.Client{Timeout: time.Minute}
	sids := make([]string, 2)
	for i := range sids {
		r := sessionCall{body: initializeBody("2025-06-18")}.do(t, client, url)
		if r.sid == "" {
			t.Fatalf("initialize: %d %s", r.status, r.body)
		}
		sids[i] = r.sid
	}
	a, b := sids[0], sids[1]
	sessionCall{sid: a, version: "2025-06-18", body: `{"jsonrpc":"2.0","id":2,"method":"resources/subscribe","params":{"uri":"test://watched-resource"}}`}.do(t, client, url)
	events, status, stop := openStream(t, url, a, "")
	defer stop()
	if status != 200 {
		t.Fatalf("GET stream: %d", status)
	}
	// A fresh session's stream starts before its own events (0) and after
	// the broadcast ones sent before it began.
	if e := <-events; e.data != "" || !strings.HasPrefix(e.id, "0-") {
		t.Fatalf("first event: %+v", e)
	}
	sent := time.Now()
	sessionCall{sid: b, version: "2025-06-18", body: updateCall}.do(t, client, url)
	e, ok := <-events
	if !ok || e.data != updatedWatched {
		t.Fatalf("the open stream ended without the update (%v after the call): %+v", time.Since(sent), e)
	}
	t.Logf("update arrived on the open stream %v after the call was sent", time.Since(sent))
}

// TestWasmtimeSubscriptions: the --sessions build on the wasmtime test
// host, a new instance per request: subscriptions, queued messages and
// the stream's position live in wasi:keyvalue only.
func TestWasmtimeSubscriptions(t *testing.T) {
	t.Parallel()
	url := serveWasmtime(t, "subscriptions", composeSessions(t, "conformance-sessions", conformanceExample(t)),
		"WASMCP_SESSION_ENABLED=true", "WASMCP_SESSION_STREAM_WAIT="+streamWait) + "/mcp"
	t.Run("scenario", func(t *testing.T) { subscriptionScenario(t, url) })
	t.Run("live", func(t *testing.T) { liveDelivery(t, url) })
	t.Run("sdk", func(t *testing.T) { checkSubscribeClient(t, runSubscribeClient(t, url)) })
}

// TestJcoSubscriptions: the plain build under jco serve (sessions in the
// instance's memory); its GET stream answers what is queued and ends, and
// clients reconnect.
func TestJcoSubscriptions(t *testing.T) {
	t.Parallel()
	url := serve(t, "conformance-subscriptions", conformanceServer(t), "WASMCP_SESSION_ENABLED=true") + "/mcp"
	t.Run("scenario", func(t *testing.T) { subscriptionScenario(t, url) })
	t.Run("sdk", func(t *testing.T) { checkSubscribeClient(t, runSubscribeClient(t, url)) })
}

type subscribeOutput struct {
	Capabilities               map[string]bool
	Delivered, ListChanged     bool
	AUpdated, BUpdated         []string
	AListChanged, BListChanged int
}

func runSubscribeClient(t *testing.T, url string) subscribeOutput {
	t.Helper()
	var got subscribeOutput
	runScript(t, &got, "subscribe.mjs", url)
	return got
}

// runScript runs one of this directory's node scripts with args (3
// minutes at most) and decodes the JSON object on the last line it prints
// into out.
func runScript(t *testing.T, out any, script string, args ...string) {
	t.Helper()
	path, _ := filepath.Abs(script)
	cmd := exec.Command(testutil.Node(t), append([]string{path}, args...)...)
	cmd.Dir = testutil.RepoRoot(t)
	setGroup(cmd)
	timer := time.AfterFunc(3*time.Minute, func() { killGroup(cmd) })
	defer timer.Stop()
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", script, err, b)
	}
	s := strings.TrimSpace(string(b))
	if err := json.Unmarshal([]byte(s[strings.LastIndexByte(s, '\n')+1:]), out); err != nil {
		t.Fatalf("%s output: %v\n%s", script, err, b)
	}
}

func checkSubscribeClient(t *testing.T, got subscribeOutput) {
	t.Helper()
	if !got.Capabilities["subscribe"] || !got.Capabilities["listChanged"] {
		t.Errorf("resources capability the SDK saw: %v", got.Capabilities)
	}
	if !got.Delivered || fmt.Sprint(got.AUpdated) != "[test://watched-resource]" {
		t.Errorf("subscriber's updates: delivered %v, %q (one before unsubscribing, none after)", got.Delivered, got.AUpdated)
	}
	if len(got.BUpdated) != 0 {
		t.Errorf("the client that did not subscribe got updates: %q", got.BUpdated)
	}
	if !got.ListChanged || got.AListChanged != 1 || got.BListChanged != 1 {
		t.Errorf("list_changed: %v, subscriber %d, other %d", got.ListChanged, got.AListChanged, got.BListChanged)
	}
}
