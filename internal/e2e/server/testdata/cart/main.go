// Command cart is a test tools component of contract 0.2.0: it keeps a
// shopping cart per MCP session in wasmcp:mcp/session. cart_add appends an
// item (a JSON list under "items") and counts the additions (an integer
// under "count"); cart_show answers with the session's id, keys, items and
// count; cart_clear deletes both keys. A call outside a session answers
// with the framework's error as a tool error. The e2e tests build it with
// wit/mcp's WIT and cart.wit (world cart).
package main

import (
	"strconv"

	"cart/internal/bindings"

	"github.com/wasmcp/wasmcp/cabi"
	"github.com/wasmcp/wasmcp/jsonv"
)

func main() {}

func init() { bindings.ExportTools(tools{}) }

type tools struct{}

type (
	result   = bindings.CallToolResult
	toolErr  = bindings.Error
	callback = cabi.Option[cabi.Result[result, toolErr]]
)

func (tools) ListTools(ctx bindings.RequestContext, cursor cabi.Option[string]) cabi.Result[bindings.ListToolsResult, bindings.Error] {
	tool := func(name, desc, schema string) bindings.Tool {
		return bindings.Tool{Name: name, Description: cabi.Some(desc), InputSchema: schema}
	}
	return cabi.Ok[bindings.ListToolsResult, bindings.Error](bindings.ListToolsResult{Tools: []bindings.Tool{
		tool("cart_add", "Adds an item to this session's cart.", `{"type":"object","properties":{"item":{"type":"string"}},"required":["item"]}`),
		tool("cart_show", "This session's cart, as JSON.", `{"type":"object"}`),
		tool("cart_clear", "Empties this session's cart.", `{"type":"object"}`),
	}})
}

func text(s string, isErr bool) callback {
	r := result{Content: []bindings.ContentBlock{bindings.ContentBlockText(bindings.TextContent{Text: s})}}
	if isErr {
		r.IsError = cabi.Some(true)
	}
	return cabi.Some(cabi.Ok[result, toolErr](r))
}

func failed(e bindings.Error) callback {
	return text("session error "+strconv.FormatInt(e.Code, 10)+": "+e.Message, true)
}

func (tools) CallTool(ctx bindings.RequestContext, req bindings.CallToolRequest) callback {
	switch req.Name {
	case "cart_add":
		raw, _ := req.Arguments.Get()
		args, _ := jsonv.Parse(raw)
		v, _ := args.Get("item")
		item, ok := v.Str()
		if !ok {
			return text("cart_add needs an item", true)
		}
		items, e := list(ctx)
		if e != nil {
			return failed(*e)
		}
		items = append(items, jsonv.Quote(item))
		if r := bindings.Set(ctx, "items", bindings.ValueJson("["+join(items)+"]")); r.IsErr() {
			e, _ := r.Err()
			return failed(e)
		}
		count := int64(0)
		if v, e := get(ctx, "count"); e != nil {
			return failed(*e)
		} else if n, ok := v.AsInteger(); ok {
			count = n
		}
		if r := bindings.Set(ctx, "count", bindings.ValueInteger(count+1)); r.IsErr() {
			e, _ := r.Err()
			return failed(e)
		}
		return show(ctx)
	case "cart_show":
		return show(ctx)
	case "cart_clear":
		for _, k := range []string{"items", "count"} {
			if r := bindings.Delete(ctx, k); r.IsErr() {
				e, _ := r.Err()
				return failed(e)
			}
		}
		return show(ctx)
	}
	return cabi.None[cabi.Result[result, toolErr]]()
}

func get(ctx bindings.RequestContext, key string) (bindings.Value, *bindings.Error) {
	r := bindings.Get(ctx, key)
	if e, failed := r.Err(); failed {
		return bindings.Value{}, &e
	}
	v, _ := r.Ok()
	got, ok := v.Get()
	if !ok {
		return bindings.ValueJson("null"), nil
	}
	return got, nil
}

// list returns the items as JSON texts.
func list(ctx bindings.RequestContext) ([]string, *bindings.Error) {
	v, e := get(ctx, "items")
	if e != nil {
		return nil, e
	}
	j, _ := v.AsJson()
	parsed, err := jsonv.Parse(j)
	if err != nil {
		return nil, nil
	}
	var out []string
	for _, it := range parsed.Elems() {
		s, _ := it.Str()
		out = append(out, jsonv.Quote(s))
	}
	return out, nil
}

func show(ctx bindings.RequestContext) callback {
	items, e := list(ctx)
	if e != nil {
		return failed(*e)
	}
	count, e := get(ctx, "count")
	if e != nil {
		return failed(*e)
	}
	n, _ := count.AsInteger()
	kr := bindings.Keys(ctx)
	if e, failed := kr.Err(); failed {
		return text("session error "+strconv.FormatInt(e.Code, 10)+": "+e.Message, true)
	}
	keys, _ := kr.Ok()
	quoted := make([]string, len(keys))
	for i, k := range keys {
		quoted[i] = jsonv.Quote(k)
	}
	return text(`{"session":`+jsonv.Quote(ctx.SessionId.Value())+`,"keys":[`+join(quoted)+`],"items":[`+join(items)+`],"count":`+strconv.FormatInt(n, 10)+`}`, false)
}

func join(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ","
		}
		out += x
	}
	return out
}
