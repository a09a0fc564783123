package mcpcore

import (
	"encoding/base64"
	"strings"

	"github.com/wasmcp/wasmcp/jsonv"
)

// Requests from the server to the client (wasmcp:mcp/client): the
// session part sends them while a call waits, and gets the client's answer
// back. Over Streamable HTTP the answer is another POST, which a runtime
// such as wasmtime serve hands to another instance; it reaches the waiting
// one through the session store: the request is recorded as pending for
// its session, the transport that receives the answer stores it
// (DeliverAnswer), and the waiting part polls for it (TakeAnswer).

// DefaultClientTimeout is how long a request to the client waits for its
// answer when neither the component nor WASMCP_CLIENT_TIMEOUT_MS says, in
// milliseconds.
const DefaultClientTimeout = 60_000

// EnvClientTimeout sets the default wait for the client's answers, in
// milliseconds.
const EnvClientTimeout = "WASMCP_CLIENT_TIMEOUT_MS"

// CodeRequestTimeout is the error of a request to the client that was not
// answered in time (the MCP SDKs' RequestTimeout).
const CodeRequestTimeout = -32001

// serverRequestPrefix starts the ids of the server's requests, so that an
// answer is told from anything else a client may POST.
const serverRequestPrefix = "wasmcp-"

// ClientCaps is what the client said it supports at initialize.
type ClientCaps struct {
	Sampling, ElicitForm, ElicitURL, Roots bool
}

// ParseClientCaps reads an initialize capabilities object. An
// `elicitation` object without modes is form mode (MCP 2025-06-18).
func ParseClientCaps(raw RawMessage) ClientCaps {
	v, err := jsonv.Parse(string(raw))
	if err != nil {
		return ClientCaps{}
	}
	has := func(v jsonv.Value, k string) (jsonv.Value, bool) {
		m, ok := v.Get(k)
		return m, ok && m.Kind() == jsonv.Object
	}
	var c ClientCaps
	_, c.Sampling = has(v, "sampling")
	_, c.Roots = has(v, "roots")
	if e, ok := has(v, "elicitation"); ok {
		_, form := has(e, "form")
		_, url := has(e, "url")
		c.ElicitForm = form || !url
		c.ElicitURL = url
	}
	return c
}

// NewServerRequestID makes the id of a request to the client from random
// bytes (at least 16).
func NewServerRequestID(random []byte) string { return serverRequestPrefix + hexText(random) }

// ServerRequest is the JSON-RPC request with a string id.
func ServerRequest(id, method string, params RawMessage) []byte {
	o := object{}
	o.str("jsonrpc", "2.0")
	o.str("id", id)
	o.str("method", method)
	o.rawOmit("params", params)
	return o.close()
}

// CancelledNotification tells the client a request of the server's is
// given up.
func CancelledNotification(id, reason string) []byte {
	p := object{}
	p.str("requestId", id)
	p.str("reason", reason)
	o := object{}
	o.str("jsonrpc", "2.0")
	o.str("method", "notifications/cancelled")
	o.raw("params", p.close())
	return o.close()
}

// AnswerID is the id of msg when it answers a request of the server's.
func AnswerID(msg Message) (string, bool) {
	if msg.Kind != KindResponse {
		return "", false
	}
	v, err := jsonv.Parse(string(msg.ID))
	if err != nil {
		return "", false
	}
	id, ok := v.Str()
	return id, ok && strings.HasPrefix(id, serverRequestPrefix) && len(id) <= len(serverRequestPrefix)+64
}

func pendingKey(id string) string { return "mcp-client-pending:" + id }
func answerKey(id string) string  { return "mcp-client-answer:" + id }

// ClientRequests keeps the requests to the client in flight in a store.
type ClientRequests struct {
	Store SessionStore
}

// Pending records that request id was sent in session; only that
// session's answer is taken.
func (c ClientRequests) Pending(id, session string) error {
	return c.Store.Set(pendingKey(id), []byte(session))
}

// DeliverAnswer stores msg (the whole response, JSON text) when it answers
// a pending request of session; it reports whether it did.
func (c ClientRequests) DeliverAnswer(session string, msg Message, raw []byte) (bool, error) {
	id, ok := AnswerID(msg)
	if !ok {
		return false, nil
	}
	owner, found, err := c.Store.Get(pendingKey(id))
	if err != nil || !found || string(owner) != session {
		return false, err
	}
	if err := c.Store.Set(answerKey(id), raw); err != nil {
		return false, err
	}
	return true, nil
}

// TakeAnswer returns the answer to request id once it has come, and
// forgets the request.
func (c ClientRequests) TakeAnswer(id string) ([]byte, bool, error) {
	b, ok, err := c.Store.Get(answerKey(id))
	if err != nil || !ok {
		return nil, false, err
	}
	return b, true, c.Forget(id)
}

// Forget drops request id and any answer to it.
func (c ClientRequests) Forget(id string) error {
	if err := c.Store.Delete(pendingKey(id)); err != nil {
		return err
	}
	return c.Store.Delete(answerKey(id))
}

// AnswerResult reads a client's answer: its result, or its error.
func AnswerResult(raw []byte) (RawMessage, *Error) {
	m, perr := Parse(raw)
	if perr != nil || m.Kind != KindResponse {
		return nil, Errorf(CodeInternalError, "the client's answer is not a JSON-RPC response")
	}
	if m.Error != nil {
		return nil, m.Error
	}
	return m.Result, nil
}

// SamplingContent is the content of a sampling message: Type "text" with
// Text, or "image" / "audio" with Data and MimeType.
type SamplingContent struct {
	Type     string
	Text     string
	Data     []byte
	MimeType string
}

func appendSamplingContent(b []byte, c SamplingContent) []byte {
	o := object{b: b}
	o.str("type", c.Type)
	if c.Type == "text" {
		o.str("text", c.Text)
	} else {
		o.str("data", base64.StdEncoding.EncodeToString(c.Data))
		o.str("mimeType", c.MimeType)
	}
	return o.close()
}

// SamplingMessage is one message of a sampling conversation.
type SamplingMessage struct {
	Role    string
	Content SamplingContent
}

// CreateMessageParams are sampling/createMessage's params.
type CreateMessageParams struct {
	Messages                   []SamplingMessage
	MaxTokens                  uint32
	SystemPrompt               *string
	Temperature                *float64
	StopSequences              []string
	ModelPreferences, Metadata RawMessage
	IncludeContext             *string
}

// EncodeCreateMessage writes sampling/createMessage's params; JSON text
// members must be valid JSON.
func EncodeCreateMessage(p CreateMessageParams) (RawMessage, error) {
	o := object{}
	o.array("messages", len(p.Messages), func(b []byte, i int) []byte {
		m := object{b: b}
		m.str("role", p.Messages[i].Role)
		m.key("content")
		m.b = appendSamplingContent(m.b, p.Messages[i].Content)
		return m.close()
	})
	o.uint("maxTokens", uint64(p.MaxTokens))
	o.strPtr("systemPrompt", p.SystemPrompt)
	if p.Temperature != nil {
		if err := o.float("temperature", *p.Temperature); err != nil {
			return nil, err
		}
	}
	o.stringsOmit("stopSequences", p.StopSequences)
	for _, m := range []struct {
		k string
		v RawMessage
	}{{"modelPreferences", p.ModelPreferences}, {"metadata", p.Metadata}} {
		if m.v != nil && !jsonv.Valid(string(m.v)) {
			return nil, errorf("%s is not valid JSON", m.k)
		}
		o.rawOmit(m.k, compactJSON(m.v))
	}
	o.strPtr("includeContext", p.IncludeContext)
	return o.close(), nil
}

// compactJSON is valid JSON text without insignificant space.
func compactJSON(raw RawMessage) RawMessage {
	if raw == nil {
		return nil
	}
	v, err := jsonv.Parse(string(raw))
	if err != nil {
		return nil
	}
	return v.Append(nil)
}

// CreateMessageResult is the client's sampling result.
type CreateMessageResult struct {
	Role       string
	Content    SamplingContent
	Model      string
	StopReason string
}

// DecodeCreateMessageResult reads a sampling result.
func DecodeCreateMessageResult(raw RawMessage) (CreateMessageResult, *Error) {
	bad := func(what string) (CreateMessageResult, *Error) {
		return CreateMessageResult{}, Errorf(CodeInternalError, "the client's sampling result: %s", what)
	}
	v, err := jsonv.Parse(string(raw))
	if err != nil || v.Kind() != jsonv.Object {
		return bad("not a JSON object")
	}
	str := func(v jsonv.Value, k string) string {
		m, _ := v.Get(k)
		s, _ := m.Str()
		return s
	}
	r := CreateMessageResult{Role: str(v, "role"), Model: str(v, "model"), StopReason: str(v, "stopReason")}
	if r.Role != "user" && r.Role != "assistant" {
		return bad("role is not user or assistant")
	}
	c, ok := v.Get("content")
	if !ok || c.Kind() != jsonv.Object {
		return bad("no content object")
	}
	r.Content.Type = str(c, "type")
	switch r.Content.Type {
	case "text":
		r.Content.Text = str(c, "text")
	case "image", "audio":
		data, err := base64.StdEncoding.DecodeString(str(c, "data"))
		if err != nil {
			return bad("content data is not base64")
		}
		r.Content.Data, r.Content.MimeType = data, str(c, "mimeType")
	default:
		return bad("content type " + jsonv.Quote(r.Content.Type) + " is not text, image or audio")
	}
	return r, nil
}

// EncodeElicitForm writes elicitation/create's params in form mode.
func EncodeElicitForm(message string, schema RawMessage) (RawMessage, error) {
	v, err := jsonv.Parse(string(schema))
	if err != nil || v.Kind() != jsonv.Object {
		return nil, errorf("the requested schema is not a JSON object")
	}
	o := object{}
	o.str("message", message)
	o.raw("requestedSchema", v.Append(nil))
	return o.close(), nil
}

// EncodeElicitURL writes elicitation/create's params in URL mode.
func EncodeElicitURL(message, url, elicitationID string) RawMessage {
	o := object{}
	o.str("mode", "url")
	o.str("message", message)
	o.str("url", url)
	o.str("elicitationId", elicitationID)
	return o.close()
}

// ElicitResult is the user's answer: Action accept, decline or cancel, and
// for an accepted form its Content (a JSON object).
type ElicitResult struct {
	Action  string
	Content RawMessage
}

// DecodeElicitResult reads an elicitation result.
func DecodeElicitResult(raw RawMessage) (ElicitResult, *Error) {
	v, err := jsonv.Parse(string(raw))
	if err != nil || v.Kind() != jsonv.Object {
		return ElicitResult{}, Errorf(CodeInternalError, "the client's elicitation result is not a JSON object")
	}
	a, _ := v.Get("action")
	action, _ := a.Str()
	switch action {
	case "accept", "decline", "cancel":
	default:
		return ElicitResult{}, Errorf(CodeInternalError, "the client's elicitation result has action %s", jsonv.Quote(action))
	}
	r := ElicitResult{Action: action}
	if c, ok := v.Get("content"); ok && c.Kind() == jsonv.Object {
		r.Content = c.Append(nil)
	}
	return r, nil
}

// Root is one root of the client's.
type Root struct {
	URI     string
	Name    string
	HasName bool
}

// DecodeRoots reads a roots/list result.
func DecodeRoots(raw RawMessage) ([]Root, *Error) {
	v, err := jsonv.Parse(string(raw))
	list, _ := v.Get("roots")
	if err != nil || list.Kind() != jsonv.Array {
		return nil, Errorf(CodeInternalError, "the client's roots/list result has no roots array")
	}
	var out []Root
	for _, r := range list.Elems() {
		u, _ := r.Get("uri")
		uri, ok := u.Str()
		if !ok {
			return nil, Errorf(CodeInternalError, "the client's roots/list result has a root without a uri")
		}
		root := Root{URI: uri}
		if n, ok := r.Get("name"); ok {
			root.Name, root.HasName = n.Str()
		}
		out = append(out, root)
	}
	return out, nil
}
