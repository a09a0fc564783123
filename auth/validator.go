package auth

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// DefaultLeeway is the clock skew allowed on exp and nbf.
const DefaultLeeway = 30 * time.Second

// Validator verifies access tokens.
type Validator struct {
	// Issuer must equal the token's iss exactly. It must not be empty.
	Issuer string
	// Audience, when not empty, must be one of the token's aud values.
	Audience string
	Keys     KeySource
	// Leeway is the clock skew allowed on exp and nbf (DefaultLeeway when 0;
	// negative means none).
	Leeway time.Duration
	Now    func() time.Time // time.Now when nil
}

// Validate parses and verifies tok and returns its claims. The order of the
// checks keeps untrusted input away from the keys: the header is checked
// before a key is looked up, the signature before any claim is trusted.
// Errors wrap one of the Err* sentinels of this package.
func (v *Validator) Validate(ctx context.Context, tok string) (*Claims, error) {
	t, err := ParseToken(tok)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(Algorithms, t.Header.Alg) {
		return nil, ErrUnsupportedAlg
	}
	key, err := v.Keys.LookupKey(ctx, t.Header)
	if err != nil {
		return nil, err
	}
	if err := verifySignature(t.Header.Alg, key, []byte(t.signingInput), t.Signature); err != nil {
		return nil, err
	}
	c, err := parseClaims(t.RawClaims)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	if v.Now != nil {
		now = v.Now()
	}
	leeway := v.Leeway
	if leeway == 0 {
		leeway = DefaultLeeway
	} else if leeway < 0 {
		leeway = 0
	}
	switch {
	case c.ExpiresAt.IsZero():
		return nil, ErrNoExpiry
	case !now.Before(c.ExpiresAt.Add(leeway)):
		return nil, ErrExpired
	case !c.NotBefore.IsZero() && now.Add(leeway).Before(c.NotBefore):
		return nil, ErrNotYetValid
	case v.Issuer == "" || c.Issuer != v.Issuer:
		return nil, ErrIssuer
	case v.Audience != "" && !slices.Contains(c.Audience, v.Audience):
		return nil, ErrAudience
	}
	return c, nil
}

// VerifySignature checks only tok's signature against keys, for `wasmcp jwt
// decode --key`; it returns the parsed token.
func VerifySignature(tok string, keys KeySet) (*Token, error) {
	t, err := ParseToken(tok)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(Algorithms, t.Header.Alg) {
		return nil, fmt.Errorf("%w: %q", ErrUnsupportedAlg, clip(t.Header.Alg))
	}
	k, err := keys.find(t.Header)
	if err != nil {
		return nil, err
	}
	return t, verifySignature(t.Header.Alg, k, []byte(t.signingInput), t.Signature)
}
