package mcpcore

import (
	"errors"
	"strconv"
	"strings"
)

// Resource subscriptions and the messages a server sends outside a
// request, for Streamable HTTP sessions. Everything lives in the session
// store next to the session records, because a runtime may make one
// instance per request: there is no memory shared between the request that
// sends a notification and the GET stream that delivers it.
//
// Store layout (keys besides the session records):
//
//	mcp-subscribers:<uri, escaped>  the ids of the sessions subscribed to uri
//	mcp-events:<session id>         the session's own events (resources/updated)
//	mcp-broadcast                   events for every session (list_changed)
//
// Both event logs keep a bounded backlog with increasing sequence numbers.
// A GET stream reads from a cursor (own sequence, broadcast sequence),
// which is also the SSE event id, so Last-Event-ID resumes after the last
// event the client saw. The store offers no transactions: two requests
// that change the same key at the same instant can lose one change (a
// subscription, an event).

// Notification methods the transport routes instead of sending them on the
// request's stream.
const (
	MethodResourcesUpdated     = "notifications/resources/updated"
	MethodToolsListChanged     = "notifications/tools/list_changed"
	MethodResourcesListChanged = "notifications/resources/list_changed"
	MethodPromptsListChanged   = "notifications/prompts/list_changed"
)

// Bounds of what the store keeps.
const (
	// MaxSubscriptionURI is the longest URI a session may subscribe to.
	MaxSubscriptionURI = 1024
	// MaxSubscribers is how many sessions one URI keeps; beyond, the
	// oldest subscription is dropped.
	MaxSubscribers = 1024
	// MaxBacklog and MaxBacklogBytes bound an event log: beyond either,
	// the oldest events are dropped (a client resuming from before them
	// gets what is left).
	MaxBacklog      = 64
	MaxBacklogBytes = 256 << 10
)

const (
	subscribersKeyPrefix = "mcp-subscribers:"
	eventsKeyPrefix      = "mcp-events:"
	broadcastKey         = "mcp-broadcast"
	eventLogPrefix       = "wasmcp-events/1"
	subscribersPrefix    = "wasmcp-subscribers/1"
)

// isListChanged reports whether method is a list_changed notification of
// the server.
func isListChanged(method string) bool {
	switch method {
	case MethodToolsListChanged, MethodResourcesListChanged, MethodPromptsListChanged:
		return true
	}
	return false
}

// LoggedEvent is one message of an event log.
type LoggedEvent struct {
	Seq     uint64
	Message []byte
}

// EventLog is a bounded backlog of messages: Next is the sequence number
// the next appended message gets (numbers start at 1).
type EventLog struct {
	Next   uint64
	Events []LoggedEvent
}

// Append adds msg (one line of JSON) and drops the oldest events beyond
// MaxBacklog and MaxBacklogBytes.
func (l *EventLog) Append(msg []byte) {
	if l.Next == 0 {
		l.Next = 1
	}
	l.Events = append(l.Events, LoggedEvent{Seq: l.Next, Message: append([]byte(nil), msg...)})
	l.Next++
	size := 0
	for _, e := range l.Events {
		size += len(e.Message)
	}
	drop := 0
	for len(l.Events)-drop > MaxBacklog || (size > MaxBacklogBytes && len(l.Events)-drop > 1) {
		size -= len(l.Events[drop].Message)
		drop++
	}
	l.Events = l.Events[drop:]
}

// After returns the events with a sequence number above seq.
func (l EventLog) After(seq uint64) []LoggedEvent {
	for i, e := range l.Events {
		if e.Seq > seq {
			return l.Events[i:]
		}
	}
	return nil
}

// Head is the sequence number of the last event appended (0 for none).
func (l EventLog) Head() uint64 {
	if l.Next == 0 {
		return 0
	}
	return l.Next - 1
}

// Encode writes the log as lines: a header with Next, then one line per
// event, its sequence number and its message.
func (l EventLog) Encode() []byte {
	b := []byte(eventLogPrefix + " ")
	b = strconv.AppendUint(b, l.Next, 10)
	for _, e := range l.Events {
		b = append(b, '\n')
		b = strconv.AppendUint(b, e.Seq, 10)
		b = append(b, ' ')
		b = append(b, e.Message...)
	}
	return b
}

// DecodeEventLog reads what Encode wrote.
func DecodeEventLog(b []byte) (EventLog, error) {
	lines := strings.Split(string(b), "\n")
	head, next, ok := strings.Cut(lines[0], " ")
	if !ok || head != eventLogPrefix {
		return EventLog{}, errors.New("mcpcore: not an event log")
	}
	var l EventLog
	var err error
	if l.Next, err = strconv.ParseUint(next, 10, 64); err != nil {
		return EventLog{}, errors.New("mcpcore: event log: bad header")
	}
	for _, line := range lines[1:] {
		seq, msg, ok := strings.Cut(line, " ")
		n, err := strconv.ParseUint(seq, 10, 64)
		if !ok || err != nil || n >= l.Next {
			return EventLog{}, errors.New("mcpcore: event log: bad event")
		}
		l.Events = append(l.Events, LoggedEvent{Seq: n, Message: []byte(msg)})
	}
	return l, nil
}

// StreamCursor is where a GET stream stands in the session's own events
// and in the broadcast ones. Its text is the SSE event id.
type StreamCursor struct {
	Own, Broadcast uint64
}

func (c StreamCursor) String() string {
	return strconv.FormatUint(c.Own, 10) + "-" + strconv.FormatUint(c.Broadcast, 10)
}

// ParseStreamCursor reads an event id this package wrote.
func ParseStreamCursor(s string) (StreamCursor, bool) {
	own, bc, ok := strings.Cut(strings.TrimSpace(s), "-")
	if !ok {
		return StreamCursor{}, false
	}
	o, err1 := strconv.ParseUint(own, 10, 64)
	b, err2 := strconv.ParseUint(bc, 10, 64)
	if err1 != nil || err2 != nil {
		return StreamCursor{}, false
	}
	return StreamCursor{Own: o, Broadcast: b}, true
}

// escapeKey makes s usable in a store key: bytes outside visible ASCII,
// and '%', become %XX.
func escapeKey(s string) string {
	const hexdigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= 0x20 || c >= 0x7f || c == '%' {
			b.WriteByte('%')
			b.WriteByte(hexdigits[c>>4])
			b.WriteByte(hexdigits[c&15])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func eventsKey(id string) string { return eventsKeyPrefix + id }

func subscribersKey(uri string) string { return subscribersKeyPrefix + escapeKey(uri) }

// readLog reads the event log under key; a missing or unreadable one is
// empty.
func (s *Sessions) readLog(key string) (EventLog, error) {
	b, found, err := s.Store.Get(key)
	if err != nil || !found {
		return EventLog{}, err
	}
	l, derr := DecodeEventLog(b)
	if derr != nil {
		return EventLog{}, nil
	}
	return l, nil
}

// appendEvent appends msg to the event log under key.
func (s *Sessions) appendEvent(key string, msg []byte) error {
	l, err := s.readLog(key)
	if err != nil {
		return err
	}
	l.Append(msg)
	return s.Store.Set(key, l.Encode())
}

// subscribers returns the ids of the sessions subscribed to uri, oldest
// subscription first.
func (s *Sessions) subscribers(uri string) ([]string, error) {
	b, found, err := s.Store.Get(subscribersKey(uri))
	if err != nil || !found {
		return nil, err
	}
	lines := strings.Split(string(b), "\n")
	if lines[0] != subscribersPrefix {
		return nil, nil
	}
	var ids []string
	for _, id := range lines[1:] {
		if plausibleSessionID(id) {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// setSubscribers writes the subscribers of uri (deleting the key when
// there are none).
func (s *Sessions) setSubscribers(uri string, ids []string) error {
	if len(ids) == 0 {
		return s.Store.Delete(subscribersKey(uri))
	}
	if len(ids) > MaxSubscribers {
		ids = ids[len(ids)-MaxSubscribers:]
	}
	return s.Store.Set(subscribersKey(uri), []byte(subscribersPrefix+"\n"+strings.Join(ids, "\n")))
}

// Subscribe adds session id to the subscribers of uri (on) or removes it.
func (s *Sessions) Subscribe(id, uri string, on bool) error {
	ids, err := s.subscribers(uri)
	if err != nil {
		return err
	}
	kept := make([]string, 0, len(ids)+1)
	for _, x := range ids {
		if x != id {
			kept = append(kept, x)
		}
	}
	if on {
		kept = append(kept, id)
	} else if len(kept) == len(ids) {
		return nil // was not subscribed
	}
	return s.setSubscribers(uri, kept)
}

// Subscribed reports whether session id is subscribed to uri.
func (s *Sessions) Subscribed(id, uri string) (bool, error) {
	ids, err := s.subscribers(uri)
	for _, x := range ids {
		if x == id {
			return true, err
		}
	}
	return false, err
}

// Events returns the session's events and the broadcast ones after c, in
// that order, each with the event id that resumes after it, and the cursor
// after the last one.
func (s *Sessions) Events(id string, c StreamCursor) ([]Event, StreamCursor, error) {
	own, err := s.readLog(eventsKey(id))
	if err != nil {
		return nil, c, err
	}
	bc, err := s.readLog(broadcastKey)
	if err != nil {
		return nil, c, err
	}
	var out []Event
	for _, e := range own.After(c.Own) {
		c.Own = e.Seq
		out = append(out, MessageEvent(c.String(), e.Message))
	}
	for _, e := range bc.After(c.Broadcast) {
		c.Broadcast = e.Seq
		out = append(out, MessageEvent(c.String(), e.Message))
	}
	return out, c, nil
}

// Subscribe adds the request's session to the subscribers of uri, or
// removes it; Server.Handle calls it through Session.Subscribe.
func (h *HTTPSession) Subscribe(uri string, on bool) error {
	if h == nil || h.Sessions == nil || !h.loaded {
		return errors.New("mcpcore: no session")
	}
	return h.Sessions.Subscribe(h.id, uri, on)
}

// Route sorts the notifications the components of a request sent (drained
// from its channel, oldest first) and returns those that go on the
// request's own stream. With sessions, notifications/resources/updated
// reaches the sessions subscribed to its URI: kept for the request's
// stream when its own session subscribed, appended to the events of every
// other live one (and not kept when the request's session did not
// subscribe); a list_changed notification is appended to the broadcast
// events every session's GET stream delivers. Everything else is kept.
// Without sessions every notification is kept, as before.
func (h *HTTPSession) Route(notes [][]byte) ([][]byte, error) {
	if h == nil || h.Sessions == nil {
		return notes, nil
	}
	keep := make([][]byte, 0, len(notes))
	for _, n := range notes {
		m, perr := Parse(n)
		if perr != nil || m.Kind != KindNotification {
			keep = append(keep, n)
			continue
		}
		switch {
		case m.Method == MethodResourcesUpdated:
			var uri string
			decodeText(m.Params, stringField("uri", &uri))
			mine, err := h.deliver(uri, n)
			if err != nil {
				return keep, err
			}
			if mine {
				keep = append(keep, n)
			}
		case isListChanged(m.Method):
			if err := h.Sessions.appendEvent(broadcastKey, n); err != nil {
				return keep, err
			}
		default:
			keep = append(keep, n)
		}
	}
	return keep, nil
}

// deliver appends msg to the events of every other live session
// subscribed to uri, drops the ended ones from its subscribers, and
// reports whether the request's own session is one of them.
func (h *HTTPSession) deliver(uri string, msg []byte) (mine bool, err error) {
	if uri == "" {
		return false, nil
	}
	ids, err := h.Sessions.subscribers(uri)
	if err != nil || len(ids) == 0 {
		return false, err
	}
	live := ids[:0:0]
	for _, id := range ids {
		if h.loaded && id == h.id {
			mine = true
			live = append(live, id)
			continue
		}
		_, ok, err := h.Sessions.Load(h.Now, id)
		if err != nil {
			return mine, err
		}
		if !ok {
			continue
		}
		live = append(live, id)
		if err := h.Sessions.appendEvent(eventsKey(id), msg); err != nil {
			return mine, err
		}
	}
	if len(live) != len(ids) {
		err = h.Sessions.setSubscribers(uri, live)
	}
	return mine, err
}

// StreamStart is where a GET stream of the request's session starts: after
// lastEventID when it is one this package wrote, else at the beginning of
// the session's own backlog and at the broadcast events sent since the
// session began.
func (h *HTTPSession) StreamStart(lastEventID string) StreamCursor {
	if c, ok := ParseStreamCursor(lastEventID); ok {
		return c
	}
	if h == nil {
		return StreamCursor{}
	}
	return StreamCursor{Broadcast: h.rec.Broadcast}
}

// Poll is one look of a GET stream at its session: the events after c and
// the cursor after them; alive is false once the session has ended or
// expired, which ends the stream.
func (h *HTTPSession) Poll(now int64, c StreamCursor) (events []Event, next StreamCursor, alive bool, err error) {
	if h == nil || h.Sessions == nil || !h.loaded {
		return nil, c, false, nil
	}
	if _, ok, err := h.Sessions.Load(now, h.id); err != nil || !ok {
		return nil, c, false, err
	}
	events, next, err = h.Sessions.Events(h.id, c)
	return events, next, err == nil, err
}

// Touch extends the request's session by the TTL (a GET stream is a
// request of the session).
func (h *HTTPSession) Touch() error {
	if h == nil || h.Sessions == nil || !h.loaded {
		return nil
	}
	return h.Sessions.Save(h.Now, h.id, h.rec)
}
