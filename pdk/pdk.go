package pdk

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
)

// LogLevel is the severity of a message sent with Log. The values match the
// ones the Extism kernel's get_log_level reports.
type LogLevel int32

const (
	LogTrace LogLevel = iota
	LogDebug
	LogInfo
	LogWarn
	LogError
)

// Input returns a copy of the input the host passed to the current call.
func Input() []byte {
	n := hostInputLength()
	buf := make([]byte, n)
	var i uint64
	for ; i+8 <= n; i += 8 {
		binary.LittleEndian.PutUint64(buf[i:], hostInputLoadU64(i))
	}
	for ; i < n; i++ {
		buf[i] = byte(hostInputLoadU8(i))
	}
	return buf
}

// InputString returns the input of the current call as a string.
func InputString() string { return string(Input()) }

// InputJSON decodes the input of the current call, a JSON document, into v.
// Hosts compatible with WASImancer pass a tool's arguments as one JSON object.
func InputJSON(v any) error {
	if err := json.Unmarshal(Input(), v); err != nil {
		return fmt.Errorf("pdk: decoding input: %w", err)
	}
	return nil
}

// Output sets the output of the current call. Calling it again replaces the
// previous output.
func Output(b []byte) {
	off := store(b)
	hostOutputSet(off, uint64(len(b)))
}

// OutputString sets the output of the current call to s.
func OutputString(s string) { Output([]byte(s)) }

// OutputJSON sets the output of the current call to the JSON encoding of v.
func OutputJSON(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("pdk: encoding output: %w", err)
	}
	Output(b)
	return nil
}

// SetError reports err to the host as the error of the current call. The
// exported function should also return a non-zero status; Fail does both.
func SetError(err error) {
	if err == nil {
		return
	}
	SetErrorString(err.Error())
}

// SetErrorString reports msg to the host as the error of the current call.
// An empty msg clears the error.
func SetErrorString(msg string) {
	hostErrorSet(store([]byte(msg)))
}

// Fail reports err to the host and returns the status 1, for use as
// `return pdk.Fail(err)` in an exported function.
func Fail(err error) int32 {
	if err == nil {
		err = fmt.Errorf("pdk: unspecified failure")
	}
	SetError(err)
	return 1
}

// GetConfig returns the host-supplied configuration value for key (the
// manifest's "config" map) and whether it is set. The kernel has no empty
// memory block, so a key set to "" reads as not set.
func GetConfig(key string) (string, bool) {
	if key == "" {
		return "", false
	}
	k := store([]byte(key))
	off := hostConfigGet(k)
	hostFree(k)
	if off == 0 {
		return "", false
	}
	v := load(off)
	hostFree(off)
	return string(v), true
}

// GetVar returns the value of the plugin variable key, which persists across
// calls to the same plugin instance, and whether it is set.
func GetVar(key string) ([]byte, bool) {
	if key == "" {
		return nil, false
	}
	// The host frees the key block itself.
	off := hostVarGet(store([]byte(key)))
	if off == 0 {
		return nil, false
	}
	v := load(off)
	hostFree(off)
	return v, true
}

// SetVar sets the plugin variable key to value. Hosts cap the total size of
// variables (1 MiB by default in the Extism SDKs) and fail the call beyond it.
// The kernel has no empty memory block, so an empty value removes the variable.
func SetVar(key string, value []byte) {
	if key == "" {
		return
	}
	// The host copies the value into its own map and frees both blocks.
	hostVarSet(store([]byte(key)), store(value))
}

// RemoveVar deletes the plugin variable key.
func RemoveVar(key string) {
	if key == "" {
		return
	}
	hostVarSet(store([]byte(key)), 0)
}

// LogEnabled reports whether the host records messages of the given level.
func LogEnabled(level LogLevel) bool {
	return int32(level) >= hostGetLogLevel()
}

// Log sends msg to the host's log at the given level. Messages below the
// host's level, and empty messages, are dropped without being copied.
func Log(level LogLevel, msg string) {
	if msg == "" || !LogEnabled(level) {
		return
	}
	off := store([]byte(msg)) // freed by the host
	switch level {
	case LogTrace:
		hostLogTrace(off)
	case LogDebug:
		hostLogDebug(off)
	case LogInfo:
		hostLogInfo(off)
	case LogWarn:
		hostLogWarn(off)
	default:
		hostLogError(off)
	}
}

// Logf formats its arguments as fmt.Sprintf does and logs the result.
func Logf(level LogLevel, format string, args ...any) {
	if !LogEnabled(level) {
		return
	}
	Log(level, fmt.Sprintf(format, args...))
}

// store copies b into a new kernel memory block and returns its offset, or 0
// for an empty b.
func store(b []byte) uint64 {
	n := uint64(len(b))
	if n == 0 {
		return 0
	}
	off := hostAlloc(n)
	var i uint64
	for ; i+8 <= n; i += 8 {
		hostStoreU64(off+i, binary.LittleEndian.Uint64(b[i:]))
	}
	for ; i < n; i++ {
		hostStoreU8(off+i, uint32(b[i]))
	}
	return off
}

// load copies the kernel memory block at off into a new slice.
func load(off uint64) []byte {
	n := hostLength(off)
	buf := make([]byte, n)
	var i uint64
	for ; i+8 <= n; i += 8 {
		binary.LittleEndian.PutUint64(buf[i:], hostLoadU64(off+i))
	}
	for ; i < n; i++ {
		buf[i] = byte(hostLoadU8(off + i))
	}
	return buf
}
