package mcpcore

import (
	"net/http"
	"strings"
	"testing"
)

func TestOriginPolicy(t *testing.T) {
	tests := []struct {
		name    string
		allowed string
		require string
		origin  string
		ok      bool
	}{
		{"no origin passes by default", "", "", "", true},
		{"no origin rejected when required", "", "true", "", false},
		{"localhost any port", "", "", "http://localhost:6274", true},
		{"localhost https", "", "", "https://localhost", true},
		{"127.0.0.1", "", "", "http://127.0.0.1:8080", true},
		{"ipv6 loopback", "", "", "http://[::1]:3000", true},
		{"case-insensitive", "", "", "HTTP://LocalHost:1", true},
		{"evil host", "", "", "http://evil.example.com", false},
		{"localhost as a subdomain", "", "", "http://localhost.evil.com", false},
		{"other scheme", "", "", "ftp://localhost", false},
		{"null origin", "", "", "null", false},
		{"garbage", "", "", "localhost", false},
		{"with path", "", "", "http://localhost/x", false},
		{"exact origin", "https://app.example.com", "", "https://app.example.com", true},
		{"exact origin, default port", "https://app.example.com", "", "https://app.example.com:443", true},
		{"exact origin, other port", "https://app.example.com", "", "https://app.example.com:8443", false},
		{"list replaces localhost", "https://app.example.com", "", "http://localhost:1", false},
		{"list with localhost", "https://app.example.com, localhost", "", "http://localhost:1", true},
		{"any port", "http://dev.example.com:*", "", "http://dev.example.com:9999", true},
		{"any port, other scheme", "http://dev.example.com:*", "", "https://dev.example.com:9999", false},
		{"star", "*", "", "http://anything.example", true},
		{"null allowed", "null", "", "null", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{EnvAllowedOrigins: tt.allowed, EnvRequireOrigin: tt.require}
			p := OriginPolicyFromEnv(func(k string) string { return env[k] })
			err := p.Check(tt.origin)
			if (err == nil) != tt.ok {
				t.Errorf("Check(%q) = %v, want ok=%v", tt.origin, err, tt.ok)
			}
		})
	}
}

func TestParseAccept(t *testing.T) {
	tests := map[string]Accept{
		"":                                    {true, true},
		"application/json, text/event-stream": {true, true},
		"application/json":                    {true, false},
		"text/event-stream":                   {false, true},
		"*/*":                                 {true, true},
		"application/*;q=0.5":                 {true, false},
		"text/html":                           {false, false},
		"application/json;q=0, text/event-stream": {false, true},
		"Application/JSON; charset=utf-8":         {true, false},
	}
	for h, want := range tests {
		if got := ParseAccept(h); got != want {
			t.Errorf("ParseAccept(%q) = %+v, want %+v", h, got, want)
		}
	}
}

func TestChooseResponse(t *testing.T) {
	tests := []struct {
		accept string
		n      int
		want   ResponseMode
	}{
		{"application/json, text/event-stream", 0, ModeJSON},
		{"application/json, text/event-stream", 2, ModeSSE},
		{"application/json", 2, ModeJSON},
		{"text/event-stream", 0, ModeSSE},
	}
	for _, tt := range tests {
		if got := ChooseResponse(tt.accept, tt.n); got != tt.want {
			t.Errorf("ChooseResponse(%q, %d) = %v, want %v", tt.accept, tt.n, got, tt.want)
		}
	}
}

const (
	initBody = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"c","version":"1"}}}`
	listBody = `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`
	notBody  = `{"jsonrpc":"2.0","method":"notifications/initialized"}`
	respBody = `{"jsonrpc":"2.0","id":"s1","result":{}}`
)

func TestDecideHTTP(t *testing.T) {
	good := func(extra ...string) http.Header {
		h := http.Header{}
		h.Set("Accept", "application/json, text/event-stream")
		h.Set("Content-Type", "application/json")
		for i := 0; i+1 < len(extra); i += 2 {
			if extra[i+1] == "" {
				h.Del(extra[i])
			} else {
				h.Set(extra[i], extra[i+1])
			}
		}
		return h
	}
	stateless := HTTPPolicy{MaxBody: 200}
	stateful := HTTPPolicy{Sessions: true, Push: true}
	known := func(id string) bool { return id == "s-1" }
	tests := []struct {
		name     string
		policy   HTTPPolicy
		method   string
		header   http.Header
		body     string
		action   Action
		status   int
		bodyHas  string
		headerKV string
	}{
		{"initialize", stateless, "POST", good(), initBody, ActionHandle, 200, "", ""},
		{"request", stateless, "POST", good(), listBody, ActionHandle, 200, "", ""},
		{"notification is 202", stateless, "POST", good(), notBody, ActionAccept, 202, "", ""},
		{"response is 202", stateless, "POST", good(), respBody, ActionAccept, 202, "", ""},
		{"evil origin", stateless, "POST", good("Origin", "http://evil.example.com"), initBody, ActionReject, 403, `{"jsonrpc":"2.0","error"`, ""},
		{"local origin", stateless, "POST", good("Origin", "http://localhost:5173"), initBody, ActionHandle, 200, "", ""},
		{"html only", stateless, "POST", good("Accept", "text/html"), initBody, ActionReject, 406, "-32600", ""},
		{"json only is fine", stateless, "POST", good("Accept", "application/json"), initBody, ActionHandle, 200, "", ""},
		{"no accept is fine", stateless, "POST", good("Accept", ""), initBody, ActionHandle, 200, "", ""},
		{"wrong content type", stateless, "POST", good("Content-Type", "text/plain"), initBody, ActionReject, 415, "", ""},
		{"content type with charset", stateless, "POST", good("Content-Type", "application/json; charset=utf-8"), initBody, ActionHandle, 200, "", ""},
		{"too large", stateless, "POST", good(), initBody + strings.Repeat(" ", 200), ActionReject, 413, "", ""},
		{"parse error", stateless, "POST", good(), `{`, ActionReject, 400, "-32700", ""},
		{"batch", stateless, "POST", good(), `[` + listBody + `]`, ActionReject, 400, "-32600", ""},
		{"invalid request echoes id", stateless, "POST", good(), `{"jsonrpc":"2.0","id":5}`, ActionReject, 400, `"id":5`, ""},
		{"unsupported version header", stateless, "POST", good(HeaderProtocolVersion, "2024-01-01"), listBody, ActionReject, 400, `"id":2`, ""},
		{"supported version header", stateless, "POST", good(HeaderProtocolVersion, "2025-11-25"), listBody, ActionHandle, 200, "", ""},
		{"stateless GET", stateless, "GET", good(), "", ActionReject, 405, "", "Allow=POST"},
		{"stateless DELETE", stateless, "DELETE", good(), "", ActionReject, 405, "", "Allow=POST"},
		{"PUT", stateful, "PUT", good(), "", ActionReject, 405, "", "Allow=POST, GET, DELETE"},
		{"session: initialize needs none", stateful, "POST", good(), initBody, ActionHandle, 200, "", ""},
		{"session: missing", stateful, "POST", good(), listBody, ActionReject, 400, "Mcp-Session-Id", ""},
		{"session: unknown", stateful, "POST", good(HeaderSessionID, "s-2"), listBody, ActionReject, 404, "Session not found", ""},
		{"session: known", stateful, "POST", good(HeaderSessionID, "s-1"), listBody, ActionHandle, 200, "", ""},
		{"session: notification without one", stateful, "POST", good(), notBody, ActionReject, 400, "", ""},
		{"GET stream", stateful, "GET", good(HeaderSessionID, "s-1", "Accept", "text/event-stream"), "", ActionOpenStream, 200, "", ""},
		{"GET without SSE", stateful, "GET", good(HeaderSessionID, "s-1", "Accept", "application/json"), "", ActionReject, 406, "", ""},
		{"GET unknown session", stateful, "GET", good(HeaderSessionID, "zz", "Accept", "text/event-stream"), "", ActionReject, 404, "", ""},
		{"DELETE", stateful, "DELETE", good(HeaderSessionID, "s-1"), "", ActionEndSession, 200, "", ""},
		{"DELETE without session", stateful, "DELETE", good(), "", ActionReject, 400, "", ""},
		{"DELETE from evil origin", stateful, "DELETE", good(HeaderSessionID, "s-1", "Origin", "https://evil.example"), "", ActionReject, 403, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := DecideHTTP(tt.policy, HTTPRequest{Method: tt.method, Header: tt.header, Body: []byte(tt.body)}, known)
			if d.Action != tt.action || d.Status != tt.status {
				t.Fatalf("DecideHTTP() = %v %d %s, want %v %d", d.Action, d.Status, d.Body, tt.action, tt.status)
			}
			if tt.bodyHas != "" && !strings.Contains(string(d.Body), tt.bodyHas) {
				t.Errorf("body %s does not contain %q", d.Body, tt.bodyHas)
			}
			if tt.headerKV != "" {
				k, v, _ := strings.Cut(tt.headerKV, "=")
				if d.Headers[k] != v {
					t.Errorf("header %s = %q, want %q", k, d.Headers[k], v)
				}
			}
			if d.Action == ActionHandle && d.Version == "" {
				t.Errorf("no version in %+v", d)
			}
		})
	}
	// Without a version header a non-initialize request is taken as 2025-03-26.
	d := DecideHTTP(stateless, HTTPRequest{Method: "POST", Header: good(), Body: []byte(listBody)}, nil)
	if d.Version != DefaultHTTPVersion {
		t.Errorf("default version = %q", d.Version)
	}
}

func TestAppendEvent(t *testing.T) {
	tests := []struct {
		e    Event
		want string
	}{
		{MessageEvent("", []byte(`{"a":1}`)), "event: message\ndata: {\"a\":1}\n\n"},
		{MessageEvent("7", []byte(`{}`)), "event: message\nid: 7\ndata: {}\n\n"},
		{Event{Data: []byte("a\nb\r\nc\rd")}, "data: a\ndata: b\ndata: c\ndata: d\n\n"},
		{Event{Data: []byte("x\n")}, "data: x\ndata: \n\n"},
		{Event{Event: "m\nx", ID: "1\r2", Retry: 3000}, "event: mx\nid: 12\nretry: 3000\ndata: \n\n"},
	}
	for _, tt := range tests {
		if got := string(AppendEvent(nil, tt.e)); got != tt.want {
			t.Errorf("AppendEvent(%+v) = %q, want %q", tt.e, got, tt.want)
		}
	}
}
