package mcpcore

// Chain is the head of the handler chain as a transport sees it: it passes
// one message down and reports handled=false when no link answered (the WIT
// `none`). For a notification the result is ignored.
type Chain func(msg Message) (result RawMessage, err *Error, handled bool)

// Session is the protocol state a transport keeps per MCP session (or per
// request, when it keeps no sessions).
type Session struct {
	// Version is the negotiated protocol version; empty before initialize.
	Version string
	// LogLevel is the level the client chose with logging/setLevel; nil
	// means the client has not enabled logging.
	LogLevel *Level
	// Initialized is set by notifications/initialized.
	Initialized bool
	// ClientCapabilities is the capabilities object the client sent with
	// initialize (JSON text), nil before it: what the server may ask the
	// client (sampling, elicitation, roots).
	ClientCapabilities RawMessage
	// Subscribe adds the session to the subscribers of a resource URI, or
	// removes it (resources/subscribe and unsubscribe); nil when the
	// transport keeps no subscriptions.
	Subscribe func(uri string, on bool) error
}

// Server answers what the transport answers itself (initialize's envelope,
// ping, logging/setLevel) and passes everything else down the chain.
type Server struct {
	Options InitializeOptions
}

// Handle serves one parsed message and returns the JSON-RPC response to send,
// or nil for notifications and responses (which get none). sess is updated
// by initialize and logging/setLevel.
func (s *Server) Handle(sess *Session, msg Message, chain Chain) []byte {
	switch msg.Kind {
	case KindResponse:
		// An answer to a server-initiated request: the transport gives it
		// to the session part (wasmcp:framework/calls.answer) before this.
		return nil
	case KindNotification:
		if msg.Method == "notifications/initialized" {
			sess.Initialized = true
		}
		chain(msg)
		return nil
	}

	switch msg.Method {
	case "initialize":
		p, perr := ParseInitializeParams(msg.Params)
		if perr != nil {
			return ErrorResponse(msg.ID, perr)
		}
		version := NegotiateVersion(p.ProtocolVersion)
		res, cerr, handled := chain(msg)
		if cerr != nil {
			return ErrorResponse(msg.ID, cerr)
		}
		if !handled {
			res = nil
		}
		out, err := InitializeResult(version, res, s.Options)
		if err != nil {
			return ErrorResponse(msg.ID, Errorf(CodeInternalError, "Internal error: %v", err))
		}
		sess.Version = version
		sess.ClientCapabilities = p.Capabilities
		return ResultResponse(msg.ID, out)
	case "ping":
		return ResultResponse(msg.ID, RawMessage(`{}`))
	case "logging/setLevel":
		if !s.Options.Logging {
			break
		}
		l, perr := ParseSetLevel(msg.Params)
		if perr != nil {
			return ErrorResponse(msg.ID, perr)
		}
		sess.LogLevel = &l
		return ResultResponse(msg.ID, RawMessage(`{}`))
	case "resources/subscribe", "resources/unsubscribe":
		return subscribe(sess, msg)
	}

	res, cerr, handled := chain(msg)
	switch {
	case cerr != nil:
		return ErrorResponse(msg.ID, cerr)
	case handled:
		return ResultResponse(msg.ID, res)
	}
	res, cerr = Unhandled(msg.Method, msg.Params)
	if cerr != nil {
		return ErrorResponse(msg.ID, cerr)
	}
	return ResultResponse(msg.ID, res)
}

// subscribe answers resources/subscribe and resources/unsubscribe: the
// session's subscriptions are the transport's, since a 0.1 component has
// no way to take them. Without sessions there is nowhere to keep them.
func subscribe(sess *Session, msg Message) []byte {
	if sess.Subscribe == nil {
		return ErrorResponse(msg.ID, Errorf(CodeMethodNotFound,
			"Method not found: %s needs a session (HTTP with WASMCP_SESSION_ENABLED)", msg.Method))
	}
	var uri string
	if !decodeText(msg.Params, stringField("uri", &uri)) || uri == "" {
		return ErrorResponse(msg.ID, Errorf(CodeInvalidParams, "Invalid params: %s needs a uri", msg.Method))
	}
	if len(uri) > MaxSubscriptionURI {
		return ErrorResponse(msg.ID, Errorf(CodeInvalidParams, "Invalid params: uri longer than %d bytes", MaxSubscriptionURI))
	}
	if err := sess.Subscribe(uri, msg.Method == "resources/subscribe"); err != nil {
		return ErrorResponse(msg.ID, Errorf(CodeInternalError, "Internal error: session store: %v", err))
	}
	return ResultResponse(msg.ID, RawMessage(`{}`))
}

// Unhandled is the answer to a request no link of the chain took: an unknown
// tool or prompt is invalid params (-32602), an unknown resource is -32002
// with the URI as data, a completion nobody knows is an empty completion,
// and any other method is not found (-32601).
func Unhandled(method string, params RawMessage) (RawMessage, *Error) {
	// Read as far as it goes: a params that does not fit only leaves the
	// name or URI out of the message.
	var name, uri string
	if len(params) > 0 {
		decodeText(params, stringField("name", &name), stringField("uri", &uri))
	}
	switch method {
	case "tools/call":
		return nil, Errorf(CodeInvalidParams, "Unknown tool: %s", name)
	case "prompts/get":
		return nil, Errorf(CodeInvalidParams, "Unknown prompt: %s", name)
	case "resources/read":
		e := Errorf(CodeResourceNotFound, "Resource not found")
		var data object
		data.str("uri", uri)
		e.Data = htmlSafe(data.close())
		return nil, e
	case "completion/complete":
		return RawMessage(`{"completion":{"values":[],"hasMore":false}}`), nil
	}
	return nil, Errorf(CodeMethodNotFound, "Method not found: %s", method)
}
