package main

import (
	"errors"
	"strconv"
	"time"

	"calc/internal/bindings"

	"github.com/wasmcp/wasmcp/cabi"
	"github.com/wasmcp/wasmcp/jsonv"
)

func init() { bindings.ExportTools(tools{}) }

// tools implements the exported interface wasmcp:mcp/tools: two arithmetic
// tools and slow_count, which reports progress and logs while it counts.
type tools struct{}

var toolList = []bindings.Tool{
	{
		Name:        "add",
		Title:       cabi.Some("Add"),
		Description: cabi.Some("Adds two numbers."),
		InputSchema: `{"type":"object","properties":{"a":{"type":"number","description":"First addend"},"b":{"type":"number","description":"Second addend"}},"required":["a","b"]}`,
		Annotations: cabi.Some(bindings.ToolAnnotations{ReadOnlyHint: cabi.Some(true), IdempotentHint: cabi.Some(true)}),
	},
	{
		Name:         "multiply",
		Title:        cabi.Some("Multiply"),
		Description:  cabi.Some("Multiplies two numbers; the product is also returned as structured content."),
		InputSchema:  `{"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}},"required":["a","b"]}`,
		OutputSchema: cabi.Some(`{"type":"object","properties":{"product":{"type":"number"}},"required":["product"]}`),
		Annotations:  cabi.Some(bindings.ToolAnnotations{ReadOnlyHint: cabi.Some(true), IdempotentHint: cabi.Some(true)}),
	},
	{
		Name:        "slow_count",
		Title:       cabi.Some("Slow count"),
		Description: cabi.Some("Counts from 1 to n, pausing between steps; reports progress (when the client sends a progress token) and logs each step."),
		InputSchema: `{"type":"object","properties":{"n":{"type":"integer","minimum":1,"maximum":20,"description":"How far to count"},"delay_ms":{"type":"integer","minimum":0,"maximum":1000,"description":"Pause between steps in milliseconds (default 10)"}},"required":["n"]}`,
	},
}

// ListTools returns every tool on one page.
func (tools) ListTools(ctx bindings.RequestContext, cursor cabi.Option[string]) cabi.Result[bindings.ListToolsResult, bindings.Error] {
	return cabi.Ok[bindings.ListToolsResult, bindings.Error](bindings.ListToolsResult{Tools: toolList})
}

type callResult = cabi.Option[cabi.Result[bindings.CallToolResult, bindings.Error]]

// CallTool runs a tool. It returns none for a name it does not know, so that
// the next component in the server can answer.
func (tools) CallTool(ctx bindings.RequestContext, req bindings.CallToolRequest) callResult {
	switch req.Name {
	case "add", "multiply", "slow_count":
	default:
		return cabi.None[cabi.Result[bindings.CallToolResult, bindings.Error]]()
	}
	args, err := decodeArgs(req)
	if err != nil {
		return invalid(req.Name, err)
	}
	switch req.Name {
	case "add", "multiply":
		a, okA := number(args, "a")
		b, okB := number(args, "b")
		if !okA || !okB {
			return invalid(req.Name, errors.New(`arguments "a" and "b" are required`))
		}
		if req.Name == "add" {
			return ok(textResult(format(a + b)))
		}
		p := a * b
		r := textResult(format(p))
		var sc jsonv.ObjectWriter
		r.StructuredContent = cabi.Some(sc.Float("product", p).Close())
		return ok(r)
	case "slow_count":
		nv, _ := args.Get("n")
		n, isInt := nv.Int()
		if !isInt || n < 1 || n > 20 {
			return invalid(req.Name, errors.New(`argument "n" must be an integer from 1 to 20`))
		}
		delay := int64(10)
		if dv, given := args.Get("delay_ms"); given && !dv.IsNull() {
			d, isInt := dv.Int()
			if !isInt || d < 0 || d > 1000 {
				return invalid(req.Name, errors.New(`argument "delay_ms" must be from 0 to 1000`))
			}
			delay = d
		}
		return ok(slowCount(ctx, int(n), time.Duration(delay)*time.Millisecond))
	}
	panic("unreachable")
}

// slowCount counts to n. Each step sends a progress notification (only when
// the client asked for progress) and a log message at info level (which the
// framework drops unless the client's log level lets it through).
func slowCount(ctx bindings.RequestContext, n int, delay time.Duration) bindings.CallToolResult {
	token, wantProgress := ctx.ProgressToken.Get()
	count := strconv.Itoa(n)
	logMsg(ctx.Channel, bindings.LogLevelInfo, "counting to "+count)
	for i := 1; i <= n; i++ {
		if delay > 0 {
			time.Sleep(delay)
		}
		if wantProgress {
			progress(ctx.Channel, token, float64(i), float64(n), "counted "+strconv.Itoa(i)+" of "+count)
		}
		logMsg(ctx.Channel, bindings.LogLevelDebug, "step "+strconv.Itoa(i))
	}
	logMsg(ctx.Channel, bindings.LogLevelInfo, "counted to "+count)
	return textResult("counted to " + count)
}

// logMsg sends a log message whose data is a JSON string.
func logMsg(ch bindings.ChannelId, level bindings.LogLevel, msg string) {
	notifyLog(ch, level, "calc", jsonv.Quote(msg))
}

// decodeArgs parses the arguments object with jsonv: encoding/json would add
// more than a megabyte to the component.
func decodeArgs(req bindings.CallToolRequest) (jsonv.Value, error) {
	raw, ok := req.Arguments.Get()
	if !ok {
		raw = "{}"
	}
	v, err := jsonv.Parse(raw)
	if err != nil {
		return v, errors.New("bad arguments: " + err.Error())
	}
	if v.Kind() != jsonv.Object {
		return v, errors.New("bad arguments: not an object")
	}
	return v, nil
}

// number returns argument name if it is a number.
func number(args jsonv.Value, name string) (float64, bool) {
	v, _ := args.Get(name)
	return v.Float()
}

func format(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func textResult(text string) bindings.CallToolResult {
	return bindings.CallToolResult{
		Content: []bindings.ContentBlock{bindings.ContentBlockText(bindings.TextContent{Text: text})},
	}
}

func ok(r bindings.CallToolResult) callResult {
	return cabi.Some(cabi.Ok[bindings.CallToolResult, bindings.Error](r))
}

// invalid reports malformed arguments as a protocol error (JSON-RPC -32602).
func invalid(name string, err error) callResult {
	return cabi.Some(cabi.Err[bindings.CallToolResult](bindings.Error{Code: -32602, Message: name + ": " + err.Error()}))
}
