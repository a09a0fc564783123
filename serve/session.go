package serve

import (
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"
)

type transportKind int

const (
	streamable transportKind = iota // Streamable HTTP (/mcp)
	legacySSE                       // HTTP+SSE (/sse + /messages)
	stdio
)

// session is one client connection's state. Its out channel carries the
// messages for its own stream (legacy SSE replies, notifications); nothing
// else writes there.
type session struct {
	id   string
	kind transportKind
	// principal is who created the session (auth.Claims.Principal; "" in
	// public mode); only requests of the same principal may use it.
	principal string

	mu              sync.Mutex
	protocolVersion string
	initialized     bool
	streamOpen      bool // a GET /mcp stream (or the /sse stream) is attached
	lastSeen        time.Time
	closed          bool

	out     chan []byte
	done    chan struct{}
	pending chan struct{} // HTTP+SSE: messages being handled (bounded)
}

// maxPending bounds the messages of one HTTP+SSE session handled at once.
const maxPending = 64

func newSession(kind transportKind) *session {
	b := make([]byte, 16)
	rand.Read(b)
	return &session{
		id:       hex.EncodeToString(b),
		kind:     kind,
		lastSeen: time.Now(),
		out:      make(chan []byte, 256),
		done:     make(chan struct{}),
		pending:  make(chan struct{}, maxPending),
	}
}

func (ss *session) touch() {
	ss.mu.Lock()
	ss.lastSeen = time.Now()
	ss.mu.Unlock()
}

func (ss *session) idleSince(now time.Time) time.Duration {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.streamOpen {
		return 0
	}
	return now.Sub(ss.lastSeen)
}

func (ss *session) close() {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if !ss.closed {
		ss.closed = true
		close(ss.done)
	}
}

func (ss *session) isClosed() bool {
	select {
	case <-ss.done:
		return true
	default:
		return false
	}
}

// send queues a message for the session's stream. Replies (must=true) wait
// for room, up to a bound; notifications are dropped when the client does not
// keep up or has no stream open.
func (ss *session) send(msg []byte, must bool) bool {
	if !must {
		ss.mu.Lock()
		open := ss.streamOpen || ss.kind != streamable
		ss.mu.Unlock()
		if !open {
			return false
		}
		select {
		case ss.out <- msg:
			return true
		case <-ss.done:
			return false
		default:
			return false
		}
	}
	t := time.NewTimer(30 * time.Second)
	defer t.Stop()
	select {
	case ss.out <- msg:
		return true
	case <-ss.done:
		return false
	case <-t.C:
		return false
	}
}

func (s *Server) addSession(ss *session) bool {
	s.sessMu.Lock()
	defer s.sessMu.Unlock()
	select {
	case <-s.done:
		return false
	default:
	}
	if len(s.sessions) >= s.cfg.MaxSessions {
		return false
	}
	s.sessions[ss.id] = ss
	return true
}

func (s *Server) getSession(id string) *session {
	s.sessMu.Lock()
	defer s.sessMu.Unlock()
	return s.sessions[id]
}

func (s *Server) removeSession(id string) *session {
	s.sessMu.Lock()
	defer s.sessMu.Unlock()
	ss := s.sessions[id]
	if ss != nil {
		delete(s.sessions, id)
		ss.close()
	}
	return ss
}

// broadcast sends a notification to every initialized session.
func (s *Server) broadcast(method string) {
	msg := mustJSON(map[string]any{"jsonrpc": "2.0", "method": method})
	s.sessMu.Lock()
	list := make([]*session, 0, len(s.sessions))
	for _, ss := range s.sessions {
		list = append(list, ss)
	}
	s.sessMu.Unlock()
	for _, ss := range list {
		ss.mu.Lock()
		ok := ss.initialized
		ss.mu.Unlock()
		if ok {
			ss.send(msg, false)
		}
	}
}
