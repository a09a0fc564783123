package e2e

import (
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wasmcp/wasmcp/auth"
	"github.com/wasmcp/wasmcp/internal/testutil"
	"github.com/wasmcp/wasmcp/internal/testutil/oauthattack"
	"github.com/wasmcp/wasmcp/serve"
)

// startOAuth starts `wasmcp serve` on the example configuration with the
// given environment added, as the command does (serve.EnvConfig reads the
// authorization variables), on a loopback port.
func startOAuth(t *testing.T, env map[string]string) (string, error) {
	t.Helper()
	all := map[string]string{"WASIMANCER_ADMIN_TOKEN": adminToken}
	for k, v := range env {
		all[k] = v
	}
	cfg := serve.EnvConfig(func(k string) string { return all[k] }, testutil.ExamplePluginsDir(t))
	cfg.EnsureTokens()
	cfg.MemoryLimit = 64 << 20
	cfg.Log = t.Logf
	cfg.CompilationCache = testutil.CompilationCache(t)
	s, err := serve.New(cfg)
	if err != nil {
		return "", err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		s.Close()
		t.Fatal(err)
	}
	hs := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		s.Close()
		hs.Shutdown(ctx)
	})
	return "http://" + ln.Addr().String(), nil
}

// TestOAuthAttacks runs the attack suite against `wasmcp serve` in oauth
// mode, with keys served by a JWKS endpoint on loopback.
func TestOAuthAttacks(t *testing.T) {
	oauthattack.Run(t, oauthattack.NewIssuer(t), startOAuth)
}

// TestOAuthClient: the MCP TypeScript SDK client with a valid token (both
// HTTP transports), without one, with one lacking the scope, and the SDK's
// own discovery of the protected resource metadata.
func TestOAuthClient(t *testing.T) {
	is := oauthattack.NewIssuer(t)
	base, err := startOAuth(t, is.Env())
	if err != nil {
		t.Fatal(err)
	}
	out := runNode(t, 2*time.Minute, "oauth.mjs",
		"E2E_URL="+base, "E2E_ISSUER="+is.URL, "E2E_SCOPE="+oauthattack.Scope,
		"E2E_TOKEN="+is.Token(t, auth.ES256, "alice", nil),
		"E2E_TOKEN_NO_SCOPE="+is.Token(t, auth.RS256, "alice", map[string]any{"scope": "mcp:other"}),
		"E2E_TOKEN_EXPIRED="+is.Token(t, auth.EdDSA, "alice", map[string]any{"exp": time.Now().Add(-time.Hour).Unix()}))
	t.Log(out)
	if !strings.Contains(out, "PASS") {
		t.Fatal("oauth.mjs did not pass")
	}
}
