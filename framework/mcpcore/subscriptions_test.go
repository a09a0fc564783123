package mcpcore

import (
	"crypto/rand"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

func TestEventLog(t *testing.T) {
	var l EventLog
	if l.Head() != 0 || l.After(0) != nil {
		t.Fatalf("empty log: head %d, after 0 %v", l.Head(), l.After(0))
	}
	for i := 1; i <= MaxBacklog+5; i++ {
		l.Append([]byte(`{"n":` + strconv.Itoa(i) + `}`))
	}
	if len(l.Events) != MaxBacklog || l.Head() != MaxBacklog+5 || l.Events[0].Seq != 6 {
		t.Fatalf("after %d appends: %d events, head %d, first %d", MaxBacklog+5, len(l.Events), l.Head(), l.Events[0].Seq)
	}
	got, err := DecodeEventLog(l.Encode())
	if err != nil || got.Next != l.Next || len(got.Events) != len(l.Events) ||
		string(got.Events[3].Message) != string(l.Events[3].Message) || got.Events[3].Seq != l.Events[3].Seq {
		t.Fatalf("round trip: %v %+v", err, got)
	}
	if a := l.After(60); len(a) != MaxBacklog+5-60 || a[0].Seq != 61 {
		t.Errorf("After(60) = %d events from %d", len(a), a[0].Seq)
	}
	if a := l.After(2); len(a) != MaxBacklog {
		t.Errorf("After(2), before the backlog: %d events, want all %d kept", len(a), MaxBacklog)
	}
	if a := l.After(l.Head()); a != nil {
		t.Errorf("After(head) = %v", a)
	}
	// The byte bound drops old events but keeps the newest.
	var big EventLog
	for i := 0; i < 5; i++ {
		big.Append([]byte(strings.Repeat("x", MaxBacklogBytes/3)))
	}
	if len(big.Events) != 3 || big.Events[2].Seq != 5 {
		t.Errorf("byte bound: %d events, last %d", len(big.Events), big.Events[len(big.Events)-1].Seq)
	}
	for _, bad := range []string{"", "wasmcp-events/1", "wasmcp-events/1 x", "wasmcp-events/1 3\n3 {}", "wasmcp-events/1 3\nx {}", "other 1"} {
		if _, err := DecodeEventLog([]byte(bad)); err == nil {
			t.Errorf("DecodeEventLog(%q) = nil error", bad)
		}
	}
}

func TestStreamCursor(t *testing.T) {
	c := StreamCursor{Own: 12, Broadcast: 3}
	if got, ok := ParseStreamCursor(c.String()); !ok || got != c || c.String() != "12-3" {
		t.Errorf("cursor %q → %+v %v", c.String(), got, ok)
	}
	for _, bad := range []string{"", "12", "a-b", "1-", "-1", "1-2-3"} {
		if _, ok := ParseStreamCursor(bad); ok {
			t.Errorf("ParseStreamCursor(%q) accepted", bad)
		}
	}
}

func TestEscapeKey(t *testing.T) {
	if got := escapeKey("test://a b/%/é\n"); got != "test://a%20b/%25/%C3%A9%0A" {
		t.Errorf("escapeKey = %q", got)
	}
}

// subFlow runs requests of several sessions through DecideHTTP,
// HTTPSession, Server.Handle and Route as the HTTP transport does; the
// chain "sends" the notifications given to do.
type subFlow struct {
	t        *testing.T
	sessions *Sessions
	now      int64
	srv      Server
}

func (f *subFlow) hs(version string) *HTTPSession {
	return &HTTPSession{Sessions: f.sessions, Now: f.now, HeaderVersion: version,
		Random: func(b []byte) error { _, err := rand.Read(b); return err }}
}

func (f *subFlow) header(sid string) http.Header {
	hdr := http.Header{}
	hdr.Set("Accept", "application/json, text/event-stream")
	hdr.Set("Content-Type", MediaJSON)
	if sid != "" {
		hdr.Set(HeaderSessionID, sid)
	}
	return hdr
}

// do posts body in session sid; the chain answers requests with {} and
// sends notes. It returns the response, the notes kept for the request's
// stream and the new session's id (initialize).
func (f *subFlow) do(sid, body string, notes ...string) (resp string, kept []string, newSID string) {
	f.t.Helper()
	hs := f.hs("")
	d := DecideHTTP(HTTPPolicy{Sessions: true, Push: true}, HTTPRequest{Method: "POST", Header: f.header(sid), Body: []byte(body)}, hs.Known)
	if d.Action != ActionHandle && d.Action != ActionAccept {
		f.t.Fatalf("%s: %v %d %s", body, d.Action, d.Status, d.Body)
	}
	sess := hs.Begin(d, nil)
	r := f.srv.Handle(&sess, d.Message, func(m Message) (RawMessage, *Error, bool) {
		if m.Method == "initialize" {
			return RawMessage(`{"capabilities":{"resources":{},"tools":{"listChanged":false}}}`), nil, true
		}
		return RawMessage(`{}`), nil, true
	})
	var drained [][]byte
	for _, n := range notes {
		drained = append(drained, []byte(n))
	}
	keep, err := hs.Route(drained)
	if err != nil {
		f.t.Fatalf("Route: %v", err)
	}
	h, err := hs.Finish(d.Message, &sess, r)
	if err != nil {
		f.t.Fatalf("Finish: %v", err)
	}
	for _, kv := range h {
		if kv[0] == HeaderSessionID {
			newSID = kv[1]
		}
	}
	for _, k := range keep {
		kept = append(kept, string(k))
	}
	return string(r), kept, newSID
}

// stream opens a GET stream of sid after lastEventID and returns what one
// poll delivers and the cursor after it.
func (f *subFlow) stream(sid, lastEventID string) ([]Event, StreamCursor, bool) {
	f.t.Helper()
	hs := f.hs("")
	hdr := f.header(sid)
	hdr.Set("Accept", MediaSSE)
	d := DecideHTTP(HTTPPolicy{Sessions: true, Push: true}, HTTPRequest{Method: "GET", Header: hdr}, hs.Known)
	if d.Action != ActionOpenStream {
		return nil, StreamCursor{}, false
	}
	if err := hs.Touch(); err != nil {
		f.t.Fatal(err)
	}
	events, next, alive, err := hs.Poll(f.now, hs.StreamStart(lastEventID))
	if err != nil {
		f.t.Fatal(err)
	}
	return events, next, alive
}

func updated(uri string) string {
	return `{"jsonrpc":"2.0","method":"notifications/resources/updated","params":{"uri":"` + uri + `"}}`
}

func subscribeBody(method, uri string) string {
	return `{"jsonrpc":"2.0","id":7,"method":"resources/` + method + `","params":{"uri":"` + uri + `"}}`
}

func TestSubscriptionsAcrossSessions(t *testing.T) {
	store := MemoryStore{}
	f := &subFlow{t: t, sessions: &Sessions{Store: store, TTL: 60_000, KeyPrefix: DefaultSessionKeyPrefix},
		now: 1_000_000, srv: Server{Options: InitializeOptions{Logging: true, Push: true}}}
	init, _, a := f.do("", sessInitBody)
	if !strings.Contains(init, `"resources":{"listChanged":true,"subscribe":true}`) || !strings.Contains(init, `"tools":{"listChanged":true}`) {
		t.Errorf("initialize with Push: %s", init)
	}
	_, _, b := f.do("", sessInitBody)
	if a == "" || b == "" || a == b {
		t.Fatalf("sessions %q %q", a, b)
	}

	if r, _, _ := f.do(a, subscribeBody("subscribe", "test://watched")); r != `{"jsonrpc":"2.0","id":7,"result":{}}` {
		t.Fatalf("subscribe: %s", r)
	}
	// B's tool sends updated for the URI: A gets it on its GET stream, B's
	// own stream does not carry it (B did not subscribe); another URI
	// reaches nobody; other notifications stay on B's stream.
	log := `{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":"x"}}`
	_, kept, _ := f.do(b, `{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"t"}}`,
		updated("test://watched"), updated("test://other"), log)
	if len(kept) != 1 || kept[0] != log {
		t.Errorf("kept on B's stream: %q", kept)
	}
	events, cur, alive := f.stream(a, "")
	if !alive || len(events) != 1 || string(events[0].Data) != updated("test://watched") || events[0].ID != "1-0" {
		t.Fatalf("A's stream: alive %v, %+v", alive, events)
	}
	if events, _, _ := f.stream(b, ""); len(events) != 0 {
		t.Errorf("B's stream: %+v", events)
	}
	// A's own call: the update goes on its request's stream, not its GET
	// stream.
	_, kept, _ = f.do(a, `{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"t"}}`, updated("test://watched"))
	if len(kept) != 1 {
		t.Errorf("A's own update kept: %q", kept)
	}
	if events, _, _ := f.stream(a, cur.String()); len(events) != 0 {
		t.Errorf("A's stream after its own update: %+v", events)
	}

	// Two more updates; Last-Event-ID resumes after the first.
	f.do(b, `{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"t"}}`, updated("test://watched"))
	f.do(b, `{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"t"}}`, updated("test://watched"))
	if events, _, _ := f.stream(a, cur.String()); len(events) != 2 || events[0].ID != "2-0" || events[1].ID != "3-0" {
		t.Errorf("resume after %s: %+v", cur, events)
	}
	if events, _, _ := f.stream(a, "2-0"); len(events) != 1 || events[0].ID != "3-0" {
		t.Errorf("resume after 2-0: %+v", events)
	}

	// Unsubscribe stops delivery.
	if r, _, _ := f.do(a, subscribeBody("unsubscribe", "test://watched")); r != `{"jsonrpc":"2.0","id":7,"result":{}}` {
		t.Fatalf("unsubscribe: %s", r)
	}
	f.do(b, `{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"t"}}`, updated("test://watched"))
	if events, _, _ := f.stream(a, "3-0"); len(events) != 0 {
		t.Errorf("after unsubscribe: %+v", events)
	}
	if _, ok := store[subscribersKey("test://watched")]; ok {
		t.Errorf("subscribers of an URI nobody watches are still stored")
	}

	// list_changed reaches every session's stream, not the sender's
	// request stream; a session that begins later does not get it.
	lc := `{"jsonrpc":"2.0","method":"notifications/tools/list_changed"}`
	if _, kept, _ = f.do(b, `{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"t"}}`, lc); len(kept) != 0 {
		t.Errorf("list_changed kept on the request's stream: %q", kept)
	}
	for _, sid := range []string{a, b} {
		events, _, _ := f.stream(sid, "")
		last := events[len(events)-1]
		if string(last.Data) != lc || !strings.HasSuffix(last.ID, "-1") {
			t.Errorf("%s: %+v", sid, events)
		}
	}
	_, _, c := f.do("", sessInitBody)
	if events, cur, _ := f.stream(c, ""); len(events) != 0 || cur.Broadcast != 1 {
		t.Errorf("a later session's stream: %+v at %v", events, cur)
	}

	// A subscriber that ended is dropped from the subscribers when an
	// update is sent; its stream is gone.
	f.do(a, subscribeBody("subscribe", "test://w2"))
	f.do(c, subscribeBody("subscribe", "test://w2"))
	hs := f.hs("")
	hs.Sessions.End(a)
	if _, ok := store[eventsKey(a)]; ok {
		t.Error("the events of an ended session are kept")
	}
	f.do(b, `{"jsonrpc":"2.0","id":10,"method":"tools/call","params":{"name":"t"}}`, updated("test://w2"))
	if ids, _ := f.sessions.subscribers("test://w2"); len(ids) != 1 || ids[0] != c {
		t.Errorf("subscribers after %s ended: %v", a, ids)
	}
	if _, _, alive := f.stream(a, ""); alive {
		t.Error("the ended session's stream opened")
	}
	if events, _, _ := f.stream(c, ""); len(events) != 1 {
		t.Errorf("c's stream: %+v", events)
	}
}

func TestSubscribeErrors(t *testing.T) {
	srv := Server{Options: InitializeOptions{Logging: true}}
	chain := func(Message) (RawMessage, *Error, bool) { return nil, nil, false }
	msg := func(body string) Message {
		m, perr := Parse([]byte(body))
		if perr != nil {
			t.Fatal(perr.Err)
		}
		return m
	}
	// No session: a clear -32601.
	var sess Session
	if r := string(srv.Handle(&sess, msg(subscribeBody("subscribe", "test://x")), chain)); !strings.Contains(r, `"code":-32601`) || !strings.Contains(r, "needs a session") {
		t.Errorf("subscribe without a session: %s", r)
	}
	var got []string
	sess.Subscribe = func(uri string, on bool) error { got = append(got, uri+" "+strconv.FormatBool(on)); return nil }
	for _, bad := range []string{
		`{"jsonrpc":"2.0","id":1,"method":"resources/subscribe"}`,
		`{"jsonrpc":"2.0","id":1,"method":"resources/subscribe","params":{"uri":""}}`,
		`{"jsonrpc":"2.0","id":1,"method":"resources/subscribe","params":{"uri":3}}`,
		subscribeBody("subscribe", strings.Repeat("u", MaxSubscriptionURI+1)),
	} {
		if r := string(srv.Handle(&sess, msg(bad), chain)); !strings.Contains(r, `"code":-32602`) {
			t.Errorf("%s: %s", bad, r)
		}
	}
	srv.Handle(&sess, msg(subscribeBody("subscribe", "test://x")), chain)
	srv.Handle(&sess, msg(subscribeBody("unsubscribe", "test://x")), chain)
	if strings.Join(got, ",") != "test://x true,test://x false" {
		t.Errorf("Subscribe calls: %q", got)
	}
	// Without sessions Route keeps everything.
	var none *HTTPSession
	if keep, err := none.Route([][]byte{[]byte(updated("u"))}); err != nil || len(keep) != 1 {
		t.Errorf("Route without sessions: %q %v", keep, err)
	}
}

func TestInitializePushFlags(t *testing.T) {
	out, err := InitializeResult("2025-06-18", RawMessage(`{"capabilities":{"prompts":{},"completions":{}}}`), InitializeOptions{Push: true})
	if err != nil || !strings.Contains(string(out), `"capabilities":{"completions":{},"prompts":{"listChanged":true}}`) {
		t.Errorf("%s %v", out, err)
	}
	out, _ = InitializeResult("2025-06-18", RawMessage(`{"capabilities":{"resources":{}}}`), InitializeOptions{})
	if strings.Contains(string(out), "subscribe") || strings.Contains(string(out), "listChanged") {
		t.Errorf("without Push: %s", out)
	}
}

func TestSessionRecordBroadcastMark(t *testing.T) {
	r := SessionRecord{Version: "2025-06-18", Expires: 5, Broadcast: 17}
	got, err := DecodeSessionRecord(r.Encode())
	if err != nil || got.Broadcast != 17 {
		t.Errorf("%+v %v", got, err)
	}
	// A record written before the mark existed still reads.
	if got, err := DecodeSessionRecord([]byte("wasmcp-session/1 5 2025-06-18 -")); err != nil || got.Broadcast != 0 {
		t.Errorf("old record: %+v %v", got, err)
	}
}
