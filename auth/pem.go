package auth

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
)

// ParsePublicKeyPEM reads the verification keys of a PEM text: PUBLIC KEY
// (PKIX), RSA PUBLIC KEY (PKCS #1) and CERTIFICATE blocks, in order. Other
// blocks are errors, a private key especially: it does not belong in the
// server's configuration.
func ParsePublicKeyPEM(data []byte) (KeySet, error) {
	data = unescapeNewlines(data)
	var set KeySet
	for i := 1; ; i++ {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			break
		}
		var pub crypto.PublicKey
		var err error
		switch b.Type {
		case "PUBLIC KEY":
			pub, err = x509.ParsePKIXPublicKey(b.Bytes)
		case "RSA PUBLIC KEY":
			pub, err = x509.ParsePKCS1PublicKey(b.Bytes)
		case "CERTIFICATE":
			var c *x509.Certificate
			if c, err = x509.ParseCertificate(b.Bytes); err == nil {
				pub = c.PublicKey
			}
		default:
			if strings.Contains(b.Type, "PRIVATE") {
				return nil, fmt.Errorf("PEM block %d is a %s: give the public key, never the private one", i, b.Type)
			}
			return nil, fmt.Errorf("PEM block %d: %q is not PUBLIC KEY, RSA PUBLIC KEY or CERTIFICATE", i, clip(b.Type))
		}
		if err != nil {
			return nil, fmt.Errorf("PEM block %d (%s): %v", i, b.Type, err)
		}
		if err := checkKey(pub); err != nil {
			return nil, fmt.Errorf("PEM block %d: %v", i, err)
		}
		set = append(set, Key{Public: pub})
	}
	if len(set) == 0 {
		return nil, errors.New("no PEM block found (expected -----BEGIN PUBLIC KEY-----)")
	}
	return set, nil
}

// unescapeNewlines turns the two characters \n into a newline in PEM text
// that has no real newline: environment files often hold a key that way.
func unescapeNewlines(data []byte) []byte {
	s := string(data)
	if !strings.Contains(s, "\n") && strings.Contains(s, `\n`) {
		s = strings.ReplaceAll(s, `\n`, "\n")
	}
	return []byte(s)
}

// ParsePrivateKeyPEM reads a signing key: PRIVATE KEY (PKCS #8), RSA
// PRIVATE KEY (PKCS #1) or EC PRIVATE KEY (SEC 1), of a type Sign uses.
func ParsePrivateKeyPEM(data []byte) (crypto.Signer, error) {
	b, _ := pem.Decode(unescapeNewlines(data))
	if b == nil {
		return nil, errors.New("no PEM block found (expected -----BEGIN PRIVATE KEY-----)")
	}
	var key any
	var err error
	switch b.Type {
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(b.Bytes)
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(b.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(b.Bytes)
	default:
		return nil, fmt.Errorf("PEM block %q is not PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY", clip(b.Type))
	}
	if err != nil {
		return nil, fmt.Errorf("PEM %s: %v", b.Type, err)
	}
	var s crypto.Signer
	switch k := key.(type) {
	case *rsa.PrivateKey:
		s = k
	case *ecdsa.PrivateKey:
		s = k
	case ed25519.PrivateKey:
		s = k
	default:
		return nil, fmt.Errorf("a %T key cannot sign RS256, PS256, ES256 or EdDSA", key)
	}
	if err := checkKey(s.Public()); err != nil {
		return nil, err
	}
	return s, nil
}

// MarshalPrivateKeyPEM writes a signing key as PKCS #8 PEM.
func MarshalPrivateKeyPEM(key crypto.Signer) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

// MarshalPublicKeyPEM writes a verification key as PKIX PEM.
func MarshalPublicKeyPEM(pub crypto.PublicKey) ([]byte, error) {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), nil
}
