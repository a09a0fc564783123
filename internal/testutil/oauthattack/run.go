package oauthattack

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wasmcp/wasmcp/auth"
)

// StartFunc starts the server under test with env added to its
// environment and returns its base URL (http://127.0.0.1:PORT), or the
// error with which it refused to start. It stops the server at the end of
// the test.
type StartFunc func(t *testing.T, env map[string]string) (string, error)

// Run starts a server that trusts is and sends it every attack; each must
// be refused with the right status and challenge, and the valid tokens
// accepted. Then it starts servers whose JWKS endpoint is down or slow,
// one with a PEM key, and misconfigured ones.
func Run(t *testing.T, is *Issuer, start StartFunc) { RunWith(t, is, start, Options{}) }

// Options describe the server under test.
type Options struct {
	// InstancePerRequest: the host makes a new instance for every request
	// (wasmtime serve), so the JWKS cache lasts one request and every
	// request fetches the JWKS. The bound on fetches caused by unknown kids
	// is then one per request instead of one per TTL.
	InstancePerRequest bool
}

// RunWith is Run for a server described by o.
func RunWith(t *testing.T, is *Issuer, start StartFunc, o Options) {
	base, err := start(t, is.Env())
	if err != nil {
		t.Fatalf("starting the server: %v", err)
	}
	c := &client{t: t, base: base}
	t.Run("accepted", func(t *testing.T) {
		for _, alg := range []string{auth.RS256, auth.PS256, auth.ES256, auth.EdDSA} {
			r := c.call(t, "/mcp", is.Token(t, alg, "alice", nil), "")
			if r.status != 200 || !strings.Contains(r.body, `"tools"`) {
				t.Errorf("%s: %d %s", alg, r.status, r.body)
			}
		}
		// Scopes as an scp array, several audiences.
		tok := is.Token(t, auth.ES256, "alice", map[string]any{"scope": nil, "scp": []string{Scope}, "aud": []string{"x", is.Audience}})
		if r := c.call(t, "/mcp", tok, ""); r.status != 200 {
			t.Errorf("scp array: %d %s", r.status, r.body)
		}
	})
	t.Run("refused", func(t *testing.T) { attacks(t, c, is, o) })
	t.Run("discovery", func(t *testing.T) { discovery(t, c, is) })
	t.Run("sessions", func(t *testing.T) { sessions(t, c, is) })
	t.Run("jwks-down", func(t *testing.T) { jwksDown(t, is, start) })
	t.Run("jwks-slow", func(t *testing.T) { jwksSlow(t, is, start) })
	t.Run("pem-key", func(t *testing.T) { pemKey(t, is, start) })
	t.Run("misconfigured", func(t *testing.T) { misconfigured(t, is, start) })
}

func attacks(t *testing.T, c *client, is *Issuer, o Options) {
	now := time.Now()
	valid := is.Token(t, auth.RS256, "alice", nil)
	rsaPEM := is.PublicKeyPEM(t)
	claims := is.Claims("alice", nil)
	parts := strings.Split(valid, ".")
	fetchesBefore := is.Fetches()

	cases := []struct {
		name   string
		token  string
		query  string
		status int
		err    string // the error code the challenge must carry ("" none)
		// hostStatus, when not 0, is a refusal by the HTTP host before the
		// server sees the request, which carries no challenge: node's HTTP
		// server answers a header section over 16 KiB with 431, or closes
		// the connection while the request is still being written.
		hostStatus int
	}{
		{"no token", "", "", 401, "", 0},
		{"alg none", raw(map[string]any{"alg": "none", "typ": "JWT"}, claims, nil), "", 401, "invalid_token", 0},
		{"alg none, signature kept", raw(map[string]any{"alg": "none", "kid": "rsa"}, claims, nil) + parts[2], "", 401, "invalid_token", 0},
		{"HS256 signed with the public key", raw(map[string]any{"alg": "HS256", "kid": "rsa"}, claims, hs256([]byte(rsaPEM))), "", 401, "invalid_token", 0},
		{"expired", is.Token(t, auth.RS256, "alice", map[string]any{"exp": now.Add(-5 * time.Minute).Unix()}), "", 401, "invalid_token", 0},
		{"nbf in the future", is.Token(t, auth.ES256, "alice", map[string]any{"nbf": now.Add(5 * time.Minute).Unix()}), "", 401, "invalid_token", 0},
		{"wrong iss", is.Token(t, auth.EdDSA, "alice", map[string]any{"iss": "https://evil.example"}), "", 401, "invalid_token", 0},
		{"wrong aud", is.Token(t, auth.RS256, "alice", map[string]any{"aud": "https://other.example"}), "", 401, "invalid_token", 0},
		{"missing scope", is.Token(t, auth.RS256, "alice", map[string]any{"scope": "mcp:other"}), "", 403, "insufficient_scope", 0},
		{"tampered payload", parts[0] + "." + b64(mustJSON(is.Claims("mallory", map[string]any{"scope": Scope + " admin"}))) + "." + parts[2], "", 401, "invalid_token", 0},
		{"unknown kid", is.Sign(t, auth.ES256, "other-ec", "unknown-kid", claims), "", 401, "invalid_token", 0},
		{"JWKS entry of another kty", is.Sign(t, auth.RS256, "rsa", "mismatch", claims), "", 401, "invalid_token", 0},
		{"JWKS entry with RSA members under kty EC", is.Sign(t, auth.RS256, "rsa", "rsa-as-ec", claims), "", 401, "invalid_token", 0},
		{"token in the query string", "", "access_token=" + valid, 400, "invalid_request", 0},
		{"64 KB header", raw(map[string]any{"alg": "RS256", "kid": "rsa", "x": strings.Repeat("A", 64<<10)}, claims, hs256(nil)), "", 401, "invalid_token", 431},
		{"garbage", "not-a-jwt", "", 401, "invalid_token", 0},
	}
	for _, tc := range cases {
		c.dropOK = tc.hostStatus != 0
		r := c.call(t, "/mcp", tc.token, tc.query)
		c.dropOK = false
		if tc.hostStatus != 0 && (r.status == tc.hostStatus || r.status == 0) {
			if len(tc.token) > 16 && r.contains(tc.token) {
				t.Errorf("%s: the answer echoes a token", tc.name)
			}
			t.Logf("%s: refused by the HTTP host: %d %s", tc.name, r.status, r.body)
			continue
		}
		if r.status != tc.status {
			t.Errorf("%s: status %d, want %d (%s)", tc.name, r.status, tc.status, r.body)
			continue
		}
		www := r.header.Get("WWW-Authenticate")
		if !strings.HasPrefix(www, "Bearer ") || !strings.Contains(www, `resource_metadata="`) {
			t.Errorf("%s: WWW-Authenticate %q", tc.name, www)
		}
		if tc.err == "" && strings.Contains(www, "error=") {
			t.Errorf("%s: an error code without a token: %q", tc.name, www)
		}
		if tc.err != "" && !strings.Contains(www, `error="`+tc.err+`"`) {
			t.Errorf("%s: WWW-Authenticate %q lacks error=%q", tc.name, www, tc.err)
		}
		if tc.err == "insufficient_scope" && !strings.Contains(www, `scope="`+Scope+`"`) {
			t.Errorf("%s: WWW-Authenticate %q does not name the scope", tc.name, www)
		}
		for _, secret := range []string{tc.token, valid, parts[2]} {
			if len(secret) > 16 && r.contains(secret) {
				t.Errorf("%s: the answer echoes a token", tc.name)
			}
		}
	}
	// Made-up kids do not make the server fetch the JWKS on every request.
	loopBefore := is.Fetches()
	for range 10 {
		if r := c.call(t, "/mcp", is.Sign(t, auth.ES256, "other-ec", "another-unknown", claims), ""); r.status != 401 {
			t.Errorf("unknown kid, again: %d", r.status)
		}
	}
	if n := is.Fetches() - fetchesBefore; n > 1 && !o.InstancePerRequest {
		t.Errorf("%d JWKS fetches for unknown kids, want at most 1 per TTL", n)
	} else if n := is.Fetches() - loopBefore; n > 10 {
		t.Errorf("%d JWKS fetches for 10 unknown kids, one instance each: want at most 1 per request", n)
	}
	// A valid token is still accepted after all that.
	if r := c.call(t, "/mcp", valid, ""); r.status != 200 {
		t.Errorf("valid token after the attacks: %d %s", r.status, r.body)
	}
}

func discovery(t *testing.T, c *client, is *Issuer) {
	r := c.call(t, "/mcp", "", "")
	www := r.header.Get("WWW-Authenticate")
	i := strings.Index(www, `resource_metadata="`)
	if i < 0 {
		t.Fatalf("no resource_metadata in %q", www)
	}
	metaURL, _, _ := strings.Cut(www[i+len(`resource_metadata="`):], `"`)
	if metaURL != c.base+auth.WellKnownPath {
		t.Errorf("resource_metadata %q, want %q", metaURL, c.base+auth.WellKnownPath)
	}
	resp := c.get(t, metaURL)
	var m auth.ResourceMetadata
	if err := json.Unmarshal([]byte(resp.body), &m); err != nil || resp.status != 200 {
		t.Fatalf("GET %s without a token: %d %s", metaURL, resp.status, resp.body)
	}
	if m.Resource != c.base || len(m.AuthorizationServers) != 1 || m.AuthorizationServers[0] != is.URL ||
		len(m.ScopesSupported) != 1 || m.ScopesSupported[0] != Scope {
		t.Errorf("metadata %s", resp.body)
	}
	if cc := resp.header.Get("Cache-Control"); !strings.Contains(cc, "max-age=") {
		t.Errorf("metadata Cache-Control %q", cc)
	}
}

// sessions: a session is bound to the subject that created it (servers
// without sessions skip this).
func sessions(t *testing.T, c *client, is *Issuer) {
	alice := is.Token(t, auth.RS256, "alice", nil)
	bob := is.Token(t, auth.RS256, "bob", nil)
	init := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"oauthattack","version":"1"}}}`
	r := c.do(t, "POST", "/mcp", init, alice, "", "")
	if r.status != 200 {
		t.Fatalf("initialize: %d %s", r.status, r.body)
	}
	sid := r.header.Get("Mcp-Session-Id")
	if sid == "" {
		t.Skip("the server keeps no sessions")
	}
	list := `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`
	if r := c.do(t, "POST", "/mcp", list, bob, sid, ""); r.status != 404 && r.status != 403 {
		t.Errorf("bob with alice's session: %d %s", r.status, r.body)
	}
	if r := c.do(t, "DELETE", "/mcp", "", bob, sid, ""); r.status != 404 && r.status != 403 {
		t.Errorf("bob deleting alice's session: %d", r.status)
	}
	if r := c.do(t, "POST", "/mcp", list, alice, sid, ""); r.status != 200 || !strings.Contains(r.body, `"tools"`) {
		t.Errorf("alice with her session: %d %s", r.status, r.body)
	}
}

// jwksDown: the JWKS endpoint refuses connections; a valid token gets 503
// quickly, not 401 and not a hang.
func jwksDown(t *testing.T, is *Issuer, start StartFunc) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String() + "/jwks.json"
	ln.Close()
	env := is.Env()
	env[auth.EnvJWKSURI] = dead
	env[auth.EnvJWKSTimeout] = "2"
	expectUnavailable(t, is, start, env, auth.RS256, 3, 10*time.Second, "with the JWKS down")
}

// expectUnavailable starts a server with env and checks that n requests
// with a token signed with alg each get 503 within limit.
func expectUnavailable(t *testing.T, is *Issuer, start StartFunc, env map[string]string, alg string, n int, limit time.Duration, what string) {
	t.Helper()
	base, err := start(t, env)
	if err != nil {
		t.Fatal(err)
	}
	c := &client{t: t, base: base}
	for i := range n {
		began := time.Now()
		r := c.call(t, "/mcp", is.Token(t, alg, "alice", nil), "")
		if r.status != 503 {
			t.Errorf("request %d %s: %d %s", i, what, r.status, r.body)
		}
		if d := time.Since(began); d > limit {
			t.Errorf("request %d %s took %v", i, what, d)
		}
	}
}

// jwksSlow: the JWKS endpoint never answers; the wait is bounded by
// JWT_JWKS_TIMEOUT.
func jwksSlow(t *testing.T, is *Issuer, start StartFunc) {
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(time.Minute):
		}
	}))
	t.Cleanup(func() { slow.CloseClientConnections(); slow.Close() })
	env := is.Env()
	env[auth.EnvJWKSURI] = slow.URL + "/jwks.json"
	env[auth.EnvJWKSTimeout] = "1"
	expectUnavailable(t, is, start, env, auth.ES256, 2, 8*time.Second, "with a slow JWKS (JWT_JWKS_TIMEOUT=1)")
}

// pemKey: JWT_PUBLIC_KEY instead of a JWKS.
func pemKey(t *testing.T, is *Issuer, start StartFunc) {
	env := is.Env()
	delete(env, auth.EnvJWKSURI)
	env[auth.EnvPublicKey] = is.PublicKeyPEM(t)
	base, err := start(t, env)
	if err != nil {
		t.Fatal(err)
	}
	c := &client{t: t, base: base}
	if r := c.call(t, "/mcp", is.Token(t, auth.PS256, "alice", nil), ""); r.status != 200 {
		t.Errorf("PS256 with the PEM key: %d %s", r.status, r.body)
	}
	if r := c.call(t, "/mcp", is.Token(t, auth.ES256, "alice", nil), ""); r.status != 401 {
		t.Errorf("ES256 with another key: %d", r.status)
	}
}

// misconfigured: refused at start, or every request answered 500; never
// served as public.
func misconfigured(t *testing.T, is *Issuer, start StartFunc) {
	for name, edit := range map[string]map[string]string{
		"no issuer":         {auth.EnvIssuer: ""},
		"no key source":     {auth.EnvJWKSURI: ""},
		"unparsable PEM":    {auth.EnvJWKSURI: "", auth.EnvPublicKey: "-----BEGIN PUBLIC KEY-----\nnot base64\n-----END PUBLIC KEY-----"},
		"unknown auth mode": {auth.EnvMode: "oauth2"},
	} {
		env := is.Env()
		for k, v := range edit {
			env[k] = v
		}
		base, err := start(t, env)
		if err != nil {
			t.Logf("%s: refused at start: %v", name, err)
			continue
		}
		c := &client{t: t, base: base}
		for _, tok := range []string{"", is.Token(t, auth.RS256, "alice", nil)} {
			if r := c.call(t, "/mcp", tok, ""); r.status != 500 {
				t.Errorf("%s: status %d, want 500 or a refusal to start", name, r.status)
			}
		}
	}
}

type client struct {
	t    *testing.T
	base string
	// dropOK: a connection the server closes is an answer (status 0), not
	// a test failure.
	dropOK bool
}

type answer struct {
	status int
	header http.Header
	body   string
}

func (a answer) contains(s string) bool {
	if strings.Contains(a.body, s) {
		return true
	}
	for _, vs := range a.header {
		for _, v := range vs {
			if strings.Contains(v, s) {
				return true
			}
		}
	}
	return false
}

var httpClient = &http.Client{Timeout: 30 * time.Second}

// call sends a stateless tools/list.
func (c *client) call(t *testing.T, path, token, query string) answer {
	return c.do(t, "POST", path, `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`, token, "", query)
}

func (c *client) do(t *testing.T, method, path, body, token, sid, query string) answer {
	t.Helper()
	u := c.base + path
	if query != "" {
		u += "?" + query
	}
	req, err := http.NewRequest(method, u, bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("Mcp-Protocol-Version", "2025-06-18")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if sid != "" {
		req.Header.Set("Mcp-Session-Id", sid)
	}
	return c.send(t, req)
}

func (c *client) get(t *testing.T, u string) answer {
	t.Helper()
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c.send(t, req)
}

func (c *client) send(t *testing.T, req *http.Request) answer {
	t.Helper()
	resp, err := httpClient.Do(req)
	if err != nil && c.dropOK {
		return answer{status: 0, body: err.Error()}
	}
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return answer{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// raw assembles a token from any header and payload, signed by sign (nil:
// an empty signature).
func raw(header, payload any, sign func([]byte) []byte) string {
	input := b64(mustJSON(header)) + "." + b64(mustJSON(payload))
	var sig []byte
	if sign != nil {
		sig = sign([]byte(input))
	}
	return input + "." + b64(sig)
}

func hs256(secret []byte) func([]byte) []byte {
	return func(in []byte) []byte {
		m := hmac.New(sha256.New, secret)
		m.Write(in)
		return m.Sum(nil)
	}
}
