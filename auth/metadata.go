package auth

import (
	"encoding/json"
	"net/url"
	"strings"
)

// WellKnownPath is where RFC 9728 protected resource metadata is served; a
// resource identifier with a path has its metadata at this path followed by
// that path (RFC 9728, section 3.1).
const WellKnownPath = "/.well-known/oauth-protected-resource"

// ResourceMetadata is the RFC 9728 document of the server (section 2).
type ResourceMetadata struct {
	Resource               string   `json:"resource"`
	AuthorizationServers   []string `json:"authorization_servers,omitempty"`
	ScopesSupported        []string `json:"scopes_supported,omitempty"`
	BearerMethodsSupported []string `json:"bearer_methods_supported"`
}

// MetadataURL returns the URL of the metadata document of resource, or ""
// when resource is not an absolute URL.
func MetadataURL(resource string) string {
	u, err := url.Parse(resource)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return ""
	}
	p := strings.TrimSuffix(u.EscapedPath(), "/")
	return u.Scheme + "://" + u.Host + WellKnownPath + p
}

// metadataPaths are the request paths that serve the document of resource:
// the well-known path itself, and with the resource's path appended.
func metadataPaths(resource string) []string {
	paths := []string{WellKnownPath}
	if u, err := url.Parse(resource); err == nil {
		if p := strings.TrimSuffix(u.EscapedPath(), "/"); p != "" {
			paths = append(paths, WellKnownPath+p)
		}
	}
	return paths
}

func (c *Config) metadata(resource string) []byte {
	m := ResourceMetadata{
		Resource:               resource,
		ScopesSupported:        c.RequiredScopes,
		BearerMethodsSupported: []string{"header"},
	}
	if as := c.authServer(); as != "" {
		m.AuthorizationServers = []string{as}
	}
	b, _ := json.Marshal(m) // strings and string slices always marshal
	return b
}
