package testutil

import (
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	gcrregistry "github.com/google/go-containerregistry/pkg/registry"
)

// Registry is a real OCI distribution registry (go-containerregistry's
// in-memory implementation) served over plain HTTP on 127.0.0.1 for the
// duration of a test.
type Registry struct {
	Server *httptest.Server
	// Host is 127.0.0.1:PORT, the registry part of references.
	Host string
}

// StartRegistry starts a registry; wrap, when not nil, puts a handler in front
// of it (to require authentication, corrupt blobs, count requests…). The
// server is closed when the test ends; Close stops it earlier.
func StartRegistry(t testing.TB, wrap func(http.Handler) http.Handler) *Registry {
	t.Helper()
	var h http.Handler = gcrregistry.New(gcrregistry.Logger(log.New(io.Discard, "", 0)))
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &Registry{Server: srv, Host: strings.TrimPrefix(srv.URL, "http://")}
}

// Close stops the registry.
func (r *Registry) Close() { r.Server.Close() }
