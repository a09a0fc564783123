package mcpcore

import (
	"bytes"
	"encoding/json"
	"fmt"
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
	Code    int64           `json:"code"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data,omitempty"`
}

func (e *Error) Error() string { return fmt.Sprintf("json-rpc error %d: %s", e.Code, e.Message) }

// Errorf returns an *Error with code and a formatted message.
func Errorf(code int64, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
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
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Message is one parsed JSON-RPC message.
type Message struct {
	Kind Kind
	// ID is the raw JSON of the id: a string or a number for requests and
	// responses (null only in an error response), nil for notifications.
	ID json.RawMessage
	// Method is set for requests and notifications.
	Method string
	// Params is the raw params member (an object), nil when absent or null.
	Params json.RawMessage
	// Result and Error are set for responses, one of them.
	Result json.RawMessage
	Error  *Error
}

// ParseError is what Parse returns for a body that is not a valid message:
// the error object to answer with and the id to echo (nil when the id could
// not be read).
type ParseError struct {
	ID  json.RawMessage
	Err *Error
}

func (e *ParseError) Error() string { return e.Err.Error() }

var nullID = json.RawMessage("null")

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
	if !json.Valid(data) {
		return m, &ParseError{ID: nil, Err: Errorf(CodeParseError, "Parse error: body is not valid JSON")}
	}
	switch data[0] {
	case '{':
	case '[':
		return m, &ParseError{ID: nil, Err: Errorf(CodeInvalidRequest, "Invalid Request: JSON-RPC batches are not supported")}
	default:
		return m, &ParseError{ID: nil, Err: Errorf(CodeInvalidRequest, "Invalid Request: a message must be a JSON object")}
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return m, &ParseError{ID: nil, Err: Errorf(CodeParseError, "Parse error: %v", err)}
	}
	invalid := func(id json.RawMessage, format string, args ...any) (Message, *ParseError) {
		return Message{}, &ParseError{ID: id, Err: Errorf(CodeInvalidRequest, "Invalid Request: "+format, args...)}
	}

	id, hasID := raw["id"]
	validID := hasID && isValidID(id)
	echo := json.RawMessage(nil)
	if validID {
		echo = id
	}
	if v, ok := raw["jsonrpc"]; !ok || string(v) != `"2.0"` {
		return invalid(echo, `"jsonrpc" must be "2.0"`)
	}
	methodRaw, hasMethod := raw["method"]
	_, hasResult := raw["result"]
	errRaw, hasError := raw["error"]

	if hasMethod {
		if hasResult || hasError {
			return invalid(echo, "a message cannot have both a method and a result or error")
		}
		var method string
		if err := json.Unmarshal(methodRaw, &method); err != nil {
			return invalid(echo, `"method" must be a string`)
		}
		if hasID && !validID {
			return invalid(nil, `"id" must be a string or a number`)
		}
		m.Method = method
		if p, ok := raw["params"]; ok && string(p) != "null" {
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
		m.Kind, m.ID, m.Result = KindResponse, id, raw["result"]
		return m, nil
	case hasError:
		if hasID && !validID && string(id) != "null" {
			return invalid(nil, `"id" must be a string or a number`)
		}
		var fields map[string]json.RawMessage
		var e Error
		if json.Unmarshal(errRaw, &fields) != nil || fields["code"] == nil || fields["message"] == nil ||
			json.Unmarshal(errRaw, &e) != nil {
			return invalid(echo, `"error" must be an object with an integer "code" and a string "message"`)
		}
		m.Kind, m.ID, m.Error = KindResponse, id, &e
		return m, nil
	}
	return invalid(echo, `a message needs a "method", a "result" or an "error"`)
}

// isValidID reports whether raw is a JSON string or number.
func isValidID(raw json.RawMessage) bool {
	if len(raw) == 0 {
		return false
	}
	switch c := raw[0]; {
	case c == '"':
		var s string
		return json.Unmarshal(raw, &s) == nil
	case c == '-' || c >= '0' && c <= '9':
		var n json.Number
		return json.Unmarshal(raw, &n) == nil
	}
	return false
}

// ResultResponse encodes a success response. The result is compacted (so
// that the response fits on one line, as stdio needs); a result that is not
// valid JSON becomes an internal error instead.
func ResultResponse(id, result json.RawMessage) []byte {
	var buf bytes.Buffer
	buf.Grow(len(result) + len(id) + 32)
	buf.WriteString(`{"jsonrpc":"2.0","id":`)
	buf.Write(compactID(id))
	buf.WriteString(`,"result":`)
	if len(bytes.TrimSpace(result)) == 0 || json.Compact(&buf, result) != nil {
		return ErrorResponse(id, Errorf(CodeInternalError, "Internal error: the handler returned a result that is not valid JSON"))
	}
	buf.WriteByte('}')
	return buf.Bytes()
}

// ErrorResponse encodes an error response. Without an id (nil or null) the
// response has no id member, as MCP 2025-11-25 specifies for errors about
// messages whose id could not be read (and as the TypeScript SDK expects);
// error data that is not valid JSON is dropped.
func ErrorResponse(id json.RawMessage, e *Error) []byte {
	var buf bytes.Buffer
	buf.WriteString(`{"jsonrpc":"2.0",`)
	if cid := compactID(id); string(cid) != "null" {
		buf.WriteString(`"id":`)
		buf.Write(cid)
		buf.WriteByte(',')
	}
	buf.WriteString(`"error":{"code":`)
	buf.WriteString(fmt.Sprint(e.Code))
	buf.WriteString(`,"message":`)
	msg, _ := json.Marshal(e.Message)
	buf.Write(msg)
	if len(e.Data) > 0 {
		var data bytes.Buffer
		if json.Compact(&data, e.Data) == nil {
			buf.WriteString(`,"data":`)
			buf.Write(data.Bytes())
		}
	}
	buf.WriteString("}}")
	return buf.Bytes()
}

// NotificationMessage encodes a notification from the server. Params that
// are not a valid JSON object yield an error.
func NotificationMessage(method string, params json.RawMessage) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(`{"jsonrpc":"2.0","method":`)
	m, _ := json.Marshal(method)
	buf.Write(m)
	if p := bytes.TrimSpace(params); len(p) > 0 && string(p) != "null" {
		if p[0] != '{' {
			return nil, fmt.Errorf("notification %s: params must be a JSON object", method)
		}
		buf.WriteString(`,"params":`)
		if err := json.Compact(&buf, p); err != nil {
			return nil, fmt.Errorf("notification %s: params: %w", method, err)
		}
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

func compactID(id json.RawMessage) []byte {
	if len(id) == 0 {
		return nullID
	}
	var buf bytes.Buffer
	if json.Compact(&buf, id) != nil {
		return nullID
	}
	return buf.Bytes()
}
