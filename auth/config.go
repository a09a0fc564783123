package auth

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Mode says whether the server checks tokens.
type Mode string

const (
	ModePublic Mode = "public"
	ModeOAuth  Mode = "oauth"
)

// Environment variables read by ConfigFromEnv.
const (
	EnvMode              = "WASMCP_AUTH_MODE"
	EnvIssuer            = "JWT_ISSUER"
	EnvJWKSURI           = "JWT_JWKS_URI"
	EnvPublicKey         = "JWT_PUBLIC_KEY"
	EnvAudience          = "JWT_AUDIENCE"
	EnvRequiredScopes    = "JWT_REQUIRED_SCOPES"
	EnvJWKSTTL           = "JWT_JWKS_TTL"
	EnvJWKSTimeout       = "JWT_JWKS_TIMEOUT"
	EnvServerURI         = "WASMCP_SERVER_URI"
	EnvAuthServerURL     = "WASMCP_AUTH_SERVER_URL"
	EnvDiscoveryCacheTTL = "WASMCP_DISCOVERY_CACHE_TTL"
)

// DefaultDiscoveryCacheTTL is the max-age of the metadata document.
const DefaultDiscoveryCacheTTL = time.Hour

// Config is the authorization setting of a server.
type Config struct {
	Mode Mode
	// Issuer is the iss every token must carry.
	Issuer string
	// JWKSURI is where the authorization server publishes its keys; or
	// PublicKeyPEM holds the keys themselves. Exactly one is set.
	JWKSURI      string
	PublicKeyPEM string
	// Audience, when set, must be among the token's aud values. Flows with
	// dynamic client registration may have no fixed audience.
	Audience string
	// RequiredScopes must all be granted by the token.
	RequiredScopes []string
	JWKSTTL        time.Duration // DefaultJWKSTTL when 0
	JWKSTimeout    time.Duration // DefaultJWKSTimeout when 0
	Leeway         time.Duration // DefaultLeeway when 0
	// ServerURI is the resource identifier (RFC 9728 resource); empty means
	// the scheme and Host header of each request.
	ServerURI string
	// AuthServerURL is the authorization server announced in the metadata;
	// empty means Issuer.
	AuthServerURL     string
	DiscoveryCacheTTL time.Duration // DefaultDiscoveryCacheTTL when 0

	keys KeySet // parsed PublicKeyPEM
}

// ConfigFromEnv reads the configuration through getenv. It returns notes
// for the operator (settings that have no effect) and an error for a
// configuration that cannot be served: an unknown mode, oauth without issuer
// or key source, a PEM key that does not parse, a malformed URL or duration.
// Such a server must refuse requests, never serve them as public.
func ConfigFromEnv(getenv func(string) string) (Config, []string, error) {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	var c Config
	var notes []string
	switch m := strings.ToLower(get(EnvMode)); m {
	case "", string(ModePublic):
		c.Mode = ModePublic
		var set []string
		for _, k := range []string{EnvIssuer, EnvJWKSURI, EnvPublicKey, EnvAudience, EnvRequiredScopes} {
			if get(k) != "" {
				set = append(set, k)
			}
		}
		if len(set) > 0 {
			notes = append(notes, fmt.Sprintf("%s is set but %s is not oauth: the server is public and checks no token", strings.Join(set, ", "), EnvMode))
		}
		return c, notes, nil
	case string(ModeOAuth):
		c.Mode = ModeOAuth
	default:
		return Config{}, nil, fmt.Errorf("%s=%q: expected public or oauth", EnvMode, clip(getenv(EnvMode)))
	}
	c.Issuer = get(EnvIssuer)
	c.JWKSURI = get(EnvJWKSURI)
	c.PublicKeyPEM = get(EnvPublicKey)
	c.Audience = get(EnvAudience)
	c.RequiredScopes = ParseScopes(get(EnvRequiredScopes))
	c.ServerURI = get(EnvServerURI)
	c.AuthServerURL = get(EnvAuthServerURL)
	var errs []error
	seconds := func(k string, dst *time.Duration) {
		v := get(k)
		if v == "" {
			return
		}
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil || n == 0 {
			errs = append(errs, fmt.Errorf("%s=%q: expected a positive number of seconds", k, clip(v)))
			return
		}
		*dst = time.Duration(n) * time.Second
	}
	seconds(EnvJWKSTTL, &c.JWKSTTL)
	seconds(EnvJWKSTimeout, &c.JWKSTimeout)
	seconds(EnvDiscoveryCacheTTL, &c.DiscoveryCacheTTL)
	if err := c.Check(); err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return Config{}, nil, errors.Join(errs...)
	}
	return c, notes, nil
}

// Check reports what makes an oauth configuration unusable, and parses
// PublicKeyPEM. A public configuration is always usable.
func (c *Config) Check() error {
	if c.Mode == ModePublic || c.Mode == "" {
		return nil
	}
	if c.Mode != ModeOAuth {
		return fmt.Errorf("mode %q: expected public or oauth", clip(string(c.Mode)))
	}
	var errs []error
	if c.Issuer == "" {
		errs = append(errs, fmt.Errorf("%s is required in oauth mode", EnvIssuer))
	}
	switch {
	case c.JWKSURI == "" && c.PublicKeyPEM == "":
		errs = append(errs, fmt.Errorf("oauth mode needs %s or %s", EnvJWKSURI, EnvPublicKey))
	case c.JWKSURI != "" && c.PublicKeyPEM != "":
		errs = append(errs, fmt.Errorf("%s and %s are both set: keep one", EnvJWKSURI, EnvPublicKey))
	case c.JWKSURI != "":
		if err := checkHTTPURL(c.JWKSURI); err != nil {
			errs = append(errs, fmt.Errorf("%s: %v", EnvJWKSURI, err))
		}
	default:
		keys, err := ParsePublicKeyPEM([]byte(c.PublicKeyPEM))
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %v", EnvPublicKey, err))
		}
		c.keys = keys
	}
	for _, u := range []struct{ name, v string }{{EnvServerURI, c.ServerURI}, {EnvAuthServerURL, c.AuthServerURL}} {
		if u.v != "" {
			if err := checkHTTPURL(u.v); err != nil {
				errs = append(errs, fmt.Errorf("%s: %v", u.name, err))
			}
		}
	}
	for _, s := range c.RequiredScopes {
		if !scopeToken(s) {
			errs = append(errs, fmt.Errorf("%s: %q is not a valid scope (RFC 6749, section 3.3)", EnvRequiredScopes, clip(s)))
		}
	}
	return errors.Join(errs...)
}

// checkHTTPURL accepts absolute http and https URLs without fragment.
func checkHTTPURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("%q is not a URL", clip(s))
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Fragment != "" || u.User != nil {
		return fmt.Errorf("%q is not an absolute http(s) URL without user or fragment", clip(s))
	}
	return nil
}

// scopeToken reports whether s is a scope-token: visible ASCII other than
// the double quote and backslash. That also keeps it safe inside a quoted
// challenge parameter.
func scopeToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b < 0x21 || b > 0x7e || b == '"' || b == '\\' {
			return false
		}
	}
	return true
}

func (c *Config) jwksTTL() time.Duration {
	if c.JWKSTTL > 0 {
		return c.JWKSTTL
	}
	return DefaultJWKSTTL
}

func (c *Config) discoveryTTL() time.Duration {
	if c.DiscoveryCacheTTL > 0 {
		return c.DiscoveryCacheTTL
	}
	return DefaultDiscoveryCacheTTL
}

func (c *Config) authServer() string {
	if c.AuthServerURL != "" {
		return c.AuthServerURL
	}
	return c.Issuer
}
