package mcpcore

import (
	"errors"
	"strconv"
	"strings"
)

// Streamable HTTP sessions: an Mcp-Session-Id issued by initialize, the
// protocol state kept under it in a store, and the time it lasts. This
// file is the store-independent part; a transport supplies the store (a
// wasi:keyvalue bucket, or memory when one instance serves every request),
// the clock and the random bytes, so that everything here runs natively.

// SessionIDBytes is how many random bytes a session id carries: 128 bits,
// so that an id cannot be guessed.
const SessionIDBytes = 16

// DefaultSessionTTL is how long a session lasts after its last request,
// in milliseconds: 30 minutes.
const DefaultSessionTTL = 30 * 60 * 1000

// maxSessionID bounds the Mcp-Session-Id a client may send: longer ones are
// unknown without a look-up.
const maxSessionID = 128

// SessionStore holds session records by id. Get reports ok=false for an
// id it does not hold.
type SessionStore interface {
	Get(id string) (record []byte, ok bool, err error)
	Set(id string, record []byte) error
	Delete(id string) error
}

// SessionRecord is what a session keeps between requests.
type SessionRecord struct {
	// Version is the protocol version initialize negotiated.
	Version string
	// LogLevel is the level of logging/setLevel; nil: logging is off.
	LogLevel *Level
	// Expires is when the session ends unless used again, in Unix
	// milliseconds.
	Expires int64
	// Broadcast is the last broadcast event sent before the session
	// began: its GET streams deliver the ones after it.
	Broadcast uint64
	// Subject is the authenticated caller that created the session (the
	// token's sub claim), empty on a public server. Only that caller may use
	// or end it.
	Subject string
	// Capabilities is the capabilities object the client sent with
	// initialize (JSON text), nil when it sent none.
	Capabilities RawMessage
}

// capsPrefix marks the last field of a record that keeps the client's
// capabilities (in hex).
const capsPrefix = "caps:"

// recordPrefix starts every encoded record; another prefix is a record of
// another layout, read as no session.
const recordPrefix = "wasmcp-session/1"

// Encode writes the record as one line of text: prefix, expiry, version,
// level ("-" for none), broadcast mark, and the subject in hex when there
// is one.
func (r SessionRecord) Encode() []byte {
	level := "-"
	if r.LogLevel != nil {
		level = r.LogLevel.String()
	}
	line := recordPrefix + " " + strconv.FormatInt(r.Expires, 10) + " " + r.Version + " " + level +
		" " + strconv.FormatUint(r.Broadcast, 10)
	if r.Subject != "" {
		line += " " + hexText([]byte(r.Subject))
	}
	if len(r.Capabilities) > 0 {
		line += " " + capsPrefix + hexText(r.Capabilities)
	}
	return []byte(line)
}

// DecodeSessionRecord reads what Encode wrote (and the records of earlier
// versions, which had no broadcast mark).
func DecodeSessionRecord(b []byte) (SessionRecord, error) {
	f := strings.Fields(string(b))
	var caps RawMessage
	if n := len(f); n > 5 && strings.HasPrefix(f[n-1], capsPrefix) {
		c, ok := unhexText(f[n-1][len(capsPrefix):])
		if !ok || len(c) == 0 {
			return SessionRecord{}, errors.New("mcpcore: session record: bad capabilities")
		}
		caps, f = c, f[:n-1]
	}
	if len(f) < 4 || len(f) > 6 || f[0] != recordPrefix {
		return SessionRecord{}, errors.New("mcpcore: not a session record")
	}
	exp, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		return SessionRecord{}, errors.New("mcpcore: session record: bad expiry")
	}
	r := SessionRecord{Version: f[2], Expires: exp, Capabilities: caps}
	if !IsSupportedVersion(r.Version) {
		return SessionRecord{}, errors.New("mcpcore: session record: unsupported version")
	}
	if f[3] != "-" {
		l, ok := ParseLevel(f[3])
		if !ok {
			return SessionRecord{}, errors.New("mcpcore: session record: bad log level")
		}
		r.LogLevel = &l
	}
	if len(f) == 5 {
		if r.Broadcast, err = strconv.ParseUint(f[4], 10, 64); err != nil {
			return SessionRecord{}, errors.New("mcpcore: session record: bad broadcast mark")
		}
	}
	if len(f) == 6 {
		sub, ok := unhexText(f[5])
		if !ok || len(sub) == 0 {
			return SessionRecord{}, errors.New("mcpcore: session record: bad subject")
		}
		r.Subject = string(sub)
	}
	return r, nil
}

// NewSessionID encodes random bytes (at least SessionIDBytes of them) as a
// session id: lower-case hex, visible ASCII as the specification asks.
func NewSessionID(random []byte) (string, error) {
	if len(random) < SessionIDBytes {
		return "", errors.New("mcpcore: a session id needs at least 16 random bytes")
	}
	return hexText(random), nil
}

// hexText is b in lower-case hex (encoding/hex would bring fmt).
func hexText(b []byte) string {
	const hexdigits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, hexdigits[c>>4], hexdigits[c&15])
	}
	return string(out)
}

// unhexText reads what hexText wrote.
func unhexText(s string) ([]byte, bool) {
	if len(s)%2 != 0 {
		return nil, false
	}
	digit := func(c byte) (byte, bool) {
		switch {
		case c >= '0' && c <= '9':
			return c - '0', true
		case c >= 'a' && c <= 'f':
			return c - 'a' + 10, true
		}
		return 0, false
	}
	out := make([]byte, len(s)/2)
	for i := range out {
		hi, ok1 := digit(s[2*i])
		lo, ok2 := digit(s[2*i+1])
		if !ok1 || !ok2 {
			return nil, false
		}
		out[i] = hi<<4 | lo
	}
	return out, true
}

// plausibleSessionID reports whether id could have been issued: short
// enough and visible ASCII (0x21 to 0x7E).
func plausibleSessionID(id string) bool {
	if id == "" || len(id) > maxSessionID {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] < 0x21 || id[i] > 0x7e {
			return false
		}
	}
	return true
}

// Sessions keeps sessions in a store. Every method takes the current time
// in Unix milliseconds; the zero TTL means DefaultSessionTTL. Store keys
// are the ids with KeyPrefix in front.
type Sessions struct {
	Store     SessionStore
	TTL       int64
	KeyPrefix string
}

// DefaultSessionKeyPrefix keeps session records apart from other keys of
// a shared bucket.
const DefaultSessionKeyPrefix = "mcp-session:"

func (s *Sessions) ttl() int64 {
	if s.TTL > 0 {
		return s.TTL
	}
	return DefaultSessionTTL
}

func (s *Sessions) key(id string) string { return s.KeyPrefix + id }

// Create stores a new session of subject (empty on a public server) with
// the negotiated version and returns its id, made from random.
func (s *Sessions) Create(now int64, random []byte, version string, level *Level, subject string) (string, error) {
	return s.CreateRecord(now, random, SessionRecord{Version: version, LogLevel: level, Subject: subject})
}

// CreateRecord is Create for a record filled in by the caller (its expiry
// and broadcast mark are set here).
func (s *Sessions) CreateRecord(now int64, random []byte, rec SessionRecord) (string, error) {
	id, err := NewSessionID(random)
	if err != nil {
		return "", err
	}
	bc, err := s.readLog(broadcastKey)
	if err != nil {
		return "", err
	}
	rec.Expires, rec.Broadcast = now+s.ttl(), bc.Head()
	if err := s.Store.Set(s.key(id), rec.Encode()); err != nil {
		return "", err
	}
	return id, nil
}

// Load returns the live session id names. An unknown id, an unreadable
// record or an expired one (which is then deleted) is ok=false; err is a
// failure of the store.
func (s *Sessions) Load(now int64, id string) (rec SessionRecord, ok bool, err error) {
	if !plausibleSessionID(id) {
		return SessionRecord{}, false, nil
	}
	b, found, err := s.Store.Get(s.key(id))
	if err != nil || !found {
		return SessionRecord{}, false, err
	}
	rec, derr := DecodeSessionRecord(b)
	if derr != nil {
		return SessionRecord{}, false, nil
	}
	if now >= rec.Expires {
		return SessionRecord{}, false, s.Store.Delete(s.key(id))
	}
	return rec, true, nil
}

// Save writes the session's state back and extends it by the TTL.
func (s *Sessions) Save(now int64, id string, rec SessionRecord) error {
	rec.Expires = now + s.ttl()
	return s.Store.Set(s.key(id), rec.Encode())
}

// End deletes the session, its events and the values components kept for
// it. Its subscriptions are dropped from their URIs' subscribers the next
// time an update is sent for them.
func (s *Sessions) End(id string) error {
	if !plausibleSessionID(id) {
		return nil
	}
	if err := s.Store.Delete(eventsKey(id)); err != nil {
		return err
	}
	if err := (SessionValues{Store: s.Store}).DeleteAll(id); err != nil {
		return err
	}
	return s.Store.Delete(s.key(id))
}

// MemoryStore is a SessionStore in memory, for a runtime that keeps one
// instance for every request (jco serve) and for tests.
type MemoryStore map[string][]byte

func (m MemoryStore) Get(id string) ([]byte, bool, error) {
	b, ok := m[id]
	return b, ok, nil
}

func (m MemoryStore) Set(id string, record []byte) error {
	m[id] = append([]byte(nil), record...)
	return nil
}

func (m MemoryStore) Delete(id string) error {
	delete(m, id)
	return nil
}

// HTTPSession carries the session of one Streamable HTTP request through a
// transport: DecideHTTP asks Known, the transport builds the Session the
// chain runs with from Begin, and Finish (after Server.Handle) issues the id
// of a new session or saves the state the request changed. A nil
// *HTTPSession is a transport without sessions: Begin gives a fresh Session
// and Finish does nothing.
type HTTPSession struct {
	Sessions *Sessions
	// Now is the request's time in Unix milliseconds.
	Now int64
	// Random fills its argument with random bytes for a new session id.
	Random func([]byte) error
	// HeaderVersion is the request's MCP-Protocol-Version header, empty
	// when absent: then the version the session negotiated is used.
	HeaderVersion string
	// Subject is the request's authenticated caller (empty on a public
	// server). A session created by another subject is unknown to it: a
	// stolen session id is as good as none.
	Subject string
	// Err is the first failure of the store; the transport answers 500.
	Err error

	id     string
	rec    SessionRecord
	loaded bool
}

// Known reports whether id names a live session, and remembers its record
// for Begin. It is DecideHTTP's knownSession.
func (h *HTTPSession) Known(id string) bool {
	rec, ok, err := h.Sessions.Load(h.Now, id)
	if err != nil && h.Err == nil {
		h.Err = err
	}
	if ok && rec.Subject != h.Subject {
		return false
	}
	if ok {
		h.id, h.rec, h.loaded = id, rec, true
	}
	return ok
}

// Begin returns the protocol state to handle d's message with: the
// session's version (unless the request names one) and log level, or for a
// request outside a session d.Version and defaultLevel.
func (h *HTTPSession) Begin(d Decision, defaultLevel *Level) Session {
	s := Session{Version: d.Version, LogLevel: defaultLevel}
	if h == nil || !h.loaded || d.SessionID != h.id {
		return s
	}
	if h.HeaderVersion == "" && h.rec.Version != "" {
		s.Version = h.rec.Version
	}
	if h.rec.LogLevel != nil {
		l := *h.rec.LogLevel
		s.LogLevel = &l
	}
	s.Initialized = true
	s.ClientCapabilities = h.rec.Capabilities
	s.Subscribe = h.Subscribe
	return s
}

// Finish is called once msg has been handled with sess, and resp is the
// response (nil for a notification). For a successful initialize it
// creates a session and returns the Mcp-Session-Id header
// to answer with; for a request in a session whose log level changed, it
// saves the session; any request in a session extends it.
func (h *HTTPSession) Finish(msg Message, sess *Session, resp []byte) (headers [][2]string, err error) {
	if h == nil || h.Sessions == nil {
		return nil, nil
	}
	if msg.Kind == KindRequest && msg.Method == "initialize" {
		if r, perr := Parse(resp); perr != nil || r.Kind != KindResponse || r.Error != nil {
			return nil, nil // initialize failed: no session
		}
		random := make([]byte, SessionIDBytes)
		if err := h.Random(random); err != nil {
			return nil, err
		}
		id, err := h.Sessions.CreateRecord(h.Now, random, SessionRecord{Version: sess.Version, LogLevel: sess.LogLevel, Subject: h.Subject, Capabilities: sess.ClientCapabilities})
		if err != nil {
			return nil, err
		}
		return [][2]string{{HeaderSessionID, id}}, nil
	}
	if !h.loaded {
		return nil, nil
	}
	rec := h.rec
	rec.LogLevel = sess.LogLevel
	return nil, h.Sessions.Save(h.Now, h.id, rec)
}

// End ends the session the DELETE request named (DecideHTTP has checked
// with Known that it is the caller's).
func (h *HTTPSession) End(id string) error {
	return h.Sessions.End(id)
}
