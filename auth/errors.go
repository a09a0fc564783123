package auth

import "errors"

// Reasons a token is refused. Validate wraps one of them, so that callers
// can tell them apart with errors.Is; their texts are what a client is told
// (error_description), so none of them quotes the token or a claim.
var (
	ErrMalformed       = errors.New("the token is not a well-formed JWS compact serialization")
	ErrTooLarge        = errors.New("the token is too large")
	ErrUnsupportedAlg  = errors.New("the token's signing algorithm is not accepted")
	ErrCritical        = errors.New("the token has critical header parameters that are not understood")
	ErrUnknownKey      = errors.New("no key of the authorization server matches the token")
	ErrKeyMismatch     = errors.New("the key named by the token does not fit its algorithm")
	ErrSignature       = errors.New("the token's signature is invalid")
	ErrExpired         = errors.New("the token has expired")
	ErrNotYetValid     = errors.New("the token is not valid yet")
	ErrNoExpiry        = errors.New("the token has no expiry")
	ErrIssuer          = errors.New("the token was issued by another issuer")
	ErrAudience        = errors.New("the token is meant for another audience")
	ErrClaims          = errors.New("the token's claims are malformed")
	ErrKeysUnavailable = errors.New("the authorization server's keys cannot be fetched")
)

// publicReason returns the text of the sentinel err wraps, safe to send to a
// client, or a generic text.
func publicReason(err error) string {
	for _, e := range []error{ErrMalformed, ErrTooLarge, ErrUnsupportedAlg, ErrCritical,
		ErrUnknownKey, ErrKeyMismatch, ErrSignature, ErrExpired, ErrNotYetValid, ErrNoExpiry,
		ErrIssuer, ErrAudience, ErrClaims, ErrKeysUnavailable} {
		if errors.Is(err, e) {
			return e.Error()
		}
	}
	return "the token is invalid"
}
