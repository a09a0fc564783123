package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"calc/internal/bindings"

	"github.com/wasmcp/wasmcp/cabi"
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
	case "add", "multiply":
		var args struct{ A, B *float64 }
		if err := decodeArgs(req, &args); err != nil {
			return invalid(req.Name, err)
		}
		if args.A == nil || args.B == nil {
			return invalid(req.Name, fmt.Errorf(`arguments "a" and "b" are required`))
		}
		if req.Name == "add" {
			return ok(textResult(format(*args.A + *args.B)))
		}
		p := *args.A * *args.B
		r := textResult(format(p))
		r.StructuredContent = cabi.Some(`{"product":` + format(p) + `}`)
		return ok(r)
	case "slow_count":
		var args struct {
			N       *int `json:"n"`
			DelayMS *int `json:"delay_ms"`
		}
		if err := decodeArgs(req, &args); err != nil {
			return invalid(req.Name, err)
		}
		if args.N == nil || *args.N < 1 || *args.N > 20 {
			return invalid(req.Name, fmt.Errorf(`argument "n" must be an integer from 1 to 20`))
		}
		delay := 10
		if args.DelayMS != nil {
			delay = *args.DelayMS
		}
		if delay < 0 || delay > 1000 {
			return invalid(req.Name, fmt.Errorf(`argument "delay_ms" must be from 0 to 1000`))
		}
		return ok(slowCount(ctx, *args.N, time.Duration(delay)*time.Millisecond))
	default:
		return cabi.None[cabi.Result[bindings.CallToolResult, bindings.Error]]()
	}
}

// slowCount counts to n. Each step sends a progress notification (only when
// the client asked for progress) and a log message at info level (which the
// framework drops unless the client's log level lets it through).
func slowCount(ctx bindings.RequestContext, n int, delay time.Duration) bindings.CallToolResult {
	token, wantProgress := ctx.ProgressToken.Get()
	logMsg(ctx.Channel, bindings.LogLevelInfo, fmt.Sprintf("counting to %d", n))
	for i := 1; i <= n; i++ {
		if delay > 0 {
			time.Sleep(delay)
		}
		if wantProgress {
			progress(ctx.Channel, token, float64(i), float64(n), fmt.Sprintf("counted %d of %d", i, n))
		}
		logMsg(ctx.Channel, bindings.LogLevelDebug, fmt.Sprintf("step %d", i))
	}
	logMsg(ctx.Channel, bindings.LogLevelInfo, fmt.Sprintf("counted to %d", n))
	return textResult(fmt.Sprintf("counted to %d", n))
}

// logMsg sends a log message whose data is a JSON string.
func logMsg(ch bindings.ChannelId, level bindings.LogLevel, msg string) {
	data, _ := json.Marshal(msg)
	notifyLog(ch, level, "calc", string(data))
}

func decodeArgs(req bindings.CallToolRequest, v any) error {
	raw, ok := req.Arguments.Get()
	if !ok {
		raw = "{}"
	}
	if err := json.Unmarshal([]byte(raw), v); err != nil {
		return fmt.Errorf("bad arguments: %v", err)
	}
	return nil
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
