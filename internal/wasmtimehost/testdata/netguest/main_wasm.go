// Command netguest is the wasmtime test host's guest for wasi:keyvalue and
// wasi:http/outgoing-handler: each request is one operation, its result the
// response body.
//
//	/instance                          how many requests this instance served (1: a new instance each)
//	/kv/{get,set,delete,exists}?bucket=B&key=K[&value=V]
//	/kv/list?bucket=B                  the keys, comma-separated
//	/kv/incr?bucket=B&key=K            atomics.increment by 1
//	/fetch?url=U[&first-byte-ms=N]     GET U: "status=S x-test=H\n" and U's body, or 502 "error: CODE"
package main

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/wasmcp/wasmcp/cabi"
	b "github.com/wasmcp/wasmcp/internal/wasmtimehost/testdata/netguest/bindings"
)

func main() {}

func init() { b.ExportIncomingHandler(handler{}) }

var served int

type handler struct{}

func (handler) Handle(req b.IncomingRequest, out b.ResponseOutparam) {
	served++
	pq, _ := req.PathWithQuery().Get()
	req.Drop()
	u, err := url.Parse(pq)
	if err != nil {
		respond(out, 400, err.Error())
		return
	}
	q := u.Query()
	switch {
	case u.Path == "/instance":
		respond(out, 200, strconv.Itoa(served))
	case strings.HasPrefix(u.Path, "/kv/"):
		status, body := keyValue(strings.TrimPrefix(u.Path, "/kv/"), q)
		respond(out, status, body)
	case u.Path == "/fetch":
		status, body := fetch(q.Get("url"), q.Get("first-byte-ms"))
		respond(out, status, body)
	default:
		respond(out, 404, "no route")
	}
}

func kvError(e b.Error) string {
	if msg, isOther := e.AsOther(); isOther {
		return "other: " + msg
	}
	if e.IsNoSuchStore() {
		return "no-such-store"
	}
	return "access-denied"
}

func keyValue(op string, q url.Values) (int, string) {
	bucket, err := b.Open(q.Get("bucket")).Unwrap()
	if err != nil {
		return 500, "open: " + err.Error()
	}
	defer bucket.Drop()
	key := q.Get("key")
	switch op {
	case "get":
		r := bucket.Get(key)
		if e, failed := r.Err(); failed {
			return 500, kvError(e)
		}
		v, _ := r.Ok()
		if val, found := v.Get(); found {
			return 200, string(val)
		}
		return 404, "missing"
	case "set":
		if e, failed := bucket.Set(key, []byte(q.Get("value"))).Err(); failed {
			return 500, kvError(e)
		}
		return 200, "ok"
	case "delete":
		if e, failed := bucket.Delete(key).Err(); failed {
			return 500, kvError(e)
		}
		return 200, "ok"
	case "exists":
		r := bucket.Exists(key)
		if e, failed := r.Err(); failed {
			return 500, kvError(e)
		}
		v, _ := r.Ok()
		return 200, strconv.FormatBool(v)
	case "list":
		r := bucket.ListKeys(cabi.None[uint64]())
		if e, failed := r.Err(); failed {
			return 500, kvError(e)
		}
		v, _ := r.Ok()
		return 200, strings.Join(v.Keys, ",")
	case "incr":
		r := b.Increment(bucket, key, 1)
		if e, failed := r.Err(); failed {
			return 500, kvError(e)
		}
		v, _ := r.Ok()
		return 200, strconv.FormatUint(v, 10)
	}
	return 404, "no such operation"
}

// errorCodes are the cases of wasi:http/types' error-code, in order.
var errorCodes = strings.Fields(`DNS-timeout DNS-error destination-not-found destination-unavailable
destination-IP-prohibited destination-IP-unroutable connection-refused connection-terminated
connection-timeout connection-read-timeout connection-write-timeout connection-limit-reached
TLS-protocol-error TLS-certificate-error TLS-alert-received HTTP-request-denied
HTTP-request-length-required HTTP-request-body-size HTTP-request-method-invalid
HTTP-request-URI-invalid HTTP-request-URI-too-long HTTP-request-header-section-size
HTTP-request-header-size HTTP-request-trailer-section-size HTTP-request-trailer-size
HTTP-response-incomplete HTTP-response-header-section-size HTTP-response-header-size
HTTP-response-body-size HTTP-response-trailer-section-size HTTP-response-trailer-size
HTTP-response-transfer-coding HTTP-response-content-coding HTTP-response-timeout
HTTP-upgrade-failed HTTP-protocol-error loop-detected configuration-error internal-error`)

func codeName(c b.ErrorCode) string {
	if int(c.Tag()) < len(errorCodes) {
		return errorCodes[c.Tag()]
	}
	return fmt.Sprintf("error-code %d", c.Tag())
}

// fetch GETs raw with wasi:http/outgoing-handler: it waits on the future's
// pollable, then reads the body to its end.
func fetch(raw, firstByteMS string) (int, string) {
	u, err := url.Parse(raw)
	if err != nil {
		return 400, err.Error()
	}
	hdr := b.NewFields()
	hdr.Append("accept", []byte("application/json"))
	req := b.NewOutgoingRequest(hdr)
	scheme := b.SchemeHTTPS()
	if u.Scheme == "http" {
		scheme = b.SchemeHTTP()
	}
	req.SetScheme(cabi.Some(scheme))
	req.SetAuthority(cabi.Some(u.Host))
	req.SetPathWithQuery(cabi.Some(u.RequestURI()))
	opts := cabi.None[b.RequestOptions]()
	if firstByteMS != "" {
		ms, _ := strconv.Atoi(firstByteMS)
		o := b.NewRequestOptions()
		o.SetFirstByteTimeout(cabi.Some(b.Duration(ms) * 1_000_000))
		o.SetBetweenBytesTimeout(cabi.Some(b.Duration(ms) * 1_000_000))
		opts = cabi.Some(o)
	}
	fr := b.Handle(req, opts)
	if code, failed := fr.Err(); failed {
		return 502, "error: " + codeName(code)
	}
	future, _ := fr.Ok()
	defer future.Drop()
	p := future.Subscribe()
	p.Block()
	p.Drop()
	got, ready := future.Get().Get()
	if !ready {
		return 500, "future not ready after its pollable was"
	}
	inner, once := got.Ok()
	if !once {
		return 500, "response taken twice"
	}
	if code, failed := inner.Err(); failed {
		return 502, "error: " + codeName(code)
	}
	resp, _ := inner.Ok()
	defer resp.Drop()
	var xTest string
	h := resp.Headers()
	if vs := h.Get("x-test"); len(vs) > 0 {
		xTest = string(vs[0])
	}
	h.Drop()
	body, err := resp.Consume().Unwrap()
	if err != nil {
		return 500, "consume: " + err.Error()
	}
	s, err := body.Stream().Unwrap()
	if err != nil {
		return 500, "stream: " + err.Error()
	}
	var data []byte
	for {
		r := s.BlockingRead(64 << 10)
		if e, failed := r.Err(); failed {
			if ioErr, isFailure := e.AsLastOperationFailed(); isFailure {
				msg := "body: " + ioErr.ToDebugString()
				if c, known := b.HttpErrorCode(ioErr).Get(); known {
					msg = "error: " + codeName(c)
				}
				ioErr.Drop()
				s.Drop()
				return 502, msg
			}
			break
		}
		chunk, _ := r.Ok()
		data = append(data, chunk...)
	}
	s.Drop()
	b.IncomingBodyFinish(body).Drop()
	return 200, fmt.Sprintf("status=%d x-test=%s\n%s", resp.Status(), xTest, data)
}

func respond(out b.ResponseOutparam, status int, body string) {
	h := b.NewFields()
	h.Append("content-type", []byte("text/plain; charset=utf-8"))
	resp := b.NewOutgoingResponse(h)
	resp.SetStatusCode(uint16(status))
	ob, err := resp.Body().Unwrap()
	b.ResponseOutparamSet(out, cabi.Ok[b.OutgoingResponse, b.ErrorCode](resp))
	if err != nil {
		return
	}
	w, err := ob.Write().Unwrap()
	if err == nil {
		data := []byte(body)
		for len(data) > 0 {
			n := min(4096, len(data))
			if w.BlockingWriteAndFlush(data[:n]).IsErr() {
				break
			}
			data = data[n:]
		}
		w.Drop()
	}
	b.OutgoingBodyFinish(ob, cabi.None[b.Fields]())
}
