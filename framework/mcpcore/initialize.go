package mcpcore

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// ServerInfo describes the server in the initialize result (serverInfo).
type ServerInfo struct {
	Name    string `json:"name"`
	Title   string `json:"title,omitempty"`
	Version string `json:"version"`
	// Description and WebsiteURL are sent from protocol 2025-11-25 on.
	Description string `json:"description,omitempty"`
	WebsiteURL  string `json:"websiteUrl,omitempty"`
}

// InitializeParams are the members of initialize's params the server uses.
type InitializeParams struct {
	ProtocolVersion string          `json:"protocolVersion"`
	Capabilities    json.RawMessage `json:"capabilities,omitempty"`
	ClientInfo      struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	} `json:"clientInfo"`
}

// ParseInitializeParams reads initialize's params; protocolVersion is
// required.
func ParseInitializeParams(params json.RawMessage) (InitializeParams, *Error) {
	var p InitializeParams
	if len(params) == 0 || json.Unmarshal(params, &p) != nil || p.ProtocolVersion == "" {
		return p, Errorf(CodeInvalidParams, `Invalid params: initialize needs a string "protocolVersion"`)
	}
	return p, nil
}

// Capability names in the initialize result's capabilities object.
const (
	CapabilityTools       = "tools"
	CapabilityResources   = "resources"
	CapabilityPrompts     = "prompts"
	CapabilityCompletions = "completions"
	CapabilityLogging     = "logging"
)

// EmptyInitialize is what the last link of the chain answers to initialize;
// the capability middlewares fill it in on the way back.
var EmptyInitialize = json.RawMessage(`{"capabilities":{}}`)

// AddCapability returns the chain's initialize result with
// capabilities[name] set to value (e.g. `{}` or `{"listChanged":false}`),
// keeping every other member. A nil or empty result counts as
// EmptyInitialize. An existing entry is kept: the link nearest to the
// client does not override what it finds, it only adds.
func AddCapability(result json.RawMessage, name string, value json.RawMessage) (json.RawMessage, error) {
	if len(bytes.TrimSpace(result)) == 0 || string(bytes.TrimSpace(result)) == "null" {
		result = EmptyInitialize
	}
	if !json.Valid(value) {
		return nil, fmt.Errorf("mcpcore: capability %s: value is not valid JSON", name)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(result, &top); err != nil {
		return nil, fmt.Errorf("mcpcore: initialize result is not a JSON object: %w", err)
	}
	caps := map[string]json.RawMessage{}
	if c, ok := top["capabilities"]; ok && string(c) != "null" {
		if err := json.Unmarshal(c, &caps); err != nil {
			return nil, fmt.Errorf("mcpcore: initialize capabilities are not a JSON object: %w", err)
		}
	}
	if _, ok := caps[name]; !ok {
		caps[name] = value
	}
	c, err := json.Marshal(caps)
	if err != nil {
		return nil, err
	}
	top["capabilities"] = c
	return json.Marshal(top)
}

// InitializeOptions is what the transport knows about the server.
type InitializeOptions struct {
	Server ServerInfo
	// Instructions for the model; joined with any a link of the chain gave.
	Instructions string
	// Logging announces the logging capability (the transport answers
	// logging/setLevel and delivers notifications/message).
	Logging bool
}

// InitializeResult completes the chain's answer to initialize (nil when the
// chain did not answer) into the result sent to the client: the negotiated
// protocol version, the capabilities the chain announced plus logging,
// serverInfo and instructions. Members only newer protocol versions know are
// left out for older ones.
func InitializeResult(version string, chain json.RawMessage, opts InitializeOptions) (json.RawMessage, error) {
	chain, err := normalizeInitialize(chain)
	if err != nil {
		return nil, err
	}
	if opts.Logging {
		if chain, err = AddCapability(chain, CapabilityLogging, json.RawMessage(`{}`)); err != nil {
			return nil, err
		}
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(chain, &top); err != nil {
		return nil, err
	}
	info := opts.Server
	if !AtLeast(version, Version20251125) {
		info.Description, info.WebsiteURL = "", ""
	}
	if !AtLeast(version, Version20250618) {
		info.Title = ""
	}
	var instr []string
	if s := strings.TrimSpace(opts.Instructions); s != "" {
		instr = append(instr, s)
	}
	if raw, ok := top["instructions"]; ok {
		var s string
		if json.Unmarshal(raw, &s) == nil && strings.TrimSpace(s) != "" {
			instr = append(instr, strings.TrimSpace(s))
		}
	}
	out := struct {
		ProtocolVersion string          `json:"protocolVersion"`
		Capabilities    json.RawMessage `json:"capabilities"`
		ServerInfo      ServerInfo      `json:"serverInfo"`
		Instructions    string          `json:"instructions,omitempty"`
		Meta            json.RawMessage `json:"_meta,omitempty"`
	}{
		ProtocolVersion: version,
		Capabilities:    top["capabilities"],
		ServerInfo:      info,
		Instructions:    strings.Join(instr, "\n\n"),
		Meta:            top["_meta"],
	}
	return json.Marshal(out)
}

// normalizeInitialize makes sure result is an object with a capabilities
// object.
func normalizeInitialize(result json.RawMessage) (json.RawMessage, error) {
	if len(bytes.TrimSpace(result)) == 0 || string(bytes.TrimSpace(result)) == "null" {
		return EmptyInitialize, nil
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(result, &top); err != nil {
		return nil, fmt.Errorf("mcpcore: initialize result is not a JSON object: %w", err)
	}
	if c, ok := top["capabilities"]; !ok || string(c) == "null" {
		top["capabilities"] = json.RawMessage(`{}`)
	} else if c[0] != '{' {
		return nil, fmt.Errorf("mcpcore: initialize capabilities are not a JSON object")
	}
	return json.Marshal(top)
}
