//go:build !wasmcp_session_part

package main

// The typed records of wasmcp:mcp/types seen as mcpcore values.

import (
	"github.com/wasmcp/wasmcp/cabi"
	"github.com/wasmcp/wasmcp/framework/mcpcore"
	mcp "github.com/wasmcp/wasmcp/framework/server/iface/wasmcp/mcp/v0.2.0/types"
)

func coreAnnotations(a mcp.Annotations) *mcpcore.Annotations {
	out := &mcpcore.Annotations{Priority: optPtr(a.Priority), LastModified: optString(a.LastModified)}
	for _, r := range a.Audience {
		out.Audience = append(out.Audience, r.String())
	}
	return out
}

func coreOptAnnotations(o cabi.Option[mcp.Annotations]) *mcpcore.Annotations {
	if a, ok := o.Get(); ok {
		return coreAnnotations(a)
	}
	return nil
}

func coreIcons(icons []mcp.Icon) []mcpcore.Icon {
	if len(icons) == 0 {
		return nil
	}
	out := make([]mcpcore.Icon, 0, len(icons))
	for _, ic := range icons {
		c := mcpcore.Icon{Src: ic.Src, MimeType: optString(ic.MimeType), Sizes: ic.Sizes}
		if th, ok := ic.Theme.Get(); ok {
			c.Theme = th.String()
		}
		out = append(out, c)
	}
	return out
}

func coreResourceInfo(r mcp.ResourceInfo) mcpcore.ResourceInfo {
	return mcpcore.ResourceInfo{
		URI:         r.Uri,
		Name:        r.Name,
		Title:       optString(r.Title),
		Description: optString(r.Description),
		MimeType:    optString(r.MimeType),
		Size:        optPtr(r.Size),
		Annotations: coreOptAnnotations(r.Annotations),
		Icons:       coreIcons(r.Icons),
		Meta:        optRaw(r.Meta),
	}
}

func coreResourceContents(r mcp.ResourceContents) mcpcore.ResourceContents {
	out := mcpcore.ResourceContents{URI: r.Uri, MimeType: optString(r.MimeType), Meta: optRaw(r.Meta)}
	if blob, ok := r.Body.AsBlob(); ok {
		out.IsBlob = true
		out.Blob = blob
		if out.Blob == nil {
			out.Blob = []byte{}
		}
	} else {
		out.Text, _ = r.Body.AsText()
	}
	return out
}

func coreContent(c mcp.ContentBlock) mcpcore.ContentBlock {
	if t, ok := c.AsText(); ok {
		return mcpcore.ContentBlock{Kind: mcpcore.ContentText, Text: t.Text, Annotations: coreOptAnnotations(t.Annotations), Meta: optRaw(t.Meta)}
	}
	if m, ok := c.AsImage(); ok {
		return mcpcore.ContentBlock{Kind: mcpcore.ContentImage, Data: m.Data, MimeType: m.MimeType, Annotations: coreOptAnnotations(m.Annotations), Meta: optRaw(m.Meta)}
	}
	if m, ok := c.AsAudio(); ok {
		return mcpcore.ContentBlock{Kind: mcpcore.ContentAudio, Data: m.Data, MimeType: m.MimeType, Annotations: coreOptAnnotations(m.Annotations), Meta: optRaw(m.Meta)}
	}
	if r, ok := c.AsResourceLink(); ok {
		return mcpcore.ContentBlock{Kind: mcpcore.ContentResourceLink, Link: coreResourceInfo(r)}
	}
	e, _ := c.AsEmbeddedResource()
	return mcpcore.ContentBlock{Kind: mcpcore.ContentEmbeddedResource, Resource: coreResourceContents(e.Contents), Annotations: coreOptAnnotations(e.Annotations), Meta: optRaw(e.Meta)}
}

func coreContents(cs []mcp.ContentBlock) []mcpcore.ContentBlock {
	out := make([]mcpcore.ContentBlock, 0, len(cs))
	for _, c := range cs {
		out = append(out, coreContent(c))
	}
	return out
}

// coreErrorPtr converts an optional error of a provider call.
func providerError[T any](r cabi.Result[T, mcp.Error]) (T, *mcpcore.Error) {
	if e, isErr := r.Err(); isErr {
		var zero T
		return zero, coreError(e)
	}
	v, _ := r.Ok()
	return v, nil
}

// call reads the option<result<T, error>> of a provider's call function.
func call[T any](r cabi.Option[cabi.Result[T, mcp.Error]]) (v T, err *mcpcore.Error, handled bool) {
	res, ok := r.Get()
	if !ok {
		return v, nil, false
	}
	v, err = providerError(res)
	return v, err, true
}

func optString(o cabi.Option[string]) string {
	s, _ := o.Get()
	return s
}

func optRaw(o cabi.Option[mcp.Json]) mcpcore.RawMessage {
	if s, ok := o.Get(); ok {
		return mcpcore.RawMessage(s)
	}
	return nil
}

func optPtr[T any](o cabi.Option[T]) *T {
	if v, ok := o.Get(); ok {
		return &v
	}
	return nil
}

func someString(s string) cabi.Option[string] {
	if s == "" {
		return cabi.None[string]()
	}
	return cabi.Some(s)
}

func someRaw(r mcpcore.RawMessage) cabi.Option[mcp.Json] {
	if r == nil {
		return cabi.None[mcp.Json]()
	}
	return cabi.Some(string(r))
}

// witKeyValues builds a WIT list<tuple<string, string>>.
func witKeyValues(kvs []mcpcore.KeyValue) []struct{ F0, F1 string } {
	out := make([]struct{ F0, F1 string }, 0, len(kvs))
	for _, kv := range kvs {
		out = append(out, struct{ F0, F1 string }{kv.Key, kv.Value})
	}
	return out
}
