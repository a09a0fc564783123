package mcpcore

import (
	"bytes"
	"testing"
)

// The session store's records come back from a key-value store that other
// programs may write: every decoder must refuse garbage without panicking,
// and what it accepts must survive encoding again.

func FuzzDecodeSessionRecord(f *testing.F) {
	debug := LevelDebug
	for _, r := range []SessionRecord{
		{Version: "2025-06-18", Expires: 1700000000123},
		{Version: "2025-11-25", LogLevel: &debug, Expires: 42, Broadcast: 7, Subject: "alice"},
	} {
		f.Add(r.Encode())
	}
	f.Add([]byte("wasmcp-session/1 1 2025-06-18 - 0 zz"))
	f.Add([]byte("wasmcp-session/1 1 2025-06-18"))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := DecodeSessionRecord(b)
		if err != nil {
			return
		}
		again, err := DecodeSessionRecord(r.Encode())
		if err != nil {
			t.Fatalf("DecodeSessionRecord(%q) = %+v, whose encoding %q does not decode: %v", b, r, r.Encode(), err)
		}
		if !bytes.Equal(again.Encode(), r.Encode()) {
			t.Fatalf("round trip of %q: %q, then %q", b, r.Encode(), again.Encode())
		}
	})
}

func FuzzDecodeEventLog(f *testing.F) {
	l := EventLog{Next: 3, Events: []LoggedEvent{{Seq: 1, Message: []byte(`{"a":1}`)}, {Seq: 2, Message: []byte(`{}`)}}}
	f.Add(l.Encode())
	f.Add([]byte(eventLogPrefix + " 0"))
	f.Add([]byte(eventLogPrefix + " 2\n5 x"))
	f.Fuzz(func(t *testing.T, b []byte) {
		l, err := DecodeEventLog(b)
		if err != nil {
			return
		}
		again, err := DecodeEventLog(l.Encode())
		if err != nil || !bytes.Equal(again.Encode(), l.Encode()) {
			t.Fatalf("round trip of %q: %q, %v", b, l.Encode(), err)
		}
		if h := l.Head(); l.Next > 0 && h != l.Next-1 {
			t.Fatalf("Head %d of a log whose Next is %d", h, l.Next)
		}
	})
}

func FuzzParseStreamCursor(f *testing.F) {
	f.Add("3-4")
	f.Add(" 18446744073709551615-0 ")
	f.Add("1-")
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := ParseStreamCursor(s)
		if !ok {
			return
		}
		if again, ok := ParseStreamCursor(c.String()); !ok || again != c {
			t.Fatalf("ParseStreamCursor(%q) = %+v, and its text %q reads %+v, %v", s, c, c.String(), again, ok)
		}
	})
}
