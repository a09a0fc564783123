package main

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wasmcp/wasmcp/auth"
	"github.com/wasmcp/wasmcp/framework/mcpcore"
)

// TestAuthorizeHTTP: the transport's use of the guard, with a PEM key.
func TestAuthorizeHTTP(t *testing.T) {
	key, err := auth.GenerateKey(auth.ES256)
	if err != nil {
		t.Fatal(err)
	}
	pem, err := auth.MarshalPublicKeyPEM(key.Public())
	if err != nil {
		t.Fatal(err)
	}
	env := [][2]string{
		{auth.EnvMode, "oauth"}, {auth.EnvIssuer, "https://issuer.test"},
		{auth.EnvPublicKey, string(pem)}, {auth.EnvRequiredScopes, "mcp:tools"},
	}
	var logged strings.Builder
	g := newAuthGuard(envLookup(env), nil, func(s string) { logged.WriteString(s) })
	policy := loadHTTPConfig(envLookup(env)).Policy
	now := time.Now()
	token := func(edits map[string]any) string {
		c := map[string]any{"iss": "https://issuer.test", "sub": "alice", "scope": "mcp:tools", "tenant": "t1",
			"exp": now.Add(time.Hour).Unix()}
		for k, v := range edits {
			c[k] = v
		}
		tok, err := auth.Sign(auth.ES256, key, "", c)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	ask := func(method, path, tok, origin string) authAnswer {
		h := http.Header{}
		if tok != "" {
			h.Set("Authorization", "Bearer "+tok)
		}
		if origin != "" {
			h.Set("Origin", origin)
		}
		return authorizeHTTP(context.Background(), g, policy, method, path, "127.0.0.1:8080", false, h)
	}
	header := func(a authAnswer, name string) string {
		var vs []string
		for _, kv := range a.Headers {
			if strings.EqualFold(kv[0], name) {
				vs = append(vs, kv[1])
			}
		}
		return strings.Join(vs, ", ")
	}

	a := ask("POST", "/mcp", "", "")
	if !a.Respond || a.Status != 401 ||
		header(a, "WWW-Authenticate") != `Bearer resource_metadata="http://127.0.0.1:8080/.well-known/oauth-protected-resource", scope="mcp:tools"` {
		t.Errorf("no token: %+v", a)
	}
	var rpc struct {
		Error struct {
			Code    int
			Message string
		}
	}
	if err := json.Unmarshal(a.Body, &rpc); err != nil || rpc.Error.Code != mcpcore.CodeInvalidRequest || !strings.HasPrefix(rpc.Error.Message, "Unauthorized: ") {
		t.Errorf("no token: body %s", a.Body)
	}

	valid := token(nil)
	a = ask("POST", "/mcp", valid, "")
	if a.Respond || a.Caller == nil || a.Caller.Subject != "alice" {
		t.Fatalf("valid token: %+v", a)
	}
	var claims map[string]any
	if err := json.Unmarshal([]byte(a.Caller.Claims), &claims); err != nil || claims["tenant"] != "t1" || claims["scope"] != "mcp:tools" {
		t.Errorf("claims %s", a.Caller.Claims)
	}

	for _, tc := range []struct {
		name, method, path, tok string
		status                  int
		challenge               string
	}{
		{"expired", "POST", "/mcp", token(map[string]any{"exp": now.Add(-time.Hour).Unix()}), 401, `error="invalid_token"`},
		{"missing scope", "POST", "/mcp", token(map[string]any{"scope": "other"}), 403, `error="insufficient_scope"`},
		{"token in the query", "POST", "/mcp?access_token=" + valid, "", 400, `error="invalid_request"`},
		{"token in the query next to the header", "POST", "/mcp?access_token=" + valid, valid, 400, `error="invalid_request"`},
	} {
		a := ask(tc.method, tc.path, tc.tok, "")
		if !a.Respond || a.Status != tc.status || !strings.Contains(header(a, "WWW-Authenticate"), tc.challenge) {
			t.Errorf("%s: %+v", tc.name, a)
		}
		if strings.Contains(string(a.Body), valid) || strings.Contains(header(a, "WWW-Authenticate"), valid) {
			t.Errorf("%s: the answer echoes the token", tc.name)
		}
	}

	// The metadata document needs no token; HEAD has no body.
	a = ask("GET", auth.WellKnownPath, "", "")
	var meta auth.ResourceMetadata
	if !a.Respond || a.Status != 200 || json.Unmarshal(a.Body, &meta) != nil || meta.Resource != "http://127.0.0.1:8080" ||
		len(meta.AuthorizationServers) != 1 || meta.AuthorizationServers[0] != "https://issuer.test" {
		t.Errorf("metadata: %+v %s", a, a.Body)
	}
	if a = ask("HEAD", auth.WellKnownPath, "", ""); a.Status != 200 || a.Body != nil {
		t.Errorf("HEAD metadata: %+v", a)
	}
	// Other paths are not the guard's: the transport answers 404.
	if a = ask("POST", "/other", "", ""); a.Respond {
		t.Errorf("/other: %+v", a)
	}
	// A CORS preflight passes; a refusal to an allowed origin is readable.
	if a = ask("OPTIONS", "/mcp", "", "http://localhost:5173"); a.Respond {
		t.Errorf("preflight: %+v", a)
	}
	a = ask("POST", "/mcp", "", "http://localhost:5173")
	if header(a, "Access-Control-Allow-Origin") != "http://localhost:5173" || !strings.Contains(header(a, "Access-Control-Expose-Headers"), "WWW-Authenticate") {
		t.Errorf("refusal to an allowed origin: %+v", a.Headers)
	}
	if logged.Len() != 0 {
		t.Errorf("logged: %s", logged.String())
	}
}

// TestAuthorizeHTTPPublic: without WASMCP_AUTH_MODE nothing changes.
func TestAuthorizeHTTPPublic(t *testing.T) {
	g := newAuthGuard(envLookup(nil), nil, func(s string) { t.Errorf("logged %q", s) })
	for _, p := range []string{"/mcp", auth.WellKnownPath} {
		if a := authorizeHTTP(context.Background(), g, mcpcore.HTTPPolicy{}, "POST", p, "h", false, http.Header{}); a.Respond || a.Caller != nil {
			t.Errorf("%s: %+v", p, a)
		}
	}
}

// TestAuthorizeHTTPMisconfigured: a configuration that cannot be served
// answers 500 and logs why once, never serves as public; JWT_* set
// without oauth mode is reported.
func TestAuthorizeHTTPMisconfigured(t *testing.T) {
	for name, env := range map[string][][2]string{
		"no issuer":      {{auth.EnvMode, "oauth"}, {auth.EnvJWKSURI, "http://127.0.0.1:1/jwks.json"}},
		"no key source":  {{auth.EnvMode, "oauth"}, {auth.EnvIssuer, "https://issuer.test"}},
		"unparsable PEM": {{auth.EnvMode, "OAuth"}, {auth.EnvIssuer, "https://issuer.test"}, {auth.EnvPublicKey, "-----BEGIN PUBLIC KEY-----\nxx\n-----END PUBLIC KEY-----"}},
		"unknown mode":   {{auth.EnvMode, "oauth2"}},
		"bad TTL":        {{auth.EnvMode, "oauth"}, {auth.EnvIssuer, "https://issuer.test"}, {auth.EnvJWKSURI, "http://127.0.0.1:1/jwks.json"}, {auth.EnvJWKSTTL, "5m"}},
	} {
		var logged []string
		g := newAuthGuard(envLookup(env), auth.FetcherFunc(func(context.Context, string) ([]byte, error) {
			t.Errorf("%s: fetched", name)
			return nil, nil
		}), func(s string) { logged = append(logged, s) })
		for range 2 {
			a := authorizeHTTP(context.Background(), g, mcpcore.HTTPPolicy{}, "POST", "/mcp", "h", false, http.Header{"Authorization": {"Bearer x.y.z"}})
			if !a.Respond || a.Status != 500 {
				t.Errorf("%s: %+v", name, a)
			}
		}
		if len(logged) != 1 || !strings.HasPrefix(logged[0], "wasmcp: auth: ") || !strings.HasSuffix(logged[0], "\n") {
			t.Errorf("%s: logged %q", name, logged)
		}
	}
	var logged []string
	newAuthGuard(envLookup([][2]string{{auth.EnvIssuer, "https://issuer.test"}}), nil, func(s string) { logged = append(logged, s) })
	if len(logged) != 1 || !strings.Contains(logged[0], "JWT_ISSUER is set") {
		t.Errorf("JWT_* without oauth: %q", logged)
	}
}
