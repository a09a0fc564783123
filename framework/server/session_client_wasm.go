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

func (partCalls) Begin(ch sb.ChannelId, session, caps cabi.Option[string]) {
	c := &call{session: session.Value()}
	c.rawCaps, c.hasCaps = caps.Get()
	inFlight[ch] = c
}

func (partCalls) End(ch sb.ChannelId) { delete(inFlight, ch) }

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

func toError(e *mcpcore.Error) sb.Error {
	out := sb.Error{Code: e.Code, Message: e.Message}
	if e.Data != nil {
		out.Data = cabi.Some(string(e.Data))
	}
	return out
}

// ask sends method to the client of ctx's call when the client declared
// the capability, and waits for the answer's result.
func ask(ctx sb.RequestContext, capable func(mcpcore.ClientCaps) bool, capName, method string, params mcpcore.RawMessage, timeout cabi.Option[uint32]) (mcpcore.RawMessage, *sb.Error) {
	c := inFlight[ctx.Channel]
	if c == nil {
		e := sb.Error{Code: mcpcore.CodeInternalError, Message: "wasmcp:mcp/client: the context's request is not being served (ask the client only while handling a request, with its ctx)"}
		return nil, &e
	}
	if !c.hasCaps || !capable(mcpcore.ParseClientCaps(mcpcore.RawMessage(c.rawCaps))) {
		e := sb.Error{Code: mcpcore.CodeMethodNotFound, Message: "the client did not declare the " + capName + " capability at initialize"}
		return nil, &e
	}
	wait := timeout.Value()
	if timeout.IsNone() || wait == 0 {
		wait = defaultTimeout()
	}
	random := make([]byte, 16)
	if err := randomBytes(random); err != nil {
		e := sb.Error{Code: mcpcore.CodeInternalError, Message: "wasmcp:mcp/client: " + err.Error()}
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

func (client) Capabilities(ctx sb.RequestContext) cabi.Option[sb.ClientCapabilities] {
	c := inFlight[ctx.Channel]
	if c == nil || !c.hasCaps {
		return cabi.None[sb.ClientCapabilities]()
	}
	caps := mcpcore.ParseClientCaps(mcpcore.RawMessage(c.rawCaps))
	return cabi.Some(sb.ClientCapabilities{
		Sampling: caps.Sampling, ElicitationForm: caps.ElicitForm, ElicitationUrl: caps.ElicitURL,
		Roots: caps.Roots, Raw: c.rawCaps,
	})
}

func (client) CreateMessage(ctx sb.RequestContext, req sb.CreateMessageRequest, timeout cabi.Option[uint32]) cabi.Result[sb.CreateMessageResult, sb.Error] {
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
		return cabi.Err[sb.CreateMessageResult](sb.Error{Code: mcpcore.CodeInvalidParams, Message: "sampling/createMessage: " + err.Error()})
	}
	raw, e := ask(ctx, func(c mcpcore.ClientCaps) bool { return c.Sampling }, "sampling", "sampling/createMessage", params, timeout)
	if e != nil {
		return cabi.Err[sb.CreateMessageResult](*e)
	}
	r, derr := mcpcore.DecodeCreateMessageResult(raw)
	if derr != nil {
		return cabi.Err[sb.CreateMessageResult](toError(derr))
	}
	out := sb.CreateMessageResult{Role: sb.RoleAssistant, Content: toSampling(r.Content), Model: r.Model}
	if r.Role == "user" {
		out.Role = sb.RoleUser
	}
	if r.StopReason != "" {
		out.StopReason = cabi.Some(r.StopReason)
	}
	return cabi.Ok[sb.CreateMessageResult, sb.Error](out)
}

func fromSampling(c sb.SamplingContent) mcpcore.SamplingContent {
	if m, ok := c.AsImage(); ok {
		return mcpcore.SamplingContent{Type: "image", Data: m.Data, MimeType: m.MimeType}
	}
	if m, ok := c.AsAudio(); ok {
		return mcpcore.SamplingContent{Type: "audio", Data: m.Data, MimeType: m.MimeType}
	}
	t, _ := c.AsText()
	return mcpcore.SamplingContent{Type: "text", Text: t}
}

func toSampling(c mcpcore.SamplingContent) sb.SamplingContent {
	switch c.Type {
	case "image":
		return sb.SamplingContentImage(sb.SamplingMedia{Data: c.Data, MimeType: c.MimeType})
	case "audio":
		return sb.SamplingContentAudio(sb.SamplingMedia{Data: c.Data, MimeType: c.MimeType})
	}
	return sb.SamplingContentText(c.Text)
}

func (client) Elicit(ctx sb.RequestContext, req sb.ElicitRequest, timeout cabi.Option[uint32]) cabi.Result[sb.ElicitResult, sb.Error] {
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
			return cabi.Err[sb.ElicitResult](sb.Error{Code: mcpcore.CodeInvalidParams, Message: "elicitation/create: " + err.Error()})
		}
	}
	raw, e := ask(ctx, capable, capName, "elicitation/create", params, timeout)
	if e != nil {
		return cabi.Err[sb.ElicitResult](*e)
	}
	r, derr := mcpcore.DecodeElicitResult(raw)
	if derr != nil {
		return cabi.Err[sb.ElicitResult](toError(derr))
	}
	out := sb.ElicitResult{Action: sb.ElicitActionAccept}
	switch r.Action {
	case "decline":
		out.Action = sb.ElicitActionDecline
	case "cancel":
		out.Action = sb.ElicitActionCancel
	}
	if r.Content != nil {
		out.Content = cabi.Some(string(r.Content))
	}
	return cabi.Ok[sb.ElicitResult, sb.Error](out)
}

func (client) ListRoots(ctx sb.RequestContext, timeout cabi.Option[uint32]) cabi.Result[[]sb.Root, sb.Error] {
	raw, e := ask(ctx, func(c mcpcore.ClientCaps) bool { return c.Roots }, "roots", "roots/list", nil, timeout)
	if e != nil {
		return cabi.Err[[]sb.Root](*e)
	}
	roots, derr := mcpcore.DecodeRoots(raw)
	if derr != nil {
		return cabi.Err[[]sb.Root](toError(derr))
	}
	out := make([]sb.Root, len(roots))
	for i, r := range roots {
		out[i] = sb.Root{Uri: r.URI}
		if r.HasName {
			out[i].Name = cabi.Some(r.Name)
		}
	}
	return cabi.Ok[[]sb.Root, sb.Error](out)
}

func (client) Request(ctx sb.RequestContext, method string, params cabi.Option[string], timeout cabi.Option[uint32]) cabi.Result[string, sb.Error] {
	var p mcpcore.RawMessage
	if v, ok := params.Get(); ok {
		p = mcpcore.RawMessage(v)
	}
	raw, e := ask(ctx, func(mcpcore.ClientCaps) bool { return true }, "", method, p, timeout)
	if e != nil {
		return cabi.Err[string](*e)
	}
	return cabi.Ok[string, sb.Error](string(raw))
}
