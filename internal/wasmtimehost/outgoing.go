//go:build wasmtimehost

package wasmtimehost

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// DefaultOutgoingTimeout bounds a whole outgoing request made through
// wasi:http/outgoing-handler, from the call of handle to the end of the
// response body, whatever the request's options say, so that a server that
// never answers cannot hang the host.
const DefaultOutgoingTimeout = 30 * time.Second

// outgoingRequest is what an outgoing-request handle holds.
type outgoingRequest struct {
	method    Variant
	path      Option // option<string>
	scheme    Option // option<scheme>
	authority Option // option<string>
	headers   *fields
	body      *requestBody // set by outgoing-request.body
}

// requestBody is an outgoing request's body. What the guest writes before
// handle is buffered; what it writes after goes through a pipe to the
// request being sent.
type requestBody struct {
	buf      bytes.Buffer
	pw       *io.PipeWriter
	sent     bool
	finished bool
	aborted  bool
}

func (b *requestBody) Write(p []byte) (int, error) {
	if b.finished || b.aborted {
		return 0, errors.New("outgoing body already finished")
	}
	if b.sent {
		return b.pw.Write(p)
	}
	return b.buf.Write(p)
}

func (b *requestBody) finish() {
	b.finished = true
	if b.pw != nil {
		b.pw.Close()
	}
}

// dropped: a body dropped without outgoing-body.finish is incomplete, and
// so is the request that carries it.
func (b *requestBody) dropped() {
	if b.finished {
		return
	}
	b.aborted = true
	if b.pw != nil {
		b.pw.CloseWithError(errors.New("outgoing body dropped without finish"))
	}
}

// reader is what the request reads its body from, once handle sends it.
func (b *requestBody) reader() io.Reader {
	b.sent = true
	if b.finished {
		return bytes.NewReader(b.buf.Bytes())
	}
	pr, pw := io.Pipe()
	b.pw = pw
	if b.aborted {
		pw.CloseWithError(errors.New("outgoing body dropped without finish"))
	}
	return io.MultiReader(bytes.NewReader(b.buf.Bytes()), pr)
}

// requestOptions is what a request-options handle holds; zero is unset.
type requestOptions struct{ connect, firstByte, betweenBytes time.Duration }

// futureResponse is a response on its way: done closes when resp or code
// is set.
type futureResponse struct {
	done   chan struct{}
	resp   *http.Response
	code   Val // error-code
	taken  bool
	cancel context.CancelCauseFunc
	cause  func() error
	opts   requestOptions
}

type incomingResponse struct {
	status   uint16
	headers  *fields
	body     *inStream
	consumed bool
}

// httpError is an error with the wasi:http error-code that describes it.
type httpError struct {
	code Variant
	err  error
}

func (e *httpError) Error() string { return e.err.Error() }
func (e *httpError) Unwrap() error { return e.err }

var (
	errConnectTimeout   = errors.New("connect timeout")
	errFirstByteTimeout = errors.New("first-byte timeout")
	errBetweenBytes     = errors.New("between-bytes timeout")
	errOverallTimeout   = errors.New("outgoing request timed out")
	errStoreClosed      = errors.New("the instance that made the request is gone")
)

type connectTimeoutKey struct{}

// outgoingTransport is shared by every outgoing request of the process. It
// follows no proxy settings and, as wasi:http says, no redirects (the
// client below).
var outgoingTransport = &http.Transport{
	DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		d := net.Dialer{}
		if t, _ := ctx.Value(connectTimeoutKey{}).(time.Duration); t > 0 {
			d.Timeout = t
		}
		c, err := d.DialContext(ctx, network, addr)
		var ne net.Error
		if err != nil && errors.As(err, &ne) && ne.Timeout() && ctx.Err() == nil {
			return nil, &httpError{code: Variant{Case: "connection-timeout"}, err: fmt.Errorf("%w: %v", errConnectTimeout, err)}
		}
		return c, err
	},
	MaxIdleConnsPerHost: 8,
	IdleConnTimeout:     30 * time.Second,
	TLSHandshakeTimeout: 10 * time.Second,
}

var outgoingClient = &http.Client{
	Transport:     outgoingTransport,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

func internalError(msg string) Variant {
	return Variant{Case: "internal-error", Val: Option{Some: true, Val: msg}}
}

// errorCode is the wasi:http error-code for a failed request, given why
// its context ended (nil if it did not).
func errorCode(err, cause error) Variant {
	var he *httpError
	switch {
	case errors.Is(cause, errFirstByteTimeout), errors.Is(cause, errBetweenBytes):
		return Variant{Case: "connection-read-timeout"}
	case errors.Is(cause, errOverallTimeout):
		return Variant{Case: "HTTP-response-timeout"}
	case errors.Is(cause, errStoreClosed):
		return internalError(cause.Error())
	case errors.As(err, &he):
		return he.code
	case errors.Is(err, syscall.ECONNREFUSED):
		return Variant{Case: "connection-refused"}
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return Variant{Case: "connection-terminated"}
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		if dns.IsTimeout {
			return Variant{Case: "DNS-timeout"}
		}
		return Variant{Case: "DNS-error", Val: Record{{"rcode", Option{Some: true, Val: dns.Err}}, {"info-code", Option{}}}}
	}
	return internalError(err.Error())
}

// timedReader reads a response body, failing a read that waits longer than
// d (between-bytes-timeout) and naming the error-code of a failure.
type timedReader struct {
	r      io.ReadCloser
	d      time.Duration
	cancel context.CancelCauseFunc
	cause  func() error
}

func (t *timedReader) Read(p []byte) (int, error) {
	if t.d > 0 {
		tm := time.AfterFunc(t.d, func() { t.cancel(errBetweenBytes) })
		defer tm.Stop()
	}
	n, err := t.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		err = &httpError{code: errorCode(err, t.cause()), err: err}
	}
	return n, err
}

func durationOpt(d time.Duration) Option {
	if d <= 0 {
		return Option{}
	}
	return Option{Some: true, Val: uint64(d)}
}

// send starts req's request and returns the future of its response, or
// the error-code that stops it before anything is sent.
func send(s *Store, r *outgoingRequest, opts requestOptions, overall time.Duration) (*futureResponse, Val) {
	scheme := "https"
	if r.scheme.Some {
		v, _ := r.scheme.Val.(Variant)
		switch v.Case {
		case "HTTP":
			scheme = "http"
		case "HTTPS":
			scheme = "https"
		default:
			return nil, Variant{Case: "HTTP-protocol-error"}
		}
	}
	authority, _ := r.authority.Val.(string)
	if !r.authority.Some || authority == "" {
		return nil, Variant{Case: "HTTP-request-URI-invalid"}
	}
	path := "/"
	if r.path.Some {
		path, _ = r.path.Val.(string)
	}
	if !strings.HasPrefix(path, "/") {
		return nil, Variant{Case: "HTTP-request-URI-invalid"}
	}
	method := strings.ToUpper(r.method.Case)
	if r.method.Case == "other" {
		method, _ = r.method.Val.(string)
	}

	if overall <= 0 {
		overall = DefaultOutgoingTimeout
	}
	base, cancel := context.WithCancelCause(context.Background())
	ctx, stop := context.WithTimeoutCause(base, overall, errOverallTimeout)
	// The request's context lives until the store closes, as long as the
	// guest may read the response.
	s.onClose(func() { cancel(errStoreClosed); stop() })
	cause := func() error { return context.Cause(ctx) }
	if opts.connect > 0 {
		ctx = context.WithValue(ctx, connectTimeoutKey{}, opts.connect)
	}
	if opts.firstByte > 0 {
		var timer *time.Timer
		ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
			GotConn: func(httptrace.GotConnInfo) {
				timer = time.AfterFunc(opts.firstByte, func() { cancel(errFirstByteTimeout) })
			},
			GotFirstResponseByte: func() {
				if timer != nil {
					timer.Stop()
				}
			},
		})
	}
	var body io.Reader
	if r.body != nil {
		body = r.body.reader()
	}
	req, err := http.NewRequestWithContext(ctx, method, scheme+"://"+authority+path, body)
	if err != nil {
		if r.body != nil && r.body.pw != nil {
			r.body.pw.CloseWithError(err)
		}
		return nil, Variant{Case: "HTTP-request-URI-invalid"}
	}
	if body == nil {
		req.Body = http.NoBody
	} else if r.body.finished {
		req.ContentLength = int64(r.body.buf.Len())
	} else {
		req.ContentLength = -1
	}
	for _, h := range r.headers.kv {
		switch strings.ToLower(h.name) {
		case "host":
			req.Host = string(h.value)
		case "content-length":
			if n, err := strconv.ParseInt(string(h.value), 10, 64); err == nil && body != nil {
				req.ContentLength = n
			}
		case "connection", "transfer-encoding", "keep-alive", "upgrade", "proxy-connection":
		default:
			req.Header.Add(h.name, string(h.value))
		}
	}
	f := &futureResponse{done: make(chan struct{}), cancel: cancel, cause: cause, opts: opts}
	go func() {
		defer close(f.done)
		resp, err := outgoingClient.Do(req)
		if err != nil {
			f.code = errorCode(err, context.Cause(ctx))
			return
		}
		f.resp = resp
	}()
	return f, nil
}

// outgoingHandler implements wasi:http/outgoing-handler with Go's HTTP
// client; every request ends within overall.
func outgoingHandler(overall time.Duration) Interface {
	return Interface{
		Name: versioned("wasi:http/outgoing-handler"),
		Funcs: map[string]HostFunc{
			"handle": func(s *Store, args []Val) ([]Val, error) {
				x, err := s.Take(args[0])
				if err != nil {
					return nil, err
				}
				r, isRequest := x.(*outgoingRequest)
				if !isRequest {
					return nil, fmt.Errorf("handle: %T is not an outgoing-request", x)
				}
				var opts requestOptions
				if o, _ := args[1].(Option); o.Some {
					y, err := s.Take(o.Val)
					if err != nil {
						return nil, err
					}
					if p, isOpts := y.(*requestOptions); isOpts {
						opts = *p
					}
				}
				f, code := send(s, r, opts, overall)
				if code != nil {
					return []Val{fail(code)}, nil
				}
				return []Val{ok(own(tFutureIncomingResponse, s.Put(f)))}, nil
			},
		},
	}
}

// outgoingTypes are the functions of wasi:http/types for outgoing requests
// and their responses.
func outgoingTypes(one func(f func(s *Store, args []Val) (Val, error)) HostFunc) map[string]HostFunc {
	req := func(f func(s *Store, r *outgoingRequest, args []Val) (Val, error)) HostFunc {
		return one(func(s *Store, args []Val) (Val, error) {
			r, err := get[*outgoingRequest](s, args[0])
			if err != nil {
				return nil, err
			}
			return f(s, r, args[1:])
		})
	}
	opt := func(f func(o *requestOptions, args []Val) (Val, error)) HostFunc {
		return one(func(s *Store, args []Val) (Val, error) {
			o, err := get[*requestOptions](s, args[0])
			if err != nil {
				return nil, err
			}
			return f(o, args[1:])
		})
	}
	setDuration := func(field func(o *requestOptions) *time.Duration) HostFunc {
		return opt(func(o *requestOptions, args []Val) (Val, error) {
			d, _ := args[0].(Option)
			*field(o) = 0
			if d.Some {
				n, err := u64(d.Val)
				if err != nil {
					return nil, err
				}
				if n == 0 || n > uint64(1<<62) {
					return fail(nil), nil
				}
				*field(o) = time.Duration(n)
			}
			return ok(nil), nil
		})
	}
	getDuration := func(field func(o *requestOptions) *time.Duration) HostFunc {
		return opt(func(o *requestOptions, args []Val) (Val, error) { return durationOpt(*field(o)), nil })
	}
	connect := func(o *requestOptions) *time.Duration { return &o.connect }
	firstByte := func(o *requestOptions) *time.Duration { return &o.firstByte }
	betweenBytes := func(o *requestOptions) *time.Duration { return &o.betweenBytes }
	future := func(f func(s *Store, fr *futureResponse) (Val, error)) HostFunc {
		return one(func(s *Store, args []Val) (Val, error) {
			fr, err := get[*futureResponse](s, args[0])
			if err != nil {
				return nil, err
			}
			return f(s, fr)
		})
	}
	resp := func(f func(s *Store, r *incomingResponse) (Val, error)) HostFunc {
		return one(func(s *Store, args []Val) (Val, error) {
			r, err := get[*incomingResponse](s, args[0])
			if err != nil {
				return nil, err
			}
			return f(s, r)
		})
	}
	return map[string]HostFunc{
		"[constructor]outgoing-request": one(func(s *Store, args []Val) (Val, error) {
			h, err := s.Take(args[0])
			if err != nil {
				return nil, err
			}
			fs, _ := h.(*fields)
			if fs == nil {
				fs = &fields{}
			}
			return own(tOutgoingRequest, s.Put(&outgoingRequest{method: Variant{Case: "get"}, headers: fs})), nil
		}),
		"[method]outgoing-request.body": req(func(s *Store, r *outgoingRequest, args []Val) (Val, error) {
			if r.body != nil {
				return fail(nil), nil
			}
			r.body = &requestBody{}
			return ok(own(tOutgoingBody, s.Put(r.body))), nil
		}),
		"[method]outgoing-request.method": req(func(s *Store, r *outgoingRequest, args []Val) (Val, error) {
			return r.method, nil
		}),
		"[method]outgoing-request.set-method": req(func(s *Store, r *outgoingRequest, args []Val) (Val, error) {
			m, _ := args[0].(Variant)
			if m.Case == "other" {
				name, _ := m.Val.(string)
				if name == "" || strings.ContainsAny(name, " \t\r\n()<>@,;:\\\"/[]?={}") {
					return fail(nil), nil
				}
			}
			r.method = m
			return ok(nil), nil
		}),
		"[method]outgoing-request.path-with-query": req(func(s *Store, r *outgoingRequest, args []Val) (Val, error) {
			return r.path, nil
		}),
		"[method]outgoing-request.set-path-with-query": req(func(s *Store, r *outgoingRequest, args []Val) (Val, error) {
			p, _ := args[0].(Option)
			if p.Some {
				if v, _ := p.Val.(string); strings.ContainsAny(v, " \r\n") {
					return fail(nil), nil
				}
			}
			r.path = p
			return ok(nil), nil
		}),
		"[method]outgoing-request.scheme": req(func(s *Store, r *outgoingRequest, args []Val) (Val, error) {
			return r.scheme, nil
		}),
		"[method]outgoing-request.set-scheme": req(func(s *Store, r *outgoingRequest, args []Val) (Val, error) {
			r.scheme, _ = args[0].(Option)
			return ok(nil), nil
		}),
		"[method]outgoing-request.authority": req(func(s *Store, r *outgoingRequest, args []Val) (Val, error) {
			return r.authority, nil
		}),
		"[method]outgoing-request.set-authority": req(func(s *Store, r *outgoingRequest, args []Val) (Val, error) {
			a, _ := args[0].(Option)
			if a.Some {
				if v, _ := a.Val.(string); strings.ContainsAny(v, " /?#@\r\n") {
					return fail(nil), nil
				}
			}
			r.authority = a
			return ok(nil), nil
		}),
		"[method]outgoing-request.headers": req(func(s *Store, r *outgoingRequest, args []Val) (Val, error) {
			return own(tFields, s.Put(r.headers)), nil
		}),
		"[constructor]request-options": one(func(s *Store, args []Val) (Val, error) {
			return own(tRequestOptions, s.Put(&requestOptions{})), nil
		}),
		"[method]request-options.connect-timeout":           getDuration(connect),
		"[method]request-options.set-connect-timeout":       setDuration(connect),
		"[method]request-options.first-byte-timeout":        getDuration(firstByte),
		"[method]request-options.set-first-byte-timeout":    setDuration(firstByte),
		"[method]request-options.between-bytes-timeout":     getDuration(betweenBytes),
		"[method]request-options.set-between-bytes-timeout": setDuration(betweenBytes),
		"[method]future-incoming-response.subscribe": future(func(s *Store, fr *futureResponse) (Val, error) {
			return own(tPollable, s.Put(&pollable{done: fr.done})), nil
		}),
		"[method]future-incoming-response.get": future(func(s *Store, fr *futureResponse) (Val, error) {
			select {
			case <-fr.done:
			default:
				return Option{}, nil
			}
			if fr.taken {
				return Option{Some: true, Val: fail(nil)}, nil
			}
			fr.taken = true
			if fr.resp == nil {
				return Option{Some: true, Val: ok(fail(fr.code))}, nil
			}
			hdr := &fields{}
			for name, vs := range fr.resp.Header {
				for _, v := range vs {
					hdr.kv = append(hdr.kv, header{strings.ToLower(name), []byte(v)})
				}
			}
			body := &inStream{r: &timedReader{r: fr.resp.Body, d: fr.opts.betweenBytes, cancel: fr.cancel, cause: fr.cause}}
			ir := &incomingResponse{status: uint16(fr.resp.StatusCode), headers: hdr, body: body}
			return Option{Some: true, Val: ok(ok(own(tIncomingResponse, s.Put(ir))))}, nil
		}),
		"[method]incoming-response.status": resp(func(s *Store, r *incomingResponse) (Val, error) {
			return r.status, nil
		}),
		"[method]incoming-response.headers": resp(func(s *Store, r *incomingResponse) (Val, error) {
			return own(tFields, s.Put(r.headers)), nil
		}),
		"[method]incoming-response.consume": resp(func(s *Store, r *incomingResponse) (Val, error) {
			if r.consumed {
				return fail(nil), nil
			}
			r.consumed = true
			return ok(own(tIncomingBody, s.Put(r.body))), nil
		}),
	}
}
