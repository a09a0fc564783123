package mcpcore

import (
	"strconv"
	"strings"
)

// Streamable HTTP header names.
const (
	HeaderSessionID       = "Mcp-Session-Id"
	HeaderProtocolVersion = "Mcp-Protocol-Version"
	HeaderLastEventID     = "Last-Event-Id"
)

// Media types.
const (
	MediaJSON = "application/json"
	MediaSSE  = "text/event-stream"
)

// DefaultMaxBody is the largest request body accepted when HTTPPolicy sets
// no limit: 4 MiB.
const DefaultMaxBody = 4 << 20

// Header gives a header's value by case-insensitive name (empty when
// absent); net/http's Header satisfies it, and so can a small adapter over
// wasi:http fields.
type Header interface {
	Get(name string) string
}

// HTTPPolicy is how a Streamable HTTP endpoint behaves.
type HTTPPolicy struct {
	Origins OriginPolicy
	// MaxBody limits the request body in bytes; 0 means DefaultMaxBody.
	MaxBody int
	// Sessions makes the server issue an Mcp-Session-Id on initialize and
	// require it on every later request. Without, the server is stateless.
	Sessions bool
	// Push means GET opens a stream for server-initiated messages. Without,
	// GET answers 405.
	Push bool
}

// Limit returns the effective body limit.
func (p HTTPPolicy) Limit() int {
	if p.MaxBody > 0 {
		return p.MaxBody
	}
	return DefaultMaxBody
}

// HTTPRequest is what the decision needs of an HTTP request. Body holds at
// most Limit()+1 bytes: a transport reads no more, so that a longer body is
// recognized without being read whole.
type HTTPRequest struct {
	Method string
	Header Header
	Body   []byte
}

// Action is what the transport does with a request.
type Action int

const (
	// ActionReject: answer Status with Body (a JSON-RPC error, or nil) and
	// Headers.
	ActionReject Action = iota
	// ActionHandle: pass Message (a request) to Server.Handle, then answer
	// it with the mode ChooseResponse picks.
	ActionHandle
	// ActionAccept: pass Message (a notification or response) to Server.Handle,
	// then answer 202 Accepted with no body.
	ActionAccept
	// ActionOpenStream: answer 200 with a text/event-stream for server-initiated
	// messages (GET, when the policy has Push).
	ActionOpenStream
	// ActionEndSession: terminate the session SessionID and answer Status (200).
	ActionEndSession
)

func (a Action) String() string {
	return [...]string{"Reject", "Handle", "Accept", "OpenStream", "EndSession"}[a]
}

// Decision is the outcome of DecideHTTP.
type Decision struct {
	Action Action
	// Status is the HTTP status to answer with (for ActionHandle: 200).
	Status int
	// Headers are extra response headers, e.g. Allow for 405.
	Headers map[string]string
	// Body is the response body for ActionReject: a JSON-RPC error response, or
	// nil.
	Body []byte
	// Message is the parsed message for ActionHandle and ActionAccept.
	Message Message
	// Version is the protocol version of the request: its
	// MCP-Protocol-Version header, or DefaultHTTPVersion without one; for
	// initialize, the version negotiation will pick.
	Version string
	// SessionID is the request's Mcp-Session-Id, when it has one.
	SessionID string
}

func reject(status int, id RawMessage, e *Error) Decision {
	d := Decision{Action: ActionReject, Status: status}
	if e != nil {
		d.Body = ErrorResponse(id, e)
	}
	return d
}

// DecideHTTP decides what to do with one request to the MCP endpoint, as the
// Streamable HTTP transport of MCP 2025-06-18 and 2025-11-25 specifies
// (https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#streamable-http).
// knownSession reports whether a session id is live; it is only called when
// the policy has Sessions.
//
// In order: the Origin check (403); then per method: POST checks Accept
// (406), Content-Type (415), the body size (413), MCP-Protocol-Version (400),
// the JSON-RPC message (400 with -32700 or -32600), and the session (400
// without one, 404 for an unknown one); GET opens a stream or answers 405;
// DELETE ends a session or answers 405; other methods get 405.
func DecideHTTP(p HTTPPolicy, r HTTPRequest, knownSession func(id string) bool) Decision {
	if err := p.Origins.Check(r.Header.Get("Origin")); err != nil {
		return reject(403, nil, Errorf(CodeInvalidRequest, "Forbidden: %v", err))
	}
	sid := strings.TrimSpace(r.Header.Get(HeaderSessionID))
	version := strings.TrimSpace(r.Header.Get(HeaderProtocolVersion))
	allow := "POST"
	if p.Push {
		allow += ", GET"
	}
	if p.Sessions {
		allow += ", DELETE"
	}
	notAllowed := func() Decision {
		d := reject(405, nil, Errorf(CodeInvalidRequest, "Method not allowed: %s", r.Method))
		d.Headers = map[string]string{"Allow": allow}
		return d
	}
	// checkSession validates the session of a non-initialize request.
	checkSession := func(id RawMessage) (Decision, bool) {
		if !p.Sessions {
			return Decision{}, true
		}
		if sid == "" {
			return reject(400, id, Errorf(CodeInvalidRequest, "Bad Request: %s header is required", HeaderSessionID)), false
		}
		if knownSession == nil || !knownSession(sid) {
			return reject(404, id, Errorf(CodeInvalidRequest, "Session not found")), false
		}
		return Decision{}, true
	}
	checkVersion := func(id RawMessage) (Decision, bool) {
		if version == "" {
			version = DefaultHTTPVersion
			return Decision{}, true
		}
		if !IsSupportedVersion(version) {
			return reject(400, id, Errorf(CodeInvalidRequest, "Bad Request: unsupported %s %q (supported: %s)",
				HeaderProtocolVersion, version, strings.Join(SupportedVersions, ", "))), false
		}
		return Decision{}, true
	}

	switch r.Method {
	case "POST":
		acc := ParseAccept(r.Header.Get("Accept"))
		if !acc.JSON && !acc.SSE {
			return reject(406, nil, Errorf(CodeInvalidRequest, "Not Acceptable: the client must accept %s or %s", MediaJSON, MediaSSE))
		}
		if !mediaTypeIs(r.Header.Get("Content-Type"), MediaJSON) {
			return reject(415, nil, Errorf(CodeInvalidRequest, "Unsupported Media Type: the body must be %s", MediaJSON))
		}
		if len(r.Body) > p.Limit() {
			return reject(413, nil, Errorf(CodeInvalidRequest, "Payload Too Large: the body exceeds %d bytes", p.Limit()))
		}
		msg, perr := Parse(r.Body)
		if perr != nil {
			return reject(400, perr.ID, perr.Err)
		}
		if msg.Kind == KindRequest && msg.Method == "initialize" {
			ip, _ := ParseInitializeParams(msg.Params)
			version = NegotiateVersion(ip.ProtocolVersion)
		} else {
			if d, ok := checkVersion(msg.ID); !ok {
				return d
			}
			if d, ok := checkSession(msg.ID); !ok {
				return d
			}
		}
		d := Decision{Action: ActionHandle, Status: 200, Message: msg, Version: version, SessionID: sid}
		if msg.Kind != KindRequest {
			d.Action, d.Status = ActionAccept, 202
		}
		return d
	case "GET":
		if !p.Push {
			return notAllowed()
		}
		if !ParseAccept(r.Header.Get("Accept")).SSE {
			return reject(406, nil, Errorf(CodeInvalidRequest, "Not Acceptable: the client must accept %s", MediaSSE))
		}
		if d, ok := checkVersion(nil); !ok {
			return d
		}
		if d, ok := checkSession(nil); !ok {
			return d
		}
		return Decision{Action: ActionOpenStream, Status: 200, Version: version, SessionID: sid}
	case "DELETE":
		if !p.Sessions {
			return notAllowed()
		}
		if d, ok := checkSession(nil); !ok {
			return d
		}
		return Decision{Action: ActionEndSession, Status: 200, Version: version, SessionID: sid}
	}
	return notAllowed()
}

// Accept is what an Accept header admits.
type Accept struct {
	JSON, SSE bool
}

// ParseAccept reads an Accept header: which of application/json and
// text/event-stream it admits, wildcards included and q=0 excluded. An empty
// header admits both (RFC 9110, section 12.5.1).
func ParseAccept(h string) Accept {
	if strings.TrimSpace(h) == "" {
		return Accept{JSON: true, SSE: true}
	}
	var a Accept
	for _, part := range strings.Split(h, ",") {
		media, params, _ := strings.Cut(part, ";")
		media = strings.ToLower(strings.TrimSpace(media))
		if qZero(params) {
			continue
		}
		switch media {
		case "*/*":
			a.JSON, a.SSE = true, true
		case "application/*", MediaJSON:
			a.JSON = true
		case "text/*", MediaSSE:
			a.SSE = true
		}
	}
	return a
}

func qZero(params string) bool {
	for _, p := range strings.Split(params, ";") {
		k, v, ok := strings.Cut(p, "=")
		if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
			q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return err == nil && q == 0
		}
	}
	return false
}

// mediaTypeIs reports whether a Content-Type header names media, ignoring
// parameters such as charset.
func mediaTypeIs(h, media string) bool {
	m, _, _ := strings.Cut(h, ";")
	return strings.EqualFold(strings.TrimSpace(m), media)
}

// ResponseMode is how the answer to a POSTed request is sent.
type ResponseMode int

const (
	// ModeJSON: one application/json body holding the response.
	ModeJSON ResponseMode = iota
	// ModeSSE: a text/event-stream with the notifications, then the
	// response, then the end of the stream.
	ModeSSE
)

// ChooseResponse picks how to answer a request once the chain has returned:
// SSE when there are notifications to deliver before the response and the
// client accepts SSE, or when it accepts only SSE; JSON otherwise (and the
// notifications are then dropped, since a JSON body holds one message).
func ChooseResponse(accept string, notifications int) ResponseMode {
	a := ParseAccept(accept)
	if a.SSE && (notifications > 0 || !a.JSON) {
		return ModeSSE
	}
	return ModeJSON
}
