package auth

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// MaxTokenSize bounds the compact token, in bytes. Access tokens with many
// claims reach a few kilobytes; the bound keeps a hostile header from costing
// more than a small, fixed amount of decoding.
const MaxTokenSize = 16 << 10

// JOSEHeader is the part of the JOSE header the validator reads.
type JOSEHeader struct {
	Alg string `json:"alg"`
	Kid string `json:"kid,omitempty"`
	Typ string `json:"typ,omitempty"`
}

// Token is a parsed, not yet verified, JWS in compact serialization.
type Token struct {
	Header JOSEHeader
	// RawHeader and RawClaims are the decoded JSON of the first two parts.
	RawHeader []byte
	RawClaims []byte
	Signature []byte
	// signingInput is the first two parts as sent, with the dot between
	// them: what the signature covers (RFC 7515, section 5.2).
	signingInput string
}

// b64 decodes base64url without padding, refusing padding, other alphabets
// and non-canonical trailing bits, so that a token has one spelling only.
var b64 = base64.RawURLEncoding.Strict()

// ParseToken splits and decodes a compact JWS without verifying it. It
// refuses anything but three non-empty parts (so an unsigned token, whose
// signature is empty, and a JWE, which has five parts, are malformed), a
// header or payload that is not a JSON object, and a header with "crit".
//
// See https://www.rfc-editor.org/rfc/rfc7515#section-7.1 and
// https://www.rfc-editor.org/rfc/rfc8725#section-3.1.
func ParseToken(tok string) (*Token, error) {
	if len(tok) > MaxTokenSize {
		return nil, fmt.Errorf("%w (%d bytes, at most %d)", ErrTooLarge, len(tok), MaxTokenSize)
	}
	h, rest, ok1 := strings.Cut(tok, ".")
	p, s, ok2 := strings.Cut(rest, ".")
	if !ok1 || !ok2 || strings.Contains(s, ".") {
		return nil, fmt.Errorf("%w: not three dot-separated parts", ErrMalformed)
	}
	if h == "" || p == "" || s == "" {
		return nil, fmt.Errorf("%w: an empty part (unsigned tokens are refused)", ErrMalformed)
	}
	t := &Token{signingInput: tok[:len(h)+1+len(p)]}
	var err error
	if t.RawHeader, err = b64.DecodeString(h); err != nil {
		return nil, fmt.Errorf("%w: header: not base64url", ErrMalformed)
	}
	if t.RawClaims, err = b64.DecodeString(p); err != nil {
		return nil, fmt.Errorf("%w: payload: not base64url", ErrMalformed)
	}
	if t.Signature, err = b64.DecodeString(s); err != nil {
		return nil, fmt.Errorf("%w: signature: not base64url", ErrMalformed)
	}
	var fields map[string]json.RawMessage
	if err := strictJSON(t.RawHeader, &fields); err != nil || fields == nil {
		return nil, fmt.Errorf("%w: header: not a JSON object", ErrMalformed)
	}
	if _, ok := fields["crit"]; ok {
		// No extension is understood here, so any critical one must be
		// refused (RFC 7515, section 4.1.11).
		return nil, ErrCritical
	}
	if err := strictJSON(t.RawHeader, &t.Header); err != nil {
		return nil, fmt.Errorf("%w: header: alg, kid or typ is not a string", ErrMalformed)
	}
	if t.Header.Alg == "" {
		return nil, fmt.Errorf("%w: header: no alg", ErrMalformed)
	}
	if c := bytes.TrimSpace(t.RawClaims); len(c) == 0 || c[0] != '{' {
		return nil, fmt.Errorf("%w: payload: not a JSON object", ErrMalformed)
	}
	return t, nil
}

// strictJSON decodes one JSON value and refuses trailing data.
func strictJSON(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("data after the JSON value")
	}
	return nil
}
