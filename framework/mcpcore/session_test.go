package mcpcore

import (
	"crypto/rand"
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestSessionRecordRoundTrip(t *testing.T) {
	debug := LevelDebug
	for _, r := range []SessionRecord{
		{Version: "2025-06-18", Expires: 1700000000123},
		{Version: "2025-11-25", LogLevel: &debug, Expires: 42},
		{Version: "2025-06-18", Expires: 7, Subject: "alice@example.com with spaces"},
	} {
		got, err := DecodeSessionRecord(r.Encode())
		if err != nil {
			t.Fatalf("DecodeSessionRecord(%q): %v", r.Encode(), err)
		}
		if got.Version != r.Version || got.Expires != r.Expires || got.Subject != r.Subject || (got.LogLevel == nil) != (r.LogLevel == nil) ||
			(got.LogLevel != nil && *got.LogLevel != *r.LogLevel) {
			t.Errorf("DecodeSessionRecord(Encode(%+v)) = %+v", r, got)
		}
	}
	for _, bad := range []string{"", "x 1 2025-06-18 -", "wasmcp-session/1 x 2025-06-18 -",
		"wasmcp-session/1 1 1999-01-01 -", "wasmcp-session/1 1 2025-06-18 loud", "wasmcp-session/1 1 2025-06-18",
		"wasmcp-session/1 1 2025-06-18 - 0 zz", "wasmcp-session/1 1 2025-06-18 - 0 616", "wasmcp-session/1 1 2025-06-18 - 0 61 62"} {
		if _, err := DecodeSessionRecord([]byte(bad)); err == nil {
			t.Errorf("DecodeSessionRecord(%q) = nil error", bad)
		}
	}
}

func TestNewSessionID(t *testing.T) {
	if _, err := NewSessionID(make([]byte, 8)); err == nil {
		t.Error("NewSessionID accepted 8 random bytes")
	}
	seen := map[string]bool{}
	for i := 0; i < 100; i++ {
		b := make([]byte, SessionIDBytes)
		rand.Read(b)
		id, err := NewSessionID(b)
		if err != nil {
			t.Fatal(err)
		}
		if len(id) != 32 || strings.Trim(id, "0123456789abcdef") != "" || seen[id] {
			t.Fatalf("NewSessionID = %q (seen: %v)", id, seen[id])
		}
		seen[id] = true
	}
}

// sessionFlow runs one request through DecideHTTP and HTTPSession the way
// the HTTP transport does, with a chain that answers nothing.
type sessionFlow struct {
	t        *testing.T
	sessions *Sessions
	now      int64
	srv      Server
	subject  string // the authenticated caller of the requests
}

type flowResult struct {
	status  int
	headers map[string]string
	session Session // what the chain ran with
	body    string
}

func (f *sessionFlow) do(method, sid, version, body string) flowResult {
	hdr := http.Header{}
	hdr.Set("Accept", "application/json, text/event-stream")
	hdr.Set("Content-Type", MediaJSON)
	if sid != "" {
		hdr.Set(HeaderSessionID, sid)
	}
	if version != "" {
		hdr.Set(HeaderProtocolVersion, version)
	}
	hs := &HTTPSession{Sessions: f.sessions, Now: f.now, HeaderVersion: version, Subject: f.subject,
		Random: func(b []byte) error { _, err := rand.Read(b); return err }}
	d := DecideHTTP(HTTPPolicy{Sessions: true}, HTTPRequest{Method: method, Header: hdr, Body: []byte(body)}, hs.Known)
	if hs.Err != nil {
		return flowResult{status: 500}
	}
	r := flowResult{status: d.Status, headers: map[string]string{}, body: string(d.Body)}
	switch d.Action {
	case ActionHandle, ActionAccept:
		sess := hs.Begin(d, nil)
		resp := f.srv.Handle(&sess, d.Message, func(Message) (RawMessage, *Error, bool) { return nil, nil, false })
		r.session, r.body = sess, string(resp)
		h, err := hs.Finish(d.Message, &sess, resp)
		if err != nil {
			f.t.Fatalf("Finish: %v", err)
		}
		for _, kv := range h {
			r.headers[kv[0]] = kv[1]
		}
	case ActionEndSession:
		if err := hs.End(d.SessionID); err != nil {
			f.t.Fatalf("End: %v", err)
		}
	}
	return r
}

const (
	sessInitBody = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`
	pingBody     = `{"jsonrpc":"2.0","id":2,"method":"ping"}`
	levelBody    = `{"jsonrpc":"2.0","id":3,"method":"logging/setLevel","params":{"level":"warning"}}`
)

func TestHTTPSessionLifecycle(t *testing.T) {
	store := MemoryStore{}
	f := &sessionFlow{t: t, sessions: &Sessions{Store: store, TTL: 1000, KeyPrefix: DefaultSessionKeyPrefix},
		now: 1_000_000, srv: Server{Options: InitializeOptions{Logging: true}}}

	r := f.do("POST", "", "", sessInitBody)
	sid := r.headers[HeaderSessionID]
	if r.status != 200 || len(sid) != 32 {
		t.Fatalf("initialize: status %d, session id %q", r.status, sid)
	}
	if _, ok := store[DefaultSessionKeyPrefix+sid]; !ok || len(store) != 1 {
		t.Fatalf("store after initialize = %v", store)
	}
	if r := f.do("POST", "", "", `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}`); r.status != 200 || r.headers[HeaderSessionID] != "" {
		t.Errorf("a failed initialize: status %d, session id %q", r.status, r.headers[HeaderSessionID])
	}
	if again := f.do("POST", "", "", sessInitBody).headers[HeaderSessionID]; again == sid || again == "" {
		t.Fatalf("a second initialize got session id %q (first %q)", again, sid)
	}

	// The negotiated version is kept when the request names none.
	r = f.do("POST", sid, "", pingBody)
	if r.status != 200 || r.session.Version != "2025-06-18" {
		t.Fatalf("ping in session: status %d, version %q", r.status, r.session.Version)
	}
	if r = f.do("POST", sid, "2025-11-25", pingBody); r.session.Version != "2025-11-25" {
		t.Errorf("a request's own version header: chain saw %q", r.session.Version)
	}

	// logging/setLevel lasts for the session, and only for it.
	if r = f.do("POST", sid, "", levelBody); r.status != 200 {
		t.Fatalf("setLevel: %d %s", r.status, r.body)
	}
	if r = f.do("POST", sid, "", pingBody); r.session.LogLevel == nil || *r.session.LogLevel != LevelWarning {
		t.Errorf("log level after setLevel = %v", r.session.LogLevel)
	}
	other := f.do("POST", "", "", sessInitBody).headers[HeaderSessionID]
	if r = f.do("POST", other, "", pingBody); r.session.LogLevel != nil {
		t.Errorf("another session's log level = %v", *r.session.LogLevel)
	}

	// Missing → 400, unknown → 404, unprintable → 404.
	if r = f.do("POST", "", "", pingBody); r.status != 400 || !strings.Contains(r.body, HeaderSessionID) {
		t.Errorf("no session id: %d %s", r.status, r.body)
	}
	for _, bogus := range []string{"0123456789abcdef0123456789abcdef", "x", strings.Repeat("a", 200)} {
		if r = f.do("POST", bogus, "", pingBody); r.status != 404 {
			t.Errorf("session id %.20q: status %d", bogus, r.status)
		}
	}
	// Notifications are checked alike.
	if r = f.do("POST", sid, "", `{"jsonrpc":"2.0","method":"notifications/initialized"}`); r.status != 202 {
		t.Errorf("notification in session: %d", r.status)
	}
	if r = f.do("POST", "bogus", "", `{"jsonrpc":"2.0","method":"notifications/initialized"}`); r.status != 404 {
		t.Errorf("notification in unknown session: %d", r.status)
	}

	// Each request extends the session; after the TTL without one it is gone.
	f.now += 900
	if r = f.do("POST", sid, "", pingBody); r.status != 200 {
		t.Fatalf("ping within the TTL: %d", r.status)
	}
	f.now += 900
	if r = f.do("POST", sid, "", pingBody); r.status != 200 {
		t.Fatalf("ping within the extended TTL: %d", r.status)
	}
	f.now += 1000
	if r = f.do("POST", sid, "", pingBody); r.status != 404 {
		t.Errorf("ping after the TTL: %d", r.status)
	}
	if _, ok := store[DefaultSessionKeyPrefix+sid]; ok {
		t.Error("an expired session stays in the store")
	}

	// DELETE ends a session; a DELETE without one is 400.
	live := f.do("POST", "", "", sessInitBody).headers[HeaderSessionID]
	if r = f.do("DELETE", live, "", ""); r.status != 200 {
		t.Fatalf("DELETE: %d", r.status)
	}
	if r = f.do("POST", live, "", pingBody); r.status != 404 {
		t.Errorf("ping after DELETE: %d", r.status)
	}
	if r = f.do("DELETE", live, "", ""); r.status != 404 {
		t.Errorf("second DELETE: %d", r.status)
	}
	if r = f.do("DELETE", "", "", ""); r.status != 400 {
		t.Errorf("DELETE without a session id: %d", r.status)
	}
}

type failingStore struct{ MemoryStore }

func (failingStore) Get(string) ([]byte, bool, error) { return nil, false, errors.New("store down") }

// TestHTTPSessionSubject: a session belongs to the caller that created it;
// another caller with its id finds no session, cannot end it, and the owner
// keeps it.
func TestHTTPSessionSubject(t *testing.T) {
	store := MemoryStore{}
	f := &sessionFlow{t: t, sessions: &Sessions{Store: store, KeyPrefix: DefaultSessionKeyPrefix},
		now: 1_000_000, srv: Server{Options: InitializeOptions{Logging: true}}, subject: "alice"}
	sid := f.do("POST", "", "", sessInitBody).headers[HeaderSessionID]
	if sid == "" {
		t.Fatal("no session for alice")
	}
	for _, who := range []string{"bob", ""} {
		f.subject = who
		if r := f.do("POST", sid, "", pingBody); r.status != 404 {
			t.Errorf("%q with alice's session: status %d", who, r.status)
		}
		if r := f.do("DELETE", sid, "", ""); r.status != 404 {
			t.Errorf("%q ending alice's session: status %d", who, r.status)
		}
	}
	f.subject = "alice"
	if r := f.do("POST", sid, "", pingBody); r.status != 200 {
		t.Errorf("alice with her session: status %d", r.status)
	}
	if r := f.do("DELETE", sid, "", ""); r.status != 200 {
		t.Errorf("alice ending her session: status %d", r.status)
	}
}

func TestHTTPSessionStoreFailure(t *testing.T) {
	f := &sessionFlow{t: t, sessions: &Sessions{Store: failingStore{MemoryStore{}}}}
	if r := f.do("POST", "0123456789abcdef0123456789abcdef", "", pingBody); r.status != 500 {
		t.Errorf("a failing store: status %d, want 500", r.status)
	}
}

func TestHTTPSessionNil(t *testing.T) {
	var hs *HTTPSession
	d := Decision{Version: "2025-06-18", Message: Message{Kind: KindRequest, Method: "ping"}}
	if s := hs.Begin(d, nil); s.Version != "2025-06-18" {
		t.Errorf("nil HTTPSession.Begin = %+v", s)
	}
	if h, err := hs.Finish(d.Message, &Session{}, nil); h != nil || err != nil {
		t.Errorf("nil HTTPSession.Finish = %v, %v", h, err)
	}
}
