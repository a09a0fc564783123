package mcpcore

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"
)

// MaxCompletionValues is the most values a completion result may carry.
const MaxCompletionValues = 100

// The JSON shapes of the MCP schema. Field order follows the schema.

type annotationsJSON struct {
	Audience     []string `json:"audience,omitempty"`
	Priority     *float64 `json:"priority,omitempty"`
	LastModified string   `json:"lastModified,omitempty"`
}

type iconJSON struct {
	Src      string   `json:"src"`
	MimeType string   `json:"mimeType,omitempty"`
	Sizes    []string `json:"sizes,omitempty"`
	Theme    string   `json:"theme,omitempty"`
}

type resourceJSON struct {
	Type        string           `json:"type,omitempty"` // "resource_link" in content
	URI         string           `json:"uri"`
	Name        string           `json:"name"`
	Title       string           `json:"title,omitempty"`
	Description string           `json:"description,omitempty"`
	MimeType    string           `json:"mimeType,omitempty"`
	Size        *uint64          `json:"size,omitempty"`
	Annotations *annotationsJSON `json:"annotations,omitempty"`
	Icons       []iconJSON       `json:"icons,omitempty"`
	Meta        json.RawMessage  `json:"_meta,omitempty"`
}

type contentsJSON struct {
	URI      string          `json:"uri"`
	MimeType string          `json:"mimeType,omitempty"`
	Text     *string         `json:"text,omitempty"`
	Blob     *string         `json:"blob,omitempty"`
	Meta     json.RawMessage `json:"_meta,omitempty"`
}

type contentJSON struct {
	Type        string           `json:"type"`
	Text        *string          `json:"text,omitempty"`
	Data        string           `json:"data,omitempty"`
	MimeType    string           `json:"mimeType,omitempty"`
	Resource    *contentsJSON    `json:"resource,omitempty"`
	Annotations *annotationsJSON `json:"annotations,omitempty"`
	Meta        json.RawMessage  `json:"_meta,omitempty"`
}

// encoder carries the negotiated protocol version and the first error.
type encoder struct {
	version string
	err     error
}

func (e *encoder) fail(format string, args ...any) {
	if e.err == nil {
		e.err = fmt.Errorf(format, args...)
	}
}

// object checks that raw is a JSON object (or empty) and compacts it.
func (e *encoder) object(what string, raw json.RawMessage) json.RawMessage {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil
	}
	var buf bytes.Buffer
	if raw[0] != '{' || json.Compact(&buf, raw) != nil {
		e.fail("%s is not a JSON object: %.60s", what, raw)
		return nil
	}
	return buf.Bytes()
}

func (e *encoder) since(v string) bool { return AtLeast(e.version, v) }

func (e *encoder) annotations(a *Annotations) *annotationsJSON {
	if a == nil {
		return nil
	}
	out := &annotationsJSON{Audience: a.Audience, Priority: a.Priority, LastModified: a.LastModified}
	for _, r := range a.Audience {
		if r != "user" && r != "assistant" {
			e.fail("annotations: unknown role %q", r)
		}
	}
	if a.Priority != nil && (*a.Priority < 0 || *a.Priority > 1) {
		e.fail("annotations: priority %v is outside 0..1", *a.Priority)
	}
	if !e.since(Version20250618) {
		out.LastModified = ""
	}
	if out.Audience == nil && out.Priority == nil && out.LastModified == "" {
		return nil
	}
	return out
}

func (e *encoder) icons(icons []Icon) []iconJSON {
	if len(icons) == 0 || !e.since(Version20251125) {
		return nil
	}
	out := make([]iconJSON, len(icons))
	for i, ic := range icons {
		out[i] = iconJSON{Src: ic.Src, MimeType: ic.MimeType, Sizes: ic.Sizes, Theme: ic.Theme}
	}
	return out
}

func (e *encoder) title(t string) string {
	if !e.since(Version20250618) {
		return ""
	}
	return t
}

func (e *encoder) resource(r ResourceInfo) resourceJSON {
	if r.URI == "" || r.Name == "" {
		e.fail("a resource needs a uri and a name")
	}
	return resourceJSON{
		URI: r.URI, Name: r.Name, Title: e.title(r.Title), Description: r.Description,
		MimeType: r.MimeType, Size: r.Size, Annotations: e.annotations(r.Annotations),
		Icons: e.icons(r.Icons), Meta: e.object("resource _meta", r.Meta),
	}
}

func (e *encoder) contents(c ResourceContents) *contentsJSON {
	out := &contentsJSON{URI: c.URI, MimeType: c.MimeType, Meta: e.object("resource contents _meta", c.Meta)}
	if c.IsBlob {
		b := base64.StdEncoding.EncodeToString(c.Blob)
		out.Blob = &b
	} else {
		t := c.Text
		out.Text = &t
	}
	return out
}

func (e *encoder) content(c ContentBlock) any {
	a, meta := e.annotations(c.Annotations), e.object("content _meta", c.Meta)
	switch c.Kind {
	case ContentText:
		t := c.Text
		return contentJSON{Type: "text", Text: &t, Annotations: a, Meta: meta}
	case ContentImage, ContentAudio:
		typ := "image"
		if c.Kind == ContentAudio {
			typ = "audio"
		}
		if c.MimeType == "" {
			e.fail("%s content needs a mime type", typ)
		}
		return contentJSON{Type: typ, Data: base64.StdEncoding.EncodeToString(c.Data), MimeType: c.MimeType, Annotations: a, Meta: meta}
	case ContentResourceLink:
		if !e.since(Version20250618) {
			// Older clients know no resource links: say where it is in text.
			label := c.Link.Title
			if label == "" {
				label = c.Link.Name
			}
			t := label + ": " + c.Link.URI
			return contentJSON{Type: "text", Text: &t, Annotations: a}
		}
		r := e.resource(c.Link)
		r.Type = "resource_link"
		if a != nil {
			r.Annotations = a
		}
		if meta != nil {
			r.Meta = meta
		}
		return r
	case ContentEmbeddedResource:
		return contentJSON{Type: "resource", Resource: e.contents(c.Resource), Annotations: a, Meta: meta}
	}
	e.fail("unknown content kind %d", c.Kind)
	return nil
}

func (e *encoder) contentList(cs []ContentBlock) []any {
	out := make([]any, 0, len(cs))
	for _, c := range cs {
		out = append(out, e.content(c))
	}
	return out
}

func (e *encoder) marshal(v any) (json.RawMessage, error) {
	if e.err != nil {
		return nil, e.err
	}
	return json.Marshal(v)
}

// EncodeTool encodes a tool for tools/list in the shape protocol version v
// knows: title needs 2025-06-18, icons 2025-11-25, and the output schema
// 2025-06-18. The input schema must be a JSON object.
func EncodeTool(v string, t Tool) (json.RawMessage, error) {
	e := &encoder{version: v}
	if t.Name == "" {
		e.fail("a tool needs a name")
	}
	in := e.object("tool "+t.Name+": input schema", t.InputSchema)
	if in == nil {
		e.fail("tool %s: the input schema is required", t.Name)
	}
	var out json.RawMessage
	if e.since(Version20250618) {
		out = e.object("tool "+t.Name+": output schema", t.OutputSchema)
	}
	type annJSON struct {
		Title           string `json:"title,omitempty"`
		ReadOnlyHint    *bool  `json:"readOnlyHint,omitempty"`
		DestructiveHint *bool  `json:"destructiveHint,omitempty"`
		IdempotentHint  *bool  `json:"idempotentHint,omitempty"`
		OpenWorldHint   *bool  `json:"openWorldHint,omitempty"`
	}
	var ann *annJSON
	if a := t.Annotations; a != nil {
		ann = &annJSON{a.Title, a.ReadOnlyHint, a.DestructiveHint, a.IdempotentHint, a.OpenWorldHint}
	}
	return e.marshal(struct {
		Name         string          `json:"name"`
		Title        string          `json:"title,omitempty"`
		Description  string          `json:"description,omitempty"`
		InputSchema  json.RawMessage `json:"inputSchema"`
		OutputSchema json.RawMessage `json:"outputSchema,omitempty"`
		Annotations  *annJSON        `json:"annotations,omitempty"`
		Icons        []iconJSON      `json:"icons,omitempty"`
		Meta         json.RawMessage `json:"_meta,omitempty"`
	}{t.Name, e.title(t.Title), t.Description, in, out, ann, e.icons(t.Icons), e.object("tool _meta", t.Meta)})
}

// EncodeCallToolResult encodes the result of tools/call. Before 2025-06-18
// there is no structuredContent: it is sent as a text block instead when the
// result has no content, as the spec recommends for compatibility.
func EncodeCallToolResult(v string, r CallToolResult) (json.RawMessage, error) {
	e := &encoder{version: v}
	content := e.contentList(r.Content)
	var structured json.RawMessage
	if len(bytes.TrimSpace(r.StructuredContent)) > 0 {
		structured = e.object("structured content", r.StructuredContent)
		if !e.since(Version20250618) {
			if len(content) == 0 {
				t := string(structured)
				content = append(content, contentJSON{Type: "text", Text: &t})
			}
			structured = nil
		}
	}
	return e.marshal(struct {
		Content           []any           `json:"content"`
		StructuredContent json.RawMessage `json:"structuredContent,omitempty"`
		IsError           *bool           `json:"isError,omitempty"`
		Meta              json.RawMessage `json:"_meta,omitempty"`
	}{content, structured, r.IsError, e.object("result _meta", r.Meta)})
}

// EncodeResource encodes a resource for resources/list.
func EncodeResource(v string, r ResourceInfo) (json.RawMessage, error) {
	e := &encoder{version: v}
	return e.marshal(e.resource(r))
}

// EncodeResourceTemplate encodes a template for resources/templates/list.
// The template must be a valid level 1 URI template.
func EncodeResourceTemplate(v string, t ResourceTemplate) (json.RawMessage, error) {
	e := &encoder{version: v}
	if t.Name == "" {
		e.fail("a resource template needs a name")
	}
	if _, err := ParseURITemplate(t.URITemplate); err != nil {
		e.fail("%v", err)
	}
	return e.marshal(struct {
		URITemplate string           `json:"uriTemplate"`
		Name        string           `json:"name"`
		Title       string           `json:"title,omitempty"`
		Description string           `json:"description,omitempty"`
		MimeType    string           `json:"mimeType,omitempty"`
		Annotations *annotationsJSON `json:"annotations,omitempty"`
		Icons       []iconJSON       `json:"icons,omitempty"`
		Meta        json.RawMessage  `json:"_meta,omitempty"`
	}{t.URITemplate, t.Name, e.title(t.Title), t.Description, t.MimeType, e.annotations(t.Annotations), e.icons(t.Icons), e.object("template _meta", t.Meta)})
}

// EncodeReadResourceResult encodes the result of resources/read.
func EncodeReadResourceResult(v string, r ReadResourceResult) (json.RawMessage, error) {
	e := &encoder{version: v}
	contents := make([]*contentsJSON, len(r.Contents))
	for i, c := range r.Contents {
		contents[i] = e.contents(c)
	}
	return e.marshal(struct {
		Contents []*contentsJSON `json:"contents"`
		Meta     json.RawMessage `json:"_meta,omitempty"`
	}{contents, e.object("result _meta", r.Meta)})
}

// EncodePrompt encodes a prompt for prompts/list.
func EncodePrompt(v string, p Prompt) (json.RawMessage, error) {
	e := &encoder{version: v}
	if p.Name == "" {
		e.fail("a prompt needs a name")
	}
	type argJSON struct {
		Name        string `json:"name"`
		Title       string `json:"title,omitempty"`
		Description string `json:"description,omitempty"`
		Required    *bool  `json:"required,omitempty"`
	}
	var args []argJSON
	for _, a := range p.Arguments {
		args = append(args, argJSON{a.Name, e.title(a.Title), a.Description, a.Required})
	}
	return e.marshal(struct {
		Name        string          `json:"name"`
		Title       string          `json:"title,omitempty"`
		Description string          `json:"description,omitempty"`
		Arguments   []argJSON       `json:"arguments,omitempty"`
		Icons       []iconJSON      `json:"icons,omitempty"`
		Meta        json.RawMessage `json:"_meta,omitempty"`
	}{p.Name, e.title(p.Title), p.Description, args, e.icons(p.Icons), e.object("prompt _meta", p.Meta)})
}

// EncodeGetPromptResult encodes the result of prompts/get.
func EncodeGetPromptResult(v string, r GetPromptResult) (json.RawMessage, error) {
	e := &encoder{version: v}
	type msgJSON struct {
		Role    string `json:"role"`
		Content any    `json:"content"`
	}
	msgs := make([]msgJSON, len(r.Messages))
	for i, m := range r.Messages {
		if m.Role != "user" && m.Role != "assistant" {
			e.fail("prompt message %d: unknown role %q", i, m.Role)
		}
		msgs[i] = msgJSON{m.Role, e.content(m.Content)}
	}
	return e.marshal(struct {
		Description string          `json:"description,omitempty"`
		Messages    []msgJSON       `json:"messages"`
		Meta        json.RawMessage `json:"_meta,omitempty"`
	}{r.Description, msgs, e.object("result _meta", r.Meta)})
}

// EncodeCompleteResult encodes the result of completion/complete. More than
// MaxCompletionValues values are cut, and hasMore is then set.
func EncodeCompleteResult(c Completion) (json.RawMessage, error) {
	values := c.Values
	hasMore := c.HasMore
	if values == nil {
		values = []string{}
	}
	if len(values) > MaxCompletionValues {
		values = values[:MaxCompletionValues]
		t := true
		hasMore = &t
	}
	type completionJSON struct {
		Values  []string `json:"values"`
		Total   *uint32  `json:"total,omitempty"`
		HasMore *bool    `json:"hasMore,omitempty"`
	}
	return json.Marshal(struct {
		Completion completionJSON `json:"completion"`
	}{completionJSON{values, c.Total, hasMore}})
}

func invalidParams(format string, args ...any) *Error {
	return Errorf(CodeInvalidParams, "Invalid params: "+format, args...)
}

// decodeParams unmarshals params into v, or reports invalid params.
func decodeParams(method string, params json.RawMessage, v any) *Error {
	if len(params) == 0 {
		return invalidParams("%s needs params", method)
	}
	if err := json.Unmarshal(params, v); err != nil {
		return invalidParams("%s: %v", method, err)
	}
	return nil
}

// metaOf returns params._meta as compact JSON, or nil.
func metaOf(m json.RawMessage) json.RawMessage {
	m = bytes.TrimSpace(m)
	if len(m) == 0 || m[0] != '{' {
		return nil
	}
	return compactID(m)
}

// stringMap reads a JSON object of strings into key-sorted pairs.
func stringMap(what string, raw json.RawMessage) ([]KeyValue, *Error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var m map[string]string
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, invalidParams("%s must be an object of strings", what)
	}
	out := make([]KeyValue, 0, len(m))
	for k, v := range m {
		out = append(out, KeyValue{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

// DecodeCallToolRequest reads the params of tools/call.
func DecodeCallToolRequest(params json.RawMessage) (CallToolRequest, *Error) {
	var p struct {
		Name      *string         `json:"name"`
		Arguments json.RawMessage `json:"arguments"`
		Meta      json.RawMessage `json:"_meta"`
	}
	if err := decodeParams("tools/call", params, &p); err != nil {
		return CallToolRequest{}, err
	}
	if p.Name == nil {
		return CallToolRequest{}, invalidParams(`tools/call needs a string "name"`)
	}
	args := bytes.TrimSpace(p.Arguments)
	if string(args) == "null" {
		args = nil
	}
	if len(args) > 0 && args[0] != '{' {
		return CallToolRequest{}, invalidParams(`tools/call "arguments" must be an object`)
	}
	return CallToolRequest{Name: *p.Name, Arguments: metaOf(args), Meta: metaOf(p.Meta)}, nil
}

// DecodeReadResourceRequest reads the params of resources/read.
func DecodeReadResourceRequest(params json.RawMessage) (ReadResourceRequest, *Error) {
	var p struct {
		URI  *string         `json:"uri"`
		Meta json.RawMessage `json:"_meta"`
	}
	if err := decodeParams("resources/read", params, &p); err != nil {
		return ReadResourceRequest{}, err
	}
	if p.URI == nil {
		return ReadResourceRequest{}, invalidParams(`resources/read needs a string "uri"`)
	}
	return ReadResourceRequest{URI: *p.URI, Meta: metaOf(p.Meta)}, nil
}

// DecodeGetPromptRequest reads the params of prompts/get.
func DecodeGetPromptRequest(params json.RawMessage) (GetPromptRequest, *Error) {
	var p struct {
		Name      *string         `json:"name"`
		Arguments json.RawMessage `json:"arguments"`
		Meta      json.RawMessage `json:"_meta"`
	}
	if err := decodeParams("prompts/get", params, &p); err != nil {
		return GetPromptRequest{}, err
	}
	if p.Name == nil {
		return GetPromptRequest{}, invalidParams(`prompts/get needs a string "name"`)
	}
	args, err := stringMap(`prompts/get "arguments"`, p.Arguments)
	if err != nil {
		return GetPromptRequest{}, err
	}
	return GetPromptRequest{Name: *p.Name, Arguments: args, Meta: metaOf(p.Meta)}, nil
}

// DecodeCompleteRequest reads the params of completion/complete.
func DecodeCompleteRequest(params json.RawMessage) (CompleteRequest, *Error) {
	var p struct {
		Ref struct {
			Type string  `json:"type"`
			Name *string `json:"name"`
			URI  *string `json:"uri"`
		} `json:"ref"`
		Argument struct {
			Name  *string `json:"name"`
			Value *string `json:"value"`
		} `json:"argument"`
		Context struct {
			Arguments json.RawMessage `json:"arguments"`
		} `json:"context"`
		Meta json.RawMessage `json:"_meta"`
	}
	if err := decodeParams("completion/complete", params, &p); err != nil {
		return CompleteRequest{}, err
	}
	var r CompleteRequest
	switch {
	case p.Ref.Type == "ref/prompt" && p.Ref.Name != nil:
		r.RefKind, r.Ref = RefPrompt, *p.Ref.Name
	case p.Ref.Type == "ref/resource" && p.Ref.URI != nil:
		r.RefKind, r.Ref = RefResourceTemplate, *p.Ref.URI
	default:
		return r, invalidParams(`completion/complete needs a "ref" of type "ref/prompt" with a "name" or "ref/resource" with a "uri"`)
	}
	if p.Argument.Name == nil || p.Argument.Value == nil {
		return r, invalidParams(`completion/complete needs an "argument" with a "name" and a "value"`)
	}
	r.ArgumentName, r.ArgumentValue = *p.Argument.Name, *p.Argument.Value
	ctx, err := stringMap(`completion/complete "context.arguments"`, p.Context.Arguments)
	if err != nil {
		return r, err
	}
	r.ContextArguments, r.Meta = ctx, metaOf(p.Meta)
	return r, nil
}
