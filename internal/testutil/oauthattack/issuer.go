// Package oauthattack is the attack suite for servers protected with JWT
// bearer tokens (WASMCP_AUTH_MODE=oauth): an authorization server's signing
// side with a JWKS on loopback, and Run, which starts the server under test
// through the environment contract only and sends it every attack. The
// same suite runs against `wasmcp serve` and, through another StartFunc,
// against a composed server.
package oauthattack

import (
	"crypto"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wasmcp/wasmcp/auth"
)

// Scope is the scope the suite's servers require.
const Scope = "mcp:tools"

// Issuer signs tokens and publishes their keys on a loopback JWKS endpoint.
// Keys: kid "rsa" (RS256 and PS256), "ec" (ES256), "ed" (EdDSA), plus two
// JWKS entries that lie about their type: "mismatch" is an EC key that
// tokens signed with the RSA key name, and "rsa-as-ec" claims kty EC with
// RSA members.
type Issuer struct {
	URL      string // the iss of its tokens, also the server's URL
	JWKSURL  string
	Audience string

	keys    map[string]crypto.Signer
	fetches atomic.Int32
	srv     *httptest.Server
}

// NewIssuer generates the keys and starts the JWKS endpoint.
func NewIssuer(t testing.TB) *Issuer {
	t.Helper()
	is := &Issuer{keys: map[string]crypto.Signer{}, Audience: "https://mcp.wasmcp.test"}
	for kid, alg := range map[string]string{"rsa": auth.RS256, "ec": auth.ES256, "ed": auth.EdDSA, "other-ec": auth.ES256} {
		k, err := auth.GenerateKey(alg)
		if err != nil {
			t.Fatal(err)
		}
		is.keys[kid] = k
	}
	var keys []any
	for _, kid := range []string{"rsa", "ec", "ed"} {
		j, err := auth.PublicJWK(is.keys[kid].Public(), "", kid)
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, j)
	}
	mismatch, _ := auth.PublicJWK(is.keys["other-ec"].Public(), "", "mismatch")
	rsa, _ := auth.PublicJWK(is.keys["rsa"].Public(), "", "rsa-as-ec")
	keys = append(keys, mismatch, map[string]string{"kty": "EC", "crv": "P-256", "kid": "rsa-as-ec", "n": rsa.N, "e": rsa.E})
	doc, err := json.Marshal(map[string]any{"keys": keys})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /jwks.json", func(w http.ResponseWriter, r *http.Request) {
		is.fetches.Add(1)
		w.Header().Set("Content-Type", "application/jwk-set+json")
		w.Write(doc)
	})
	is.srv = httptest.NewServer(mux) // 127.0.0.1
	t.Cleanup(is.srv.Close)
	is.URL = is.srv.URL
	is.JWKSURL = is.srv.URL + "/jwks.json"
	return is
}

// Fetches is how many times the JWKS was fetched.
func (is *Issuer) Fetches() int { return int(is.fetches.Load()) }

// Env is the environment of a server that trusts this issuer.
func (is *Issuer) Env() map[string]string {
	return map[string]string{
		auth.EnvMode:           "oauth",
		auth.EnvIssuer:         is.URL,
		auth.EnvJWKSURI:        is.JWKSURL,
		auth.EnvAudience:       is.Audience,
		auth.EnvRequiredScopes: Scope,
	}
}

// Claims returns a valid claim set for subject sub, with edits applied (a
// nil value removes the claim).
func (is *Issuer) Claims(sub string, edits map[string]any) map[string]any {
	now := time.Now()
	c := map[string]any{
		"iss": is.URL, "sub": sub, "aud": is.Audience, "client_id": "oauthattack",
		"iat": now.Unix(), "exp": now.Add(10 * time.Minute).Unix(), "scope": Scope + " mcp:other",
	}
	for k, v := range edits {
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
	}
	return c
}

// Sign signs claims with the key kid, announcing alg and, unless empty,
// headerKid.
func (is *Issuer) Sign(t testing.TB, alg, kid, headerKid string, claims map[string]any) string {
	t.Helper()
	tok, err := auth.Sign(alg, is.keys[kid], headerKid, claims)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// Token is a valid token for sub, signed with alg (RS256, PS256, ES256 or
// EdDSA), with edits applied to its claims.
func (is *Issuer) Token(t testing.TB, alg, sub string, edits map[string]any) string {
	kid := map[string]string{auth.RS256: "rsa", auth.PS256: "rsa", auth.ES256: "ec", auth.EdDSA: "ed"}[alg]
	return is.Sign(t, alg, kid, kid, is.Claims(sub, edits))
}

// PublicKeyPEM is the RSA key as JWT_PUBLIC_KEY takes it.
func (is *Issuer) PublicKeyPEM(t testing.TB) string {
	b, err := auth.MarshalPublicKeyPEM(is.keys["rsa"].Public())
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
