//go:build wasip1 && wasmcp_http

package main

import (
	"sync"

	"github.com/wasmcp/wasmcp/framework/mcpcore"
)

// The session of each HTTP request, when EnvSessionEnabled is set: the
// protocol logic is mcpcore.HTTPSession; this file gives it the store (see
// sessionStore: wasi:keyvalue in the server-http-sessions build, memory in
// the plain one), the clock and the random bytes (crypto/rand, which the
// WASI adapter serves from wasi:random/random).

var (
	storeOnce sync.Once
	store     mcpcore.SessionStore
	storeErr  error
)

// httpSession returns the session carrier of one request: nil when
// sessions are off.
func httpSession(c httpConfig, hdr mcpcore.Header) *mcpcore.HTTPSession {
	if c.Sessions == nil {
		return nil
	}
	storeOnce.Do(func() { store, storeErr = sessionStore(c.Sessions.Bucket) })
	hs := &mcpcore.HTTPSession{
		Now:           nowMillis(),
		Random:        randomBytes,
		HeaderVersion: hdr.Get(mcpcore.HeaderProtocolVersion),
		Err:           storeErr,
	}
	if store != nil {
		hs.Sessions = &mcpcore.Sessions{Store: store, TTL: c.Sessions.TTL, KeyPrefix: mcpcore.DefaultSessionKeyPrefix}
	}
	return hs
}

// knownSession is DecideHTTP's session check; nil without sessions.
func knownSession(hs *mcpcore.HTTPSession) func(string) bool {
	if hs == nil || hs.Sessions == nil {
		return nil
	}
	return hs.Known
}

// sessionFailed answers 500 when the session store failed; it reports
// whether it answered.
func sessionFailed(hs *mcpcore.HTTPSession, out respondTo, err error) bool {
	if err == nil && hs != nil {
		err = hs.Err
	}
	if err == nil {
		return false
	}
	body := mcpcore.ErrorResponse(nil, mcpcore.Errorf(mcpcore.CodeInternalError, "Internal error: session store: %v", err))
	out(500, [][2]string{{"Content-Type", mcpcore.MediaJSON}}, body)
	return true
}

// respondTo sends a response: status, headers, body.
type respondTo func(status int, headers [][2]string, body []byte)
