package authhttp

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wasmcp/wasmcp/auth"
)

// The middleware in front of a handler, with keys served by a real JWKS
// endpoint on loopback.
func TestMiddlewareWithJWKSServer(t *testing.T) {
	key, err := auth.GenerateKey(auth.ES256)
	if err != nil {
		t.Fatal(err)
	}
	kid, _ := auth.Thumbprint(key.Public())
	jwk, _ := auth.PublicJWK(key.Public(), auth.ES256, kid)
	fetches := 0
	jwks := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fetches++
		json.NewEncoder(w).Encode(map[string]any{"keys": []auth.JWK{jwk}})
	}))
	defer jwks.Close()
	env := map[string]string{auth.EnvMode: "oauth", auth.EnvIssuer: "https://issuer.test", auth.EnvJWKSURI: jwks.URL}
	g := auth.NewGuardFromEnv(func(k string) string { return env[k] }, auth.Options{Fetcher: NewFetcher(time.Second)})
	if g.Err() != nil {
		t.Fatal(g.Err())
	}
	app := httptest.NewServer(Middleware(g, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := auth.ClaimsFrom(r.Context())
		if c == nil {
			http.Error(w, "no claims", 500)
			return
		}
		w.Write([]byte("hello " + c.Subject))
	})))
	defer app.Close()

	tok, _ := auth.Sign(auth.ES256, key, kid, map[string]any{"iss": "https://issuer.test", "sub": "alice", "exp": time.Now().Add(time.Minute).Unix()})
	do := func(path, token string) (*http.Response, string) {
		req, _ := http.NewRequest("GET", app.URL+path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	if resp, body := do("/mcp", tok); resp.StatusCode != 200 || body != "hello alice" {
		t.Errorf("valid token: %d %q", resp.StatusCode, body)
	}
	resp, _ := do("/mcp", "")
	if resp.StatusCode != 401 || !strings.Contains(resp.Header.Get("WWW-Authenticate"), `resource_metadata="`+app.URL+`/.well-known/oauth-protected-resource"`) {
		t.Errorf("no token: %d %q", resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
	}
	resp, body := do(auth.WellKnownPath, "")
	if resp.StatusCode != 200 || !strings.Contains(body, `"resource":"`+app.URL+`"`) {
		t.Errorf("metadata: %d %s", resp.StatusCode, body)
	}
	if fetches != 1 {
		t.Errorf("%d JWKS fetches, want 1", fetches)
	}
}

func TestFetcherRefusals(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/500":
			http.Error(w, "down", 500)
		case "/big":
			w.Write([]byte(strings.Repeat(" ", auth.MaxJWKSSize+10)))
		case "/slow":
			select {
			case <-time.After(10 * time.Second):
			case <-r.Context().Done():
			}
		}
	}))
	defer srv.Close()
	f := NewFetcher(300 * time.Millisecond)
	for _, p := range []string{"/500", "/big", "/slow"} {
		start := time.Now()
		if _, err := f.Fetch(context.Background(), srv.URL+p); err == nil {
			t.Errorf("%s: no error", p)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: %v", p, d)
		}
	}
	var ue interface{ Timeout() bool }
	_, err := f.Fetch(context.Background(), srv.URL+"/slow")
	if !errors.As(err, &ue) || !ue.Timeout() {
		t.Errorf("slow: %v", err)
	}
	srv.CloseClientConnections()
}
