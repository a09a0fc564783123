package auth

import "strings"

// OAuth error codes of a bearer-token refusal (RFC 6750, section 3.1).
const (
	ErrorInvalidRequest    = "invalid_request"
	ErrorInvalidToken      = "invalid_token"
	ErrorInsufficientScope = "insufficient_scope"
)

// Challenge is a WWW-Authenticate Bearer challenge (RFC 6750 section 3,
// RFC 9728 section 5.1). Empty fields are left out.
type Challenge struct {
	Error            string
	ErrorDescription string
	// Scope lists the scopes the resource needs.
	Scope []string
	// ResourceMetadata is the URL of the RFC 9728 metadata document.
	ResourceMetadata string
}

// String formats the challenge. Values are quoted strings; characters a
// quoted string cannot hold safely (quotes, backslashes, controls,
// non-ASCII) are replaced, so that nothing read from a request can break
// the header.
func (c Challenge) String() string {
	var b strings.Builder
	b.WriteString("Bearer")
	sep := " "
	param := func(name, v string) {
		if v == "" {
			return
		}
		b.WriteString(sep)
		b.WriteString(name)
		b.WriteString(`="`)
		b.WriteString(quotable(v))
		b.WriteString(`"`)
		sep = ", "
	}
	param("error", c.Error)
	param("error_description", c.ErrorDescription)
	param("resource_metadata", c.ResourceMetadata)
	param("scope", strings.Join(c.Scope, " "))
	return b.String()
}

// quotable keeps the characters RFC 6750 allows in error_description
// (%x20-21 / %x23-5B / %x5D-7E) and replaces the others with '?'.
func quotable(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			return '?'
		}
		return r
	}, s)
}
