package mcpcore

// MaxPages bounds how many pages a middleware fetches from its provider for
// one list request, so that a provider that always returns a cursor cannot
// hang the server.
const MaxPages = 100

// Middleware is the logic of a capability middleware, one link of the
// chain in front of one provider. The component fills it per call from the
// request context and its imported handler, and passes the message to
// Tools, Resources, Prompts or Completions.
type Middleware struct {
	// Version is the negotiated protocol version
	// (request-context.protocol-version); it selects the JSON shape.
	Version string
	// Next calls the next link of the chain.
	Next Chain
	// Warn, when set, receives problems worth a log message that do not fail
	// the request, such as a name another component already serves.
	Warn func(msg string)
}

// ToolsProvider is a component exporting `tools`, seen through its bindings.
type ToolsProvider interface {
	ListTools(cursor string) (tools []Tool, next string, err *Error)
	// CallTool reports handled=false when the tool is not the provider's.
	CallTool(req CallToolRequest) (res CallToolResult, err *Error, handled bool)
}

// ResourcesProvider is a component exporting `resources`.
type ResourcesProvider interface {
	ListResources(cursor string) (resources []ResourceInfo, next string, err *Error)
	ListResourceTemplates(cursor string) (templates []ResourceTemplate, next string, err *Error)
	ReadResource(req ReadResourceRequest) (res ReadResourceResult, err *Error, handled bool)
}

// PromptsProvider is a component exporting `prompts`.
type PromptsProvider interface {
	ListPrompts(cursor string) (prompts []Prompt, next string, err *Error)
	GetPrompt(req GetPromptRequest) (res GetPromptResult, err *Error, handled bool)
}

// CompletionsProvider is a component exporting `completions`.
type CompletionsProvider interface {
	Complete(req CompleteRequest) (res Completion, err *Error, handled bool)
}

// ChainEnd is the last link of the chain: it answers initialize with
// EmptyInitialize and nothing else.
func ChainEnd(msg Message) (RawMessage, *Error, bool) {
	if msg.Kind == KindRequest && msg.Method == "initialize" {
		return EmptyInitialize, nil, true
	}
	return nil, nil, false
}

func internal(err error) *Error { return Errorf(CodeInternalError, "Internal error: %v", err) }

// initialize passes initialize down and adds capability name.
func (m Middleware) initialize(msg Message, name string, value string) (RawMessage, *Error, bool) {
	res, err, handled := m.Next(msg)
	if err != nil {
		return nil, err, true
	}
	if !handled {
		res = nil
	}
	out, e := AddCapability(res, name, RawMessage(value))
	if e != nil {
		return nil, internal(e), true
	}
	return out, nil, true
}

// list answers a list method: all pages of the provider, encoded, then
// downstream's items.
func (m Middleware) list(msg Message, kind ListKind, page func(cursor string) ([]RawMessage, string, *Error)) (RawMessage, *Error, bool) {
	cursor, cerr := ListCursor(msg.Params)
	if cerr != nil {
		return nil, cerr, true
	}
	if cursor != "" {
		return nil, Errorf(CodeInvalidParams, "Invalid params: unknown cursor %q (this server sends complete lists)", cursor), true
	}
	var own []RawMessage
	next := ""
	for i := 0; ; i++ {
		if i == MaxPages {
			return nil, Errorf(CodeInternalError, "Internal error: %s: more than %d pages", kind.Method, MaxPages), true
		}
		items, n, err := page(next)
		if err != nil {
			return nil, err, true
		}
		own = append(own, items...)
		if n == "" {
			break
		}
		next = n
	}
	down, err, handled := m.Next(msg)
	if err != nil {
		return nil, err, true
	}
	if !handled {
		down = nil
	}
	out, dropped, e := MergeListResult(kind, own, down)
	if e != nil {
		return nil, internal(e), true
	}
	if m.Warn != nil {
		for _, d := range dropped {
			m.Warn(sprintf("%s %q is served by more than one component; the first in the chain wins", kind.Noun, d))
		}
	}
	return out, nil, true
}

// encodeAll encodes a page of typed items.
func encodeAll[T any](items []T, encode func(T) (RawMessage, error)) ([]RawMessage, *Error) {
	out := make([]RawMessage, 0, len(items))
	for _, it := range items {
		raw, err := encode(it)
		if err != nil {
			return nil, internal(err)
		}
		out = append(out, raw)
	}
	return out, nil
}

// Tools handles msg for a tools provider: initialize gains "tools",
// tools/list merges, tools/call goes to the provider first; everything else
// passes down.
func (m Middleware) Tools(p ToolsProvider, msg Message) (RawMessage, *Error, bool) {
	if msg.Kind != KindRequest {
		return m.Next(msg)
	}
	switch msg.Method {
	case "initialize":
		return m.initialize(msg, CapabilityTools, `{}`)
	case ListTools.Method:
		return m.list(msg, ListTools, func(cursor string) ([]RawMessage, string, *Error) {
			tools, next, err := p.ListTools(cursor)
			if err != nil {
				return nil, "", err
			}
			raw, err := encodeAll(tools, func(t Tool) (RawMessage, error) { return EncodeTool(m.Version, t) })
			return raw, next, err
		})
	case "tools/call":
		req, err := DecodeCallToolRequest(msg.Params)
		if err != nil {
			return nil, err, true
		}
		res, err, handled := p.CallTool(req)
		if !handled {
			return m.Next(msg)
		}
		if err != nil {
			return nil, err, true
		}
		raw, e := EncodeCallToolResult(m.Version, res)
		if e != nil {
			return nil, internal(e), true
		}
		return raw, nil, true
	}
	return m.Next(msg)
}

// Resources handles msg for a resources provider.
func (m Middleware) Resources(p ResourcesProvider, msg Message) (RawMessage, *Error, bool) {
	if msg.Kind != KindRequest {
		return m.Next(msg)
	}
	switch msg.Method {
	case "initialize":
		return m.initialize(msg, CapabilityResources, `{}`)
	case ListResources.Method:
		return m.list(msg, ListResources, func(cursor string) ([]RawMessage, string, *Error) {
			rs, next, err := p.ListResources(cursor)
			if err != nil {
				return nil, "", err
			}
			raw, err := encodeAll(rs, func(r ResourceInfo) (RawMessage, error) { return EncodeResource(m.Version, r) })
			return raw, next, err
		})
	case ListResourceTemplates.Method:
		return m.list(msg, ListResourceTemplates, func(cursor string) ([]RawMessage, string, *Error) {
			ts, next, err := p.ListResourceTemplates(cursor)
			if err != nil {
				return nil, "", err
			}
			raw, err := encodeAll(ts, func(t ResourceTemplate) (RawMessage, error) { return EncodeResourceTemplate(m.Version, t) })
			return raw, next, err
		})
	case "resources/read":
		req, err := DecodeReadResourceRequest(msg.Params)
		if err != nil {
			return nil, err, true
		}
		res, err, handled := p.ReadResource(req)
		if !handled {
			return m.Next(msg)
		}
		if err != nil {
			return nil, err, true
		}
		raw, e := EncodeReadResourceResult(m.Version, res)
		if e != nil {
			return nil, internal(e), true
		}
		return raw, nil, true
	}
	return m.Next(msg)
}

// Prompts handles msg for a prompts provider.
func (m Middleware) Prompts(p PromptsProvider, msg Message) (RawMessage, *Error, bool) {
	if msg.Kind != KindRequest {
		return m.Next(msg)
	}
	switch msg.Method {
	case "initialize":
		return m.initialize(msg, CapabilityPrompts, `{}`)
	case ListPrompts.Method:
		return m.list(msg, ListPrompts, func(cursor string) ([]RawMessage, string, *Error) {
			ps, next, err := p.ListPrompts(cursor)
			if err != nil {
				return nil, "", err
			}
			raw, err := encodeAll(ps, func(pr Prompt) (RawMessage, error) { return EncodePrompt(m.Version, pr) })
			return raw, next, err
		})
	case "prompts/get":
		req, err := DecodeGetPromptRequest(msg.Params)
		if err != nil {
			return nil, err, true
		}
		res, err, handled := p.GetPrompt(req)
		if !handled {
			return m.Next(msg)
		}
		if err != nil {
			return nil, err, true
		}
		raw, e := EncodeGetPromptResult(m.Version, res)
		if e != nil {
			return nil, internal(e), true
		}
		return raw, nil, true
	}
	return m.Next(msg)
}

// Completions handles msg for a completions provider.
func (m Middleware) Completions(p CompletionsProvider, msg Message) (RawMessage, *Error, bool) {
	if msg.Kind != KindRequest {
		return m.Next(msg)
	}
	switch msg.Method {
	case "initialize":
		return m.initialize(msg, CapabilityCompletions, `{}`)
	case "completion/complete":
		req, err := DecodeCompleteRequest(msg.Params)
		if err != nil {
			return nil, err, true
		}
		res, err, handled := p.Complete(req)
		if !handled {
			return m.Next(msg)
		}
		if err != nil {
			return nil, err, true
		}
		raw, e := EncodeCompleteResult(res)
		if e != nil {
			return nil, internal(e), true
		}
		return raw, nil, true
	}
	return m.Next(msg)
}
