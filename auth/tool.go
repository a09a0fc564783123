package auth

import (
	"crypto"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// KeyPair is what `wasmcp jwt keygen` writes: a signing key and its public
// half as PEM and as a one-key JWKS, with the key's thumbprint as kid.
type KeyPair struct {
	Alg        string
	Kid        string
	PrivatePEM []byte
	PublicPEM  []byte
	JWKS       []byte
}

// NewKeyPair generates a key pair for alg.
func NewKeyPair(alg string) (*KeyPair, error) {
	key, err := GenerateKey(alg)
	if err != nil {
		return nil, err
	}
	kid, err := Thumbprint(key.Public())
	if err != nil {
		return nil, err
	}
	kp := &KeyPair{Alg: alg, Kid: kid}
	if kp.PrivatePEM, err = MarshalPrivateKeyPEM(key); err != nil {
		return nil, err
	}
	if kp.PublicPEM, err = MarshalPublicKeyPEM(key.Public()); err != nil {
		return nil, err
	}
	j, err := PublicJWK(key.Public(), alg, kid)
	if err != nil {
		return nil, err
	}
	if kp.JWKS, err = json.MarshalIndent(map[string]any{"keys": []JWK{j}}, "", "  "); err != nil {
		return nil, err
	}
	kp.JWKS = append(kp.JWKS, '\n')
	return kp, nil
}

// MintOptions are the claims of a token made by Mint.
type MintOptions struct {
	Alg      string // "" picks DefaultAlg of the key
	Kid      string // "" uses the key's thumbprint, as keygen does
	Issuer   string
	Subject  string
	Audience []string
	Scopes   []string
	ClientID string
	TTL      time.Duration // lifetime from Now; must be positive
	// Claims are added last and win over the ones above.
	Claims map[string]any
	Now    time.Time
}

// Mint signs a token with the given claims: iss, sub, aud (a string when
// there is one), scope, client_id, iat, nbf, exp and jti.
func Mint(key crypto.Signer, o MintOptions) (string, error) {
	if o.Issuer == "" {
		return "", errors.New("a token needs an issuer")
	}
	if o.TTL <= 0 {
		return "", fmt.Errorf("the lifetime %v is not positive", o.TTL)
	}
	alg := o.Alg
	if alg == "" {
		var err error
		if alg, err = DefaultAlg(key.Public()); err != nil {
			return "", err
		}
	}
	kid := o.Kid
	if kid == "" {
		var err error
		if kid, err = Thumbprint(key.Public()); err != nil {
			return "", err
		}
	}
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	c := map[string]any{
		"iss": o.Issuer,
		"iat": now.Unix(),
		"nbf": now.Unix(),
		"exp": now.Add(o.TTL).Unix(),
		"jti": newID(),
	}
	if o.Subject != "" {
		c["sub"] = o.Subject
	}
	switch len(o.Audience) {
	case 0:
	case 1:
		c["aud"] = o.Audience[0]
	default:
		c["aud"] = o.Audience
	}
	if len(o.Scopes) > 0 {
		c["scope"] = strings.Join(o.Scopes, " ")
	}
	if o.ClientID != "" {
		c["client_id"] = o.ClientID
	}
	for k, v := range o.Claims {
		c[k] = v
	}
	return Sign(alg, key, kid, c)
}

// Decoded is a token's header and claims, read without verification.
type Decoded struct {
	Header map[string]any `json:"header"`
	Claims map[string]any `json:"claims"`
}

// Decode reads a token's header and claims without verifying anything.
func Decode(tok string) (*Decoded, error) {
	t, err := ParseToken(strings.TrimSpace(tok))
	if err != nil {
		return nil, err
	}
	d := &Decoded{}
	if err := strictJSON(t.RawHeader, &d.Header); err != nil {
		return nil, fmt.Errorf("%w: header", ErrMalformed)
	}
	if err := strictJSON(t.RawClaims, &d.Claims); err != nil {
		return nil, fmt.Errorf("%w: payload is not a JSON object", ErrMalformed)
	}
	return d, nil
}

// ParseKeys reads verification keys from a file's contents: PEM, a JWKS, or
// a single JWK.
func ParseKeys(data []byte) (KeySet, error) {
	trimmed := strings.TrimSpace(string(data))
	if !strings.HasPrefix(trimmed, "{") {
		return ParsePublicKeyPEM(data)
	}
	if strings.Contains(trimmed, `"keys"`) {
		set, _, err := ParseJWKS(data)
		return set, err
	}
	var j JWK
	if err := strictJSON(data, &j); err != nil {
		return nil, fmt.Errorf("not a JWK: %v", err)
	}
	k, err := j.Key()
	if err != nil {
		return nil, err
	}
	return KeySet{k}, nil
}
