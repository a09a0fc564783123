package mcpcore

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestLineSplitter(t *testing.T) {
	input := "{\"a\":1}\r\n\n  \n{\"b\":2}\n" + strings.Repeat("x", 40) + "\n{\"c\":3}\n{\"d\""
	for _, size := range []int{1, 3, 256, len(input)} {
		s := LineSplitter{Max: 20}
		var lines []string
		errs := 0
		for i := 0; i < len(input); i += size {
			end := min(i+size, len(input))
			if err := s.Feed([]byte(input[i:end]), func(l []byte) { lines = append(lines, string(l)) }); err != nil {
				errs++
			}
		}
		if got := strings.Join(lines, "|"); got != `{"a":1}|{"b":2}|{"c":3}` {
			t.Errorf("chunks of %d: lines %q", size, got)
		}
		if errs != 1 {
			t.Errorf("chunks of %d: %d errors, want 1 for the long line", size, errs)
		}
		var rest []string
		s.Feed([]byte(":4}\n"), func(l []byte) { rest = append(rest, string(l)) })
		if len(rest) != 1 || rest[0] != `{"d":4}` {
			t.Errorf("chunks of %d: the partial line gave %q", size, rest)
		}
	}
}

// TestLineSplitterUnread: while one line is handled, the input after it can
// be taken away and what is left of it given back, and splitting goes on
// with that.
func TestLineSplitterUnread(t *testing.T) {
	var s LineSplitter
	var lines []string
	s.Feed([]byte("one\ntwo\nthree\nfour"), func(l []byte) {
		lines = append(lines, string(l))
		if string(l) == "one" {
			rest := s.Unread()
			if string(rest) != "two\nthree\nfour" {
				t.Errorf("Unread during the first line: %q", rest)
			}
			s.Restore([]byte("three\nfour")) // "two" was read elsewhere
		}
	})
	s.Feed([]byte("\n"), func(l []byte) { lines = append(lines, string(l)) })
	if got := strings.Join(lines, "|"); got != "one|three|four" {
		t.Errorf("lines %q", got)
	}
}

func TestStdio(t *testing.T) {
	s := &Stdio{
		Server:   &Server{Options: InitializeOptions{Server: ServerInfo{Name: "stdio", Version: "1"}, Logging: true}},
		Channels: &Channels{},
	}
	chain := func(ch uint64, token json.RawMessage) Chain {
		tools := &e2eTools{chans: s.Channels, ch: ch, token: token}
		return func(msg Message) (json.RawMessage, *Error, bool) {
			return Middleware{Version: s.Session.Version, Next: ChainEnd}.Tools(tools, msg)
		}
	}
	run := func(line string) []string {
		var out []string
		for _, l := range s.HandleLine([]byte(line), chain) {
			if strings.ContainsAny(string(l), "\r\n") {
				t.Errorf("multi-line output %q", l)
			}
			out = append(out, string(l))
		}
		return out
	}
	if out := run(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"c","version":"1"}}}`); len(out) != 1 || !strings.Contains(out[0], `"protocolVersion":"2025-11-25"`) {
		t.Fatalf("initialize: %q", out)
	}
	if out := run(`{"jsonrpc":"2.0","method":"notifications/initialized"}`); len(out) != 0 {
		t.Errorf("notification answered: %q", out)
	}
	// Logging is off until the client sets a level.
	out := run(`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"count","arguments":{"n":2},"_meta":{"progressToken":"p"}}}`)
	if len(out) != 3 || !strings.Contains(out[0], `"progress":1`) || !strings.Contains(out[1], `"progress":2`) || !strings.Contains(out[2], `"id":2,"result"`) {
		t.Errorf("call without logging: %q", out)
	}
	run(`{"jsonrpc":"2.0","id":3,"method":"logging/setLevel","params":{"level":"info"}}`)
	out = run(`{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"count","arguments":{"n":1}}}`)
	if len(out) != 2 || !strings.Contains(out[0], `"notifications/message"`) || !strings.Contains(out[1], `"id":4,"result"`) {
		t.Errorf("call with logging: %q", out)
	}
	if out := run(`not json`); len(out) != 1 || !strings.Contains(out[0], `-32700`) {
		t.Errorf("parse error: %q", out)
	}
	if s.Channels.Len() != 0 {
		t.Errorf("%d channels left open", s.Channels.Len())
	}
}
