//go:build wasip1 && wasmcp_session_part

package main

// The session part's wasmcp:mcp/client and wasmcp:framework/calls: the
// transport tells it which calls are in flight (calls.begin, end), and a
// component serving one of them asks the client through it. How a request
// reaches the client and its answer comes back is the transport's
// business: askClient, in the HTTP and stdio builds of the part.

import (
	"strconv"

	"github.com/wasmcp/wasmcp/cabi"
	"github.com/wasmcp/wasmcp/framework/mcpcore"
	mcpclient "github.com/wasmcp/wasmcp/framework/server/iface/wasmcp/mcp/v0.2.0/client"
	mcp "github.com/wasmcp/wasmcp/framework/server/iface/wasmcp/mcp/v0.2.0/types"
	sb "github.com/wasmcp/wasmcp/framework/server/sessionbind"
)

func init() {
	sb.ExportClient(client{})
	sb.ExportCalls(partCalls{})
}

// call is what the part knows of one request in flight.
type call struct {
	session string
	// rawCaps is the client's capabilities object (JSON text), parsed only
	// when a component asks the client: most calls never do.
	rawCaps string
	hasCaps bool
	// wire is the transport's state of the call (askClient's).
	wire callWire
}

// inFlight are the calls begun and not ended, by channel.
var inFlight = map[uint64]*call{}

type partCalls struct{}

func (partCalls) Begin(ch mcp.ChannelId, session, caps cabi.Option[string]) {
	c := &call{session: session.Value()}
	c.rawCaps, c.hasCaps = caps.Get()
	inFlight[ch] = c
}

func (partCalls) End(ch mcp.ChannelId) { delete(inFlight, ch) }

func (partCalls) Answer(session cabi.Option[string], message string) bool {
	return deliverAnswer(session.Value(), message)
}

func (partCalls) EndSession(id string) {
	if st, err := partStore(); err == nil {
		_ = mcpcore.SessionValues{Store: st}.DeleteAll(id)
	}
}

// defaultTimeout is the wait for the client's answers when the component
// gives none: WASMCP_CLIENT_TIMEOUT_MS, or mcpcore.DefaultClientTimeout.
func defaultTimeout() uint32 {
	if n, err := strconv.ParseUint(getenv()(mcpcore.EnvClientTimeout), 10, 32); err == nil && n > 0 {
		return uint32(n)
	}
	return mcpcore.DefaultClientTimeout
}

type client struct{}

func toError(e *mcpcore.Error) mcp.Error {
	out := mcp.Error{Code: e.Code, Message: e.Message}
	if e.Data != nil {
		out.Data = cabi.Some(string(e.Data))
	}
	return out
}

// ask sends method to the client of ctx's call when the client declared
// the capability, and waits for the answer's result.
func ask(ctx mcp.RequestContext, capable func(mcpcore.ClientCaps) bool, capName, method string, params mcpcore.RawMessage, timeout cabi.Option[uint32]) (mcpcore.RawMessage, *mcp.Error) {
	c := inFlight[ctx.Channel]
	if c == nil {
		e := mcp.Error{Code: mcpcore.CodeInternalError, Message: "wasmcp:mcp/client: the context's request is not being served (ask the client only while handling a request, with its ctx)"}
		return nil, &e
	}
	if !c.hasCaps || !capable(mcpcore.ParseClientCaps(mcpcore.RawMessage(c.rawCaps))) {
		e := mcp.Error{Code: mcpcore.CodeMethodNotFound, Message: "the client did not declare the " + capName + " capability at initialize"}
		return nil, &e
	}
	wait := timeout.Value()
	if timeout.IsNone() || wait == 0 {
		wait = defaultTimeout()
	}
	random := make([]byte, 16)
	if err := randomBytes(random); err != nil {
		e := mcp.Error{Code: mcpcore.CodeInternalError, Message: "wasmcp:mcp/client: " + err.Error()}
		return nil, &e
	}
	id := mcpcore.NewServerRequestID(random)
	answer, ferr := askClient(c, id, mcpcore.ServerRequest(id, method, params), wait)
	if ferr != nil {
		e := toError(ferr)
		return nil, &e
	}
	res, rerr := mcpcore.AnswerResult(answer)
	if rerr != nil {
		e := toError(rerr)
		return nil, &e
	}
	return res, nil
}

func (client) Capabilities(ctx mcp.RequestContext) cabi.Option[mcpclient.ClientCapabilities] {
	c := inFlight[ctx.Channel]
	if c == nil || !c.hasCaps {
		return cabi.None[mcpclient.ClientCapabilities]()
	}
	caps := mcpcore.ParseClientCaps(mcpcore.RawMessage(c.rawCaps))
	return cabi.Some(mcpclient.ClientCapabilities{
		Sampling: caps.Sampling, ElicitationForm: caps.ElicitForm, ElicitationUrl: caps.ElicitURL,
		Roots: caps.Roots, Raw: c.rawCaps,
	})
}

func (client) CreateMessage(ctx mcp.RequestContext, req mcpclient.CreateMessageRequest, timeout cabi.Option[uint32]) cabi.Result[mcpclient.CreateMessageResult, mcp.Error] {
	p := mcpcore.CreateMessageParams{MaxTokens: req.MaxTokens, StopSequences: req.StopSequences,
		SystemPrompt: req.SystemPrompt.Ptr(), Temperature: req.Temperature.Ptr(), IncludeContext: req.IncludeContext.Ptr()}
	if v, ok := req.ModelPreferences.Get(); ok {
		p.ModelPreferences = mcpcore.RawMessage(v)
	}
	if v, ok := req.Metadata.Get(); ok {
		p.Metadata = mcpcore.RawMessage(v)
	}
	for _, m := range req.Messages {
		p.Messages = append(p.Messages, mcpcore.SamplingMessage{Role: m.Role.String(), Content: fromSampling(m.Content)})
	}
	params, err := mcpcore.EncodeCreateMessage(p)
	if err != nil {
		return cabi.Err[mcpclient.CreateMessageResult](mcp.Error{Code: mcpcore.CodeInvalidParams, Message: "sampling/createMessage: " + err.Error()})
	}
	raw, e := ask(ctx, func(c mcpcore.ClientCaps) bool { return c.Sampling }, "sampling", "sampling/createMessage", params, timeout)
	if e != nil {
		return cabi.Err[mcpclient.CreateMessageResult](*e)
	}
	r, derr := mcpcore.DecodeCreateMessageResult(raw)
	if derr != nil {
		return cabi.Err[mcpclient.CreateMessageResult](toError(derr))
	}
	out := mcpclient.CreateMessageResult{Role: mcp.RoleAssistant, Content: toSampling(r.Content), Model: r.Model}
	if r.Role == "user" {
		out.Role = mcp.RoleUser
	}
	if r.StopReason != "" {
		out.StopReason = cabi.Some(r.StopReason)
	}
	return cabi.Ok[mcpclient.CreateMessageResult, mcp.Error](out)
}

func fromSampling(c mcpclient.SamplingContent) mcpcore.SamplingContent {
	if m, ok := c.AsImage(); ok {
		return mcpcore.SamplingContent{Type: "image", Data: m.Data, MimeType: m.MimeType}
	}
	if m, ok := c.AsAudio(); ok {
		return mcpcore.SamplingContent{Type: "audio", Data: m.Data, MimeType: m.MimeType}
	}
	t, _ := c.AsText()
	return mcpcore.SamplingContent{Type: "text", Text: t}
}

func toSampling(c mcpcore.SamplingContent) mcpclient.SamplingContent {
	switch c.Type {
	case "image":
		return mcpclient.SamplingContentImage(mcpclient.SamplingMedia{Data: c.Data, MimeType: c.MimeType})
	case "audio":
		return mcpclient.SamplingContentAudio(mcpclient.SamplingMedia{Data: c.Data, MimeType: c.MimeType})
	}
	return mcpclient.SamplingContentText(c.Text)
}

func (client) Elicit(ctx mcp.RequestContext, req mcpclient.ElicitRequest, timeout cabi.Option[uint32]) cabi.Result[mcpclient.ElicitResult, mcp.Error] {
	var params mcpcore.RawMessage
	capable := func(c mcpcore.ClientCaps) bool { return c.ElicitForm }
	capName := "elicitation"
	if u, ok := req.AsUrl(); ok {
		params = mcpcore.EncodeElicitURL(u.Message, u.Url, u.ElicitationId)
		capable, capName = func(c mcpcore.ClientCaps) bool { return c.ElicitURL }, "elicitation.url"
	} else {
		f, _ := req.AsForm()
		var err error
		if params, err = mcpcore.EncodeElicitForm(f.Message, mcpcore.RawMessage(f.RequestedSchema)); err != nil {
			return cabi.Err[mcpclient.ElicitResult](mcp.Error{Code: mcpcore.CodeInvalidParams, Message: "elicitation/create: " + err.Error()})
		}
	}
	raw, e := ask(ctx, capable, capName, "elicitation/create", params, timeout)
	if e != nil {
		return cabi.Err[mcpclient.ElicitResult](*e)
	}
	r, derr := mcpcore.DecodeElicitResult(raw)
	if derr != nil {
		return cabi.Err[mcpclient.ElicitResult](toError(derr))
	}
	out := mcpclient.ElicitResult{Action: mcpclient.ElicitActionAccept}
	switch r.Action {
	case "decline":
		out.Action = mcpclient.ElicitActionDecline
	case "cancel":
		out.Action = mcpclient.ElicitActionCancel
	}
	if r.Content != nil {
		out.Content = cabi.Some(string(r.Content))
	}
	return cabi.Ok[mcpclient.ElicitResult, mcp.Error](out)
}

func (client) ListRoots(ctx mcp.RequestContext, timeout cabi.Option[uint32]) cabi.Result[[]mcpclient.Root, mcp.Error] {
	raw, e := ask(ctx, func(c mcpcore.ClientCaps) bool { return c.Roots }, "roots", "roots/list", nil, timeout)
	if e != nil {
		return cabi.Err[[]mcpclient.Root](*e)
	}
	roots, derr := mcpcore.DecodeRoots(raw)
	if derr != nil {
		return cabi.Err[[]mcpclient.Root](toError(derr))
	}
	out := make([]mcpclient.Root, len(roots))
	for i, r := range roots {
		out[i] = mcpclient.Root{Uri: r.URI}
		if r.HasName {
			out[i].Name = cabi.Some(r.Name)
		}
	}
	return cabi.Ok[[]mcpclient.Root, mcp.Error](out)
}

func (client) Request(ctx mcp.RequestContext, method string, params cabi.Option[string], timeout cabi.Option[uint32]) cabi.Result[string, mcp.Error] {
	var p mcpcore.RawMessage
	if v, ok := params.Get(); ok {
		p = mcpcore.RawMessage(v)
	}
	raw, e := ask(ctx, func(mcpcore.ClientCaps) bool { return true }, "", method, p, timeout)
	if e != nil {
		return cabi.Err[string](*e)
	}
	return cabi.Ok[string, mcp.Error](string(raw))
}
