package auth

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"slices"
)

// The signing algorithms accepted (RFC 7518 section 3, RFC 8037 section 3.1).
// HMAC is absent on purpose: a resource server holding a shared secret could
// mint tokens, and accepting HS256 invites the attack that signs with the
// public key as the secret (RFC 8725, section 2.1).
const (
	RS256 = "RS256"
	PS256 = "PS256"
	ES256 = "ES256"
	EdDSA = "EdDSA"
)

// Algorithms lists the accepted algorithms.
var Algorithms = []string{RS256, PS256, ES256, EdDSA}

// RSA moduli outside these bounds are refused: smaller ones are weak (RFC
// 7518 section 3.3 requires 2048 bits), larger ones make each verification
// slow enough to be a denial of service.
const (
	minRSABits = 2048
	maxRSABits = 8192
)

// MaxJWKSSize bounds a JWKS document, in bytes, and MaxKeys the keys in it.
const (
	MaxJWKSSize = 256 << 10
	MaxKeys     = 100
)

// Key is one verification key: a *rsa.PublicKey, a P-256 *ecdsa.PublicKey
// or an ed25519.PublicKey.
type Key struct {
	// ID is the JWK's kid ("" for a key from PEM, which matches any kid).
	ID string
	// Alg, when not empty, is the only algorithm the key may verify (the
	// JWK's alg member).
	Alg    string
	Public crypto.PublicKey
}

// fits reports whether k may verify a signature made with alg: the key type
// the algorithm needs, and the JWK's own alg when it has one (RFC 8725,
// section 3.1: the algorithm and the key are checked together).
func (k Key) fits(alg string) bool {
	if k.Alg != "" && k.Alg != alg {
		return false
	}
	switch pub := k.Public.(type) {
	case *rsa.PublicKey:
		return alg == RS256 || alg == PS256
	case *ecdsa.PublicKey:
		return alg == ES256 && pub.Curve == elliptic.P256()
	case ed25519.PublicKey:
		return alg == EdDSA
	}
	return false
}

// KeySet is the keys a token may be verified with.
type KeySet []Key

// find picks the key for a token header: the key with the token's kid,
// else the only key without an id; a token without kid needs exactly one
// key that fits its algorithm, so that no token makes the server try many.
func (s KeySet) find(h JOSEHeader) (Key, error) {
	if h.Kid != "" {
		named := false
		for _, k := range s {
			if k.ID == h.Kid {
				named = true
				if k.fits(h.Alg) {
					return k, nil
				}
			}
		}
		if named {
			return Key{}, ErrKeyMismatch
		}
	}
	var found []Key
	for _, k := range s {
		if (h.Kid == "" || k.ID == "") && k.fits(h.Alg) {
			found = append(found, k)
		}
	}
	if len(found) == 1 {
		return found[0], nil
	}
	if len(found) > 1 {
		return Key{}, fmt.Errorf("%w: the token has no kid and several keys fit", ErrUnknownKey)
	}
	return Key{}, ErrUnknownKey
}

// StaticKeys is a KeySource of fixed keys (JWT_PUBLIC_KEY).
type StaticKeys KeySet

// LookupKey implements KeySource.
func (s StaticKeys) LookupKey(_ context.Context, h JOSEHeader) (Key, error) { return KeySet(s).find(h) }

// JWK is a JSON Web Key as far as this package reads or writes one (RFC 7517
// section 4, RFC 7518 section 6, RFC 8037 section 2). Private members are
// never written.
type JWK struct {
	Kty    string   `json:"kty"`
	Kid    string   `json:"kid,omitempty"`
	Use    string   `json:"use,omitempty"`
	Alg    string   `json:"alg,omitempty"`
	KeyOps []string `json:"key_ops,omitempty"`
	Crv    string   `json:"crv,omitempty"`
	N      string   `json:"n,omitempty"`
	E      string   `json:"e,omitempty"`
	X      string   `json:"x,omitempty"`
	Y      string   `json:"y,omitempty"`
}

// JWKS is a JWK Set.
type JWKS struct {
	Keys []json.RawMessage `json:"keys"`
}

// ParseJWKS reads a JWK Set. Keys this package cannot use (another kty or
// curve, an encryption key, malformed members) are skipped, as RFC 7517
// section 5 asks; their reasons are returned in skipped. A set with no usable
// key is an error.
func ParseJWKS(data []byte) (set KeySet, skipped []error, err error) {
	if len(data) > MaxJWKSSize {
		return nil, nil, fmt.Errorf("JWKS: %d bytes, at most %d", len(data), MaxJWKSSize)
	}
	var doc JWKS
	if err := strictJSON(data, &doc); err != nil {
		return nil, nil, fmt.Errorf("JWKS: not a JSON object with a keys array: %v", err)
	}
	if len(doc.Keys) > MaxKeys {
		return nil, nil, fmt.Errorf("JWKS: %d keys, at most %d", len(doc.Keys), MaxKeys)
	}
	for i, raw := range doc.Keys {
		var j JWK
		if err := strictJSON(raw, &j); err != nil {
			skipped = append(skipped, fmt.Errorf("keys[%d]: not a JWK object", i))
			continue
		}
		k, err := j.Key()
		if err != nil {
			skipped = append(skipped, fmt.Errorf("keys[%d] (kid %q): %w", i, clip(j.Kid), err))
			continue
		}
		set = append(set, k)
	}
	if len(set) == 0 {
		return nil, skipped, errors.Join(append([]error{errors.New("JWKS: no usable signature key")}, skipped...)...)
	}
	return set, skipped, nil
}

// clip shortens a value read from the network before it goes into an
// error message.
func clip(s string) string {
	if len(s) > 64 {
		return s[:64] + "…"
	}
	return s
}

// Key converts a public JWK to a verification key.
func (j JWK) Key() (Key, error) {
	if j.Use != "" && j.Use != "sig" {
		return Key{}, fmt.Errorf("use %q is not sig", clip(j.Use))
	}
	if j.KeyOps != nil && !slices.Contains(j.KeyOps, "verify") {
		return Key{}, errors.New("key_ops does not include verify")
	}
	if j.Alg != "" && !slices.Contains(Algorithms, j.Alg) {
		return Key{}, fmt.Errorf("alg %q is not one of %v", clip(j.Alg), Algorithms)
	}
	k := Key{ID: j.Kid, Alg: j.Alg}
	switch j.Kty {
	case "RSA":
		n, err := b64.DecodeString(j.N)
		if err != nil || len(n) == 0 {
			return Key{}, errors.New("RSA: n is not base64url")
		}
		e, err := b64.DecodeString(j.E)
		if err != nil || len(e) == 0 || len(e) > 4 {
			return Key{}, errors.New("RSA: e is not a base64url integer of at most 4 bytes")
		}
		pub := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}
		if err := checkRSA(pub); err != nil {
			return Key{}, err
		}
		k.Public = pub
	case "EC":
		if j.Crv != "P-256" {
			return Key{}, fmt.Errorf("EC: curve %q is not P-256", clip(j.Crv))
		}
		x, errX := b64.DecodeString(j.X)
		y, errY := b64.DecodeString(j.Y)
		if errX != nil || errY != nil || len(x) != 32 || len(y) != 32 {
			return Key{}, errors.New("EC: x and y must be 32-byte base64url values")
		}
		pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), append(append([]byte{4}, x...), y...))
		if err != nil {
			return Key{}, errors.New("EC: the point is not on P-256")
		}
		k.Public = pub
	case "OKP":
		if j.Crv != "Ed25519" {
			return Key{}, fmt.Errorf("OKP: curve %q is not Ed25519", clip(j.Crv))
		}
		x, err := b64.DecodeString(j.X)
		if err != nil || len(x) != ed25519.PublicKeySize {
			return Key{}, errors.New("OKP: x must be a 32-byte base64url value")
		}
		k.Public = ed25519.PublicKey(x)
	default:
		return Key{}, fmt.Errorf("kty %q is not RSA, EC or OKP", clip(j.Kty))
	}
	if k.Alg != "" && !k.fits(k.Alg) {
		return Key{}, fmt.Errorf("alg %s does not fit kty %s", k.Alg, j.Kty)
	}
	return k, nil
}

// checkRSA refuses weak or oversized moduli and unusual exponents.
func checkRSA(pub *rsa.PublicKey) error {
	bits := pub.N.BitLen()
	if bits < minRSABits || bits > maxRSABits {
		return fmt.Errorf("RSA: a %d-bit modulus (accepted: %d to %d)", bits, minRSABits, maxRSABits)
	}
	if pub.E < 3 || pub.E%2 == 0 {
		return errors.New("RSA: the exponent must be odd and at least 3")
	}
	return nil
}

// checkKey refuses public keys of a type or size the validator does not use.
func checkKey(pub crypto.PublicKey) error {
	switch pub := pub.(type) {
	case *rsa.PublicKey:
		return checkRSA(pub)
	case *ecdsa.PublicKey:
		if pub.Curve != elliptic.P256() {
			return fmt.Errorf("EC: curve %s is not P-256", pub.Curve.Params().Name)
		}
		return nil
	case ed25519.PublicKey:
		return nil
	}
	return fmt.Errorf("a %T key is not RSA, P-256 or Ed25519", pub)
}
