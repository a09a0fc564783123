package mcpcore

import (
	"bytes"
	"strconv"

	"github.com/wasmcp/wasmcp/jsonv"
)

// JSON-RPC 2.0 error codes. See https://www.jsonrpc.org/specification#error_object
const (
	CodeParseError     = -32700
	CodeInvalidRequest = -32600
	CodeMethodNotFound = -32601
	CodeInvalidParams  = -32602
	CodeInternalError  = -32603
	// CodeResourceNotFound is MCP's code for resources/read of an unknown URI.
	CodeResourceNotFound = -32002
)

// Error is a JSON-RPC error object.
type Error struct {
	Code    int64      `json:"code"`
	Message string     `json:"message"`
	Data    RawMessage `json:"data,omitempty"`
}

func (e *Error) Error() string {
	return "json-rpc error " + strconv.FormatInt(e.Code, 10) + ": " + e.Message
}

// Errorf returns an *Error with code and a formatted message. The format is
// fmt's, for the verbs %s, %v, %q and %d (with a precision for strings) and
// arguments that are strings, errors, Stringers, numbers or booleans: the
// framework parts do not link fmt.
func Errorf(code int64, format string, args ...any) *Error {
	return &Error{Code: code, Message: sprintf(format, args...)}
}

// Kind classifies a JSON-RPC message.
type Kind int

const (
	// KindRequest is a message with a method and an id: it needs a response.
	KindRequest Kind = iota + 1
	// KindNotification is a message with a method and no id.
	KindNotification
	// KindResponse is a result or an error sent back for an earlier request
	// (here: the client answering a server-initiated request).
	KindResponse
)

func (k Kind) String() string {
	switch k {
	case KindRequest:
		return "request"
	case KindNotification:
		return "notification"
	case KindResponse:
		return "response"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Message is one parsed JSON-RPC message.
type Message struct {
	Kind Kind
	// ID is the raw JSON of the id: a string or a number for requests and
	// responses (null only in an error response), nil for notifications.
	ID RawMessage
	// Method is set for requests and notifications.
	Method string
	// Params is the raw params member (an object), nil when absent or null.
	Params RawMessage
	// Result and Error are set for responses, one of them.
	Result RawMessage
	Error  *Error
}

// ParseError is what Parse returns for a body that is not a valid message:
// the error object to answer with and the id to echo (nil when the id could
// not be read).
type ParseError struct {
	ID  RawMessage
	Err *Error
}

func (e *ParseError) Error() string { return e.Err.Error() }

var nullID = RawMessage("null")

// Parse parses one JSON-RPC 2.0 message as MCP uses it.
//
// Batches (a JSON array) are rejected with -32600: MCP 2025-06-18 removed
// JSON-RPC batching, and wasmcp does not support it for older versions
// either. Ids must be strings or numbers (MCP forbids null); params, when
// present, must be an object. The returned *ParseError carries the id when
// the message had a readable one, so the error response can echo it.
func Parse(data []byte) (Message, *ParseError) {
	var m Message
	data = bytes.TrimSpace(data)
	doc, err := jsonv.Parse(string(data))
	if err != nil {
		return m, &ParseError{ID: nil, Err: Errorf(CodeParseError, "Parse error: body is not valid JSON")}
	}
	switch data[0] {
	case '{':
	case '[':
		return m, &ParseError{ID: nil, Err: Errorf(CodeInvalidRequest, "Invalid Request: JSON-RPC batches are not supported")}
	default:
		return m, &ParseError{ID: nil, Err: Errorf(CodeInvalidRequest, "Invalid Request: a message must be a JSON object")}
	}
	invalid := func(id RawMessage, format string, args ...any) (Message, *ParseError) {
		return Message{}, &ParseError{ID: id, Err: Errorf(CodeInvalidRequest, "Invalid Request: "+format, args...)}
	}
	// Members are raw text as written, the last of a name winning, as
	// encoding/json's map[string]json.RawMessage held them.
	member := func(name string) (RawMessage, jsonv.Value, bool) {
		v, ok := doc.Get(name)
		if !ok {
			return nil, v, false
		}
		return RawMessage(v.Raw()), v, true
	}

	id, idValue, hasID := member("id")
	validID := hasID && (idValue.Kind() == jsonv.String || idValue.Kind() == jsonv.Number)
	echo := RawMessage(nil)
	if validID {
		echo = id
	}
	if v, _, ok := member("jsonrpc"); !ok || string(v) != `"2.0"` {
		return invalid(echo, `"jsonrpc" must be "2.0"`)
	}
	_, methodValue, hasMethod := member("method")
	result, _, hasResult := member("result")
	_, errValue, hasError := member("error")

	if hasMethod {
		if hasResult || hasError {
			return invalid(echo, "a message cannot have both a method and a result or error")
		}
		var method string
		if !stringField("", &method).set(methodValue) {
			return invalid(echo, `"method" must be a string`)
		}
		if hasID && !validID {
			return invalid(nil, `"id" must be a string or a number`)
		}
		m.Method = method
		if p, _, ok := member("params"); ok && string(p) != "null" {
			if p[0] != '{' {
				if hasID {
					return Message{}, &ParseError{ID: id, Err: Errorf(CodeInvalidParams, `Invalid params: "params" must be an object`)}
				}
				return invalid(nil, `"params" must be an object`)
			}
			m.Params = p
		}
		if hasID {
			m.Kind, m.ID = KindRequest, id
		} else {
			m.Kind = KindNotification
		}
		return m, nil
	}

	switch {
	case hasResult && hasError:
		return invalid(echo, "a response cannot have both a result and an error")
	case hasResult:
		if !validID {
			return invalid(nil, `a result needs a string or number "id"`)
		}
		m.Kind, m.ID, m.Result = KindResponse, id, result
		return m, nil
	case hasError:
		if hasID && !validID && string(id) != "null" {
			return invalid(nil, `"id" must be a string or a number`)
		}
		var e Error
		_, hasCode := errValue.Get("code")
		_, hasMessage := errValue.Get("message")
		if errValue.Kind() != jsonv.Object || !hasCode || !hasMessage ||
			!decodeStruct(errValue, int64Field("code", &e.Code), stringField("message", &e.Message), rawField("data", &e.Data)) {
			return invalid(echo, `"error" must be an object with an integer "code" and a string "message"`)
		}
		m.Kind, m.ID, m.Error = KindResponse, id, &e
		return m, nil
	}
	return invalid(echo, `a message needs a "method", a "result" or an "error"`)
}

// isValidID reports whether raw is a JSON string or number.
func isValidID(raw RawMessage) bool {
	if len(raw) == 0 || raw[0] != '"' && raw[0] != '-' && (raw[0] < '0' || raw[0] > '9') {
		return false
	}
	v, err := jsonv.Parse(string(raw))
	return err == nil && (v.Kind() == jsonv.String || v.Kind() == jsonv.Number)
}

// ResultResponse encodes a success response. The result is compacted (so
// that the response fits on one line, as stdio needs); a result that is not
// valid JSON becomes an internal error instead.
func ResultResponse(id, result RawMessage) []byte {
	buf := make([]byte, 0, len(result)+len(id)+32)
	buf = append(buf, `{"jsonrpc":"2.0","id":`...)
	buf = append(buf, compactID(id)...)
	buf = append(buf, `,"result":`...)
	var err error
	if len(bytes.TrimSpace(result)) > 0 {
		buf, err = jsonv.Compact(buf, string(result))
	}
	if len(bytes.TrimSpace(result)) == 0 || err != nil {
		return ErrorResponse(id, Errorf(CodeInternalError, "Internal error: the handler returned a result that is not valid JSON"))
	}
	return append(buf, '}')
}

// ErrorResponse encodes an error response. Without an id (nil or null) the
// response has no id member, as MCP 2025-11-25 specifies for errors about
// messages whose id could not be read (and as the TypeScript SDK expects);
// error data that is not valid JSON is dropped.
func ErrorResponse(id RawMessage, e *Error) []byte {
	buf := []byte(`{"jsonrpc":"2.0",`)
	if cid := compactID(id); string(cid) != "null" {
		buf = append(buf, `"id":`...)
		buf = append(buf, cid...)
		buf = append(buf, ',')
	}
	buf = append(buf, `"error":{"code":`...)
	buf = strconv.AppendInt(buf, e.Code, 10)
	buf = append(buf, `,"message":`...)
	buf = appendStringHTML(buf, e.Message)
	if len(e.Data) > 0 {
		if data, err := jsonv.Compact(nil, string(e.Data)); err == nil {
			buf = append(buf, `,"data":`...)
			buf = append(buf, data...)
		}
	}
	return append(buf, "}}"...)
}

// NotificationMessage encodes a notification from the server. Params that
// are not a valid JSON object yield an error.
func NotificationMessage(method string, params RawMessage) ([]byte, error) {
	buf := []byte(`{"jsonrpc":"2.0","method":`)
	buf = appendStringHTML(buf, method)
	if p := bytes.TrimSpace(params); len(p) > 0 && string(p) != "null" {
		if p[0] != '{' {
			return nil, errorf("notification %s: params must be a JSON object", method)
		}
		buf = append(buf, `,"params":`...)
		var err error
		if buf, err = jsonv.Compact(buf, string(p)); err != nil {
			return nil, errorf("notification %s: params: %w", method, err)
		}
	}
	return append(buf, '}'), nil
}

func compactID(id RawMessage) []byte {
	if len(id) == 0 {
		return nullID
	}
	c, err := jsonv.Compact(nil, string(id))
	if err != nil {
		return nullID
	}
	return c
}

// appendStringHTML appends s as json.Marshal writes a string by default,
// with <, > and & escaped: the bytes the parts sent when they used it.
func appendStringHTML(dst []byte, s string) []byte {
	return jsonv.HTMLEscape(dst, string(jsonv.AppendString(nil, s)))
}
