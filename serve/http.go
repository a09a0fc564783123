package serve

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/wasmcp/wasmcp/auth"
	"github.com/wasmcp/wasmcp/auth/authhttp"
)

// bodyTimeout bounds reading a request body, and writing an answer.
const bodyTimeout = 60 * time.Second

const (
	headerSession  = "Mcp-Session-Id"
	headerProtocol = "Mcp-Protocol-Version"
)

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// httpError answers with a JSON body {"error": msg} (admin API) .
func httpError(w http.ResponseWriter, status int, format string, args ...any) {
	writeJSON(w, status, map[string]any{"error": fmt.Sprintf(format, args...)})
}

// rpcHTTPError answers an MCP request that cannot be processed with a JSON-RPC
// error body and an HTTP status.
func rpcHTTPError(w http.ResponseWriter, status int, code int, format string, args ...any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(response(nil, nil, errorf(code, format, args...)))
}

func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	tok = strings.TrimSpace(tok)
	return tok, tok != ""
}

func tokenEqual(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// originAllowed guards against DNS rebinding: a browser request (one with an
// Origin header) must come from the server's own host or from localhost.
func originAllowed(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	if strings.EqualFold(u.Host, r.Host) {
		return true
	}
	switch strings.ToLower(u.Hostname()) {
	case "localhost", "127.0.0.1", "::1":
		return true
	}
	return false
}

// client wraps an MCP endpoint with the client token check.
func (s *Server) client(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !originAllowed(r) {
			rpcHTTPError(w, http.StatusForbidden, codeInvalidRequest, "Forbidden: origin %q is not allowed", r.Header.Get("Origin"))
			return
		}
		if s.guard != nil {
			d := s.guard.Decide(r.Context(), authhttp.Request(r))
			switch d.Action {
			case auth.Respond:
				authhttp.SetHeaders(w, d)
				rpcHTTPError(w, d.Status, codeInvalidRequest, "%s: %s", http.StatusText(d.Status), d.Description)
				return
			case auth.Allow:
				r = r.WithContext(auth.WithClaims(r.Context(), d.Claims))
			}
		} else if s.cfg.AuthToken != NoAuthentication {
			tok, ok := bearer(r)
			if !ok {
				w.Header().Set("WWW-Authenticate", `Bearer realm="mcp"`)
				rpcHTTPError(w, http.StatusUnauthorized, codeInvalidRequest, "Unauthorized: missing Bearer token")
				return
			}
			if !tokenEqual(tok, s.cfg.AuthToken) {
				rpcHTTPError(w, http.StatusForbidden, codeInvalidRequest, "Forbidden: invalid token")
				return
			}
		}
		h(w, r)
	}
}

// handleResourceMetadata serves the RFC 9728 document (oauth mode), which
// needs no token.
func (s *Server) handleResourceMetadata(w http.ResponseWriter, r *http.Request) {
	d := s.guard.Decide(r.Context(), authhttp.Request(r))
	if d.Action != auth.Respond {
		http.NotFound(w, r)
		return
	}
	authhttp.WriteDecision(w, r, d)
}

// principal is who the request's token speaks for ("" without a token):
// a session belongs to the principal that created it.
func principal(r *http.Request) string { return auth.ClaimsFrom(r.Context()).Principal() }

// sessionFor returns the open session sid of the given kind that belongs to
// the request's principal, or nil. Another principal's session is answered
// like an unknown one, so that a session id says nothing to whoever holds
// it without the token that created it.
func (s *Server) sessionFor(r *http.Request, sid string, kind transportKind) *session {
	ss := s.getSession(sid)
	if ss == nil || ss.kind != kind || ss.isClosed() || ss.principal != principal(r) {
		return nil
	}
	return ss
}

// admin wraps an admin endpoint with the admin token check. The client token
// is refused. Nothing is read or written before the check.
func (s *Server) admin(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok, ok := bearer(r)
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="admin"`)
			httpError(w, http.StatusUnauthorized, "missing Bearer admin token")
			return
		}
		if !tokenEqual(tok, s.cfg.AdminToken) {
			httpError(w, http.StatusForbidden, "invalid admin token")
			return
		}
		h(w, r)
	}
}

// readBody reads at most limit bytes; too large is 413.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, int, error) {
	// A client that sends its body slowly does not hold the handler for
	// long (the server has no global ReadTimeout: it would end streams).
	rc := http.NewResponseController(w)
	rc.SetReadDeadline(time.Now().Add(bodyTimeout))
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	rc.SetReadDeadline(time.Time{}) // the call that follows may take longer
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, http.StatusRequestEntityTooLarge, fmt.Errorf("body larger than %d bytes", limit)
		}
		return nil, http.StatusBadRequest, fmt.Errorf("reading body: %v", err)
	}
	return body, 0, nil
}

// handleStreamablePost is POST /mcp: one JSON-RPC message (or a batch).
func (s *Server) handleStreamablePost(w http.ResponseWriter, r *http.Request) {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.Contains(strings.ToLower(ct), "json") {
		rpcHTTPError(w, http.StatusUnsupportedMediaType, codeInvalidRequest, "Unsupported Media Type: Content-Type must be application/json")
		return
	}
	if v := r.Header.Get(headerProtocol); v != "" && !slices.Contains(protocolVersions, v) {
		rpcHTTPError(w, http.StatusBadRequest, codeInvalidRequest, "Bad Request: unsupported protocol version %q (supported: %s)", v, strings.Join(protocolVersions, ", "))
		return
	}
	body, status, err := readBody(w, r, s.cfg.MaxBodySize)
	if err != nil {
		rpcHTTPError(w, status, codeInvalidRequest, "%v", err)
		return
	}
	msgs, batch, perr := parseMessages(body)
	if perr != nil {
		rpcHTTPError(w, http.StatusBadRequest, perr.Code, "%s", perr.Message)
		return
	}
	isInit := false
	for _, m := range msgs {
		if m.Method == "initialize" {
			isInit = true
		}
	}
	sid := r.Header.Get(headerSession)
	var ss *session
	stateless := false
	if isInit {
		if len(msgs) != 1 || !msgs[0].isRequest() {
			rpcHTTPError(w, http.StatusBadRequest, codeInvalidRequest, "Invalid Request: initialize must be sent alone")
			return
		}
		if sid != "" {
			if s.sessionFor(r, sid, streamable) == nil {
				rpcHTTPError(w, http.StatusNotFound, codeInvalidRequest, "Session not found")
				return
			}
			rpcHTTPError(w, http.StatusBadRequest, codeInvalidRequest, "Invalid Request: session %s is already initialized", sid)
			return
		}
		ss = newSession(streamable)
		ss.principal = principal(r)
		if !s.addSession(ss) {
			rpcHTTPError(w, http.StatusServiceUnavailable, codeInternalError, "too many sessions")
			return
		}
	} else if sid == "" {
		// No initialize and no session: a stateless request, as WASImancer
		// serves every request. It gets its answer and nothing else: no
		// session id, no stream, no notifications.
		stateless = true
		ss = newSession(streamable)
		ss.protocolVersion = r.Header.Get(headerProtocol)
		if ss.protocolVersion == "" {
			ss.protocolVersion = statelessDefaultVersion
		}
	} else {
		ss = s.sessionFor(r, sid, streamable)
		if ss == nil {
			rpcHTTPError(w, http.StatusNotFound, codeInvalidRequest, "Session not found")
			return
		}
	}
	ss.touch()

	var replies [][]byte
	if len(msgs) == 1 {
		if out := s.handle(r.Context(), ss, msgs[0]); out != nil {
			replies = append(replies, out)
		}
	} else {
		// A batch: requests run concurrently, replies keep the batch order.
		outs := make([][]byte, len(msgs))
		var wg sync.WaitGroup
		for i, m := range msgs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				outs[i] = s.handle(r.Context(), ss, m)
			}()
		}
		wg.Wait()
		for _, o := range outs {
			if o != nil {
				replies = append(replies, o)
			}
		}
	}
	if isInit {
		ss.mu.Lock()
		ok := ss.protocolVersion != ""
		ss.mu.Unlock()
		if ok {
			w.Header().Set(headerSession, ss.id)
		} else {
			s.removeSession(ss.id) // a failed initialize leaves no session behind
		}
	}
	http.NewResponseController(w).SetWriteDeadline(time.Now().Add(bodyTimeout))
	if len(replies) == 0 {
		w.WriteHeader(http.StatusAccepted)
		return
	}
	if stateless && acceptsEventStream(r) {
		// WASImancer's clients (and scripts that grep "data:" lines) read
		// the answer of a stateless request as one server-sent event.
		w.Header().Set("Content-Type", "text/event-stream")
		w.Header().Set("Cache-Control", "no-cache")
		w.WriteHeader(http.StatusOK)
		for _, o := range replies {
			fmt.Fprintf(w, "event: message\ndata: %s\n\n", o)
		}
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	if batch {
		w.Write([]byte("["))
		for i, o := range replies {
			if i > 0 {
				w.Write([]byte(","))
			}
			w.Write(o)
		}
		w.Write([]byte("]"))
		return
	}
	w.Write(replies[0])
}

// statelessDefaultVersion is what a stateless request without an
// Mcp-Protocol-Version header speaks: the spec's assumption for that case.
const statelessDefaultVersion = "2025-03-26"

// acceptsEventStream reports whether the client lists text/event-stream
// in Accept.
func acceptsEventStream(r *http.Request) bool {
	for _, v := range r.Header.Values("Accept") {
		for _, part := range strings.Split(v, ",") {
			mt, _, _ := strings.Cut(strings.TrimSpace(part), ";")
			if strings.EqualFold(strings.TrimSpace(mt), "text/event-stream") {
				return true
			}
		}
	}
	return false
}

// handleStreamableGet is GET /mcp: with a session id, the server→client
// stream of that session; without one, a legacy HTTP+SSE connection.
func (s *Server) handleStreamableGet(w http.ResponseWriter, r *http.Request) {
	sid := r.Header.Get(headerSession)
	if sid == "" {
		s.handleSSE(w, r)
		return
	}
	ss := s.sessionFor(r, sid, streamable)
	if ss == nil {
		rpcHTTPError(w, http.StatusNotFound, codeInvalidRequest, "Session not found")
		return
	}
	ss.mu.Lock()
	if ss.streamOpen {
		ss.mu.Unlock()
		rpcHTTPError(w, http.StatusConflict, codeInvalidRequest, "Conflict: this session already has a stream open")
		return
	}
	ss.streamOpen = true
	ss.mu.Unlock()
	defer func() {
		ss.mu.Lock()
		ss.streamOpen = false
		ss.lastSeen = time.Now()
		ss.mu.Unlock()
	}()
	s.stream(w, r, ss, "")
}

// handleStreamableDelete is DELETE /mcp: the client ends its session.
func (s *Server) handleStreamableDelete(w http.ResponseWriter, r *http.Request) {
	sid := r.Header.Get(headerSession)
	if sid == "" {
		rpcHTTPError(w, http.StatusBadRequest, codeInvalidRequest, "Bad Request: %s header is required", headerSession)
		return
	}
	ss := s.getSession(sid)
	if ss == nil || ss.kind != streamable || ss.principal != principal(r) {
		rpcHTTPError(w, http.StatusNotFound, codeInvalidRequest, "Session not found")
		return
	}
	s.removeSession(sid)
	w.WriteHeader(http.StatusOK)
}

// handleSSE is GET /sse: the legacy HTTP+SSE transport. The first event
// names the endpoint to POST messages to; replies come back on this stream.
func (s *Server) handleSSE(w http.ResponseWriter, r *http.Request) {
	ss := newSession(legacySSE)
	ss.principal = principal(r)
	ss.streamOpen = true
	if !s.addSession(ss) {
		rpcHTTPError(w, http.StatusServiceUnavailable, codeInternalError, "too many sessions")
		return
	}
	defer s.removeSession(ss.id)
	s.stream(w, r, ss, "/messages?sessionId="+ss.id)
}

// stream writes the session's outgoing messages as server-sent events until
// the client goes away, the session ends or the server closes.
func (s *Server) stream(w http.ResponseWriter, r *http.Request, ss *session, endpoint string) {
	fl, ok := w.(http.Flusher)
	if !ok {
		rpcHTTPError(w, http.StatusInternalServerError, codeInternalError, "streaming unsupported")
		return
	}
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache, no-transform")
	h.Set("Connection", "keep-alive")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	if endpoint != "" {
		fmt.Fprintf(w, "event: endpoint\ndata: %s\n\n", endpoint)
	} else {
		io.WriteString(w, ": stream open\n\n")
	}
	fl.Flush()
	keepAlive := time.NewTicker(25 * time.Second)
	defer keepAlive.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-ss.done:
			return
		case <-s.done:
			return
		case <-keepAlive.C:
			rc.SetWriteDeadline(time.Now().Add(10 * time.Second))
			if _, err := io.WriteString(w, ": keep-alive\n\n"); err != nil {
				return
			}
			fl.Flush()
		case msg := <-ss.out:
			rc.SetWriteDeadline(time.Now().Add(10 * time.Second))
			if _, err := fmt.Fprintf(w, "event: message\ndata: %s\n\n", msg); err != nil {
				return
			}
			fl.Flush()
		}
	}
}

// handleMessages is POST /messages?sessionId=…: a message for a legacy
// HTTP+SSE session. It is accepted (202) and answered on that session's stream.
func (s *Server) handleMessages(w http.ResponseWriter, r *http.Request) {
	sid := r.URL.Query().Get("sessionId")
	if sid == "" {
		rpcHTTPError(w, http.StatusBadRequest, codeInvalidRequest, "Bad Request: sessionId query parameter is required")
		return
	}
	ss := s.sessionFor(r, sid, legacySSE)
	if ss == nil {
		rpcHTTPError(w, http.StatusNotFound, codeInvalidRequest, "Session not found")
		return
	}
	body, status, err := readBody(w, r, s.cfg.MaxBodySize)
	if err != nil {
		rpcHTTPError(w, status, codeInvalidRequest, "%v", err)
		return
	}
	msgs, _, perr := parseMessages(body)
	if perr != nil {
		rpcHTTPError(w, http.StatusBadRequest, perr.Code, "%s", perr.Message)
		return
	}
	ss.touch()
	for i := range msgs {
		select {
		case ss.pending <- struct{}{}:
		default:
			for range i {
				<-ss.pending
			}
			rpcHTTPError(w, http.StatusTooManyRequests, codeInternalError, "Too Many Requests: %d messages of this session are being handled", maxPending)
			return
		}
	}
	w.WriteHeader(http.StatusAccepted)
	io.WriteString(w, "Accepted")
	claims := auth.ClaimsFrom(r.Context())
	for _, m := range msgs {
		go func() {
			defer func() { <-ss.pending }()
			ctx, cancel := contextUntil(ss.done)
			defer cancel()
			if claims != nil {
				ctx = auth.WithClaims(ctx, claims)
			}
			if out := s.handle(ctx, ss, m); out != nil {
				ss.send(out, true)
			}
		}()
	}
}
