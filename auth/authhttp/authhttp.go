// Package authhttp connects package auth to net/http: a JWKS fetcher, the
// request adapter, and a middleware for handlers that need nothing more.
// `wasmcp serve` uses it; the wasm transport, which has no net/http, uses
// package auth directly.
package authhttp

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/wasmcp/wasmcp/auth"
)

// Fetcher fetches a JWKS with an http.Client.
type Fetcher struct {
	Client *http.Client
}

// NewFetcher returns a Fetcher whose client gives up after timeout: a
// second bound next to the one the JWKS cache puts on its context, for
// callers that use the fetcher alone.
func NewFetcher(timeout time.Duration) *Fetcher {
	if timeout <= 0 {
		timeout = auth.DefaultJWKSTimeout
	}
	return &Fetcher{Client: &http.Client{Timeout: timeout}}
}

// Fetch implements auth.Fetcher: a GET that must answer 200 with at most
// auth.MaxJWKSSize bytes.
func (f *Fetcher) Fetch(ctx context.Context, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/jwk-set+json, application/json")
	c := f.Client
	if c == nil {
		c = http.DefaultClient
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, auth.MaxJWKSSize+1))
	if err != nil {
		return nil, fmt.Errorf("GET %s: %v", url, err)
	}
	if len(body) > auth.MaxJWKSSize {
		return nil, fmt.Errorf("GET %s: more than %d bytes", url, auth.MaxJWKSSize)
	}
	return body, nil
}

// Request describes r for the guard.
func Request(r *http.Request) auth.Request {
	return auth.Request{
		Method:   r.Method,
		Path:     r.URL.Path,
		RawQuery: r.URL.RawQuery,
		Host:     r.Host,
		Secure:   r.TLS != nil,
		Header:   r.Header,
	}
}

// WriteDecision answers with a Respond decision as the guard built it.
func WriteDecision(w http.ResponseWriter, r *http.Request, d auth.Decision) {
	SetHeaders(w, d)
	w.WriteHeader(d.Status)
	if r.Method != "HEAD" {
		w.Write(d.Body)
	}
}

// SetHeaders copies the decision's headers to w.
func SetHeaders(w http.ResponseWriter, d auth.Decision) {
	for _, kv := range d.Headers {
		w.Header().Add(kv[0], kv[1])
	}
}

// Middleware asks g about every request: refusals and the metadata
// document are answered here, and an allowed request reaches next with its
// claims in the context (auth.ClaimsFrom).
func Middleware(g *auth.Guard, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d := g.Decide(r.Context(), Request(r))
		switch d.Action {
		case auth.Respond:
			WriteDecision(w, r, d)
		case auth.Allow:
			next.ServeHTTP(w, r.WithContext(auth.WithClaims(r.Context(), d.Claims)))
		default:
			next.ServeHTTP(w, r)
		}
	})
}
