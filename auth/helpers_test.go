package auth

import (
	"crypto"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"
)

// testKeys holds one generated signing key per algorithm; RSA generation
// is slow, so they are made once per test binary.
var (
	keysOnce sync.Once
	keyByAlg map[string]crypto.Signer
)

func signer(t testing.TB, alg string) crypto.Signer {
	t.Helper()
	keysOnce.Do(func() {
		keyByAlg = map[string]crypto.Signer{}
		for _, a := range Algorithms {
			if a == PS256 {
				continue
			}
			k, err := GenerateKey(a)
			if err != nil {
				panic(err)
			}
			keyByAlg[a] = k
		}
		keyByAlg[PS256] = keyByAlg[RS256]
	})
	return keyByAlg[alg]
}

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

const testIssuer = "https://issuer.test"

// claimsAt returns a valid claim set for time now, with extra claims
// merged in (a nil value removes a claim).
func claimsAt(now time.Time, extra map[string]any) map[string]any {
	c := map[string]any{
		"iss":   testIssuer,
		"sub":   "alice",
		"aud":   "https://mcp.test",
		"exp":   now.Add(time.Hour).Unix(),
		"iat":   now.Unix(),
		"scope": "mcp:tools mcp:read",
	}
	for k, v := range extra {
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
	}
	return c
}

func mint(t testing.TB, alg, kid string, claims map[string]any) string {
	t.Helper()
	tok, err := Sign(alg, signer(t, alg), kid, claims)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// rawToken assembles a token from a header and payload of one's choosing
// and a signature made by sign (nil: no signature).
func rawToken(header, payload any, sign func(input []byte) []byte) string {
	h, _ := json.Marshal(header)
	p, _ := json.Marshal(payload)
	input := b64.EncodeToString(h) + "." + b64.EncodeToString(p)
	var sig []byte
	if sign != nil {
		sig = sign([]byte(input))
	}
	return input + "." + b64.EncodeToString(sig)
}

func hs256(secret []byte) func([]byte) []byte {
	return func(in []byte) []byte {
		m := hmac.New(sha256.New, secret)
		m.Write(in)
		return m.Sum(nil)
	}
}

// jwksOf is a JWKS document of the test keys, each with kid = its alg.
func jwksOf(t testing.TB, extra ...JWK) []byte {
	t.Helper()
	var keys []JWK
	for _, a := range []string{RS256, ES256, EdDSA} {
		j, err := PublicJWK(signer(t, a).Public(), "", a)
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, j)
	}
	keys = append(keys, extra...)
	b, err := json.Marshal(map[string]any{"keys": keys})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func tamper(tok string, edit func(map[string]any)) string {
	parts := strings.Split(tok, ".")
	raw, _ := b64.DecodeString(parts[1])
	var m map[string]any
	json.Unmarshal(raw, &m)
	edit(m)
	p, _ := json.Marshal(m)
	return parts[0] + "." + b64.EncodeToString(p) + "." + parts[2]
}
