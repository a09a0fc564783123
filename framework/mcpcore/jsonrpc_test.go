package mcpcore

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestParseValid(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		kind   Kind
		id     string
		method string
		params string
	}{
		{"request with int id", `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`, KindRequest, `1`, "tools/list", ""},
		{"request with string id and params", `{"jsonrpc":"2.0","id":"a-1","method":"tools/call","params":{"name":"add"}}`, KindRequest, `"a-1"`, "tools/call", `{"name":"add"}`},
		{"request with fractional id", `{"jsonrpc":"2.0","id":1.5,"method":"ping"}`, KindRequest, `1.5`, "ping", ""},
		{"null params are absent", `{"jsonrpc":"2.0","id":2,"method":"ping","params":null}`, KindRequest, `2`, "ping", ""},
		{"notification", `{"jsonrpc":"2.0","method":"notifications/initialized"}`, KindNotification, ``, "notifications/initialized", ""},
		{"surrounding whitespace", " \n{\"jsonrpc\":\"2.0\",\"method\":\"x\"}\n", KindNotification, ``, "x", ""},
		{"result response", `{"jsonrpc":"2.0","id":7,"result":{}}`, KindResponse, `7`, "", ""},
		{"error response", `{"jsonrpc":"2.0","id":7,"error":{"code":-1,"message":"no"}}`, KindResponse, `7`, "", ""},
		{"error response with null id", `{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"bad"}}`, KindResponse, `null`, "", ""},
		{"error response without id", `{"jsonrpc":"2.0","error":{"code":-32700,"message":"bad"}}`, KindResponse, ``, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Parse([]byte(tt.in))
			if err != nil {
				t.Fatalf("Parse() error = %v", err)
			}
			if m.Kind != tt.kind || string(m.ID) != tt.id || m.Method != tt.method || string(m.Params) != tt.params {
				t.Errorf("Parse() = {%v %s %q %s}, want {%v %s %q %s}", m.Kind, m.ID, m.Method, m.Params, tt.kind, tt.id, tt.method, tt.params)
			}
		})
	}
}

func TestParseInvalid(t *testing.T) {
	tests := []struct {
		name string
		in   string
		code int64
		id   string // echoed id, "" for none
	}{
		{"not json", `{"jsonrpc":`, CodeParseError, ""},
		{"empty", ``, CodeParseError, ""},
		{"trailing garbage", `{"jsonrpc":"2.0","method":"x"} x`, CodeParseError, ""},
		{"batch", `[{"jsonrpc":"2.0","id":1,"method":"ping"}]`, CodeInvalidRequest, ""},
		{"empty batch", `[]`, CodeInvalidRequest, ""},
		{"scalar", `42`, CodeInvalidRequest, ""},
		{"no jsonrpc", `{"id":1,"method":"ping"}`, CodeInvalidRequest, "1"},
		{"wrong jsonrpc", `{"jsonrpc":"1.0","id":"x","method":"ping"}`, CodeInvalidRequest, `"x"`},
		{"method not string", `{"jsonrpc":"2.0","id":3,"method":5}`, CodeInvalidRequest, "3"},
		{"null id", `{"jsonrpc":"2.0","id":null,"method":"ping"}`, CodeInvalidRequest, ""},
		{"object id", `{"jsonrpc":"2.0","id":{},"method":"ping"}`, CodeInvalidRequest, ""},
		{"bool id", `{"jsonrpc":"2.0","id":true,"method":"ping"}`, CodeInvalidRequest, ""},
		{"array params", `{"jsonrpc":"2.0","id":4,"method":"ping","params":[1]}`, CodeInvalidParams, "4"},
		{"array params in notification", `{"jsonrpc":"2.0","method":"x","params":[1]}`, CodeInvalidRequest, ""},
		{"method and result", `{"jsonrpc":"2.0","id":5,"method":"x","result":{}}`, CodeInvalidRequest, "5"},
		{"result and error", `{"jsonrpc":"2.0","id":6,"result":{},"error":{"code":1,"message":"m"}}`, CodeInvalidRequest, "6"},
		{"result without id", `{"jsonrpc":"2.0","result":{}}`, CodeInvalidRequest, ""},
		{"error with bool id", `{"jsonrpc":"2.0","id":false,"error":{"code":1,"message":"m"}}`, CodeInvalidRequest, ""},
		{"error without message", `{"jsonrpc":"2.0","id":8,"error":{"code":1}}`, CodeInvalidRequest, "8"},
		{"error with string code", `{"jsonrpc":"2.0","id":8,"error":{"code":"1","message":"m"}}`, CodeInvalidRequest, "8"},
		{"nothing", `{"jsonrpc":"2.0","id":9}`, CodeInvalidRequest, "9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in))
			if err == nil {
				t.Fatal("Parse() succeeded, want an error")
			}
			if err.Err.Code != tt.code || string(err.ID) != tt.id {
				t.Errorf("Parse() error = %d (id %s) %q, want %d (id %s)", err.Err.Code, err.ID, err.Err.Message, tt.code, tt.id)
			}
			resp := ErrorResponse(err.ID, err.Err)
			if !json.Valid(resp) {
				t.Errorf("ErrorResponse() = %s, not valid JSON", resp)
			}
		})
	}
}

func TestResponses(t *testing.T) {
	tests := []struct {
		name string
		got  []byte
		want string
	}{
		{"result compacted", ResultResponse(json.RawMessage(`1`), json.RawMessage("{ \"a\" :\n [1, 2] }")), `{"jsonrpc":"2.0","id":1,"result":{"a":[1,2]}}`},
		{"string id", ResultResponse(json.RawMessage(`"x"`), json.RawMessage(`{}`)), `{"jsonrpc":"2.0","id":"x","result":{}}`},
		{"invalid result", ResultResponse(json.RawMessage(`2`), json.RawMessage(`{`)), `{"jsonrpc":"2.0","id":2,"error":{"code":-32603,"message":"Internal error: the handler returned a result that is not valid JSON"}}`},
		{"empty result", ResultResponse(json.RawMessage(`2`), nil), `{"jsonrpc":"2.0","id":2,"error":{"code":-32603,"message":"Internal error: the handler returned a result that is not valid JSON"}}`},
		{"error with data", ErrorResponse(json.RawMessage(`3`), &Error{Code: -32002, Message: "Resource not found", Data: json.RawMessage(`{ "uri": "a" }`)}), `{"jsonrpc":"2.0","id":3,"error":{"code":-32002,"message":"Resource not found","data":{"uri":"a"}}}`},
		{"error with bad data and nil id", ErrorResponse(nil, &Error{Code: -1, Message: "q\"", Data: json.RawMessage(`{`)}), `{"jsonrpc":"2.0","error":{"code":-1,"message":"q\""}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if string(tt.got) != tt.want {
				t.Errorf("got  %s\nwant %s", tt.got, tt.want)
			}
		})
	}
}

func TestNotificationMessage(t *testing.T) {
	got, err := NotificationMessage("notifications/x", json.RawMessage("{\n\"a\": 1}"))
	if err != nil || string(got) != `{"jsonrpc":"2.0","method":"notifications/x","params":{"a":1}}` {
		t.Errorf("NotificationMessage() = %s, %v", got, err)
	}
	got, err = NotificationMessage("n", nil)
	if err != nil || string(got) != `{"jsonrpc":"2.0","method":"n"}` {
		t.Errorf("NotificationMessage(nil) = %s, %v", got, err)
	}
	if _, err := NotificationMessage("n", json.RawMessage(`[1]`)); err == nil {
		t.Error("NotificationMessage(array) succeeded")
	}
	if _, err := NotificationMessage("n", json.RawMessage(`{"a":`)); err == nil {
		t.Error("NotificationMessage(invalid) succeeded")
	}
}

// FuzzParse checks that Parse never panics, that every outcome can be
// answered with valid single-line JSON, and that what it accepts is
// consistent.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"c","version":"1"}}}`,
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`,
		`{"jsonrpc":"2.0","id":"a","result":{}}`,
		`{"jsonrpc":"2.0","id":null,"error":{"code":-1,"message":"m","data":[1]}}`,
		`[{"jsonrpc":"2.0","id":1,"method":"ping"}]`,
		`{"jsonrpc":"2.0","id":1e400,"method":"ping"}`,
		`{"jsonrpc":"2.0","id":"\u0000","method":"\ud800"}`,
		`{`, `null`, `""`, ``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, perr := Parse(data)
		var resp []byte
		if perr != nil {
			if perr.Err == nil {
				t.Fatalf("ParseError without error: %#v", perr)
			}
			resp = ErrorResponse(perr.ID, perr.Err)
		} else {
			switch m.Kind {
			case KindRequest:
				if len(m.ID) == 0 || m.Method == "" && !strings.Contains(string(data), `"method"`) {
					t.Fatalf("request without id or method: %#v", m)
				}
				resp = ResultResponse(m.ID, json.RawMessage(`{}`))
			case KindNotification:
				if m.ID != nil {
					t.Fatalf("notification with id: %#v", m)
				}
				resp = []byte(`{}`)
			case KindResponse:
				if (m.Result == nil) == (m.Error == nil) || m.Result != nil && m.ID == nil {
					t.Fatalf("response needs exactly one of result and error: %#v", m)
				}
				resp = []byte(`{}`)
			default:
				t.Fatalf("unknown kind %v", m.Kind)
			}
			if m.Params != nil && m.Params[0] != '{' {
				t.Fatalf("params not an object: %s", m.Params)
			}
		}
		if !json.Valid(resp) || strings.ContainsAny(string(resp), "\n\r") {
			t.Fatalf("response %q is not single-line JSON", resp)
		}
	})
}
