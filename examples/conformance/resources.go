package main

import (
	"strings"

	"conformance/internal/bindings"

	"github.com/wasmcp/wasmcp/cabi"
)

func init() { bindings.ExportResources(resources{}) }

// resources implements wasmcp:mcp/resources with the conformance fixtures.
type resources struct{}

const (
	templatePrefix = "test://template/"
	watchedURI     = "test://watched-resource"
	templateSuffix = "/data"
)

// ListResources lists the static resources.
func (resources) ListResources(ctx bindings.RequestContext, cursor cabi.Option[string]) cabi.Result[bindings.ListResourcesResult, bindings.Error] {
	return cabi.Ok[bindings.ListResourcesResult, bindings.Error](bindings.ListResourcesResult{
		Resources: []bindings.ResourceInfo{
			{Uri: "test://static-text", Name: "static-text", Description: cabi.Some("A static text resource."), MimeType: cabi.Some("text/plain")},
			{Uri: "test://static-binary", Name: "static-binary", Description: cabi.Some("A static binary resource (PNG)."), MimeType: cabi.Some("image/png")},
			{Uri: watchedURI, Name: "watched-resource", Description: cabi.Some("A resource to subscribe to; the tool test_update_resource reports it updated."), MimeType: cabi.Some("text/plain")},
		},
	})
}

// ListResourceTemplates lists test://template/{id}/data.
func (resources) ListResourceTemplates(ctx bindings.RequestContext, cursor cabi.Option[string]) cabi.Result[bindings.ListResourceTemplatesResult, bindings.Error] {
	return cabi.Ok[bindings.ListResourceTemplatesResult, bindings.Error](bindings.ListResourceTemplatesResult{
		ResourceTemplates: []bindings.ResourceTemplate{
			{UriTemplate: templatePrefix + "{id}" + templateSuffix, Name: "template-data", Description: cabi.Some("JSON data for {id}."), MimeType: cabi.Some("application/json")},
		},
	})
}

type readResult = cabi.Option[cabi.Result[bindings.ReadResourceResult, bindings.Error]]

// ReadResource reads a fixture resource; none for a URI it does not serve.
func (resources) ReadResource(ctx bindings.RequestContext, req bindings.ReadResourceRequest) readResult {
	var c bindings.ResourceContents
	switch uri := req.Uri; {
	case uri == "test://static-text":
		c = bindings.ResourceContents{Uri: uri, MimeType: cabi.Some("text/plain"), Body: bindings.ResourceBodyText("This is the content of the static text resource.")}
	case uri == watchedURI:
		c = bindings.ResourceContents{Uri: uri, MimeType: cabi.Some("text/plain"), Body: bindings.ResourceBodyText("This resource is watched.")}
	case uri == "test://static-binary":
		c = bindings.ResourceContents{Uri: uri, MimeType: cabi.Some("image/png"), Body: bindings.ResourceBodyBlob(redPixel)}
	case strings.HasPrefix(uri, templatePrefix) && strings.HasSuffix(uri, templateSuffix) && len(uri) > len(templatePrefix)+len(templateSuffix):
		id := strings.TrimSuffix(strings.TrimPrefix(uri, templatePrefix), templateSuffix)
		if strings.Contains(id, "/") {
			return cabi.None[cabi.Result[bindings.ReadResourceResult, bindings.Error]]()
		}
		q := jsonString(id)
		body := `{"id":` + q + `,"templateTest":true,"data":` + jsonString("Data for ID: "+id) + `}`
		c = bindings.ResourceContents{Uri: uri, MimeType: cabi.Some("application/json"), Body: bindings.ResourceBodyText(body)}
	default:
		return cabi.None[cabi.Result[bindings.ReadResourceResult, bindings.Error]]()
	}
	return cabi.Some(cabi.Ok[bindings.ReadResourceResult, bindings.Error](bindings.ReadResourceResult{Contents: []bindings.ResourceContents{c}}))
}
