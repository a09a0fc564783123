package main

import (
	"time"

	"conformance/internal/bindings"

	"github.com/wasmcp/wasmcp/cabi"
	"github.com/wasmcp/wasmcp/jsonv"
)

func init() { bindings.ExportTools(tools{}) }

// tools implements wasmcp:mcp/tools with the conformance suite's fixture tools.
type tools struct{}

const noArgs = `{"type":"object","properties":{}}`

var toolList = []bindings.Tool{
	{Name: "test_simple_text", Description: cabi.Some("Returns simple text content."), InputSchema: noArgs},
	{Name: "test_image_content", Description: cabi.Some("Returns a PNG image."), InputSchema: noArgs},
	{Name: "test_audio_content", Description: cabi.Some("Returns a WAV audio clip."), InputSchema: noArgs},
	{Name: "test_embedded_resource", Description: cabi.Some("Returns an embedded text resource."), InputSchema: noArgs},
	{Name: "test_multiple_content_types", Description: cabi.Some("Returns text, an image and an embedded resource."), InputSchema: noArgs},
	{Name: "test_tool_with_logging", Description: cabi.Some("Sends three info log messages while it runs."), InputSchema: noArgs},
	{Name: "test_tool_with_progress", Description: cabi.Some("Reports progress 0, 50 and 100 of 100 while it runs."), InputSchema: noArgs},
	{Name: "test_error_handling", Description: cabi.Some("Always fails, with isError set."), InputSchema: noArgs},
	{
		Name:        "test_update_resource",
		Description: cabi.Some("Sends notifications/resources/updated for uri (default test://watched-resource)."),
		InputSchema: `{"type":"object","properties":{"uri":{"type":"string"}}}`,
	},
	{Name: "test_list_changed", Description: cabi.Some("Sends notifications/tools/list_changed."), InputSchema: noArgs},
	{
		Name:        "test_sampling",
		Description: cabi.Some("Asks the client to sample an LLM with prompt and answers with what it said."),
		InputSchema: `{"type":"object","properties":{"prompt":{"type":"string"}},"required":["prompt"]}`,
	},
	{
		Name:        "test_elicitation",
		Description: cabi.Some("Asks the user for a username and an email, with message."),
		InputSchema: `{"type":"object","properties":{"message":{"type":"string"}},"required":["message"]}`,
	},
	{Name: "test_elicitation_sep1034_defaults", Description: cabi.Some("Asks the user for a form whose fields have defaults (SEP-1034)."), InputSchema: noArgs},
	{Name: "test_elicitation_sep1330_enums", Description: cabi.Some("Asks the user for a form with every kind of enum (SEP-1330)."), InputSchema: noArgs},
	{Name: "test_roots", Description: cabi.Some("Lists the client's roots."), InputSchema: noArgs},
	{
		Name:        "test_elicitation_url",
		Description: cabi.Some("Asks the user to open url (URL-mode elicitation)."),
		InputSchema: `{"type":"object","properties":{"url":{"type":"string"}},"required":["url"]}`,
	},
	{
		Name:        "json_schema_2020_12_tool",
		Description: cabi.Some("Tool with JSON Schema 2020-12 features"),
		InputSchema: `{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",` +
			`"$defs":{"address":{"type":"object","properties":{"street":{"type":"string"},"city":{"type":"string"}}}},` +
			`"properties":{"name":{"type":"string"},"address":{"$ref":"#/$defs/address"}},"additionalProperties":false}`,
	},
}

// ListTools returns every tool on one page.
func (tools) ListTools(ctx bindings.RequestContext, cursor cabi.Option[string]) cabi.Result[bindings.ListToolsResult, bindings.Error] {
	return cabi.Ok[bindings.ListToolsResult, bindings.Error](bindings.ListToolsResult{Tools: toolList})
}

type callResult = cabi.Option[cabi.Result[bindings.CallToolResult, bindings.Error]]

// CallTool runs a fixture tool; none for a name that is not one.
func (tools) CallTool(ctx bindings.RequestContext, req bindings.CallToolRequest) callResult {
	var content []bindings.ContentBlock
	isError := false
	switch req.Name {
	case "test_simple_text":
		content = []bindings.ContentBlock{text("This is a simple text response for testing.")}
	case "test_image_content":
		content = []bindings.ContentBlock{bindings.ContentBlockImage(bindings.MediaContent{Data: redPixel, MimeType: "image/png"})}
	case "test_audio_content":
		content = []bindings.ContentBlock{bindings.ContentBlockAudio(bindings.MediaContent{Data: silence(800), MimeType: "audio/wav"})}
	case "test_embedded_resource":
		content = []bindings.ContentBlock{embedded("test://embedded-resource", "text/plain", "This is an embedded resource content.")}
	case "test_multiple_content_types":
		content = []bindings.ContentBlock{
			text("Multiple content types test:"),
			bindings.ContentBlockImage(bindings.MediaContent{Data: redPixel, MimeType: "image/png"}),
			embedded("test://mixed-content-resource", "application/json", `{"test":"data","value":123}`),
		}
	case "test_tool_with_logging":
		for i, msg := range []string{"Tool execution started", "Tool processing data", "Tool execution completed"} {
			if i > 0 {
				time.Sleep(50 * time.Millisecond)
			}
			notifyLog(ctx.Channel, bindings.LogLevelInfo, `"`+msg+`"`)
		}
		content = []bindings.ContentBlock{text("Tool with logging executed successfully")}
	case "test_tool_with_progress":
		token, wantProgress := ctx.ProgressToken.Get()
		for i, p := range []float64{0, 50, 100} {
			if i > 0 {
				time.Sleep(50 * time.Millisecond)
			}
			if wantProgress {
				progress(ctx.Channel, token, p, 100)
			}
		}
		content = []bindings.ContentBlock{text("Tool with progress executed successfully")}
	case "test_error_handling":
		isError = true
		content = []bindings.ContentBlock{text("This tool intentionally returns an error for testing")}
	case "test_update_resource":
		uri := watchedURI
		if args, ok := req.Arguments.Get(); ok {
			if v, err := jsonv.Parse(args); err == nil {
				if m, ok := v.Get("uri"); ok {
					if u, ok := m.Str(); ok && u != "" {
						uri = u
					}
				}
			}
		}
		notify(ctx.Channel, "notifications/resources/updated", `{"uri":`+jsonString(uri)+`}`)
		content = []bindings.ContentBlock{text("Sent notifications/resources/updated for " + uri)}
	case "test_list_changed":
		notify(ctx.Channel, "notifications/tools/list_changed", "")
		content = []bindings.ContentBlock{text("Sent notifications/tools/list_changed")}
	case "test_sampling":
		said, err := sample(ctx, stringArg(req, "prompt"))
		if err != nil {
			return toolError(*err)
		}
		content = []bindings.ContentBlock{text("LLM response: " + said)}
	case "test_elicitation":
		action, answer, err := elicit(ctx, stringArg(req, "message"), userSchema)
		if err != nil {
			return toolError(*err)
		}
		content = []bindings.ContentBlock{text("User response: action=" + action + ", content=" + answer)}
	case "test_elicitation_sep1034_defaults", "test_elicitation_sep1330_enums":
		schema, message := defaultsSchema, "Test client default value handling - please accept with defaults"
		if req.Name == "test_elicitation_sep1330_enums" {
			schema, message = enumsSchema, "Choose from every kind of enum"
		}
		action, answer, err := elicit(ctx, message, schema)
		if err != nil {
			return toolError(*err)
		}
		content = []bindings.ContentBlock{text("Elicitation completed: action=" + action + ", content=" + answer)}
	case "test_roots":
		list, err := roots(ctx)
		if err != nil {
			return toolError(*err)
		}
		out := "Roots:"
		for _, r := range list {
			out += " " + r.Uri
			if n, ok := r.Name.Get(); ok {
				out += " (" + n + ")"
			}
		}
		content = []bindings.ContentBlock{text(out)}
	case "test_elicitation_url":
		action, err := elicitURL(ctx, "Please sign in", stringArg(req, "url"), "e2e-"+stringArg(req, "url"))
		if err != nil {
			return toolError(*err)
		}
		content = []bindings.ContentBlock{text("URL elicitation: action=" + action)}
	case "json_schema_2020_12_tool":
		content = []bindings.ContentBlock{text("json_schema_2020_12_tool called")}
	default:
		return cabi.None[cabi.Result[bindings.CallToolResult, bindings.Error]]()
	}
	r := bindings.CallToolResult{Content: content}
	if isError {
		r.IsError = cabi.Some(true)
	}
	return cabi.Some(cabi.Ok[bindings.CallToolResult, bindings.Error](r))
}

// The forms the elicitation tools ask for.
const (
	userSchema = `{"type":"object","properties":{"username":{"type":"string","description":"User's response"},` +
		`"email":{"type":"string","description":"User's email address"}},"required":["username","email"]}`
	defaultsSchema = `{"type":"object","properties":{` +
		`"name":{"type":"string","description":"User name","default":"John Doe"},` +
		`"age":{"type":"integer","description":"User age","default":30},` +
		`"score":{"type":"number","description":"User score","default":95.5},` +
		`"status":{"type":"string","description":"User status","enum":["active","inactive","pending"],"default":"active"},` +
		`"verified":{"type":"boolean","description":"Verification status","default":true}},"required":[]}`
	enumsSchema = `{"type":"object","properties":{` +
		`"untitledSingle":{"type":"string","enum":["option1","option2","option3"]},` +
		`"titledSingle":{"type":"string","oneOf":[{"const":"value1","title":"First Option"},{"const":"value2","title":"Second Option"},{"const":"value3","title":"Third Option"}]},` +
		`"legacyEnum":{"type":"string","enum":["opt1","opt2","opt3"],"enumNames":["Option One","Option Two","Option Three"]},` +
		`"untitledMulti":{"type":"array","items":{"type":"string","enum":["option1","option2","option3"]}},` +
		`"titledMulti":{"type":"array","items":{"anyOf":[{"const":"value1","title":"First Choice"},{"const":"value2","title":"Second Choice"},{"const":"value3","title":"Third Choice"}]}}},"required":[]}`
)

// stringArg is the string argument name of the call, "" when absent.
func stringArg(req bindings.CallToolRequest, name string) string {
	args, ok := req.Arguments.Get()
	if !ok {
		return ""
	}
	v, err := jsonv.Parse(args)
	if err != nil {
		return ""
	}
	m, _ := v.Get(name)
	s, _ := m.Str()
	return s
}

// toolError reports a failed request to the client as a tool error, so
// that the model sees why.
func toolError(e bindings.Error) callResult {
	return cabi.Some(cabi.Ok[bindings.CallToolResult, bindings.Error](bindings.CallToolResult{
		Content: []bindings.ContentBlock{text("The client could not be asked: " + e.Message)},
		IsError: cabi.Some(true),
	}))
}

func text(s string) bindings.ContentBlock {
	return bindings.ContentBlockText(bindings.TextContent{Text: s})
}

func embedded(uri, mime, body string) bindings.ContentBlock {
	return bindings.ContentBlockEmbeddedResource(bindings.EmbeddedResource{Contents: bindings.ResourceContents{
		Uri: uri, MimeType: cabi.Some(mime), Body: bindings.ResourceBodyText(body),
	}})
}
