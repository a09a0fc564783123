package mcpcore

import (
	"bytes"
	"strconv"
	"strings"
)

// Event is one server-sent event. See
// https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
type Event struct {
	// Event is the event type; empty means the default, "message", which is
	// what MCP uses for JSON-RPC messages.
	Event string
	// ID lets a client resume with Last-Event-ID; empty for none.
	ID string
	// Data is the payload; every line of it becomes one data: line.
	Data []byte
	// Retry, when positive, tells the client how many milliseconds to wait
	// before reconnecting.
	Retry int
}

// AppendEvent appends the wire form of e to dst: its fields, one data: line
// per line of Data (CR LF, CR and LF all end a line), and the blank line that
// dispatches it. Newlines in Event and ID, which would break the framing,
// are removed.
func AppendEvent(dst []byte, e Event) []byte {
	if e.Event != "" {
		dst = append(dst, "event: "...)
		dst = append(dst, oneLine(e.Event)...)
		dst = append(dst, '\n')
	}
	if e.ID != "" {
		dst = append(dst, "id: "...)
		dst = append(dst, oneLine(e.ID)...)
		dst = append(dst, '\n')
	}
	if e.Retry > 0 {
		dst = append(dst, "retry: "...)
		dst = strconv.AppendInt(dst, int64(e.Retry), 10)
		dst = append(dst, '\n')
	}
	data := e.Data
	for {
		i := bytes.IndexAny(data, "\r\n")
		line := data
		if i >= 0 {
			line = data[:i]
		}
		dst = append(dst, "data: "...)
		dst = append(dst, line...)
		dst = append(dst, '\n')
		if i < 0 {
			break
		}
		if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
			i++
		}
		data = data[i+1:]
	}
	return append(dst, '\n')
}

// MessageEvent is the event that carries one JSON-RPC message on an MCP
// stream.
func MessageEvent(id string, message []byte) Event {
	return Event{Event: "message", ID: id, Data: message}
}

func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	// By hand: strings.Replacer would bring its tries, 17 kB of code.
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '\r' && s[i] != '\n' {
			b = append(b, s[i])
		}
	}
	return string(b)
}
