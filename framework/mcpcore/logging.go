package mcpcore

import (
	"strconv"
	"strings"

	"github.com/wasmcp/wasmcp/jsonv"
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
		return "Level(" + strconv.Itoa(int(l)) + ")"
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
		return nil, errorf("mcpcore: invalid log level %d", int(l))
	}
	return jsonv.AppendString(nil, l.String()), nil
}

// UnmarshalJSON decodes a level name.
func (l *Level) UnmarshalJSON(b []byte) error {
	v, err := jsonv.Parse(string(b))
	if err != nil {
		return errorf("mcpcore: log level: %w", err)
	}
	var s string
	if !stringField("", &s).set(v) {
		return errorf("mcpcore: log level: a %s is not a level name", v.Kind().String())
	}
	lv, ok := ParseLevel(s)
	if !ok {
		return errorf("mcpcore: unknown log level %q", s)
	}
	*l = lv
	return nil
}

// Passes reports whether a message at level l is sent when the client asked
// for messages at min and above.
func (l Level) Passes(min Level) bool { return l >= min }

// ParseSetLevel reads the params of logging/setLevel.
func ParseSetLevel(params RawMessage) (Level, *Error) {
	var level *string
	if len(params) == 0 || !decodeText(params, stringPtrField("level", &level)) || level == nil {
		return 0, Errorf(CodeInvalidParams, `Invalid params: logging/setLevel needs a "level"`)
	}
	l, ok := ParseLevel(*level)
	if !ok {
		return 0, Errorf(CodeInvalidParams, "Invalid params: unknown log level %q", *level)
	}
	return l, nil
}

// LogMessage encodes a notifications/message notification. data must be
// valid JSON; logger may be empty.
func LogMessage(level Level, logger string, data RawMessage) ([]byte, error) {
	if !jsonv.Valid(string(data)) {
		return nil, errorf("mcpcore: log data is not valid JSON")
	}
	name, err := level.MarshalJSON()
	if err != nil {
		return nil, errorf("json: error calling MarshalJSON for type mcpcore.Level: %w", err)
	}
	var o object
	o.raw("level", name)
	o.strOmit("logger", logger)
	if o.b, err = appendRawMember(&o, "data", data); err != nil {
		return nil, err
	}
	return NotificationMessage("notifications/message", htmlSafe(o.close()))
}

// ProgressMessage encodes a notifications/progress notification. token is
// the request's progress token as JSON (a string or a number); total and
// message are left out when nil or empty.
func ProgressMessage(token RawMessage, progress float64, total *float64, message string) ([]byte, error) {
	if !isValidID(token) {
		return nil, errorf("mcpcore: progress token must be a JSON string or number")
	}
	var o object
	var err error
	if o.b, err = appendRawMember(&o, "progressToken", token); err != nil {
		return nil, err
	}
	if err := o.float("progress", progress); err != nil {
		return nil, err
	}
	if total != nil {
		if err := o.float("total", *total); err != nil {
			return nil, err
		}
	}
	o.strOmit("message", message)
	return NotificationMessage("notifications/progress", htmlSafe(o.close()))
}

// ProgressToken returns params._meta.progressToken of a request (compact
// JSON), or nil when the request has none or it is neither a string nor a
// number.
func ProgressToken(params RawMessage) RawMessage {
	var token RawMessage
	if len(params) == 0 || !decodeText(params, structField("_meta", rawField("progressToken", &token))) || !isValidID(token) {
		return nil
	}
	return compactID(token)
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
