package main

// The typed records of wasmcp:mcp/types seen as mcpcore values. This file
// is the same in every middleware whose provider returns content, resources
// or icons (framework/build checks that the copies agree).

import (
	"github.com/wasmcp/wasmcp/cabi"
	"github.com/wasmcp/wasmcp/framework/mcpcore"

	b "github.com/wasmcp/wasmcp/framework/tools-middleware/bindings"
)

func coreAnnotations(a b.Annotations) *mcpcore.Annotations {
	out := &mcpcore.Annotations{Priority: optPtr(a.Priority), LastModified: optString(a.LastModified)}
	for _, r := range a.Audience {
		out.Audience = append(out.Audience, r.String())
	}
	return out
}

func coreOptAnnotations(o cabi.Option[b.Annotations]) *mcpcore.Annotations {
	if a, ok := o.Get(); ok {
		return coreAnnotations(a)
	}
	return nil
}

func coreIcons(icons []b.Icon) []mcpcore.Icon {
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

func coreResourceInfo(r b.ResourceInfo) mcpcore.ResourceInfo {
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

func coreResourceContents(r b.ResourceContents) mcpcore.ResourceContents {
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

func coreContent(c b.ContentBlock) mcpcore.ContentBlock {
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

func coreContents(cs []b.ContentBlock) []mcpcore.ContentBlock {
	out := make([]mcpcore.ContentBlock, 0, len(cs))
	for _, c := range cs {
		out = append(out, coreContent(c))
	}
	return out
}
