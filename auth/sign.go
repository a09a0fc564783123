package auth

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
)

// pss is RSASSA-PSS as RFC 7518 section 3.5 fixes it for PS256: SHA-256,
// MGF1 with SHA-256, a salt as long as the hash.
var pss = &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash, Hash: crypto.SHA256}

// verifySignature checks sig over input with key, for alg. The caller has
// checked that the key fits the algorithm; this checks it again, so that a
// mistake there cannot turn into a verification with the wrong primitive.
func verifySignature(alg string, key Key, input, sig []byte) error {
	if !key.fits(alg) {
		return ErrKeyMismatch
	}
	h := sha256.Sum256(input)
	ok := false
	switch pub := key.Public.(type) {
	case *rsa.PublicKey:
		if len(sig) != pub.Size() {
			break
		}
		switch alg {
		case RS256:
			ok = rsa.VerifyPKCS1v15(pub, crypto.SHA256, h[:], sig) == nil
		case PS256:
			ok = rsa.VerifyPSS(pub, crypto.SHA256, h[:], sig, pss) == nil
		}
	case *ecdsa.PublicKey:
		// JWS carries R and S as two 32-byte big-endian halves, not ASN.1
		// (RFC 7518, section 3.4).
		if len(sig) != 64 {
			break
		}
		r := new(big.Int).SetBytes(sig[:32])
		s := new(big.Int).SetBytes(sig[32:])
		ok = ecdsa.Verify(pub, h[:], r, s)
	case ed25519.PublicKey:
		ok = len(sig) == ed25519.SignatureSize && ed25519.Verify(pub, input, sig)
	}
	if !ok {
		return ErrSignature
	}
	return nil
}

// DefaultAlg is the algorithm Sign uses for a key when none is given:
// RS256 for RSA, ES256 for P-256, EdDSA for Ed25519.
func DefaultAlg(pub crypto.PublicKey) (string, error) {
	switch pub.(type) {
	case *rsa.PublicKey:
		return RS256, nil
	case *ecdsa.PublicKey:
		return ES256, nil
	case ed25519.PublicKey:
		return EdDSA, nil
	}
	return "", fmt.Errorf("a %T key has no JWS algorithm here", pub)
}

// GenerateKey makes a signing key for alg: RSA 2048 bits for RS256 and
// PS256, P-256 for ES256, Ed25519 for EdDSA.
func GenerateKey(alg string) (crypto.Signer, error) {
	switch alg {
	case RS256, PS256:
		return rsa.GenerateKey(rand.Reader, 2048)
	case ES256:
		return ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case EdDSA:
		_, k, err := ed25519.GenerateKey(rand.Reader)
		return k, err
	}
	return nil, fmt.Errorf("algorithm %q is not one of %v", alg, Algorithms)
}

// Sign makes a compact JWS of claims with key. The header has alg, typ JWT
// and, when not empty, kid.
func Sign(alg string, key crypto.Signer, kid string, claims any) (string, error) {
	if !(Key{Public: key.Public()}).fits(alg) {
		return "", fmt.Errorf("a %T key cannot sign %s", key.Public(), alg)
	}
	hdr, err := json.Marshal(JOSEHeader{Alg: alg, Kid: kid, Typ: "JWT"})
	if err != nil {
		return "", err
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	input := b64.EncodeToString(hdr) + "." + b64.EncodeToString(payload)
	sig, err := signInput(alg, key, []byte(input))
	if err != nil {
		return "", err
	}
	return input + "." + b64.EncodeToString(sig), nil
}

func signInput(alg string, key crypto.Signer, input []byte) ([]byte, error) {
	h := sha256.Sum256(input)
	switch k := key.(type) {
	case *rsa.PrivateKey:
		if alg == PS256 {
			return rsa.SignPSS(rand.Reader, k, crypto.SHA256, h[:], pss)
		}
		return rsa.SignPKCS1v15(rand.Reader, k, crypto.SHA256, h[:])
	case *ecdsa.PrivateKey:
		r, s, err := ecdsa.Sign(rand.Reader, k, h[:])
		if err != nil {
			return nil, err
		}
		sig := make([]byte, 64)
		r.FillBytes(sig[:32])
		s.FillBytes(sig[32:])
		return sig, nil
	case ed25519.PrivateKey:
		return ed25519.Sign(k, input), nil
	}
	return nil, fmt.Errorf("a %T key cannot sign", key)
}

// PublicJWK describes a verification key as a JWK with use sig, the given
// alg (may be empty) and kid.
func PublicJWK(pub crypto.PublicKey, alg, kid string) (JWK, error) {
	j := JWK{Kid: kid, Alg: alg, Use: "sig"}
	switch pub := pub.(type) {
	case *rsa.PublicKey:
		j.Kty = "RSA"
		j.N = b64.EncodeToString(pub.N.Bytes())
		j.E = b64.EncodeToString(big.NewInt(int64(pub.E)).Bytes())
	case *ecdsa.PublicKey:
		if pub.Curve != elliptic.P256() {
			return JWK{}, errors.New("EC: only P-256 is supported")
		}
		raw, err := pub.Bytes()
		if err != nil {
			return JWK{}, err
		}
		j.Kty, j.Crv = "EC", "P-256"
		j.X = b64.EncodeToString(raw[1:33])
		j.Y = b64.EncodeToString(raw[33:])
	case ed25519.PublicKey:
		j.Kty, j.Crv = "OKP", "Ed25519"
		j.X = b64.EncodeToString(pub)
	default:
		return JWK{}, fmt.Errorf("a %T key has no JWK form here", pub)
	}
	return j, nil
}

// Thumbprint is the RFC 7638 JWK thumbprint (SHA-256, base64url) of a
// verification key: a kid that both keygen and mint derive from the key
// alone.
func Thumbprint(pub crypto.PublicKey) (string, error) {
	j, err := PublicJWK(pub, "", "")
	if err != nil {
		return "", err
	}
	// The required members only, in lexicographic order, no white space
	// (RFC 7638, section 3.2); json.Marshal of a map sorts its keys.
	m := map[string]string{"kty": j.Kty}
	switch j.Kty {
	case "RSA":
		m["e"], m["n"] = j.E, j.N
	case "EC":
		m["crv"], m["x"], m["y"] = j.Crv, j.X, j.Y
	case "OKP":
		m["crv"], m["x"] = j.Crv, j.X
	}
	b, err := json.Marshal(m)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return b64.EncodeToString(sum[:]), nil
}

// newID is a random jti.
func newID() string {
	b := make([]byte, 12)
	rand.Read(b)
	return b64.EncodeToString(b)
}
