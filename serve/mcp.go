package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/wasmcp/wasmcp/serve/config"
	"github.com/wasmcp/wasmcp/serve/plugin"
)

// Protocol versions, newest first.
var (
	protocolVersions = []string{"2025-11-25", "2025-06-18", "2025-03-26"}
	// legacyVersions are also accepted on the HTTP+SSE transport and stdio.
	legacyVersions = []string{"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"}
)

// JSON-RPC error codes.
const (
	codeParseError     = -32700
	codeInvalidRequest = -32600
	codeMethodNotFound = -32601
	codeInvalidParams  = -32602
	codeInternalError  = -32603
	codeNotFound       = -32002 // MCP: resource not found
)

// message is one incoming JSON-RPC message.
type message struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method,omitempty"`
	Params  json.RawMessage `json:"params,omitempty"`
	Result  json.RawMessage `json:"result,omitempty"`
	Error   json.RawMessage `json:"error,omitempty"`
}

func (m *message) isRequest() bool { return m.Method != "" && len(m.ID) > 0 }

type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Data    any    `json:"data,omitempty"`
}

func (e *rpcError) Error() string { return e.Message }

func errorf(code int, format string, args ...any) *rpcError {
	return &rpcError{Code: code, Message: fmt.Sprintf(format, args...)}
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func response(id json.RawMessage, result any, err *rpcError) []byte {
	if len(id) == 0 {
		id = json.RawMessage("null")
	}
	if err != nil {
		return mustJSON(map[string]any{"jsonrpc": "2.0", "id": id, "error": err})
	}
	return mustJSON(map[string]any{"jsonrpc": "2.0", "id": id, "result": result})
}

// parseMessages decodes a body: one message or (older revisions) a batch.
func parseMessages(body []byte) ([]*message, bool, *rpcError) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return nil, false, errorf(codeParseError, "Parse error: empty body")
	}
	batch := body[0] == '['
	var raws []json.RawMessage
	if batch {
		if err := json.Unmarshal(body, &raws); err != nil {
			return nil, true, errorf(codeParseError, "Parse error: %v", err)
		}
		if len(raws) == 0 {
			return nil, true, errorf(codeInvalidRequest, "Invalid Request: empty batch")
		}
	} else {
		raws = []json.RawMessage{body}
	}
	out := make([]*message, 0, len(raws))
	for i, raw := range raws {
		var m message
		dec := json.NewDecoder(bytes.NewReader(raw))
		if err := dec.Decode(&m); err != nil {
			var se *json.SyntaxError
			if errors.As(err, &se) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
				return nil, batch, errorf(codeParseError, "Parse error: %v", err)
			}
			return nil, batch, errorf(codeInvalidRequest, "Invalid Request: message %d: %v", i, err)
		}
		if dec.More() {
			return nil, batch, errorf(codeParseError, "Parse error: data after the JSON value")
		}
		if m.JSONRPC != "2.0" {
			return nil, batch, errorf(codeInvalidRequest, `Invalid Request: "jsonrpc" must be "2.0"`)
		}
		if m.Method == "" && len(m.Result) == 0 && len(m.Error) == 0 {
			return nil, batch, errorf(codeInvalidRequest, `Invalid Request: no "method"`)
		}
		if len(m.ID) > 0 && m.ID[0] != '"' && (m.ID[0] < '0' || m.ID[0] > '9') && m.ID[0] != '-' {
			return nil, batch, errorf(codeInvalidRequest, "Invalid Request: id must be a string or a number")
		}
		out = append(out, &m)
	}
	return out, batch, nil
}

// handle answers one message for a session; nil for notifications and
// responses, which need no answer.
func (s *Server) handle(ctx context.Context, ss *session, m *message) []byte {
	if !m.isRequest() {
		if m.Method == "notifications/initialized" {
			ss.mu.Lock()
			ss.initialized = true
			ss.mu.Unlock()
		}
		return nil
	}
	result, err := s.dispatch(ctx, ss, m)
	return response(m.ID, result, err)
}

func (s *Server) dispatch(ctx context.Context, ss *session, m *message) (any, *rpcError) {
	switch m.Method {
	case "initialize":
		return s.initialize(ss, m.Params)
	case "ping":
		return map[string]any{}, nil
	case "tools/list":
		return s.toolsList(), nil
	case "tools/call":
		return s.toolsCall(ctx, m.Params)
	case "resources/list":
		return s.resourcesList(), nil
	case "resources/templates/list":
		return s.templatesList(), nil
	case "resources/read":
		return s.resourcesRead(m.Params)
	case "prompts/list":
		return s.promptsList(), nil
	case "prompts/get":
		return s.promptsGet(m.Params)
	case "logging/setLevel":
		return map[string]any{}, nil
	case "completion/complete":
		return s.complete(m.Params)
	}
	return nil, errorf(codeMethodNotFound, "Method not found: %s", m.Method)
}

func decodeParams(raw json.RawMessage, v any) *rpcError {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return errorf(codeInvalidParams, "Invalid params: %v", err)
	}
	return nil
}

func (s *Server) initialize(ss *session, raw json.RawMessage) (any, *rpcError) {
	var p struct {
		ProtocolVersion string         `json:"protocolVersion"`
		Capabilities    map[string]any `json:"capabilities"`
		ClientInfo      map[string]any `json:"clientInfo"`
	}
	if err := decodeParams(raw, &p); err != nil {
		return nil, err
	}
	if p.ProtocolVersion == "" {
		return nil, errorf(codeInvalidParams, "Invalid params: protocolVersion is required")
	}
	supported := protocolVersions
	if ss.kind != streamable {
		supported = legacyVersions
	}
	version := supported[0]
	if slices.Contains(supported, p.ProtocolVersion) {
		version = p.ProtocolVersion
	}
	ss.mu.Lock()
	ss.protocolVersion = version
	ss.mu.Unlock()
	return map[string]any{
		"protocolVersion": version,
		"capabilities": map[string]any{
			"tools":     map[string]any{"listChanged": true},
			"resources": map[string]any{"listChanged": true},
			"prompts":   map[string]any{"listChanged": true},
			"logging":   map[string]any{},
			// Prompt and resource-template arguments may list values
			// (with-completion in the YAML files).
			"completions": map[string]any{},
		},
		"serverInfo": map[string]any{"name": s.cfg.Name, "version": s.cfg.Version},
	}, nil
}

func (s *Server) toolsList() any {
	c := s.cat.Load()
	tools := make([]map[string]any, 0, len(c.tools))
	for _, t := range c.tools {
		entry := map[string]any{"name": t.name, "inputSchema": t.schema}
		if t.fn.Description != "" {
			entry["description"] = t.fn.Description
		}
		tools = append(tools, entry)
	}
	return map[string]any{"tools": tools}
}

// MaxOutput bounds the text a plugin may return (16 MiB).
const MaxOutput = 16 << 20

func errorResult(format string, args ...any) map[string]any {
	return map[string]any{
		"content": []any{map[string]any{"type": "text", "text": fmt.Sprintf(format, args...)}},
		"isError": true,
	}
}

func (s *Server) toolsCall(ctx context.Context, raw json.RawMessage) (any, *rpcError) {
	var p struct {
		Name      string          `json:"name"`
		Arguments json.RawMessage `json:"arguments"`
	}
	if err := decodeParams(raw, &p); err != nil {
		return nil, err
	}
	if p.Name == "" {
		return nil, errorf(codeInvalidParams, "Invalid params: name is required")
	}
	args := map[string]any{}
	if len(p.Arguments) > 0 && string(p.Arguments) != "null" {
		if err := json.Unmarshal(p.Arguments, &args); err != nil {
			return nil, errorf(codeInvalidParams, "Invalid params: arguments must be an object")
		}
	}
	input, _ := json.Marshal(args)
	// A replace may retire the module between taking the catalog and
	// entering the call; the next catalog then has the new version.
	for attempt := 0; ; attempt++ {
		c := s.cat.Load()
		t := c.toolByName[p.Name]
		if t == nil {
			return nil, errorf(codeInvalidParams, "Unknown tool: %s", p.Name)
		}
		if msg := checkArguments(t, args); msg != "" {
			return errorResult("%s: %s", p.Name, msg), nil
		}
		out, err := t.plugin.mod.Call(ctx, t.fn.Function, input)
		if errors.Is(err, plugin.ErrClosed) && attempt < 5 {
			continue
		}
		if err != nil {
			if host, ok := refusedHost(err); ok {
				return errorResult("%s", s.refusedHostMessage(c, p.Name, t.plugin.def, host)), nil
			}
			var ce *plugin.CallError
			if errors.As(err, &ce) {
				return errorResult("tool %s (plugin %s) failed: %v", p.Name, t.plugin.def.Name, err), nil
			}
			if ctx.Err() != nil {
				return errorResult("tool %s: request cancelled", p.Name), nil
			}
			return errorResult("tool %s: %v", p.Name, err), nil
		}
		if len(out) > MaxOutput {
			return errorResult("tool %s: output of %d bytes exceeds the %d-byte limit", p.Name, len(out), MaxOutput), nil
		}
		text := string(out)
		if !utf8.ValidString(text) {
			text = strings.ToValidUTF8(text, "\uFFFD")
		}
		return map[string]any{"content": []any{map[string]any{"type": "text", "text": text}}}, nil
	}
}

// checkArguments checks presence and JSON types against the declaration.
func checkArguments(t *tool, args map[string]any) string {
	for _, a := range t.fn.Arguments {
		v, ok := args[a.Name]
		if !ok {
			return fmt.Sprintf("missing argument %q", a.Name)
		}
		typ := a.Type
		if typ == "" {
			typ = "string"
		}
		good := false
		switch v.(type) {
		case string:
			good = typ == "string"
		case float64:
			good = typ == "number"
		case bool:
			good = typ == "boolean"
		case map[string]any:
			good = typ == "object"
		case []any:
			good = typ == "array"
		}
		if !good {
			return fmt.Sprintf("argument %q must be of type %s", a.Name, typ)
		}
	}
	return ""
}

func (s *Server) resourcesList() any {
	c := s.cat.Load()
	out := make([]map[string]any, 0, len(c.static))
	for _, r := range c.static {
		e := map[string]any{"uri": r.URI, "name": r.Name}
		if r.Description != "" {
			e["description"] = r.Description
		}
		if r.MimeType != "" {
			e["mimeType"] = r.MimeType
		}
		out = append(out, e)
	}
	return map[string]any{"resources": out}
}

func (s *Server) templatesList() any {
	c := s.cat.Load()
	out := make([]map[string]any, 0, len(c.dynamic))
	for _, r := range c.dynamic {
		e := map[string]any{"uriTemplate": r.URI, "name": r.Name}
		if r.Description != "" {
			e["description"] = r.Description
		}
		if r.MimeType != "" {
			e["mimeType"] = r.MimeType
		}
		out = append(out, e)
	}
	return map[string]any{"resourceTemplates": out}
}

func (s *Server) resourcesRead(raw json.RawMessage) (any, *rpcError) {
	var p struct {
		URI string `json:"uri"`
	}
	if err := decodeParams(raw, &p); err != nil {
		return nil, err
	}
	if p.URI == "" {
		return nil, errorf(codeInvalidParams, "Invalid params: uri is required")
	}
	c := s.cat.Load()
	contents := func(r cfgResource, vars map[string]string) any {
		out := make([]map[string]any, 0, len(r.Contents))
		for _, ct := range r.Contents {
			e := map[string]any{"uri": p.URI, "text": substitute(ct.Text, vars)}
			mt := ct.MimeType
			if mt == "" {
				mt = r.MimeType
			}
			if mt == "" {
				mt = "text/plain"
			}
			e["mimeType"] = mt
			out = append(out, e)
		}
		return map[string]any{"contents": out}
	}
	for _, r := range c.static {
		if r.URI == p.URI {
			return contents(r, nil), nil
		}
	}
	for i, r := range c.dynamic {
		if vars, ok := c.templates[i].match(p.URI); ok {
			return contents(r, vars), nil
		}
	}
	return nil, &rpcError{Code: codeNotFound, Message: "Resource not found: " + p.URI, Data: map[string]any{"uri": p.URI}}
}

func (s *Server) promptsList() any {
	c := s.cat.Load()
	out := make([]map[string]any, 0, len(c.prompts))
	for _, pr := range c.prompts {
		args := make([]map[string]any, 0, len(pr.Arguments))
		for _, a := range pr.Arguments {
			e := map[string]any{"name": a.Name, "required": true}
			if a.Description != "" {
				e["description"] = a.Description
			}
			args = append(args, e)
		}
		e := map[string]any{"name": pr.Name, "arguments": args}
		if pr.Description != "" {
			e["description"] = pr.Description
		}
		out = append(out, e)
	}
	return map[string]any{"prompts": out}
}

func (s *Server) promptsGet(raw json.RawMessage) (any, *rpcError) {
	var p struct {
		Name      string         `json:"name"`
		Arguments map[string]any `json:"arguments"`
	}
	if err := decodeParams(raw, &p); err != nil {
		return nil, err
	}
	c := s.cat.Load()
	for _, pr := range c.prompts {
		if pr.Name != p.Name {
			continue
		}
		vars := map[string]string{}
		for _, a := range pr.Arguments {
			v, ok := p.Arguments[a.Name]
			if !ok {
				return nil, errorf(codeInvalidParams, "Invalid params: prompt %s needs argument %q", pr.Name, a.Name)
			}
			switch v := v.(type) {
			case string:
				vars[a.Name] = v
			default:
				vars[a.Name] = string(mustJSON(v))
			}
		}
		msgs := make([]map[string]any, 0, len(pr.Messages))
		for _, m := range pr.Messages {
			msgs = append(msgs, map[string]any{"role": m.Role, "content": map[string]any{"type": "text", "text": substitute(m.Text, vars)}})
		}
		out := map[string]any{"messages": msgs}
		if pr.Description != "" {
			out["description"] = pr.Description
		}
		return out, nil
	}
	return nil, errorf(codeInvalidParams, "Invalid params: unknown prompt %q", p.Name)
}

// MaxCompletions is the most values one completion/complete answer holds
// (the MCP limit).
const MaxCompletions = 100

// complete answers completion/complete from the with-completion lists of
// a prompt's or a resource template's arguments: the listed values that
// start with what the client typed (ignoring case), in the listed order.
// See https://modelcontextprotocol.io/specification/2025-06-18/server/utilities/completion
func (s *Server) complete(raw json.RawMessage) (any, *rpcError) {
	var p struct {
		Ref struct {
			Type string `json:"type"`
			Name string `json:"name"`
			URI  string `json:"uri"`
		} `json:"ref"`
		Argument struct {
			Name  string `json:"name"`
			Value string `json:"value"`
		} `json:"argument"`
	}
	if err := decodeParams(raw, &p); err != nil {
		return nil, err
	}
	if p.Argument.Name == "" {
		return nil, errorf(codeInvalidParams, "Invalid params: argument.name is required")
	}
	c := s.cat.Load()
	var args []config.Argument
	what := ""
	switch p.Ref.Type {
	case "ref/prompt":
		i := slices.IndexFunc(c.prompts, func(x config.Prompt) bool { return x.Name == p.Ref.Name })
		if i < 0 {
			return nil, errorf(codeInvalidParams, "Invalid params: unknown prompt %q", p.Ref.Name)
		}
		args, what = c.prompts[i].Arguments, "prompt "+p.Ref.Name
	case "ref/resource":
		i := slices.IndexFunc(c.dynamic, func(x config.Resource) bool { return x.URI == p.Ref.URI })
		if i < 0 {
			return nil, errorf(codeInvalidParams, "Invalid params: no resource template %q", p.Ref.URI)
		}
		args, what = c.dynamic[i].Arguments, "resource template "+p.Ref.URI
	default:
		return nil, errorf(codeInvalidParams, "Invalid params: ref.type must be ref/prompt or ref/resource, got %q", p.Ref.Type)
	}
	i := slices.IndexFunc(args, func(a config.Argument) bool { return a.Name == p.Argument.Name })
	if i < 0 {
		return nil, errorf(codeInvalidParams, "Invalid params: %s has no argument %q", what, p.Argument.Name)
	}
	typed := strings.ToLower(p.Argument.Value)
	values := []string{}
	for _, v := range args[i].Completion {
		if strings.HasPrefix(strings.ToLower(v), typed) {
			values = append(values, v)
		}
	}
	total := len(values)
	if total > MaxCompletions {
		values = values[:MaxCompletions]
	}
	return map[string]any{"completion": map[string]any{"values": values, "total": total, "hasMore": total > MaxCompletions}}, nil
}

// refusedHostPattern is how the Extism SDK reports a request to a host the
// plugin may not reach.
var refusedHostPattern = regexp.MustCompile(`HTTP request to '([^']*)' is not allowed`)

// refusedHost returns the host of a request the plugin was refused.
func refusedHost(err error) (string, bool) {
	m := refusedHostPattern.FindStringSubmatch(err.Error())
	if m == nil {
		return "", false
	}
	if u, perr := url.Parse(m[1]); perr == nil && u.Hostname() != "" {
		return u.Hostname(), true
	}
	return m[1], true
}

// refusedHostMessage tells the operator which plugin was refused, and the
// key to add where: WASImancer let every plugin reach any host, so this is
// the first thing a migrated fetching plugin meets.
func (s *Server) refusedHostMessage(c *catalog, tool string, def config.Plugin, host string) string {
	at := s.cfg.pluginsFile()
	if line := c.pluginLine(def.Name); line > 0 {
		at = fmt.Sprintf("%s:%d", at, line)
	}
	allowed := "none"
	if len(def.AllowedHosts) > 0 {
		allowed = strings.Join(def.AllowedHosts, ", ")
	}
	return fmt.Sprintf("tool %s: the request of plugin %q to host %q is not allowed (its allowedHosts: %s). Add the host under allowedHosts of plugin %q (%s), e.g. allowedHosts: [%q]; [\"*\"] allows every host, as WASImancer did",
		tool, def.Name, host, allowed, def.Name, at, host)
}
