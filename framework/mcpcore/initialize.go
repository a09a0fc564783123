package mcpcore

import (
	"bytes"
	"strings"

	"github.com/wasmcp/wasmcp/jsonv"
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
	ProtocolVersion string     `json:"protocolVersion"`
	Capabilities    RawMessage `json:"capabilities,omitempty"`
	ClientInfo      struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	} `json:"clientInfo"`
}

// ParseInitializeParams reads initialize's params; protocolVersion is
// required.
func ParseInitializeParams(params RawMessage) (InitializeParams, *Error) {
	var p InitializeParams
	ok := len(params) > 0 && decodeText(params,
		stringField("protocolVersion", &p.ProtocolVersion),
		rawField("capabilities", &p.Capabilities),
		structField("clientInfo", stringField("name", &p.ClientInfo.Name), stringField("version", &p.ClientInfo.Version)))
	if !ok || p.ProtocolVersion == "" {
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
var EmptyInitialize = RawMessage(`{"capabilities":{}}`)

// AddCapability returns the chain's initialize result with
// capabilities[name] set to value (e.g. `{}` or `{"listChanged":false}`),
// keeping every other member. A nil or empty result counts as
// EmptyInitialize. An existing entry is kept: the link nearest to the
// client does not override what it finds, it only adds.
func AddCapability(result RawMessage, name string, value RawMessage) (RawMessage, error) {
	if len(bytes.TrimSpace(result)) == 0 || string(bytes.TrimSpace(result)) == "null" {
		result = EmptyInitialize
	}
	if !jsonv.Valid(string(value)) {
		return nil, errorf("mcpcore: capability %s: value is not valid JSON", name)
	}
	top, err := rawMembers(result)
	if err != nil {
		return nil, errorf("mcpcore: initialize result is not a JSON object: %w", err)
	}
	caps := map[string]RawMessage{}
	if c, ok := top["capabilities"]; ok && string(c) != "null" {
		if caps, err = rawMembers(c); err != nil {
			return nil, errorf("mcpcore: initialize capabilities are not a JSON object: %w", err)
		}
	}
	if _, ok := caps[name]; !ok {
		caps[name] = value
	}
	c, err := marshalMap(caps)
	if err != nil {
		return nil, err
	}
	top["capabilities"] = c
	return marshalMap(top)
}

// flagCapabilities sets the named flags to true in the capabilities of an
// initialize result that are present as objects; absent capabilities stay
// absent.
func flagCapabilities(result RawMessage, flags map[string][]string) (RawMessage, error) {
	top, err := rawMembers(result)
	if err != nil {
		return nil, err
	}
	caps, err := rawMembers(top["capabilities"])
	if err != nil {
		return nil, err
	}
	for name, names := range flags {
		c, ok := caps[name]
		if !ok || len(c) == 0 || c[0] != '{' {
			continue
		}
		members, err := rawMembers(c)
		if err != nil {
			return nil, err
		}
		for _, f := range names {
			members[f] = RawMessage("true")
		}
		if caps[name], err = marshalMap(members); err != nil {
			return nil, err
		}
	}
	if top["capabilities"], err = marshalMap(caps); err != nil {
		return nil, err
	}
	return marshalMap(top)
}

// InitializeOptions is what the transport knows about the server.
type InitializeOptions struct {
	Server ServerInfo
	// Instructions for the model; joined with any a link of the chain gave.
	Instructions string
	// Logging announces the logging capability (the transport answers
	// logging/setLevel and delivers notifications/message).
	Logging bool
	// Push announces what sessions with a GET stream make possible:
	// resources.subscribe on a resources capability the chain announced,
	// and listChanged on its tools, resources and prompts capabilities
	// (a component's list_changed notification reaches every session).
	Push bool
}

// InitializeResult completes the chain's answer to initialize (nil when the
// chain did not answer) into the result sent to the client: the negotiated
// protocol version, the capabilities the chain announced plus logging,
// serverInfo and instructions. Members only newer protocol versions know are
// left out for older ones.
func InitializeResult(version string, chain RawMessage, opts InitializeOptions) (RawMessage, error) {
	chain, err := normalizeInitialize(chain)
	if err != nil {
		return nil, err
	}
	if opts.Logging {
		if chain, err = AddCapability(chain, CapabilityLogging, RawMessage(`{}`)); err != nil {
			return nil, err
		}
	}
	if opts.Push {
		if chain, err = flagCapabilities(chain, map[string][]string{
			CapabilityResources: {"subscribe", "listChanged"},
			CapabilityTools:     {"listChanged"},
			CapabilityPrompts:   {"listChanged"},
		}); err != nil {
			return nil, err
		}
	}
	top, err := rawMembers(chain)
	if err != nil {
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
		if v, err := jsonv.Parse(string(raw)); err == nil {
			s, _ = v.Str()
		}
		if strings.TrimSpace(s) != "" {
			instr = append(instr, strings.TrimSpace(s))
		}
	}
	var o object
	o.str("protocolVersion", version)
	if o.b, err = appendRawMember(&o, "capabilities", top["capabilities"]); err != nil {
		return nil, err
	}
	var si object
	si.str("name", info.Name)
	si.strOmit("title", info.Title)
	si.str("version", info.Version)
	si.strOmit("description", info.Description)
	si.strOmit("websiteUrl", info.WebsiteURL)
	o.raw("serverInfo", si.close())
	o.strOmit("instructions", strings.Join(instr, "\n\n"))
	if m := top["_meta"]; len(m) > 0 {
		if o.b, err = appendRawMember(&o, "_meta", m); err != nil {
			return nil, err
		}
	}
	return htmlSafe(o.close()), nil
}

// appendRawMember adds member k with raw compacted.
func appendRawMember(o *object, k string, raw RawMessage) ([]byte, error) {
	o.key(k)
	return appendRaw(o.b, raw)
}

// normalizeInitialize makes sure result is an object with a capabilities
// object.
func normalizeInitialize(result RawMessage) (RawMessage, error) {
	if len(bytes.TrimSpace(result)) == 0 || string(bytes.TrimSpace(result)) == "null" {
		return EmptyInitialize, nil
	}
	top, err := rawMembers(result)
	if err != nil {
		return nil, errorf("mcpcore: initialize result is not a JSON object: %w", err)
	}
	if c, ok := top["capabilities"]; !ok || string(c) == "null" {
		top["capabilities"] = RawMessage(`{}`)
	} else if c[0] != '{' {
		return nil, errorf("mcpcore: initialize capabilities are not a JSON object")
	}
	return marshalMap(top)
}
