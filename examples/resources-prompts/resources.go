package main

import (
	"errors"
	"strings"

	"resources-prompts/internal/bindings"

	"github.com/wasmcp/wasmcp/cabi"
	"github.com/wasmcp/wasmcp/jsonv"
)

func init() { bindings.ExportResources(resources{}) }

// resources implements the exported interface wasmcp:mcp/resources: a small
// set of notes, two static resources and a template.
type resources struct{}

const (
	indexURI   = "notes://index"
	pixelURI   = "notes://pixel.png"
	notePrefix = "notes://topic/"
)

// notes are the topics the template serves.
var notes = map[string]string{
	"wasm": "WebAssembly components talk through WIT interfaces.",
	"mcp":  "The Model Context Protocol connects models to tools, resources and prompts.",
}

// pixel is a 1x1 PNG.
var pixel = []byte{
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
	0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
	0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
	0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
}

// ListResources lists the concrete resources.
func (resources) ListResources(ctx bindings.RequestContext, cursor cabi.Option[string]) cabi.Result[bindings.ListResourcesResult, bindings.Error] {
	return cabi.Ok[bindings.ListResourcesResult, bindings.Error](bindings.ListResourcesResult{
		Resources: []bindings.ResourceInfo{
			{
				Uri:         indexURI,
				Name:        "index",
				Title:       cabi.Some("Index of notes"),
				Description: cabi.Some("The topics there are notes on."),
				MimeType:    cabi.Some("text/markdown"),
			},
			{
				Uri:         pixelURI,
				Name:        "pixel",
				Description: cabi.Some("A 1x1 PNG image."),
				MimeType:    cabi.Some("image/png"),
				Size:        cabi.Some(uint64(len(pixel))),
			},
		},
	})
}

// ListResourceTemplates lists the URI templates clients can fill in.
func (resources) ListResourceTemplates(ctx bindings.RequestContext, cursor cabi.Option[string]) cabi.Result[bindings.ListResourceTemplatesResult, bindings.Error] {
	return cabi.Ok[bindings.ListResourceTemplatesResult, bindings.Error](bindings.ListResourceTemplatesResult{
		ResourceTemplates: []bindings.ResourceTemplate{
			{
				UriTemplate: notePrefix + "{topic}",
				Name:        "note",
				Description: cabi.Some("The note on {topic} (see notes://index)."),
				MimeType:    cabi.Some("text/plain"),
			},
		},
	})
}

type readResult = cabi.Option[cabi.Result[bindings.ReadResourceResult, bindings.Error]]

// ReadResource reads a resource. It returns none for a URI it does not serve,
// so that the next component in the server can answer.
func (resources) ReadResource(ctx bindings.RequestContext, req bindings.ReadResourceRequest) readResult {
	switch {
	case req.Uri == indexURI:
		return contents(req.Uri, "text/markdown", bindings.ResourceBodyText(index()))
	case req.Uri == pixelURI:
		return contents(req.Uri, "image/png", bindings.ResourceBodyBlob(pixel))
	case strings.HasPrefix(req.Uri, notePrefix):
		topic, err := pathUnescape(strings.TrimPrefix(req.Uri, notePrefix))
		note, known := notes[topic]
		if err != nil || !known {
			// The URI matches the template but names no note: resource not found.
			return cabi.Some(cabi.Err[bindings.ReadResourceResult](bindings.Error{
				Code: -32002, Message: "Resource not found", Data: cabi.Some(`{"uri":` + jsonv.Quote(req.Uri) + `}`)}))
		}
		return contents(req.Uri, "text/plain", bindings.ResourceBodyText(note))
	default:
		return cabi.None[cabi.Result[bindings.ReadResourceResult, bindings.Error]]()
	}
}

func index() string {
	var b strings.Builder
	b.WriteString("# Notes\n\n")
	for _, topic := range []string{"mcp", "wasm"} {
		b.WriteString("- " + notePrefix + topic + "\n")
	}
	return b.String()
}

func contents(uri, mime string, body bindings.ResourceBody) readResult {
	return cabi.Some(cabi.Ok[bindings.ReadResourceResult, bindings.Error](bindings.ReadResourceResult{
		Contents: []bindings.ResourceContents{{Uri: uri, MimeType: cabi.Some(mime), Body: body}},
	}))
}

// pathUnescape decodes %XX escapes. Not net/url's: it brings in fmt, 0.7 MB
// of a component.
func pathUnescape(s string) (string, error) {
	if !strings.Contains(s, "%") {
		return s, nil
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			out = append(out, s[i])
			continue
		}
		if i+2 >= len(s) || unhex(s[i+1]) < 0 || unhex(s[i+2]) < 0 {
			return "", errors.New("bad escape in " + s)
		}
		out = append(out, byte(unhex(s[i+1])<<4|unhex(s[i+2])))
		i += 2
	}
	return string(out), nil
}

func unhex(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}
