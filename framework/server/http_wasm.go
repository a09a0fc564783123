//go:build wasip1 && wasmcp_http

package main

import (
	"strings"
	"sync"

	"github.com/wasmcp/wasmcp/cabi"
	"github.com/wasmcp/wasmcp/framework/mcpcore"
	h "github.com/wasmcp/wasmcp/framework/server/httpbind"
	wasihttp "github.com/wasmcp/wasmcp/framework/server/iface/wasi/http/v0.2.12/types"
	wasistreams "github.com/wasmcp/wasmcp/framework/server/iface/wasi/io/v0.2.12/streams"
)

func init() { h.ExportIncomingHandler(incoming{}) }

// loadedConfig is the transport's configuration, read on the first request.
var loadedConfig = sync.OnceValue(func() httpConfig { return loadHTTPConfig(getenv()) })

type incoming struct{}

func (incoming) Handle(req wasihttp.IncomingRequest, out wasihttp.ResponseOutparam) {
	c := loadedConfig()
	path, _ := req.PathWithQuery().Get()
	method := methodName(req.Method())
	headers := req.Headers()
	hdr := fieldsHeader{headers}
	accept := hdr.Get("Accept")
	lastEventID := hdr.Get(mcpcore.HeaderLastEventID)
	id, answered := authorize(req, out, c.Policy, method, path, hdr)
	if answered {
		headers.Drop()
		req.Drop()
		return
	}

	if !endpoint(path) {
		headers.Drop()
		req.Drop()
		respond(out, 404, [][2]string{{"Content-Type", "text/plain; charset=utf-8"}}, []byte("Not Found: the MCP endpoint is "+Path+"\n"))
		return
	}
	corsHeaders, preflight := cors(c.Policy, method, hdr.Get("Origin"))
	if preflight {
		headers.Drop()
		req.Drop()
		respond(out, 204, corsHeaders, nil)
		return
	}
	var body []byte
	if method == "POST" {
		body = readBody(req, c.Policy.Limit()+1, contentLength(hdr.Get("Content-Length")))
	}
	hs := httpSession(c, hdr)
	if who, ok := id.Get(); ok && hs != nil {
		// A session belongs to the caller that created it.
		hs.Subject = who.Subject
	}
	d := mcpcore.DecideHTTP(c.Policy, mcpcore.HTTPRequest{Method: method, Header: hdr, Body: body}, knownSession(hs))
	headers.Drop()
	req.Drop()
	send := func(status int, hdrs [][2]string, body []byte) { respond(out, status, hdrs, body) }
	if sessionFailed(hs, send, nil) {
		return
	}

	extra := corsHeaders
	for k, v := range d.Headers {
		extra = append(extra, [2]string{k, v})
	}
	switch d.Action {
	case mcpcore.ActionHandle:
		sess := hs.Begin(d, c.LogLevel)
		ch := openChannel(sess.LogLevel)
		sid := sessionOf(d, sess)
		lent := false
		if hasCalls {
			// The session part may start an SSE answer on the response
			// when a component asks the client something; it can only in
			// a session whose client takes SSE.
			callsBegin(ch, sid, sess.ClientCapabilities)
			if mode, ok := c.responseMode(accept, 1); ok && mode == mcpcore.ModeSSE && sid != "" {
				lendResponse(ch, out, append(extra[:len(extra):len(extra)], [2]string{"Content-Type", mcpcore.MediaSSE}, [2]string{"Cache-Control", "no-cache"}))
				lent = true
			}
		}
		resp := c.Server.Handle(&sess, d.Message, chainAs(id, sid, sess.Version, ch, mcpcore.ProgressToken(d.Message.Params)))
		notes, err := hs.Route(drainChannel(ch))
		closeChannel(ch)
		if lent {
			o, body, stream, streaming := reclaimResponse(ch)
			if streaming {
				callsEnd(ch)
				finishStream(body, stream, hs, d.Message, &sess, notes, resp, err)
				return
			}
			out = o
		}
		if hasCalls {
			callsEnd(ch)
		}
		if sessionFailed(hs, send, err) {
			return
		}
		sh, err := hs.Finish(d.Message, &sess, resp)
		if sessionFailed(hs, send, err) {
			return
		}
		extra = append(extra, sh...)
		mode, ok := c.responseMode(accept, len(notes))
		if !ok {
			body := mcpcore.ErrorResponse(nil, mcpcore.Errorf(mcpcore.CodeInvalidRequest, "Not Acceptable: SSE is disabled and the client does not accept %s", mcpcore.MediaJSON))
			respond(out, 406, append(extra, [2]string{"Content-Type", mcpcore.MediaJSON}), body)
			return
		}
		if mode == mcpcore.ModeJSON {
			respond(out, 200, append(extra, [2]string{"Content-Type", mcpcore.MediaJSON}), resp)
			return
		}
		var stream []byte
		for _, n := range notes {
			stream = mcpcore.AppendEvent(stream, mcpcore.MessageEvent("", n))
		}
		stream = mcpcore.AppendEvent(stream, mcpcore.MessageEvent("", resp))
		respond(out, 200, append(extra, [2]string{"Content-Type", mcpcore.MediaSSE}, [2]string{"Cache-Control", "no-cache"}), stream)
	case mcpcore.ActionAccept:
		sess := hs.Begin(d, c.LogLevel)
		if hasCalls && d.Message.Kind == mcpcore.KindResponse && callsAnswer(sessionOf(d, sess), body) {
			// The client's answer to a request of the server's: the call
			// waiting for it (in this or another instance) takes it.
			respond(out, d.Status, extra, nil)
			return
		}
		ch := openChannel(nil)
		c.Server.Handle(&sess, d.Message, chainAs(id, sessionOf(d, sess), sess.Version, ch, nil))
		closeChannel(ch)
		if _, err := hs.Finish(d.Message, &sess, nil); sessionFailed(hs, send, err) {
			return
		}
		respond(out, d.Status, extra, nil)
	case mcpcore.ActionOpenStream:
		serveStream(out, hs, c, lastEventID, extra)
	case mcpcore.ActionEndSession:
		if sessionFailed(hs, send, hs.End(d.SessionID)) {
			return
		}
		if hasCalls {
			callsEndSession(d.SessionID)
		}
		respond(out, d.Status, extra, nil)
	case mcpcore.ActionReject:
		if d.Body != nil {
			extra = append(extra, [2]string{"Content-Type", mcpcore.MediaJSON})
		}
		respond(out, d.Status, extra, d.Body)
	default:
		body := mcpcore.ErrorResponse(nil, mcpcore.Errorf(mcpcore.CodeInternalError, "Internal error: unexpected action %v", d.Action))
		respond(out, 500, [][2]string{{"Content-Type", mcpcore.MediaJSON}}, body)
	}
}

// finishStream ends a call whose session part started an SSE answer: the
// notifications queued meanwhile and the response follow on the stream.
// Nothing but the stream can tell the client about a failed session store
// now; the transport logs it.
func finishStream(body wasihttp.OutgoingBody, stream wasistreams.OutputStream, hs *mcpcore.HTTPSession, msg mcpcore.Message, sess *mcpcore.Session, notes [][]byte, resp []byte, err error) {
	if err == nil {
		_, err = hs.Finish(msg, sess, resp)
	}
	if err != nil {
		writeStderr("wasmcp: session store: " + err.Error() + "\n")
	}
	var events []byte
	for _, n := range notes {
		events = mcpcore.AppendEvent(events, mcpcore.MessageEvent("", n))
	}
	events = mcpcore.AppendEvent(events, mcpcore.MessageEvent("", resp))
	writeAll(stream, events)
	stream.Drop()
	wasihttp.OutgoingBodyFinish(body, cabi.None[wasihttp.Fields]())
}

// sessionOf is the id of the live session the request belongs to, empty
// outside one (and for initialize, whose session is created afterwards).
func sessionOf(d mcpcore.Decision, sess mcpcore.Session) string {
	if !sess.Initialized {
		return ""
	}
	return d.SessionID
}

// fieldsHeader reads wasi:http fields as an mcpcore.Header: the values of
// a repeated header are joined with ", " (RFC 9110, section 5.3).
type fieldsHeader struct{ f wasihttp.Fields }

func (h fieldsHeader) Get(name string) string {
	vals := h.f.Get(strings.ToLower(name))
	switch len(vals) {
	case 0:
		return ""
	case 1:
		return string(vals[0])
	}
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = string(v)
	}
	return strings.Join(parts, ", ")
}

func methodName(m wasihttp.Method) string {
	switch {
	case m.IsGet():
		return "GET"
	case m.IsHead():
		return "HEAD"
	case m.IsPost():
		return "POST"
	case m.IsPut():
		return "PUT"
	case m.IsDelete():
		return "DELETE"
	case m.IsConnect():
		return "CONNECT"
	case m.IsOptions():
		return "OPTIONS"
	case m.IsTrace():
		return "TRACE"
	case m.IsPatch():
		return "PATCH"
	}
	s, _ := m.AsOther()
	return strings.ToUpper(s)
}

// readChunk is how much one read of the request body asks for.
const readChunk = 16 << 10

// readBody reads at most max bytes of the request body, so that a body
// over the limit is recognized without being read whole. With a
// Content-Length (length >= 0) it stops once that many bytes are in,
// rather than asking once more to learn that the stream is closed: under
// jco every stream call is a round trip to its I/O thread.
func readBody(req wasihttp.IncomingRequest, max, length int) []byte {
	ib, err := req.Consume().Unwrap()
	if err != nil {
		return nil
	}
	var body []byte
	if s, err := ib.Stream().Unwrap(); err == nil {
		for len(body) < max && (length < 0 || len(body) < length) {
			n := min(readChunk, max-len(body))
			chunk, err := s.BlockingRead(uint64(n)).Unwrap()
			if err != nil {
				break // closed: the body is complete
			}
			body = append(body, chunk...)
		}
		s.Drop()
	}
	wasihttp.IncomingBodyFinish(ib).Drop()
	return body
}

// respond sends the response: status, headers, then the whole body.
func respond(out wasihttp.ResponseOutparam, status int, headers [][2]string, body []byte) {
	f := wasihttp.NewFields()
	for _, h := range headers {
		f.Append(strings.ToLower(h[0]), []byte(h[1]))
	}
	resp := wasihttp.NewOutgoingResponse(f)
	resp.SetStatusCode(uint16(status))
	ob, err := resp.Body().Unwrap()
	wasihttp.ResponseOutparamSet(out, cabi.Ok[wasihttp.OutgoingResponse, wasihttp.ErrorCode](resp))
	if err != nil {
		return
	}
	if len(body) > 0 {
		if w, err := ob.Write().Unwrap(); err == nil {
			writeAll(w, body)
			w.Drop()
		}
	}
	wasihttp.OutgoingBodyFinish(ob, cabi.None[wasihttp.Fields]())
}
