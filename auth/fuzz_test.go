package auth

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// FuzzParseToken: the token parser and the validator never panic, and
// every refusal wraps one of the package's reasons.
func FuzzParseToken(f *testing.F) {
	f.Add(mint(f, RS256, RS256, claimsAt(t0, nil)))
	f.Add(mint(f, EdDSA, EdDSA, claimsAt(t0, nil)))
	f.Add(rawToken(map[string]any{"alg": "none"}, claimsAt(t0, nil), nil))
	f.Add(rawToken(map[string]any{"alg": "ES256", "crit": []string{"x"}}, claimsAt(t0, nil), hs256(nil)))
	f.Add("a.b.c")
	f.Add("..")
	v := testValidator(f, t0)
	reasons := []error{ErrMalformed, ErrTooLarge, ErrUnsupportedAlg, ErrCritical, ErrUnknownKey, ErrKeyMismatch,
		ErrSignature, ErrExpired, ErrNotYetValid, ErrNoExpiry, ErrIssuer, ErrAudience, ErrClaims}
	f.Fuzz(func(t *testing.T, tok string) {
		ParseToken(tok)
		if d, err := Decode(tok); err == nil && (d.Header == nil || d.Claims == nil) {
			t.Fatal("Decode succeeded without a header or claims")
		}
		_, err := v.Validate(context.Background(), tok)
		if err == nil {
			return
		}
		for _, r := range reasons {
			if errors.Is(err, r) {
				return
			}
		}
		t.Fatalf("refusal without a reason: %v", err)
	})
}

// FuzzParseJWKS: the JWKS parser never panics, and every key it returns
// is one the verifier can use.
func FuzzParseJWKS(f *testing.F) {
	f.Add(jwksOf(f))
	f.Add([]byte(`{"keys":[{"kty":"EC","crv":"P-256","x":"AAAA","y":"AAAA"}]}`))
	f.Add([]byte(`{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB","alg":"PS256"}]}`))
	f.Add([]byte(`{"keys":[{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		set, _, err := ParseJWKS(data)
		if err != nil {
			return
		}
		for _, k := range set {
			if checkKey(k.Public) != nil {
				t.Fatalf("unusable key %T accepted", k.Public)
			}
			for _, alg := range Algorithms {
				if k.fits(alg) {
					verifySignature(alg, k, []byte("x"), make([]byte, 64))
				}
			}
		}
	})
}

// FuzzParsePEM: the PEM readers never panic.
func FuzzParsePEM(f *testing.F) {
	pub, _ := MarshalPublicKeyPEM(signer(f, ES256).Public())
	priv, _ := MarshalPrivateKeyPEM(signer(f, EdDSA))
	f.Add(pub)
	f.Add(priv)
	f.Add([]byte(strings.ReplaceAll(string(pub), "\n", `\n`)))
	f.Add([]byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if set, err := ParsePublicKeyPEM(data); err == nil {
			for _, k := range set {
				if checkKey(k.Public) != nil {
					t.Fatalf("unusable key %T accepted", k.Public)
				}
			}
		}
		ParsePrivateKeyPEM(data)
	})
}

// FuzzParseKeys: the key-file reader of `wasmcp jwt decode --key` (PEM,
// JWKS or one JWK) never panics and returns only usable keys.
func FuzzParseKeys(f *testing.F) {
	pub, _ := MarshalPublicKeyPEM(signer(f, RS256).Public())
	j, _ := PublicJWK(signer(f, EdDSA).Public(), EdDSA, "k")
	one, _ := json.Marshal(j)
	f.Add(pub)
	f.Add(jwksOf(f))
	f.Add(one)
	f.Add([]byte(`{"kty":"EC","crv":"P-256"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		set, err := ParseKeys(data)
		if err != nil {
			return
		}
		for _, k := range set {
			if checkKey(k.Public) != nil {
				t.Fatalf("unusable key %T accepted", k.Public)
			}
		}
	})
}

// FuzzConfigFromEnv: any environment gives a configuration or an error,
// and an oauth configuration without error has an issuer and one key source.
func FuzzConfigFromEnv(f *testing.F) {
	f.Add("oauth", testIssuer, "https://i/jwks", "", "a,b", "300", "https://mcp/x")
	f.Add("public", "", "", "", "", "", "")
	f.Add("OAUTH", "i", "", "-----BEGIN PUBLIC KEY-----", "", "0", "")
	f.Fuzz(func(t *testing.T, mode, iss, jwks, key, scopes, ttl, server string) {
		env := map[string]string{EnvMode: mode, EnvIssuer: iss, EnvJWKSURI: jwks, EnvPublicKey: key,
			EnvRequiredScopes: scopes, EnvJWKSTTL: ttl, EnvServerURI: server}
		c, _, err := ConfigFromEnv(envOf(env))
		if err != nil || c.Mode != ModeOAuth {
			return
		}
		if c.Issuer == "" || (c.JWKSURI == "") == (c.PublicKeyPEM == "") {
			t.Fatalf("an unusable oauth configuration was accepted: %+v", c)
		}
		for _, s := range c.RequiredScopes {
			if !scopeToken(s) {
				t.Fatalf("scope %q accepted", s)
			}
		}
	})
}

// FuzzDecide: the guard answers any request without panicking, never lets
// a request through without valid claims, and never echoes the
// Authorization header.
func FuzzDecide(f *testing.F) {
	f.Add("POST", "/mcp", "", "127.0.0.1:3001", "Bearer "+mint(f, RS256, RS256, claimsAt(t0, nil)))
	f.Add("GET", WellKnownPath, "", "h", "")
	f.Add("POST", "/mcp", "access_token=x", "h", "bearer  x ")
	f.Add("POST", "/mcp", "%zz&access_token", "[::1]:80", "Basic x")
	g := testGuard(f, nil)
	f.Fuzz(func(t *testing.T, method, path, query, host, authz string) {
		h := http.Header{}
		h["Authorization"] = []string{authz}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		d := g.Decide(ctx, Request{Method: method, Path: path, RawQuery: query, Host: host, Header: h})
		switch d.Action {
		case Allow:
			if d.Claims == nil {
				t.Fatal("allowed without claims")
			}
		case Respond:
			tok, _ := strings.CutPrefix(authz, "Bearer ")
			if len(tok) >= 8 {
				for _, kv := range d.Headers {
					if strings.Contains(kv[1], tok) {
						t.Fatalf("header %s echoes the token", kv[0])
					}
				}
				if strings.Contains(string(d.Body), tok) {
					t.Fatal("the body echoes the token")
				}
			}
		case Pass:
			if method != "OPTIONS" {
				t.Fatalf("%s passed in oauth mode", method)
			}
		}
	})
}
