package auth

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestConfigFromEnv(t *testing.T) {
	pemText, _ := MarshalPublicKeyPEM(signer(t, ES256).Public())
	ok := map[string]string{EnvMode: "OAuth", EnvIssuer: testIssuer, EnvJWKSURI: "https://issuer.test/jwks",
		EnvRequiredScopes: "mcp:tools, mcp:read", EnvJWKSTTL: "60", EnvDiscoveryCacheTTL: "10"}
	c, notes, err := ConfigFromEnv(envOf(ok))
	if err != nil || len(notes) != 0 {
		t.Fatalf("ConfigFromEnv: %v %v", err, notes)
	}
	if c.Mode != ModeOAuth || c.JWKSTTL != time.Minute || strings.Join(c.RequiredScopes, "|") != "mcp:tools|mcp:read" || c.authServer() != testIssuer {
		t.Errorf("config %+v", c)
	}
	if c, _, err := ConfigFromEnv(envOf(map[string]string{})); err != nil || c.Mode != ModePublic {
		t.Errorf("empty environment: %+v %v", c, err)
	}
	if _, notes, _ := ConfigFromEnv(envOf(map[string]string{EnvIssuer: "x"})); len(notes) != 1 || !strings.Contains(notes[0], "public") {
		t.Errorf("JWT_ISSUER without oauth mode: notes %v", notes)
	}
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{EnvMode: "oauht"}, `WASMCP_AUTH_MODE="oauht": expected public or oauth`},
		{map[string]string{EnvMode: "oauth", EnvJWKSURI: "https://i/jwks"}, "JWT_ISSUER is required"},
		{map[string]string{EnvMode: "oauth", EnvIssuer: "i"}, "needs JWT_JWKS_URI or JWT_PUBLIC_KEY"},
		{map[string]string{EnvMode: "oauth", EnvIssuer: "i", EnvPublicKey: "garbage"}, "JWT_PUBLIC_KEY: no PEM block found"},
		{map[string]string{EnvMode: "oauth", EnvIssuer: "i", EnvPublicKey: string(pemText), EnvJWKSURI: "https://i/j"}, "both set"},
		{map[string]string{EnvMode: "oauth", EnvIssuer: "i", EnvJWKSURI: "file:///etc/jwks"}, "JWT_JWKS_URI: \"file:///etc/jwks\" is not an absolute http(s) URL"},
		{map[string]string{EnvMode: "oauth", EnvIssuer: "i", EnvJWKSURI: "https://i/j", EnvJWKSTTL: "-5"}, "JWT_JWKS_TTL=\"-5\": expected a positive number of seconds"},
		{map[string]string{EnvMode: "oauth", EnvIssuer: "i", EnvJWKSURI: "https://i/j", EnvRequiredScopes: `a"b`}, "is not a valid scope"},
		{map[string]string{EnvMode: "oauth", EnvIssuer: "i", EnvJWKSURI: "https://i/j", EnvServerURI: "mcp.example.com"}, "WASMCP_SERVER_URI"},
	} {
		_, _, err := ConfigFromEnv(envOf(c.env))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: got %v, want %q", c.env, err, c.want)
		}
	}
	c, _, err = ConfigFromEnv(envOf(map[string]string{EnvMode: "oauth", EnvIssuer: "i", EnvPublicKey: string(pemText)}))
	if err != nil || len(c.keys) != 1 {
		t.Errorf("PEM key: %v, %d keys", err, len(c.keys))
	}
}

func testGuard(t testing.TB, extra map[string]string) *Guard {
	env := map[string]string{EnvMode: "oauth", EnvIssuer: testIssuer, EnvJWKSURI: "https://issuer.test/jwks",
		EnvAudience: "https://mcp.test", EnvRequiredScopes: "mcp:tools"}
	for k, v := range extra {
		env[k] = v
	}
	srv := &jwksServer{body: jwksOf(t)}
	g := NewGuardFromEnv(envOf(env), Options{Fetcher: srv, Now: func() time.Time { return t0 }})
	if g.Err() != nil {
		t.Fatal(g.Err())
	}
	return g
}

func req(method, path, query, token string) Request {
	h := http.Header{}
	if token != "" {
		h.Set("Authorization", "Bearer "+token)
	}
	return Request{Method: method, Path: path, RawQuery: query, Host: "127.0.0.1:3001", Header: h}
}

func header(d Decision, name string) string {
	for _, kv := range d.Headers {
		if strings.EqualFold(kv[0], name) {
			return kv[1]
		}
	}
	return ""
}

func TestGuardDecide(t *testing.T) {
	g := testGuard(t, nil)
	ctx := context.Background()
	good := mint(t, RS256, RS256, claimsAt(t0, nil))
	meta := `resource_metadata="http://127.0.0.1:3001/.well-known/oauth-protected-resource"`
	for _, c := range []struct {
		name   string
		r      Request
		status int
		www    []string // parts the WWW-Authenticate header must have
	}{
		{"valid", req("POST", "/mcp", "", good), 0, nil},
		{"no token", req("POST", "/mcp", "", ""), 401, []string{"Bearer resource_metadata=", meta, `scope="mcp:tools"`}},
		{"basic auth", Request{Method: "POST", Path: "/mcp", Host: "h", Header: http.Header{"Authorization": {"Basic YTpi"}}}, 401, []string{"Bearer resource_metadata="}},
		{"bad token", req("POST", "/mcp", "", "abc"), 401, []string{`error="invalid_token"`, meta}},
		{"expired", req("POST", "/mcp", "", mint(t, RS256, RS256, claimsAt(t0, map[string]any{"exp": t0.Add(-time.Hour).Unix()}))), 401, []string{`error="invalid_token", error_description="the token has expired"`}},
		{"missing scope", req("POST", "/mcp", "", mint(t, ES256, ES256, claimsAt(t0, map[string]any{"scope": "other"}))), 403, []string{`error="insufficient_scope"`, `scope="mcp:tools"`, meta}},
		{"query token", req("POST", "/mcp", "access_token="+good, ""), 400, []string{`error="invalid_request"`}},
		{"query and header", req("POST", "/mcp", "a=1&access_token=x", good), 400, nil},
		{"preflight", req("OPTIONS", "/mcp", "", ""), -1, nil},
	} {
		d := g.Decide(ctx, c.r)
		switch c.status {
		case 0:
			if d.Action != Allow || d.Claims == nil || d.Claims.Subject != "alice" {
				t.Errorf("%s: %+v", c.name, d)
			}
			continue
		case -1:
			if d.Action != Pass {
				t.Errorf("%s: %v", c.name, d.Action)
			}
			continue
		}
		if d.Action != Respond || d.Status != c.status {
			t.Errorf("%s: %v %d, want respond %d", c.name, d.Action, d.Status, c.status)
		}
		www := header(d, "WWW-Authenticate")
		for _, part := range c.www {
			if !strings.Contains(www, part) {
				t.Errorf("%s: WWW-Authenticate %q lacks %q", c.name, www, part)
			}
		}
		if c.status == 401 && c.r.Header.(http.Header).Get("Authorization") == "" && strings.Contains(www, "error=") {
			t.Errorf("%s: an error code without a token: %q", c.name, www)
		}
		if good != "" && (strings.Contains(www, good) || strings.Contains(string(d.Body), good)) {
			t.Errorf("%s: the token is echoed", c.name)
		}
		var body map[string]string
		if err := json.Unmarshal(d.Body, &body); err != nil || body["error_description"] == "" {
			t.Errorf("%s: body %s", c.name, d.Body)
		}
	}
}

func TestGuardMetadata(t *testing.T) {
	g := testGuard(t, nil)
	d := g.Decide(context.Background(), req("GET", WellKnownPath, "", ""))
	if d.Status != 200 || header(d, "Cache-Control") != "public, max-age=3600" || header(d, "Vary") != "Host" {
		t.Fatalf("metadata: %+v", d)
	}
	var m ResourceMetadata
	if err := json.Unmarshal(d.Body, &m); err != nil {
		t.Fatal(err)
	}
	if m.Resource != "http://127.0.0.1:3001" || len(m.AuthorizationServers) != 1 || m.AuthorizationServers[0] != testIssuer ||
		m.ScopesSupported[0] != "mcp:tools" || m.BearerMethodsSupported[0] != "header" {
		t.Errorf("metadata %s", d.Body)
	}
	if d := g.Decide(context.Background(), req("POST", WellKnownPath, "", "")); d.Status != 405 {
		t.Errorf("POST metadata: %d", d.Status)
	}
	// A resource with a path: its metadata is also at the suffixed path,
	// and the challenge names that one.
	g = testGuard(t, map[string]string{EnvServerURI: "https://mcp.example.com/mcp", EnvAuthServerURL: "https://as.example.com", EnvDiscoveryCacheTTL: "60"})
	for _, p := range []string{WellKnownPath, WellKnownPath + "/mcp"} {
		d := g.Decide(context.Background(), req("GET", p, "", ""))
		if d.Status != 200 || !strings.Contains(string(d.Body), `"resource":"https://mcp.example.com/mcp"`) ||
			!strings.Contains(string(d.Body), `"authorization_servers":["https://as.example.com"]`) || header(d, "Cache-Control") != "public, max-age=60" {
			t.Errorf("%s: %d %s %v", p, d.Status, d.Body, d.Headers)
		}
	}
	d = g.Decide(context.Background(), req("POST", "/mcp", "", ""))
	if !strings.Contains(header(d, "WWW-Authenticate"), `resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp"`) {
		t.Errorf("challenge %q", header(d, "WWW-Authenticate"))
	}
	// A Host header that is not a host is not reflected.
	d = testGuard(t, nil).Decide(context.Background(), Request{Method: "POST", Path: "/mcp", Host: `evil"host`, Header: http.Header{}})
	if www := header(d, "WWW-Authenticate"); strings.Contains(www, "evil") || d.Status != 401 {
		t.Errorf("odd Host: %d %q", d.Status, www)
	}
}

func TestGuardMisconfigured(t *testing.T) {
	var logged []string
	g := NewGuardFromEnv(envOf(map[string]string{EnvMode: "oauth", EnvJWKSURI: "https://i/j"}), Options{
		Log: func(f string, a ...any) { logged = append(logged, f) },
	})
	if g.Err() == nil {
		t.Fatal("no error")
	}
	for _, r := range []Request{req("POST", "/mcp", "", "x"), req("GET", WellKnownPath, "", "")} {
		if d := g.Decide(context.Background(), r); d.Action != Respond || d.Status != 500 {
			t.Errorf("%s %s: %+v", r.Method, r.Path, d)
		}
	}
	if len(logged) != 1 {
		t.Errorf("logged %d times, want once", len(logged))
	}
	// A guard in public mode lets everything pass.
	if d := NewGuardFromEnv(envOf(nil), Options{}).Decide(context.Background(), req("POST", "/mcp", "", "")); d.Action != Pass {
		t.Errorf("public: %+v", d)
	}
	// JWKS down: 503, never 401 and never a pass.
	env := map[string]string{EnvMode: "oauth", EnvIssuer: testIssuer, EnvJWKSURI: "https://i/j"}
	down := FetcherFunc(func(context.Context, string) ([]byte, error) { return nil, context.DeadlineExceeded })
	d := NewGuardFromEnv(envOf(env), Options{Fetcher: down}).Decide(context.Background(), req("POST", "/mcp", "", mint(t, RS256, RS256, claimsAt(time.Now(), nil))))
	if d.Status != 503 || header(d, "Retry-After") == "" {
		t.Errorf("JWKS down: %+v", d)
	}
}

func TestChallengeQuoting(t *testing.T) {
	c := Challenge{Error: "invalid_token", ErrorDescription: "a \"quoted\" \\ thing\r\nX-Injected: 1", ResourceMetadata: "https://h/.well-known/oauth-protected-resource"}
	got := c.String()
	want := `Bearer error="invalid_token", error_description="a ?quoted? ? thing??X-Injected: 1", resource_metadata="https://h/.well-known/oauth-protected-resource"`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
