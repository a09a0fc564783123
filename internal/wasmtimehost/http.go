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
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

type header struct {
	name  string
	value []byte
}

type fields struct{ kv []header }

func (f *fields) get(name string) List {
	out := List{}
	for _, h := range f.kv {
		if strings.EqualFold(h.name, name) {
			out = append(out, h.value)
		}
	}
	return out
}

func (f *fields) del(name string) {
	kv := f.kv[:0]
	for _, h := range f.kv {
		if !strings.EqualFold(h.name, name) {
			kv = append(kv, h)
		}
	}
	f.kv = kv
}

type incomingRequest struct {
	r        *http.Request
	headers  *fields
	consumed bool
}

type outgoingResponse struct {
	status  uint16
	headers *fields
	body    bool
}

// exchange is one HTTP request and its response, one per store.
type exchange struct {
	w         http.ResponseWriter
	committed bool
	pending   bytes.Buffer // body written before response-outparam.set
	status    int
}

func (ex *exchange) Write(p []byte) (int, error) {
	if !ex.committed {
		return ex.pending.Write(p)
	}
	return ex.w.Write(p)
}

func (ex *exchange) flush() {
	if f, isFlusher := ex.w.(http.Flusher); isFlusher && ex.committed {
		f.Flush()
	}
}

func methodVal(m string) Variant {
	switch m {
	case "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH":
		return Variant{Case: strings.ToLower(m)}
	}
	return Variant{Case: "other", Val: m}
}

func stringOf(v Val) (string, error) {
	s, isString := v.(string)
	if !isString {
		return "", fmt.Errorf("expected string, got %T", v)
	}
	return s, nil
}

// httpTypes implements wasi:http/types: incoming requests and their
// responses, and outgoing requests (outgoingTypes) for outgoingHandler.
func httpTypes() Interface {
	one := func(f func(s *Store, args []Val) (Val, error)) HostFunc {
		return func(s *Store, args []Val) ([]Val, error) {
			v, err := f(s, args)
			if err != nil {
				return nil, err
			}
			return []Val{v}, nil
		}
	}
	fieldsMethod := func(f func(s *Store, fs *fields, args []Val) (Val, error)) HostFunc {
		return one(func(s *Store, args []Val) (Val, error) {
			fs, err := get[*fields](s, args[0])
			if err != nil {
				return nil, err
			}
			return f(s, fs, args[1:])
		})
	}
	values := func(v Val) ([][]byte, error) {
		l, _ := v.(List)
		out := make([][]byte, len(l))
		for i, x := range l {
			b, err := bytesOf(x)
			if err != nil {
				return nil, err
			}
			out[i] = b
		}
		return out, nil
	}
	iface := Interface{
		Name:    versioned("wasi:http/types"),
		Partial: true,
		Resources: map[string]uint32{
			"fields": tFields, "incoming-request": tIncomingRequest, "outgoing-request": tOutgoingRequest,
			"request-options": tRequestOptions, "response-outparam": tResponseOutparam,
			"incoming-response": tIncomingResponse, "incoming-body": tIncomingBody,
			"future-trailers": tFutureTrailers, "outgoing-response": tOutgoingResponse,
			"outgoing-body": tOutgoingBody, "future-incoming-response": tFutureIncomingResponse,
		},
		Funcs: map[string]HostFunc{
			"http-error-code": one(func(s *Store, args []Val) (Val, error) {
				e, err := get[*ioError](s, args[0])
				if err != nil || e.code == nil {
					return Option{}, err
				}
				return Option{Some: true, Val: e.code}, nil
			}),
			"[constructor]fields": one(func(s *Store, args []Val) (Val, error) { return own(tFields, s.Put(&fields{})), nil }),
			"[static]fields.from-list": one(func(s *Store, args []Val) (Val, error) {
				kv, err := pairsOf(args[0], "fields.from-list")
				if err != nil {
					return nil, err
				}
				return ok(own(tFields, s.Put(&fields{kv: kv}))), nil
			}),
			"[method]fields.get": fieldsMethod(func(s *Store, fs *fields, args []Val) (Val, error) {
				name, err := stringOf(args[0])
				return fs.get(name), err
			}),
			"[method]fields.has": fieldsMethod(func(s *Store, fs *fields, args []Val) (Val, error) {
				name, err := stringOf(args[0])
				return len(fs.get(name)) > 0, err
			}),
			"[method]fields.set": fieldsMethod(func(s *Store, fs *fields, args []Val) (Val, error) {
				name, err := stringOf(args[0])
				if err != nil {
					return nil, err
				}
				vs, err := values(args[1])
				if err != nil {
					return nil, err
				}
				fs.del(name)
				for _, v := range vs {
					fs.kv = append(fs.kv, header{name, v})
				}
				return ok(nil), nil
			}),
			"[method]fields.delete": fieldsMethod(func(s *Store, fs *fields, args []Val) (Val, error) {
				name, err := stringOf(args[0])
				fs.del(name)
				return ok(nil), err
			}),
			"[method]fields.append": fieldsMethod(func(s *Store, fs *fields, args []Val) (Val, error) {
				name, err := stringOf(args[0])
				if err != nil {
					return nil, err
				}
				b, err := bytesOf(args[1])
				fs.kv = append(fs.kv, header{name, b})
				return ok(nil), err
			}),
			"[method]fields.entries": fieldsMethod(func(s *Store, fs *fields, args []Val) (Val, error) {
				out := List{}
				for _, h := range fs.kv {
					out = append(out, Tuple{h.name, h.value})
				}
				return out, nil
			}),
			"[method]fields.clone": fieldsMethod(func(s *Store, fs *fields, args []Val) (Val, error) {
				return own(tFields, s.Put(&fields{kv: append([]header(nil), fs.kv...)})), nil
			}),
			"[method]incoming-request.method": one(func(s *Store, args []Val) (Val, error) {
				r, err := get[*incomingRequest](s, args[0])
				if err != nil {
					return nil, err
				}
				return methodVal(r.r.Method), nil
			}),
			"[method]incoming-request.path-with-query": one(func(s *Store, args []Val) (Val, error) {
				r, err := get[*incomingRequest](s, args[0])
				if err != nil {
					return nil, err
				}
				return Option{Some: true, Val: r.r.URL.RequestURI()}, nil
			}),
			"[method]incoming-request.scheme": one(func(s *Store, args []Val) (Val, error) {
				return Option{Some: true, Val: Variant{Case: "HTTP"}}, nil
			}),
			"[method]incoming-request.authority": one(func(s *Store, args []Val) (Val, error) {
				r, err := get[*incomingRequest](s, args[0])
				if err != nil {
					return nil, err
				}
				return Option{Some: true, Val: r.r.Host}, nil
			}),
			"[method]incoming-request.headers": one(func(s *Store, args []Val) (Val, error) {
				r, err := get[*incomingRequest](s, args[0])
				if err != nil {
					return nil, err
				}
				return own(tFields, s.Put(r.headers)), nil
			}),
			"[method]incoming-request.consume": one(func(s *Store, args []Val) (Val, error) {
				r, err := get[*incomingRequest](s, args[0])
				if err != nil {
					return nil, err
				}
				if r.consumed {
					return fail(nil), nil
				}
				r.consumed = true
				return ok(own(tIncomingBody, s.Put(&inStream{r: r.r.Body}))), nil
			}),
			"[method]incoming-body.stream": one(func(s *Store, args []Val) (Val, error) {
				b, err := get[*inStream](s, args[0])
				if err != nil {
					return nil, err
				}
				return ok(own(tInputStream, s.Put(b))), nil
			}),
			"[static]incoming-body.finish": one(func(s *Store, args []Val) (Val, error) {
				if _, err := s.Take(args[0]); err != nil {
					return nil, err
				}
				return own(tFutureTrailers, s.Put(struct{}{})), nil
			}),
			"[method]future-trailers.subscribe": one(func(s *Store, args []Val) (Val, error) { return ready(s), nil }),
			"[method]future-trailers.get": one(func(s *Store, args []Val) (Val, error) {
				return Option{Some: true, Val: ok(ok(Option{}))}, nil
			}),
			"[constructor]outgoing-response": one(func(s *Store, args []Val) (Val, error) {
				h, err := s.Take(args[0])
				if err != nil {
					return nil, err
				}
				fs, _ := h.(*fields)
				return own(tOutgoingResponse, s.Put(&outgoingResponse{status: 200, headers: fs})), nil
			}),
			"[method]outgoing-response.status-code": one(func(s *Store, args []Val) (Val, error) {
				r, err := get[*outgoingResponse](s, args[0])
				if err != nil {
					return nil, err
				}
				return r.status, nil
			}),
			"[method]outgoing-response.set-status-code": one(func(s *Store, args []Val) (Val, error) {
				r, err := get[*outgoingResponse](s, args[0])
				if err != nil {
					return nil, err
				}
				code, _ := args[1].(uint16)
				if code < 100 || code > 999 {
					return fail(nil), nil
				}
				r.status = code
				return ok(nil), nil
			}),
			"[method]outgoing-response.headers": one(func(s *Store, args []Val) (Val, error) {
				r, err := get[*outgoingResponse](s, args[0])
				if err != nil {
					return nil, err
				}
				return own(tFields, s.Put(r.headers)), nil
			}),
			"[method]outgoing-response.body": one(func(s *Store, args []Val) (Val, error) {
				r, err := get[*outgoingResponse](s, args[0])
				if err != nil {
					return nil, err
				}
				if r.body {
					return fail(nil), nil
				}
				r.body = true
				return ok(own(tOutgoingBody, s.Put(r))), nil
			}),
			"[method]outgoing-body.write": one(func(s *Store, args []Val) (Val, error) {
				x, err := s.Get(args[0])
				if err != nil {
					return nil, err
				}
				if rb, isRequest := x.(*requestBody); isRequest {
					return ok(own(tOutputStream, s.Put(&outStream{w: rb}))), nil
				}
				ex, isExchange := s.Data.(*exchange)
				if !isExchange {
					return nil, errors.New("outgoing-body.write outside a request")
				}
				return ok(own(tOutputStream, s.Put(&outStream{w: ex, flush: ex.flush}))), nil
			}),
			"[static]outgoing-body.finish": one(func(s *Store, args []Val) (Val, error) {
				x, err := s.Take(args[0])
				if err != nil {
					return nil, err
				}
				if rb, isRequest := x.(*requestBody); isRequest {
					rb.finish()
					return ok(nil), nil
				}
				if ex, isExchange := s.Data.(*exchange); isExchange {
					ex.flush()
				}
				return ok(nil), nil
			}),
			"[static]response-outparam.set": func(s *Store, args []Val) ([]Val, error) {
				if _, err := s.Take(args[0]); err != nil {
					return nil, err
				}
				ex, isExchange := s.Data.(*exchange)
				if !isExchange {
					return nil, errors.New("response-outparam.set outside a request")
				}
				if ex.committed {
					return nil, errors.New("response-outparam.set called twice")
				}
				res, _ := args[1].(Result)
				if !res.Ok {
					ex.status = http.StatusInternalServerError
					http.Error(ex.w, fmt.Sprintf("handler error: %v", res.Val), ex.status)
					ex.committed = true
					return nil, nil
				}
				x, err := s.Take(res.Val)
				if err != nil {
					return nil, err
				}
				resp := x.(*outgoingResponse)
				for _, h := range resp.headers.kv {
					ex.w.Header().Add(h.name, string(h.value))
				}
				ex.status = int(resp.status)
				ex.w.WriteHeader(ex.status)
				ex.committed = true
				if ex.pending.Len() > 0 {
					ex.w.Write(ex.pending.Bytes())
					ex.pending.Reset()
				}
				ex.flush()
				return nil, nil
			},
		},
	}
	for name, f := range outgoingTypes(one) {
		iface.Funcs[name] = f
	}
	return iface
}

// NewHTTPLinker returns a linker for wasi:http/incoming-handler components:
// the WASI interfaces, wasi:http/types and outgoing-handler, and
// wasi:keyvalue implemented by this host, with guest output going to log.
// Imports it lacks trap when called.
func (e *Engine) NewHTTPLinker(log io.Writer) (*Linker, error) {
	l := newLinker(e)
	ifaces := append(wasiInterfaces(log), httpTypes(), outgoingHandler(e.OutgoingTimeout))
	if err := l.Define(append(ifaces, keyValueInterfaces()...)...); err != nil {
		return nil, err
	}
	return l, nil
}

// Handler serves HTTP requests with a component's
// wasi:http/incoming-handler, one store and instance per request as
// `wasmtime serve` does.
type Handler struct {
	linker   *Linker
	comp     *Component
	export   string
	Env      [][2]string
	ErrorLog io.Writer

	// Instances counts instantiations so far.
	Instances atomic.Int64
}

// NewHandler compiles nothing: c is compiled already; it checks that c
// exports the handler and links.
func NewHandler(e *Engine, c *Component, log io.Writer) (*Handler, error) {
	export, found := c.ExportNamed("wasi:http/incoming-handler")
	if !found {
		return nil, errors.New("the component exports no wasi:http/incoming-handler")
	}
	l, err := e.NewHTTPLinker(log)
	if err != nil {
		return nil, err
	}
	if err := l.DefineTraps(c); err != nil {
		return nil, err
	}
	return &Handler{linker: l, comp: c, export: export, ErrorLog: log}, nil
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s := h.linker.NewStore()
	defer s.Close()
	s.Env = h.Env
	ex := &exchange{w: w}
	s.Data = ex
	in, err := s.Instantiate(h.comp)
	h.Instances.Add(1)
	if err != nil {
		fmt.Fprintf(h.ErrorLog, "instantiate: %v\n", err)
		http.Error(w, "instantiate failed", http.StatusInternalServerError)
		return
	}
	hdr := &fields{}
	for name, vs := range r.Header {
		for _, v := range vs {
			hdr.kv = append(hdr.kv, header{strings.ToLower(name), []byte(v)})
		}
	}
	req := own(tIncomingRequest, s.Put(&incomingRequest{r: r, headers: hdr}))
	out := own(tResponseOutparam, s.Put(struct{}{}))
	if _, err := in.Call(h.export, "handle", 0, req, out); err != nil {
		fmt.Fprintf(h.ErrorLog, "%s %s: %v\n", r.Method, r.URL, err)
		if !ex.committed {
			http.Error(w, "handler trapped", http.StatusInternalServerError)
		}
		return
	}
	if !ex.committed {
		fmt.Fprintf(h.ErrorLog, "%s %s: the handler set no response\n", r.Method, r.URL)
		http.Error(w, "no response", http.StatusInternalServerError)
	}
}

// serveHTTP serves path on addr until SIGINT or SIGTERM; each outgoing
// request of the component ends within outgoingTimeout. It prints the
// address it listens on (useful with port 0) as its first line on log.
func serveHTTP(path, addr string, outgoingTimeout time.Duration, pooling bool, log io.Writer) error {
	e := newEngine(pooling)
	e.OutgoingTimeout = outgoingTimeout
	c, err := load(e, path)
	if err != nil {
		return err
	}
	h, err := NewHandler(e, c, log)
	if err != nil {
		return err
	}
	for _, kv := range os.Environ() {
		if k, v, found := strings.Cut(kv, "="); found {
			h.Env = append(h.Env, [2]string{k, v})
		}
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(log, "serving http://%s\n", ln.Addr())
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
