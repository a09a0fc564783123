package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"
)

// session is the transport running under jco run.
type session struct {
	t      *testing.T
	stdin  io.WriteCloser
	lines  chan string
	stderr bytes.Buffer
	done   chan error
}

func start(t *testing.T, env ...string) *session {
	t.Helper()
	cmd := jcoRun(t, env...)
	s := &session{t: t, lines: make(chan string, 64), done: make(chan error, 1)}
	var err error
	if s.stdin, err = cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = &s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = killGroup(cmd) })
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			s.lines <- sc.Text()
		}
		close(s.lines)
		s.done <- cmd.Wait()
	}()
	return s
}

func (s *session) send(lines ...string) {
	s.t.Helper()
	for _, l := range lines {
		if _, err := io.WriteString(s.stdin, l+"\n"); err != nil {
			s.t.Fatal(err)
		}
	}
}

// next returns the next line of stdout (the first one waits for jco to
// transpile and start the component).
func (s *session) next() string {
	s.t.Helper()
	select {
	case l, ok := <-s.lines:
		if !ok {
			s.t.Fatalf("stdout ended; stderr: %s", s.stderr.String())
		}
		return l
	case <-time.After(3 * time.Minute):
		s.t.Fatalf("no line on stdout; stderr: %s", s.stderr.String())
	}
	return ""
}

type stdioRPC struct {
	ID     json.RawMessage `json:"id"`
	Method string          `json:"method"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    int64  `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
	Params json.RawMessage `json:"params"`
}

func (s *session) nextRPC() stdioRPC {
	s.t.Helper()
	l := s.next()
	var r stdioRPC
	if err := json.Unmarshal([]byte(l), &r); err != nil {
		s.t.Fatalf("stdout line is not JSON-RPC: %v: %q", err, l)
	}
	return r
}

// expectError reads the next line and checks it is error code for id.
func (s *session) expectError(what string, code int64, id string) {
	s.t.Helper()
	r := s.nextRPC()
	if r.Error == nil || r.Error.Code != code || string(r.ID) != id {
		s.t.Errorf("%s: got %+v (id %s), want error %d with id %q", what, r, r.ID, code, id)
	}
}

func TestStdioSession(t *testing.T) {
	s := start(t, "WASMCP_MAX_LINE=4096")

	// One line in, one line out, before stdin ends: the transport answers as
	// it reads.
	s.send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`)
	r := s.nextRPC()
	var init struct {
		ProtocolVersion string
		Capabilities    map[string]json.RawMessage
		ServerInfo      struct{ Name string }
	}
	if err := json.Unmarshal(r.Result, &init); err != nil || string(r.ID) != "1" || init.ProtocolVersion != "2025-06-18" ||
		init.Capabilities["tools"] == nil || init.Capabilities["logging"] == nil || init.ServerInfo.Name != "wasmcp" {
		t.Fatalf("initialize: %s %s", r.ID, r.Result)
	}

	// Notifications and responses get no line.
	s.send(`{"jsonrpc":"2.0","method":"notifications/initialized"}`, `{"jsonrpc":"2.0","id":99,"result":{}}`, ``)
	s.send(`{"jsonrpc":"2.0","id":2,"method":"tools/list"}`)
	if r := s.nextRPC(); string(r.ID) != "2" || !strings.Contains(string(r.Result), `"name":"echo"`) {
		t.Errorf("tools/list: %s %s", r.ID, r.Result)
	}
	s.send(`{"jsonrpc":"2.0","id":"p","method":"ping"}`)
	if r := s.nextRPC(); string(r.ID) != `"p"` || string(r.Result) != "{}" {
		t.Errorf("ping: %s %s", r.ID, r.Result)
	}

	// The chain sees the negotiated version and the request's channel.
	s.send(`{"jsonrpc":"2.0","id":3,"method":"test/context"}`)
	if r := s.nextRPC(); !strings.Contains(string(r.Result), `"protocolVersion":"2025-06-18"`) || !strings.Contains(string(r.Result), `"openChannels":1`) {
		t.Errorf("context: %s", r.Result)
	}

	// Errors, each with its code and, where readable, the id.
	s.send(`{oops`)
	s.expectError("malformed line", -32700, "")
	s.send(`[{"jsonrpc":"2.0","id":4,"method":"ping"}]`)
	s.expectError("batch", -32600, "")
	s.send(`{"id":5,"method":"ping"}`)
	s.expectError("no jsonrpc member", -32600, "5")
	s.send(`{"jsonrpc":"2.0","id":6,"method":"tools/list","params":"x"}`)
	s.expectError("params not an object", -32602, "6")
	s.send(`{"jsonrpc":"2.0","id":7,"method":"nope/nothing"}`)
	s.expectError("unknown method", -32601, "7")
	s.send(`{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"missing"}}`)
	s.expectError("unknown tool", -32602, "8")
	s.send(`{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"fail"}}`)
	s.expectError("failing tool", -32603, "9")

	// Logging is off until the client sets a level: the call's log message
	// is dropped, its progress is not.
	call := `{"jsonrpc":"2.0","id":10,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"},"_meta":{"progressToken":"tok"}}}`
	s.send(call)
	for i := 1; i <= 2; i++ {
		if r := s.nextRPC(); r.Method != "notifications/progress" {
			t.Errorf("before setLevel, line %d: %+v, want progress", i, r)
		}
	}
	if r := s.nextRPC(); string(r.ID) != "10" || !strings.Contains(string(r.Result), `"text":"hi"`) {
		t.Errorf("echo: %s %s", r.ID, r.Result)
	}
	s.send(`{"jsonrpc":"2.0","id":11,"method":"logging/setLevel","params":{"level":"info"}}`)
	if r := s.nextRPC(); string(r.ID) != "11" || string(r.Result) != "{}" {
		t.Errorf("setLevel: %+v", r)
	}
	// Notifications come before the response, in the order they were sent.
	s.send(strings.Replace(call, `"id":10`, `"id":12`, 1))
	want := []string{"notifications/message", "notifications/progress", "notifications/progress"}
	for _, m := range want {
		if r := s.nextRPC(); r.Method != m {
			t.Errorf("after setLevel: %+v, want %s", r, m)
		}
	}
	if r := s.nextRPC(); string(r.ID) != "12" {
		t.Errorf("after setLevel: %+v, want the response to 12", r)
	}

	// A line longer than WASMCP_MAX_LINE is skipped and reported on stderr;
	// a long line under it (many reads of 256 bytes) and CRLF endings work.
	s.send(`{"jsonrpc":"2.0","id":13,"method":"ping","params":{"pad":"` + strings.Repeat("x", 5000) + `"}}`)
	s.send(`{"jsonrpc":"2.0","id":14,"method":"ping","params":{"pad":"` + strings.Repeat("y", 3500) + `"}}` + "\r")
	if r := s.nextRPC(); string(r.ID) != "14" || string(r.Result) != "{}" {
		t.Errorf("after an oversized line: %+v, want the answer to 14", r)
	}

	// The end of stdin ends the run cleanly.
	s.stdin.Close()
	if l, ok := <-s.lines; ok {
		t.Errorf("unexpected line after the last request: %q", l)
	}
	if err := <-s.done; err != nil {
		t.Errorf("jco run: %v; stderr: %s", err, s.stderr.String())
	}
	if !strings.Contains(s.stderr.String(), "longer than 4096 bytes") {
		t.Errorf("stderr %q, want the oversized line reported", s.stderr.String())
	}
}
