package auth

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"strings"
	"testing"
	"time"
)

func testValidator(t testing.TB, now time.Time) *Validator {
	set, skipped, err := ParseJWKS(jwksOf(t))
	if err != nil || len(skipped) != 0 {
		t.Fatalf("ParseJWKS: %v %v", err, skipped)
	}
	return &Validator{Issuer: testIssuer, Audience: "https://mcp.test", Keys: StaticKeys(set), Now: func() time.Time { return now }}
}

// Every algorithm, with keys from a JWKS (by kid) and from PEM (no kid).
func TestValidateAlgorithms(t *testing.T) {
	v := testValidator(t, t0)
	for _, alg := range Algorithms {
		kid := alg
		if alg == PS256 {
			kid = RS256 // the same RSA key verifies both RSA algorithms
		}
		c, err := v.Validate(context.Background(), mint(t, alg, kid, claimsAt(t0, nil)))
		if err != nil {
			t.Fatalf("%s: %v", alg, err)
		}
		if c.Subject != "alice" || !c.HasScope("mcp:tools") || c.Issuer != testIssuer || c.ExpiresAt != t0.Add(time.Hour) {
			t.Errorf("%s: claims %+v", alg, c)
		}

		pemText, err := MarshalPublicKeyPEM(signer(t, alg).Public())
		if err != nil {
			t.Fatal(err)
		}
		set, err := ParsePublicKeyPEM(pemText)
		if err != nil {
			t.Fatal(err)
		}
		pv := &Validator{Issuer: testIssuer, Keys: StaticKeys(set), Now: func() time.Time { return t0 }}
		if _, err := pv.Validate(context.Background(), mint(t, alg, "", claimsAt(t0, nil))); err != nil {
			t.Errorf("%s with a PEM key: %v", alg, err)
		}
	}
}

func TestValidateRefusals(t *testing.T) {
	v := testValidator(t, t0)
	good := mint(t, RS256, RS256, claimsAt(t0, nil))
	rsaPEM, _ := MarshalPublicKeyPEM(signer(t, RS256).Public())
	otherRSA, _ := rsa.GenerateKey(rand.Reader, 2048)
	otherTok, _ := Sign(RS256, otherRSA, RS256, claimsAt(t0, nil))
	parts := strings.Split(good, ".")
	big := rawToken(map[string]any{"alg": "RS256", "kid": "RS256", "pad": strings.Repeat("x", 64<<10)}, claimsAt(t0, nil), func([]byte) []byte { return []byte("sig") })

	for _, c := range []struct {
		name string
		tok  string
		want error
	}{
		{"alg none", rawToken(map[string]any{"alg": "none"}, claimsAt(t0, nil), nil), ErrMalformed},
		{"alg none with a signature", rawToken(map[string]any{"alg": "none"}, claimsAt(t0, nil), func([]byte) []byte { return []byte{1} }), ErrUnsupportedAlg},
		{"HS256 with the public key as secret", rawToken(map[string]any{"alg": "HS256", "kid": "RS256"}, claimsAt(t0, nil), hs256(rsaPEM)), ErrUnsupportedAlg},
		{"RS512", rawToken(map[string]any{"alg": "RS512", "kid": "RS256"}, claimsAt(t0, nil), hs256(nil)), ErrUnsupportedAlg},
		{"expired", mint(t, RS256, RS256, claimsAt(t0, map[string]any{"exp": t0.Add(-time.Minute).Unix()})), ErrExpired},
		{"no exp", mint(t, RS256, RS256, claimsAt(t0, map[string]any{"exp": nil})), ErrNoExpiry},
		{"nbf in the future", mint(t, RS256, RS256, claimsAt(t0, map[string]any{"nbf": t0.Add(time.Minute).Unix()})), ErrNotYetValid},
		{"wrong iss", mint(t, RS256, RS256, claimsAt(t0, map[string]any{"iss": "https://evil.test"})), ErrIssuer},
		{"no iss", mint(t, RS256, RS256, claimsAt(t0, map[string]any{"iss": nil})), ErrIssuer},
		{"wrong aud", mint(t, RS256, RS256, claimsAt(t0, map[string]any{"aud": []string{"https://other.test"}})), ErrAudience},
		{"no aud", mint(t, RS256, RS256, claimsAt(t0, map[string]any{"aud": nil})), ErrAudience},
		{"tampered payload", tamper(good, func(m map[string]any) { m["sub"] = "mallory" }), ErrSignature},
		{"another key, same kid", otherTok, ErrSignature},
		{"unknown kid", mint(t, RS256, "nope", claimsAt(t0, nil)), ErrUnknownKey},
		{"RSA kid with ES256", mint(t, ES256, RS256, claimsAt(t0, nil)), ErrKeyMismatch},
		{"EC kid with RS256", mint(t, RS256, ES256, claimsAt(t0, nil)), ErrKeyMismatch},
		{"crit", rawToken(map[string]any{"alg": "RS256", "kid": "RS256", "crit": []string{"exp"}, "exp": 1}, claimsAt(t0, nil), hs256(nil)), ErrCritical},
		{"64 KB header", big, ErrTooLarge},
		{"two parts", parts[0] + "." + parts[1], ErrMalformed},
		{"five parts (JWE)", good + ".a.b", ErrMalformed},
		{"padding", parts[0] + "." + parts[1] + "." + parts[2] + "=", ErrMalformed},
		{"standard base64 alphabet", parts[0] + "." + parts[1] + "." + strings.NewReplacer("-", "+", "_", "/").Replace(parts[2]) + "+", ErrMalformed},
		{"header not an object", b64.EncodeToString([]byte(`"x"`)) + "." + parts[1] + "." + parts[2], ErrMalformed},
		{"truncated signature", parts[0] + "." + parts[1] + "." + parts[2][:20], ErrSignature},
		{"exp as a string", mint(t, RS256, RS256, claimsAt(t0, map[string]any{"exp": "tomorrow"})), ErrClaims},
		{"aud of numbers", mint(t, RS256, RS256, claimsAt(t0, map[string]any{"aud": []int{1}})), ErrClaims},
		{"exp beyond 9999", mint(t, RS256, RS256, claimsAt(t0, map[string]any{"exp": 1e300})), ErrClaims},
	} {
		_, err := v.Validate(context.Background(), c.tok)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), c.tok) {
			t.Errorf("%s: the error quotes the token", c.name)
		}
	}
}

func TestValidateLeewayAndClaims(t *testing.T) {
	v := testValidator(t, t0)
	// Within the leeway on both sides.
	tok := mint(t, ES256, ES256, claimsAt(t0, map[string]any{"exp": t0.Add(-10 * time.Second).Unix(), "nbf": t0.Add(10 * time.Second).Unix()}))
	if _, err := v.Validate(context.Background(), tok); err != nil {
		t.Fatalf("within leeway: %v", err)
	}
	// scp as an array, client_id, fractional dates, aud among several.
	tok = mint(t, EdDSA, EdDSA, claimsAt(t0, map[string]any{"scope": nil, "scp": []string{"a", "b"}, "client_id": "cli",
		"exp": float64(t0.Add(time.Hour).Unix()) + 0.5, "aud": []string{"x", "https://mcp.test"}, "custom": map[string]any{"k": 1}}))
	c, err := v.Validate(context.Background(), tok)
	if err != nil {
		t.Fatal(err)
	}
	if !c.HasScope("b") || c.ClientID != "cli" || c.Principal() != "sub:alice" || c.Raw["custom"] == nil {
		t.Errorf("claims %+v", c)
	}
	// scp as a string; azp as the client; no sub.
	tok = mint(t, EdDSA, EdDSA, claimsAt(t0, map[string]any{"scope": nil, "scp": "x y", "azp": "app", "sub": nil}))
	if c, err = v.Validate(context.Background(), tok); err != nil || !c.HasScope("y") || c.Principal() != "client:app" {
		t.Errorf("scp string: %+v %v", c, err)
	}
	// No audience configured: any aud is accepted.
	v.Audience = ""
	if _, err := v.Validate(context.Background(), mint(t, RS256, RS256, claimsAt(t0, map[string]any{"aud": "elsewhere"}))); err != nil {
		t.Errorf("no audience configured: %v", err)
	}
}

func TestParseJWKS(t *testing.T) {
	weak, _ := rsa.GenerateKey(rand.Reader, 1024)
	weakJWK, _ := PublicJWK(&weak.PublicKey, "", "weak")
	ec, _ := PublicJWK(signer(t, ES256).Public(), "", "ec")
	offCurve := ec
	offCurve.Kid, offCurve.Y = "off", offCurve.X
	encKey := ec
	encKey.Kid, encKey.Use = "enc", "enc"
	wrongAlg := ec
	wrongAlg.Kid, wrongAlg.Alg = "rsa-alg-on-ec", RS256
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	_, err := PublicJWK(&p384.PublicKey, "", "")
	if err == nil {
		t.Error("a P-384 key was turned into a JWK")
	}
	set, skipped, err := ParseJWKS(jwksOf(t, weakJWK, offCurve, encKey, wrongAlg, JWK{Kty: "oct", Kid: "hmac"}))
	if err != nil {
		t.Fatal(err)
	}
	if len(set) != 3 || len(skipped) != 5 {
		t.Errorf("set %d keys, skipped %v", len(set), skipped)
	}
	for _, bad := range []string{``, `[]`, `{"keys":{}}`, `{"keys":[]}`, `{"keys":[{"kty":"RSA"}]}`, `{"keys":[]} x`} {
		if _, _, err := ParseJWKS([]byte(bad)); err == nil {
			t.Errorf("ParseJWKS(%q) accepted", bad)
		}
	}
}

func TestThumbprint(t *testing.T) {
	// RFC 7638, section 3.1: the example RSA key and its thumbprint.
	j := JWK{Kty: "RSA", E: "AQAB", N: "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"}
	k, err := j.Key()
	if err != nil {
		t.Fatal(err)
	}
	got, err := Thumbprint(k.Public)
	if err != nil || got != "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs" {
		t.Errorf("Thumbprint = %q, %v", got, err)
	}
}

func TestPEM(t *testing.T) {
	for _, alg := range []string{RS256, ES256, EdDSA} {
		k := signer(t, alg)
		priv, err := MarshalPrivateKeyPEM(k)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParsePrivateKeyPEM(priv)
		if err != nil {
			t.Fatalf("%s: %v", alg, err)
		}
		if a, _ := DefaultAlg(back.Public()); a != alg {
			t.Errorf("DefaultAlg = %s, want %s", a, alg)
		}
		if _, err := ParsePublicKeyPEM(priv); err == nil || !strings.Contains(err.Error(), "never the private one") {
			t.Errorf("%s: a private key as public key: %v", alg, err)
		}
		pub, _ := MarshalPublicKeyPEM(k.Public())
		escaped := strings.ReplaceAll(string(pub), "\n", `\n`)
		if _, err := ParsePublicKeyPEM([]byte(escaped)); err != nil {
			t.Errorf("%s: PEM with \\n escapes: %v", alg, err)
		}
	}
	for _, bad := range []string{"", "not pem", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"} {
		if _, err := ParsePublicKeyPEM([]byte(bad)); err == nil {
			t.Errorf("ParsePublicKeyPEM(%q) accepted", bad)
		}
	}
}
