package auth

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Header gives a request header's value by case-insensitive name ("" when
// absent). net/http's Header satisfies it, and so does an adapter over
// wasi:http fields.
type Header interface {
	Get(name string) string
}

// Request is what the guard reads of an HTTP request. It never reads the
// body.
type Request struct {
	Method   string
	Path     string // without the query
	RawQuery string
	// Host is the Host header (or :authority), used for the resource
	// identifier when Config.ServerURI is empty.
	Host   string
	Secure bool // the request came over TLS: the default resource is https
	Header Header
}

// Action is what the transport does with a request.
type Action int

const (
	// Pass: authorization has nothing to say (public mode, a CORS
	// preflight); the transport serves the request as it would anyway.
	Pass Action = iota
	// Allow: the token is valid; Decision.Claims holds its claims.
	Allow
	// Respond: the transport answers with Status, Headers and Body, and
	// does nothing else with the request.
	Respond
)

func (a Action) String() string {
	switch a {
	case Pass:
		return "pass"
	case Allow:
		return "allow"
	case Respond:
		return "respond"
	}
	return "action(" + strconv.Itoa(int(a)) + ")"
}

// Decision is the guard's answer about one request.
type Decision struct {
	Action  Action
	Status  int
	Headers [][2]string
	// Body is the JSON to answer with: the metadata document, or
	// {"error": …, "error_description": …} for a refusal. A transport may
	// answer a refusal with a body of its own (a JSON-RPC error), built
	// from Error and Description, as long as it keeps Status and Headers.
	Body   []byte
	Claims *Claims
	// Error is the OAuth error code of a refusal ("" for a 401 to a request
	// without token, for the metadata and for Pass and Allow); Description
	// says why, in words safe to show the client.
	Error       string
	Description string
}

// Options are the guard's dependencies.
type Options struct {
	// Fetcher gets the JWKS; needed when the configuration has a JWKS URI.
	Fetcher Fetcher
	Now     func() time.Time
	// Log receives operational messages: a configuration that cannot be
	// served, JWKS fetch failures. Never a token.
	Log func(format string, args ...any)
}

// Guard decides, for each request to a protected server, whether it goes
// through. It is safe for concurrent use.
type Guard struct {
	cfg       Config
	err       error
	validator *Validator
	log       func(format string, args ...any)
	logOnce   sync.Once
}

// NewGuard returns the guard of cfg. A configuration that cannot be served
// does not stop it: Err reports it, and every request is answered 500 (and
// the reason logged once), so a misconfigured server is never public.
func NewGuard(cfg Config, o Options) *Guard {
	g := &Guard{cfg: cfg, log: o.Log}
	if g.log == nil {
		g.log = func(string, ...any) {}
	}
	if cfg.Mode == "" {
		g.cfg.Mode = ModePublic
	}
	if err := g.cfg.Check(); err != nil {
		g.err = err
		return g
	}
	if g.cfg.Mode != ModeOAuth {
		return g
	}
	var keys KeySource = StaticKeys(g.cfg.keys)
	if g.cfg.JWKSURI != "" {
		if o.Fetcher == nil {
			g.err = errors.New("JWT_JWKS_URI is set but this host gives the guard no way to fetch it")
			return g
		}
		keys = NewJWKSCache(g.cfg.JWKSURI, o.Fetcher, JWKSOptions{
			TTL: g.cfg.JWKSTTL, Timeout: g.cfg.JWKSTimeout, Now: o.Now, Log: o.Log,
		})
	}
	g.validator = &Validator{Issuer: g.cfg.Issuer, Audience: g.cfg.Audience, Keys: keys, Leeway: g.cfg.Leeway, Now: o.Now}
	return g
}

// NewGuardFromEnv reads the configuration with ConfigFromEnv and returns its
// guard; a configuration error makes a guard that answers 500 (see NewGuard).
// This is the behaviour a component wants, which reads its environment at
// the first request and has no way to refuse to start.
func NewGuardFromEnv(getenv func(string) string, o Options) *Guard {
	cfg, notes, err := ConfigFromEnv(getenv)
	for _, n := range notes {
		if o.Log != nil {
			o.Log("auth: %s", n)
		}
	}
	if err != nil {
		g := &Guard{cfg: Config{Mode: ModeOAuth}, err: err, log: o.Log}
		if g.log == nil {
			g.log = func(string, ...any) {}
		}
		return g
	}
	return NewGuard(cfg, o)
}

// Err returns the configuration error, or nil.
func (g *Guard) Err() error { return g.err }

// Mode returns the configured mode.
func (g *Guard) Mode() Mode { return g.cfg.Mode }

// Config returns the configuration.
func (g *Guard) Config() Config { return g.cfg }

// Decide is the guard's decision about r. A transport asks it for every
// request to its MCP endpoint and to the well-known metadata paths (see
// IsMetadataPath), before reading the body.
func (g *Guard) Decide(ctx context.Context, r Request) Decision {
	if g.err != nil {
		g.logOnce.Do(func() {
			g.log("auth: the authorization configuration cannot be served, every request is refused with 500: %v", g.err)
		})
		return refusal(500, nil, "server_error", "the server's authorization configuration is invalid (see the server log)")
	}
	if g.cfg.Mode != ModeOAuth {
		return Decision{Action: Pass}
	}
	resource := g.resource(r)
	if g.IsMetadataPath(r) {
		return g.metadataDecision(r, resource)
	}
	if r.Method == "OPTIONS" {
		return Decision{Action: Pass} // a CORS preflight never carries credentials
	}
	ch := Challenge{ResourceMetadata: MetadataURL(resource), Scope: g.cfg.RequiredScopes}
	if hasQueryToken(r.RawQuery) {
		// RFC 6750 section 2.3 allows it, and the MCP specification forbids
		// it: URLs end up in logs. Refused rather than ignored, so that the
		// client learns why.
		ch.Error, ch.ErrorDescription = ErrorInvalidRequest, "access tokens are accepted in the Authorization header only"
		return refusal(400, &ch, ch.Error, ch.ErrorDescription)
	}
	tok, ok := bearerToken(r.Header)
	if !ok {
		return refusal(401, &ch, "", "a Bearer token is required")
	}
	claims, err := g.validator.Validate(ctx, tok)
	if errors.Is(err, ErrKeysUnavailable) {
		// The token may be fine: the server cannot tell now. A 401 would
		// send the client through authorization again for nothing.
		d := refusal(503, nil, "temporarily_unavailable", ErrKeysUnavailable.Error())
		d.Headers = append(d.Headers, [2]string{"Retry-After", strconv.Itoa(int(failureBackoff / time.Second))})
		return d
	}
	if err != nil {
		ch.Error, ch.ErrorDescription = ErrorInvalidToken, publicReason(err)
		ch.Scope = nil
		return refusal(401, &ch, ch.Error, ch.ErrorDescription)
	}
	var missing []string
	for _, s := range g.cfg.RequiredScopes {
		if !claims.HasScope(s) {
			missing = append(missing, s)
		}
	}
	if len(missing) > 0 {
		ch.Error = ErrorInsufficientScope
		ch.ErrorDescription = "the token lacks the scope " + strings.Join(missing, " ")
		return refusal(403, &ch, ch.Error, ch.ErrorDescription)
	}
	return Decision{Action: Allow, Claims: claims}
}

// IsMetadataPath reports whether r asks for the metadata document.
func (g *Guard) IsMetadataPath(r Request) bool {
	if g.cfg.Mode != ModeOAuth || g.err != nil {
		return false
	}
	for _, p := range metadataPaths(g.resource(r)) {
		if r.Path == p {
			return true
		}
	}
	return false
}

func (g *Guard) metadataDecision(r Request, resource string) Decision {
	cors := [2]string{"Access-Control-Allow-Origin", "*"}
	switch r.Method {
	case "GET", "HEAD":
	case "OPTIONS":
		return Decision{Action: Respond, Status: 204, Headers: [][2]string{cors,
			{"Access-Control-Allow-Methods", "GET, HEAD, OPTIONS"},
			{"Access-Control-Allow-Headers", "MCP-Protocol-Version"}}}
	default:
		return Decision{Action: Respond, Status: 405, Headers: [][2]string{{"Allow", "GET, HEAD, OPTIONS"}}}
	}
	if resource == "" {
		return refusal(400, nil, ErrorInvalidRequest, "the Host header is not a valid host; set WASMCP_SERVER_URI")
	}
	h := [][2]string{
		{"Content-Type", "application/json"},
		{"Cache-Control", "public, max-age=" + strconv.Itoa(int(g.cfg.discoveryTTL()/time.Second))},
		cors,
	}
	if g.cfg.ServerURI == "" {
		h = append(h, [2]string{"Vary", "Host"})
	}
	return Decision{Action: Respond, Status: 200, Headers: h, Body: g.cfg.metadata(resource)}
}

// resource is the resource identifier: WASMCP_SERVER_URI, or the request's
// origin. "" when the Host header is not a plausible host, so that nothing
// odd is reflected into the challenge.
func (g *Guard) resource(r Request) string {
	if g.cfg.ServerURI != "" {
		return g.cfg.ServerURI
	}
	if !validHost(r.Host) {
		return ""
	}
	scheme := "http"
	if r.Secure {
		scheme = "https"
	}
	return scheme + "://" + strings.ToLower(r.Host)
}

// validHost accepts a host name, IPv4 or bracketed IPv6 address, with an
// optional port.
func validHost(h string) bool {
	if h == "" || len(h) > 255 {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '.' || c == '-' || c == ':' || c == '[' || c == ']' || c == '_':
		default:
			return false
		}
	}
	return true
}

// bearerToken extracts the token of an Authorization: Bearer header.
func bearerToken(h Header) (string, bool) {
	if h == nil {
		return "", false
	}
	v := h.Get("Authorization")
	scheme, tok, ok := strings.Cut(v, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	tok = strings.TrimSpace(tok)
	return tok, tok != ""
}

// hasQueryToken reports whether the query has an access_token parameter.
func hasQueryToken(q string) bool {
	if !strings.Contains(q, "access_token") {
		return false
	}
	v, err := url.ParseQuery(q)
	if err != nil {
		// A query that does not parse but names access_token is refused
		// all the same.
		return true
	}
	return v.Has("access_token")
}

func refusal(status int, ch *Challenge, code, desc string) Decision {
	d := Decision{Action: Respond, Status: status, Error: code, Description: desc,
		Headers: [][2]string{{"Content-Type", "application/json"}, {"Cache-Control", "no-store"}}}
	if ch != nil {
		d.Headers = append(d.Headers, [2]string{"WWW-Authenticate", ch.String()})
	}
	body := map[string]string{"error_description": desc}
	if code != "" {
		body["error"] = code
	} else {
		body["error"] = "unauthorized"
	}
	d.Body, _ = json.Marshal(body)
	return d
}
