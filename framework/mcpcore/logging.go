package mcpcore

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Level is a log message severity: the RFC 5424 levels, ordered from least
// (LevelDebug) to most severe (LevelEmergency), as MCP's logging uses them.
// See https://modelcontextprotocol.io/specification/2025-06-18/server/utilities/logging
type Level int

const (
	LevelDebug Level = iota
	LevelInfo
	LevelNotice
	LevelWarning
	LevelError
	LevelCritical
	LevelAlert
	LevelEmergency
)

var levelNames = [...]string{"debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"}

func (l Level) String() string {
	if l < LevelDebug || l > LevelEmergency {
		return fmt.Sprintf("Level(%d)", int(l))
	}
	return levelNames[l]
}

// ParseLevel returns the level named s (lower case, as on the wire).
func ParseLevel(s string) (Level, bool) {
	for i, n := range levelNames {
		if n == s {
			return Level(i), true
		}
	}
	return 0, false
}

// MarshalJSON encodes the level as its name.
func (l Level) MarshalJSON() ([]byte, error) {
	if l < LevelDebug || l > LevelEmergency {
		return nil, fmt.Errorf("mcpcore: invalid log level %d", int(l))
	}
	return json.Marshal(l.String())
}

// UnmarshalJSON decodes a level name.
func (l *Level) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("mcpcore: log level: %w", err)
	}
	v, ok := ParseLevel(s)
	if !ok {
		return fmt.Errorf("mcpcore: unknown log level %q", s)
	}
	*l = v
	return nil
}

// Passes reports whether a message at level l is sent when the client asked
// for messages at min and above.
func (l Level) Passes(min Level) bool { return l >= min }

// ParseSetLevel reads the params of logging/setLevel.
func ParseSetLevel(params json.RawMessage) (Level, *Error) {
	var p struct {
		Level *string `json:"level"`
	}
	if len(params) == 0 || json.Unmarshal(params, &p) != nil || p.Level == nil {
		return 0, Errorf(CodeInvalidParams, `Invalid params: logging/setLevel needs a "level"`)
	}
	l, ok := ParseLevel(*p.Level)
	if !ok {
		return 0, Errorf(CodeInvalidParams, "Invalid params: unknown log level %q", *p.Level)
	}
	return l, nil
}

// LogMessage encodes a notifications/message notification. data must be
// valid JSON; logger may be empty.
func LogMessage(level Level, logger string, data json.RawMessage) ([]byte, error) {
	if !json.Valid(data) {
		return nil, fmt.Errorf("mcpcore: log data is not valid JSON")
	}
	p := struct {
		Level  Level           `json:"level"`
		Logger string          `json:"logger,omitempty"`
		Data   json.RawMessage `json:"data"`
	}{level, logger, data}
	params, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	return NotificationMessage("notifications/message", params)
}

// ProgressMessage encodes a notifications/progress notification. token is
// the request's progress token as JSON (a string or a number); total and
// message are left out when nil or empty.
func ProgressMessage(token json.RawMessage, progress float64, total *float64, message string) ([]byte, error) {
	if !isValidID(token) {
		return nil, fmt.Errorf("mcpcore: progress token must be a JSON string or number")
	}
	p := struct {
		Token    json.RawMessage `json:"progressToken"`
		Progress float64         `json:"progress"`
		Total    *float64        `json:"total,omitempty"`
		Message  string          `json:"message,omitempty"`
	}{token, progress, total, message}
	params, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	return NotificationMessage("notifications/progress", params)
}

// ProgressToken returns params._meta.progressToken of a request (compact
// JSON), or nil when the request has none or it is neither a string nor a
// number.
func ProgressToken(params json.RawMessage) json.RawMessage {
	var p struct {
		Meta struct {
			Token json.RawMessage `json:"progressToken"`
		} `json:"_meta"`
	}
	if len(params) == 0 || json.Unmarshal(params, &p) != nil || !isValidID(p.Meta.Token) {
		return nil
	}
	return compactID(p.Meta.Token)
}

// EnvLogLevel names the minimum log level a transport without a session
// store uses; unset means that log messages are not sent until the client
// calls logging/setLevel.
const EnvLogLevel = "WASMCP_LOG_LEVEL"

// LevelFromEnv reads EnvLogLevel through getenv; ok is false when it is
// unset or not a level name.
func LevelFromEnv(getenv func(string) string) (l Level, ok bool) {
	return ParseLevel(strings.ToLower(strings.TrimSpace(getenv(EnvLogLevel))))
}
