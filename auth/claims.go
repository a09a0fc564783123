package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Claims is a verified token's claim set. The registered claims are read
// into fields; Raw holds every claim as decoded JSON (numbers as
// json.Number), for claims of the authorization server's own.
type Claims struct {
	Issuer    string
	Subject   string
	Audience  []string
	ExpiresAt time.Time
	NotBefore time.Time // zero when absent
	IssuedAt  time.Time // zero when absent
	ID        string    // jti
	// ClientID is client_id (RFC 9068), or azp when the token has no client_id.
	ClientID string
	// Scopes come from scope (space-separated) or, without it, scp (an array
	// of strings or a space-separated string).
	Scopes []string
	Raw    map[string]any
}

// HasScope reports whether the token grants scope s.
func (c *Claims) HasScope(s string) bool { return slices.Contains(c.Scopes, s) }

// Principal is what a session is bound to: the subject, or the client when
// the token names no subject (some client-credentials tokens).
func (c *Claims) Principal() string {
	if c == nil {
		return ""
	}
	if c.Subject != "" {
		return "sub:" + c.Subject
	}
	if c.ClientID != "" {
		return "client:" + c.ClientID
	}
	return ""
}

// maxNumericDate is 9999-12-31T23:59:59Z; later dates are refused rather
// than converted with overflow.
const maxNumericDate = 253402300799

// parseClaims reads a claim set, refusing registered claims of the wrong
// JSON type (RFC 7519, section 4.1).
func parseClaims(raw []byte) (*Claims, error) {
	var m map[string]any
	if err := strictJSON(raw, &m); err != nil || m == nil {
		return nil, fmt.Errorf("%w: not a JSON object", ErrClaims)
	}
	c := &Claims{Raw: m}
	var err error
	str := func(name string, dst *string) {
		if err != nil {
			return
		}
		if v, ok := m[name]; ok {
			s, ok := v.(string)
			if !ok {
				err = fmt.Errorf("%w: %s is not a string", ErrClaims, name)
				return
			}
			*dst = s
		}
	}
	date := func(name string, dst *time.Time) {
		if err != nil {
			return
		}
		v, ok := m[name]
		if !ok {
			return
		}
		n, ok := v.(json.Number)
		if !ok {
			err = fmt.Errorf("%w: %s is not a number", ErrClaims, name)
			return
		}
		f, perr := strconv.ParseFloat(string(n), 64)
		if perr != nil || math.IsNaN(f) || f < 0 || f > maxNumericDate {
			err = fmt.Errorf("%w: %s is not a date between 1970 and 9999", ErrClaims, name)
			return
		}
		sec, frac := math.Modf(f)
		*dst = time.Unix(int64(sec), int64(frac*1e9)).UTC()
	}
	str("iss", &c.Issuer)
	str("sub", &c.Subject)
	str("jti", &c.ID)
	str("client_id", &c.ClientID)
	if c.ClientID == "" {
		str("azp", &c.ClientID)
	}
	date("exp", &c.ExpiresAt)
	date("nbf", &c.NotBefore)
	date("iat", &c.IssuedAt)
	if err != nil {
		return nil, err
	}
	if c.Audience, err = stringOrList(m["aud"], "aud", false); err != nil {
		return nil, err
	}
	if v, ok := m["scope"]; ok {
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("%w: scope is not a string", ErrClaims)
		}
		c.Scopes = strings.Fields(s)
	} else if c.Scopes, err = stringOrList(m["scp"], "scp", true); err != nil {
		return nil, err
	}
	return c, nil
}

// stringOrList reads a claim that is a string or an array of strings; split
// says a string holds space-separated values.
func stringOrList(v any, name string, split bool) ([]string, error) {
	switch v := v.(type) {
	case nil:
		return nil, nil
	case string:
		if split {
			return strings.Fields(v), nil
		}
		return []string{v}, nil
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				return nil, fmt.Errorf("%w: %s holds a value that is not a string", ErrClaims, name)
			}
			out = append(out, s)
		}
		return out, nil
	}
	return nil, fmt.Errorf("%w: %s is neither a string nor an array of strings", ErrClaims, name)
}

// ParseScopes splits a list of scopes written in configuration
// (JWT_REQUIRED_SCOPES): separated by commas or spaces, empty entries
// dropped. A token's scope claim is split on spaces only (RFC 6749, section
// 3.3), since a scope may contain a comma.
func ParseScopes(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' || r == '\n' || r == '\r' })
}

type claimsKey struct{}

// WithClaims returns a context carrying the verified claims of the request.
func WithClaims(ctx context.Context, c *Claims) context.Context {
	return context.WithValue(ctx, claimsKey{}, c)
}

// ClaimsFrom returns the verified claims of the request ctx belongs to, or
// nil when the request was not authenticated with a token (public mode).
func ClaimsFrom(ctx context.Context) *Claims {
	c, _ := ctx.Value(claimsKey{}).(*Claims)
	return c
}
