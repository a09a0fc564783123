//go:build wasip1 && wasmcp_http && wasmcp_oauth

package main

// The JWKS of an oauth-mode server, fetched through
// wasi:http/outgoing-handler. A wasm instance has one thread: while it
// waits on a host call, no Go timer runs, so the fetch bounds every wait
// itself, with the request options' timeouts and by polling each pollable
// together with a clock.

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/wasmcp/wasmcp/auth"
	"github.com/wasmcp/wasmcp/cabi"
	wasiclock "github.com/wasmcp/wasmcp/framework/server/iface/wasi/clocks/v0.2.12/monotonic-clock"
	wasioutgoing "github.com/wasmcp/wasmcp/framework/server/iface/wasi/http/v0.2.12/outgoing-handler"
	wasihttp "github.com/wasmcp/wasmcp/framework/server/iface/wasi/http/v0.2.12/types"
	wasipoll "github.com/wasmcp/wasmcp/framework/server/iface/wasi/io/v0.2.12/poll"
)

// wasiFetcher implements auth.Fetcher: a GET that must answer 200 with at
// most auth.MaxJWKSSize bytes before the context's deadline (the JWKS
// cache sets it from JWT_JWKS_TIMEOUT).
type wasiFetcher struct{}

var errTimeout = errors.New("timed out")

func (wasiFetcher) Fetch(ctx context.Context, rawURL string) ([]byte, error) {
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(auth.DefaultJWKSTimeout)
	}
	budget := time.Until(deadline)
	if budget <= 0 {
		return nil, fmt.Errorf("GET %s: %w", rawURL, errTimeout)
	}
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("GET %s: not an absolute URL", rawURL)
	}
	hdr := wasihttp.NewFields()
	hdr.Append("accept", []byte("application/jwk-set+json, application/json"))
	req := wasihttp.NewOutgoingRequest(hdr)
	scheme := wasihttp.SchemeHTTPS()
	if u.Scheme == "http" {
		scheme = wasihttp.SchemeHTTP()
	}
	req.SetScheme(cabi.Some(scheme))
	req.SetAuthority(cabi.Some(u.Host))
	req.SetPathWithQuery(cabi.Some(u.RequestURI()))
	// A host may not support some of the timeouts; the polls below bound
	// the wait all the same.
	opts := wasihttp.NewRequestOptions()
	d := cabi.Some(wasiclock.Duration(budget.Nanoseconds()))
	opts.SetConnectTimeout(d)
	opts.SetFirstByteTimeout(d)
	opts.SetBetweenBytesTimeout(d)
	fr := wasioutgoing.Handle(req, cabi.Some(opts))
	if code, failed := fr.Err(); failed {
		return nil, fmt.Errorf("GET %s: %s", rawURL, errorCodeText(code))
	}
	future, _ := fr.Ok()
	defer future.Drop()
	if !waitUntil(future.Subscribe(), deadline) {
		return nil, fmt.Errorf("GET %s: no answer: %w", rawURL, errTimeout)
	}
	got, ready := future.Get().Get()
	if !ready {
		return nil, fmt.Errorf("GET %s: no answer", rawURL)
	}
	inner, _ := got.Ok()
	if code, failed := inner.Err(); failed {
		return nil, fmt.Errorf("GET %s: %s", rawURL, errorCodeText(code))
	}
	resp, _ := inner.Ok()
	defer resp.Drop()
	if st := resp.Status(); st != 200 {
		return nil, fmt.Errorf("GET %s: status %d", rawURL, st)
	}
	body, err := resp.Consume().Unwrap()
	if err != nil {
		return nil, fmt.Errorf("GET %s: no body", rawURL)
	}
	data, err := readAll(body, deadline, auth.MaxJWKSSize)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", rawURL, err)
	}
	return data, nil
}

// readAll reads a response body to its end, at most max bytes, before the
// deadline; it finishes the body.
func readAll(body wasihttp.IncomingBody, deadline time.Time, max int) ([]byte, error) {
	s, err := body.Stream().Unwrap()
	if err != nil {
		wasihttp.IncomingBodyFinish(body).Drop()
		return nil, errors.New("no body stream")
	}
	var data []byte
	for {
		r := s.Read(16 << 10)
		if e, failed := r.Err(); failed {
			s.Drop()
			wasihttp.IncomingBodyFinish(body).Drop()
			if e.IsClosed() {
				return data, nil
			}
			return nil, errors.New("reading the body failed")
		}
		chunk, _ := r.Ok()
		data = append(data, chunk...)
		if len(data) > max {
			s.Drop()
			wasihttp.IncomingBodyFinish(body).Drop()
			return nil, fmt.Errorf("more than %d bytes", max)
		}
		if len(chunk) == 0 && !waitUntil(s.Subscribe(), deadline) {
			s.Drop()
			wasihttp.IncomingBodyFinish(body).Drop()
			return nil, fmt.Errorf("reading the body: %w", errTimeout)
		}
	}
}

// waitUntil waits until p is ready or the deadline passes, reports which,
// and drops p.
func waitUntil(p wasipoll.Pollable, deadline time.Time) bool {
	defer p.Drop()
	left := time.Until(deadline)
	if left <= 0 {
		return p.Ready()
	}
	clock := wasiclock.SubscribeDuration(wasiclock.Duration(left.Nanoseconds()))
	defer clock.Drop()
	for _, i := range wasipoll.Poll([]wasipoll.Pollable{p, clock}) {
		if i == 0 {
			return true
		}
	}
	return p.Ready()
}

// errorCodeText names the wasi:http error codes a JWKS fetch meets.
func errorCodeText(c wasihttp.ErrorCode) string {
	switch {
	case c.IsDNSError():
		return "DNS error"
	case c.IsConnectionRefused():
		return "connection refused"
	case c.IsConnectionTimeout():
		return "connection timeout"
	case c.IsConnectionReadTimeout(), c.IsHTTPResponseTimeout():
		return "no answer in time"
	case c.IsTLSCertificateError(), c.IsTLSProtocolError():
		return "TLS error"
	}
	if msg, ok := c.AsInternalError(); ok {
		if s, ok := msg.Get(); ok {
			return "internal error: " + s
		}
	}
	return "wasi:http error-code " + strconv.Itoa(int(c.Tag()))
}
