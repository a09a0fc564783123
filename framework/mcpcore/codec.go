package mcpcore

import (
	"bytes"
	"encoding/base64"
	"errors"

	"github.com/wasmcp/wasmcp/jsonv"
)

// MaxCompletionValues is the most values a completion result may carry.
const MaxCompletionValues = 100

// The JSON shapes of the MCP schema; members are written in the schema's
// order.

// encoder carries the negotiated protocol version and the first error.
type encoder struct {
	version     string
	err         error
	unsupported error
}

func (e *encoder) fail(format string, args ...any) {
	if e.err == nil {
		e.err = errors.New(sprintf(format, args...))
	}
}

// number records a number JSON cannot hold; json.Marshal met it only
// after every other check had passed, so it is reported only without
// another error.
func (e *encoder) number(err error) {
	if e.unsupported == nil {
		e.unsupported = err
	}
}

// object checks that raw is a JSON object (or empty) and compacts it.
func (e *encoder) object(what string, raw RawMessage) RawMessage {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil
	}
	var out []byte
	err := errNotObject
	if raw[0] == '{' {
		out, err = jsonv.Compact(nil, string(raw))
	}
	if err != nil {
		e.fail("%s is not a JSON object: %.60s", what, string(raw))
		return nil
	}
	return out
}

var errNotObject = errors.New("not an object")

func (e *encoder) since(v string) bool { return AtLeast(e.version, v) }

// annotations returns the "annotations" value of a in this version, nil
// when there is nothing to say.
func (e *encoder) annotations(a *Annotations) []byte {
	if a == nil {
		return nil
	}
	for _, r := range a.Audience {
		if r != "user" && r != "assistant" {
			e.fail("annotations: unknown role %q", r)
		}
	}
	if a.Priority != nil && (*a.Priority < 0 || *a.Priority > 1) {
		e.fail("annotations: priority %v is outside 0..1", *a.Priority)
	}
	lastModified := a.LastModified
	if !e.since(Version20250618) {
		lastModified = ""
	}
	if a.Audience == nil && a.Priority == nil && lastModified == "" {
		return nil
	}
	var o object
	o.stringsOmit("audience", a.Audience)
	if a.Priority != nil {
		e.number(o.float("priority", *a.Priority))
	}
	o.strOmit("lastModified", lastModified)
	return o.close()
}

func (e *encoder) icons(o *object, icons []Icon) {
	if len(icons) == 0 || !e.since(Version20251125) {
		return
	}
	o.array("icons", len(icons), func(b []byte, i int) []byte {
		ic := icons[i]
		in := object{b: b}
		in.str("src", ic.Src)
		in.strOmit("mimeType", ic.MimeType)
		in.stringsOmit("sizes", ic.Sizes)
		in.strOmit("theme", ic.Theme)
		return in.close()
	})
}

func (e *encoder) title(t string) string {
	if !e.since(Version20250618) {
		return ""
	}
	return t
}

// resource writes a resource; typ is "resource_link" in content, and
// ann and meta, when set, are the content block's and replace the link's.
func (e *encoder) resource(b []byte, typ string, r ResourceInfo, ann []byte, meta RawMessage) []byte {
	if r.URI == "" || r.Name == "" {
		e.fail("a resource needs a uri and a name")
	}
	o := object{b: b}
	o.strOmit("type", typ)
	o.str("uri", r.URI)
	o.str("name", r.Name)
	o.strOmit("title", e.title(r.Title))
	o.strOmit("description", r.Description)
	o.strOmit("mimeType", r.MimeType)
	if r.Size != nil {
		o.uint("size", *r.Size)
	}
	own := e.annotations(r.Annotations)
	if ann != nil {
		own = ann
	}
	o.rawOmit("annotations", own)
	e.icons(&o, r.Icons)
	m := e.object("resource _meta", r.Meta)
	if meta != nil {
		m = meta
	}
	o.rawOmit("_meta", m)
	return o.close()
}

func (e *encoder) contents(b []byte, c ResourceContents) []byte {
	o := object{b: b}
	o.str("uri", c.URI)
	o.strOmit("mimeType", c.MimeType)
	meta := e.object("resource contents _meta", c.Meta)
	if c.IsBlob {
		o.str("blob", base64.StdEncoding.EncodeToString(c.Blob))
	} else {
		o.str("text", c.Text)
	}
	o.rawOmit("_meta", meta)
	return o.close()
}

func (e *encoder) content(b []byte, c ContentBlock) []byte {
	a, meta := e.annotations(c.Annotations), e.object("content _meta", c.Meta)
	o := object{b: b}
	switch c.Kind {
	case ContentText:
		o.str("type", "text")
		o.str("text", c.Text)
	case ContentImage, ContentAudio:
		typ := "image"
		if c.Kind == ContentAudio {
			typ = "audio"
		}
		if c.MimeType == "" {
			e.fail("%s content needs a mime type", typ)
		}
		o.str("type", typ)
		o.strOmit("data", base64.StdEncoding.EncodeToString(c.Data))
		o.strOmit("mimeType", c.MimeType)
	case ContentResourceLink:
		if !e.since(Version20250618) {
			// Older clients know no resource links: say where it is in text.
			label := c.Link.Title
			if label == "" {
				label = c.Link.Name
			}
			o.str("type", "text")
			o.str("text", label+": "+c.Link.URI)
			o.rawOmit("annotations", a)
			return o.close()
		}
		return e.resource(b, "resource_link", c.Link, a, meta)
	case ContentEmbeddedResource:
		o.str("type", "resource")
		o.raw("resource", e.contents(nil, c.Resource))
	default:
		e.fail("unknown content kind %d", int(c.Kind))
		return append(b, "null"...)
	}
	o.rawOmit("annotations", a)
	o.rawOmit("_meta", meta)
	return o.close()
}

// finish returns the encoded text, or the first error.
func (e *encoder) finish(text []byte) (RawMessage, error) {
	if e.err != nil {
		return nil, e.err
	}
	if e.unsupported != nil {
		return nil, e.unsupported
	}
	return htmlSafe(text), nil
}

// EncodeTool encodes a tool for tools/list in the shape protocol version v
// knows: title needs 2025-06-18, icons 2025-11-25, and the output schema
// 2025-06-18. The input schema must be a JSON object.
func EncodeTool(v string, t Tool) (RawMessage, error) {
	e := &encoder{version: v}
	if t.Name == "" {
		e.fail("a tool needs a name")
	}
	in := e.object("tool "+t.Name+": input schema", t.InputSchema)
	if in == nil {
		e.fail("tool %s: the input schema is required", t.Name)
	}
	var out RawMessage
	if e.since(Version20250618) {
		out = e.object("tool "+t.Name+": output schema", t.OutputSchema)
	}
	var o object
	o.str("name", t.Name)
	o.strOmit("title", e.title(t.Title))
	o.strOmit("description", t.Description)
	o.raw("inputSchema", in)
	o.rawOmit("outputSchema", out)
	if a := t.Annotations; a != nil {
		var ann object
		ann.strOmit("title", a.Title)
		ann.boolPtr("readOnlyHint", a.ReadOnlyHint)
		ann.boolPtr("destructiveHint", a.DestructiveHint)
		ann.boolPtr("idempotentHint", a.IdempotentHint)
		ann.boolPtr("openWorldHint", a.OpenWorldHint)
		o.raw("annotations", ann.close())
	}
	e.icons(&o, t.Icons)
	o.rawOmit("_meta", e.object("tool _meta", t.Meta))
	return e.finish(o.close())
}

// EncodeCallToolResult encodes the result of tools/call. Before 2025-06-18
// there is no structuredContent: it is sent as a text block instead when the
// result has no content, as the spec recommends for compatibility.
func EncodeCallToolResult(v string, r CallToolResult) (RawMessage, error) {
	e := &encoder{version: v}
	content := make([][]byte, 0, len(r.Content))
	for _, c := range r.Content {
		content = append(content, e.content(nil, c))
	}
	var structured RawMessage
	if len(bytes.TrimSpace(r.StructuredContent)) > 0 {
		structured = e.object("structured content", r.StructuredContent)
		if !e.since(Version20250618) {
			if len(content) == 0 {
				var text object
				text.str("type", "text")
				text.str("text", string(structured))
				content = append(content, text.close())
			}
			structured = nil
		}
	}
	var o object
	o.array("content", len(content), func(b []byte, i int) []byte { return append(b, content[i]...) })
	o.rawOmit("structuredContent", structured)
	o.boolPtr("isError", r.IsError)
	o.rawOmit("_meta", e.object("result _meta", r.Meta))
	return e.finish(o.close())
}

// EncodeResource encodes a resource for resources/list.
func EncodeResource(v string, r ResourceInfo) (RawMessage, error) {
	e := &encoder{version: v}
	return e.finish(e.resource(nil, "", r, nil, nil))
}

// EncodeResourceTemplate encodes a template for resources/templates/list.
// The template must be a valid level 1 URI template.
func EncodeResourceTemplate(v string, t ResourceTemplate) (RawMessage, error) {
	e := &encoder{version: v}
	if t.Name == "" {
		e.fail("a resource template needs a name")
	}
	if _, err := ParseURITemplate(t.URITemplate); err != nil {
		e.fail("%v", err)
	}
	var o object
	o.str("uriTemplate", t.URITemplate)
	o.str("name", t.Name)
	o.strOmit("title", e.title(t.Title))
	o.strOmit("description", t.Description)
	o.strOmit("mimeType", t.MimeType)
	o.rawOmit("annotations", e.annotations(t.Annotations))
	e.icons(&o, t.Icons)
	o.rawOmit("_meta", e.object("template _meta", t.Meta))
	return e.finish(o.close())
}

// EncodeReadResourceResult encodes the result of resources/read.
func EncodeReadResourceResult(v string, r ReadResourceResult) (RawMessage, error) {
	e := &encoder{version: v}
	var o object
	o.array("contents", len(r.Contents), func(b []byte, i int) []byte { return e.contents(b, r.Contents[i]) })
	o.rawOmit("_meta", e.object("result _meta", r.Meta))
	return e.finish(o.close())
}

// EncodePrompt encodes a prompt for prompts/list.
func EncodePrompt(v string, p Prompt) (RawMessage, error) {
	e := &encoder{version: v}
	if p.Name == "" {
		e.fail("a prompt needs a name")
	}
	var o object
	o.str("name", p.Name)
	o.strOmit("title", e.title(p.Title))
	o.strOmit("description", p.Description)
	if len(p.Arguments) > 0 {
		o.array("arguments", len(p.Arguments), func(b []byte, i int) []byte {
			a := p.Arguments[i]
			arg := object{b: b}
			arg.str("name", a.Name)
			arg.strOmit("title", e.title(a.Title))
			arg.strOmit("description", a.Description)
			arg.boolPtr("required", a.Required)
			return arg.close()
		})
	}
	e.icons(&o, p.Icons)
	o.rawOmit("_meta", e.object("prompt _meta", p.Meta))
	return e.finish(o.close())
}

// EncodeGetPromptResult encodes the result of prompts/get.
func EncodeGetPromptResult(v string, r GetPromptResult) (RawMessage, error) {
	e := &encoder{version: v}
	var o object
	o.strOmit("description", r.Description)
	o.array("messages", len(r.Messages), func(b []byte, i int) []byte {
		m := r.Messages[i]
		if m.Role != "user" && m.Role != "assistant" {
			e.fail("prompt message %d: unknown role %q", i, m.Role)
		}
		msg := object{b: b}
		msg.str("role", m.Role)
		msg.raw("content", e.content(nil, m.Content))
		return msg.close()
	})
	o.rawOmit("_meta", e.object("result _meta", r.Meta))
	return e.finish(o.close())
}

// EncodeCompleteResult encodes the result of completion/complete. More than
// MaxCompletionValues values are cut, and hasMore is then set.
func EncodeCompleteResult(c Completion) (RawMessage, error) {
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
	var in object
	in.strings("values", values)
	if c.Total != nil {
		in.uint("total", uint64(*c.Total))
	}
	in.boolPtr("hasMore", hasMore)
	var o object
	o.raw("completion", in.close())
	return htmlSafe(o.close()), nil
}

func invalidParams(format string, args ...any) *Error {
	return Errorf(CodeInvalidParams, "Invalid params: "+format, args...)
}

// decodeParams reads params into fields, or reports invalid params.
func decodeParams(method string, params RawMessage, fields ...field) *Error {
	if len(params) == 0 {
		return invalidParams("%s needs params", method)
	}
	v, err := jsonv.Parse(string(params))
	if err != nil {
		return invalidParams("%s: %v", method, err)
	}
	if v.Kind() != jsonv.Object && v.Kind() != jsonv.Null {
		return invalidParams("%s: params must be an object, not %s", method, v.Kind().String())
	}
	if !decodeStruct(v, fields...) {
		return invalidParams("%s: a member of params has the wrong type", method)
	}
	return nil
}

// metaOf returns params._meta as compact JSON, or nil.
func metaOf(m RawMessage) RawMessage {
	m = bytes.TrimSpace(m)
	if len(m) == 0 || m[0] != '{' {
		return nil
	}
	return compactID(m)
}

// stringMap reads a JSON object of strings into key-sorted pairs; of a key
// given twice the last value counts, and null is "".
func stringMap(what string, raw RawMessage) ([]KeyValue, *Error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	v, err := jsonv.Parse(string(raw))
	if err != nil || v.Kind() != jsonv.Object && v.Kind() != jsonv.Null {
		return nil, invalidParams("%s must be an object of strings", what)
	}
	out := make([]KeyValue, 0, len(v.Members()))
	index := map[string]int{}
	for _, m := range v.Members() {
		var s string
		if !stringField("", &s).set(m.Value) {
			return nil, invalidParams("%s must be an object of strings", what)
		}
		if i, ok := index[m.Key]; ok {
			out[i].Value = s
			continue
		}
		index[m.Key] = len(out)
		out = append(out, KeyValue{m.Key, s})
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Key < out[j-1].Key; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out, nil
}

// DecodeCallToolRequest reads the params of tools/call.
func DecodeCallToolRequest(params RawMessage) (CallToolRequest, *Error) {
	var name *string
	var arguments, meta RawMessage
	if err := decodeParams("tools/call", params,
		stringPtrField("name", &name), rawField("arguments", &arguments), rawField("_meta", &meta)); err != nil {
		return CallToolRequest{}, err
	}
	if name == nil {
		return CallToolRequest{}, invalidParams(`tools/call needs a string "name"`)
	}
	args := bytes.TrimSpace(arguments)
	if string(args) == "null" {
		args = nil
	}
	if len(args) > 0 && args[0] != '{' {
		return CallToolRequest{}, invalidParams(`tools/call "arguments" must be an object`)
	}
	return CallToolRequest{Name: *name, Arguments: metaOf(args), Meta: metaOf(meta)}, nil
}

// DecodeReadResourceRequest reads the params of resources/read.
func DecodeReadResourceRequest(params RawMessage) (ReadResourceRequest, *Error) {
	var uri *string
	var meta RawMessage
	if err := decodeParams("resources/read", params, stringPtrField("uri", &uri), rawField("_meta", &meta)); err != nil {
		return ReadResourceRequest{}, err
	}
	if uri == nil {
		return ReadResourceRequest{}, invalidParams(`resources/read needs a string "uri"`)
	}
	return ReadResourceRequest{URI: *uri, Meta: metaOf(meta)}, nil
}

// DecodeGetPromptRequest reads the params of prompts/get.
func DecodeGetPromptRequest(params RawMessage) (GetPromptRequest, *Error) {
	var name *string
	var arguments, meta RawMessage
	if err := decodeParams("prompts/get", params,
		stringPtrField("name", &name), rawField("arguments", &arguments), rawField("_meta", &meta)); err != nil {
		return GetPromptRequest{}, err
	}
	if name == nil {
		return GetPromptRequest{}, invalidParams(`prompts/get needs a string "name"`)
	}
	args, err := stringMap(`prompts/get "arguments"`, arguments)
	if err != nil {
		return GetPromptRequest{}, err
	}
	return GetPromptRequest{Name: *name, Arguments: args, Meta: metaOf(meta)}, nil
}

// DecodeCompleteRequest reads the params of completion/complete.
func DecodeCompleteRequest(params RawMessage) (CompleteRequest, *Error) {
	var refType string
	var refName, refURI, argName, argValue *string
	var ctxArgs, meta RawMessage
	if err := decodeParams("completion/complete", params,
		structField("ref", stringField("type", &refType), stringPtrField("name", &refName), stringPtrField("uri", &refURI)),
		structField("argument", stringPtrField("name", &argName), stringPtrField("value", &argValue)),
		structField("context", rawField("arguments", &ctxArgs)),
		rawField("_meta", &meta)); err != nil {
		return CompleteRequest{}, err
	}
	var r CompleteRequest
	switch {
	case refType == "ref/prompt" && refName != nil:
		r.RefKind, r.Ref = RefPrompt, *refName
	case refType == "ref/resource" && refURI != nil:
		r.RefKind, r.Ref = RefResourceTemplate, *refURI
	default:
		return r, invalidParams(`completion/complete needs a "ref" of type "ref/prompt" with a "name" or "ref/resource" with a "uri"`)
	}
	if argName == nil || argValue == nil {
		return r, invalidParams(`completion/complete needs an "argument" with a "name" and a "value"`)
	}
	r.ArgumentName, r.ArgumentValue = *argName, *argValue
	ctx, err := stringMap(`completion/complete "context.arguments"`, ctxArgs)
	if err != nil {
		return r, err
	}
	r.ContextArguments, r.Meta = ctx, metaOf(meta)
	return r, nil
}
