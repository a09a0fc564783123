package serve

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wasmcp/wasmcp/auth"
)

// oauthServer serves the test folder in oauth mode with an ES256 key given
// as PEM, and returns it with a function that mints tokens for a subject.
func oauthServer(t *testing.T) (*testServer, func(sub string) string) {
	key, err := auth.GenerateKey(auth.ES256)
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := auth.MarshalPublicKeyPEM(key.Public())
	cfg := writeTestDir(t)
	cfg.AuthToken = ""
	cfg.OAuth = &auth.Config{Mode: auth.ModeOAuth, Issuer: "https://issuer.test", PublicKeyPEM: string(pub)}
	mint := func(sub string) string {
		tok, err := auth.Mint(key, auth.MintOptions{Issuer: "https://issuer.test", Subject: sub, TTL: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	return startServer(t, cfg), mint
}

func request(t *testing.T, method, url, token, sid, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if sid != "" {
		req.Header.Set("Mcp-Session-Id", sid)
	}
	// Bounded, so that a stream opened by mistake fails the test instead
	// of holding it.
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// Sessions of both HTTP transports belong to the subject that created
// them: another subject's token gets 404 on /mcp (POST, GET, DELETE) and
// on /messages, and the owner keeps using the session.
func TestOAuthSessionsBoundToSubject(t *testing.T) {
	ts, mint := oauthServer(t)
	alice, bob := mint("alice"), mint("bob")
	ping := `{"jsonrpc":"2.0","id":7,"method":"ping"}`

	c := &client{t: t, url: ts.url, token: alice, hc: &http.Client{Timeout: 30 * time.Second}}
	c.initialize()
	if c.sid == "" {
		t.Fatal("no session")
	}
	for _, m := range []string{"POST", "GET", "DELETE"} {
		if code, body := request(t, m, ts.url+"/mcp", bob, c.sid, ping); code != 404 {
			t.Errorf("%s /mcp with another subject's session: %d %s", m, code, body)
		}
	}
	if code, body := request(t, "POST", ts.url+"/mcp", alice, c.sid, ping); code != 200 {
		t.Errorf("the owner: %d %s", code, body)
	}

	sse := openSSE(t, ts.url+"/sse", alice, nil)
	_, endpoint := sse.next(t, 5*time.Second)
	if code, _ := request(t, "POST", ts.url+endpoint, bob, "", ping); code != 404 {
		t.Errorf("/messages with another subject's session: %d", code)
	}
	if code, _ := request(t, "POST", ts.url+endpoint, alice, "", ping); code != 202 {
		t.Errorf("/messages of the owner: %d", code)
	}
	if _, data := sse.next(t, 5*time.Second); !strings.Contains(data, `"id":7`) {
		t.Errorf("the owner's answer: %s", data)
	}
	// The WASImancer client token means nothing in oauth mode; the admin
	// API keeps its own token.
	if code, _ := request(t, "POST", ts.url+"/mcp", clientToken, "", ping); code != 401 {
		t.Errorf("the client token in oauth mode: %d", code)
	}
	if code, _ := request(t, "DELETE", ts.url+"/remove-prompt/none", alice, "", ""); code != 403 {
		t.Errorf("a JWT on the admin API: %d", code)
	}
	if code, body := request(t, "GET", ts.url+auth.WellKnownPath, "", "", ""); code != 200 || !strings.Contains(body, `"authorization_servers":["https://issuer.test"]`) {
		t.Errorf("metadata: %d %s", code, body)
	}
}

// A configuration that cannot be served stops New.
func TestOAuthMisconfiguredRefusesToStart(t *testing.T) {
	for name, env := range map[string]map[string]string{
		"no issuer":    {"WASMCP_AUTH_MODE": "oauth", "JWT_JWKS_URI": "https://i/jwks"},
		"bad PEM":      {"WASMCP_AUTH_MODE": "oauth", "JWT_ISSUER": "i", "JWT_PUBLIC_KEY": "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----"},
		"unknown mode": {"WASMCP_AUTH_MODE": "jwt"},
	} {
		env["WASIMANCER_ADMIN_TOKEN"] = adminToken
		cfg := EnvConfig(func(k string) string { return env[k] }, t.TempDir())
		cfg.EnsureTokens()
		if s, err := New(cfg); err == nil {
			s.Close()
			t.Errorf("%s: started", name)
		} else if !strings.Contains(err.Error(), "authorization configuration cannot be served") {
			t.Errorf("%s: %v", name, err)
		}
	}
}
