package main

import (
	"encoding/json"
	"testing"

	"calc/internal/bindings"

	"github.com/wasmcp/wasmcp/cabi"
)

func callCtx(t *testing.T, ctx bindings.RequestContext, name, args string) (bindings.CallToolResult, *bindings.Error) {
	t.Helper()
	res, ok := tools{}.CallTool(ctx, bindings.CallToolRequest{Name: name, Arguments: cabi.Some(args)}).Get()
	if !ok {
		t.Fatalf("%s: not handled", name)
	}
	if e, isErr := res.Err(); isErr {
		return bindings.CallToolResult{}, &e
	}
	r, _ := res.Ok()
	return r, nil
}

func call(t *testing.T, name, args string) (string, *bindings.Error) {
	t.Helper()
	r, err := callCtx(t, bindings.RequestContext{}, name, args)
	if err != nil {
		return "", err
	}
	text, _ := r.Content[0].AsText()
	return text.Text, nil
}

func TestList(t *testing.T) {
	list, _ := tools{}.ListTools(bindings.RequestContext{}, cabi.None[string]()).Ok()
	var names []string
	for _, tool := range list.Tools {
		names = append(names, tool.Name)
		if !json.Valid([]byte(tool.InputSchema)) {
			t.Errorf("%s: input schema is not JSON", tool.Name)
		}
		if s, ok := tool.OutputSchema.Get(); ok && !json.Valid([]byte(s)) {
			t.Errorf("%s: output schema is not JSON", tool.Name)
		}
	}
	if len(names) != 3 || names[0] != "add" || names[1] != "multiply" || names[2] != "slow_count" {
		t.Fatalf("tools: %v", names)
	}
}

func TestArithmetic(t *testing.T) {
	if got, err := call(t, "add", `{"a":1.5,"b":2}`); got != "3.5" || err != nil {
		t.Errorf("add: %q %v", got, err)
	}
	r, err := callCtx(t, bindings.RequestContext{}, "multiply", `{"a":6,"b":7}`)
	if err != nil {
		t.Fatalf("multiply: %v", err)
	}
	if text, _ := r.Content[0].AsText(); text.Text != "42" {
		t.Errorf("multiply: %q", text.Text)
	}
	if sc, _ := r.StructuredContent.Get(); sc != `{"product":42}` {
		t.Errorf("multiply structured: %q", sc)
	}
	for _, bad := range []string{`{"a":1}`, `{"a":"x","b":1}`, `[1,2]`} {
		if _, err := call(t, "add", bad); err == nil || err.Code != -32602 {
			t.Errorf("add %s: %v", bad, err)
		}
	}
	if (tools{}).CallTool(bindings.RequestContext{}, bindings.CallToolRequest{Name: "nope"}).IsSome() {
		t.Error("unknown tool handled")
	}
}

func TestSlowCount(t *testing.T) {
	logs, progresses = nil, nil
	ctx := bindings.RequestContext{ProgressToken: cabi.Some(`"tok"`), Channel: 7}
	r, err := callCtx(t, ctx, "slow_count", `{"n":3,"delay_ms":0}`)
	if err != nil {
		t.Fatal(err)
	}
	if text, _ := r.Content[0].AsText(); text.Text != "counted to 3" {
		t.Errorf("result: %q", text.Text)
	}
	if len(progresses) != 3 || progresses[2] != (sentProgress{`"tok"`, 3, 3}) {
		t.Errorf("progress: %+v", progresses)
	}
	if len(logs) != 5 || logs[0].data != `"counting to 3"` {
		t.Errorf("logs: %+v", logs)
	}
	// Without a progress token, no progress is sent.
	progresses = nil
	if _, err := callCtx(t, bindings.RequestContext{}, "slow_count", `{"n":2,"delay_ms":0}`); err != nil || len(progresses) != 0 {
		t.Errorf("no token: %v %+v", err, progresses)
	}
	for _, bad := range []string{`{}`, `{"n":0}`, `{"n":21}`, `{"n":2,"delay_ms":-1}`} {
		if _, err := call(t, "slow_count", bad); err == nil || err.Code != -32602 {
			t.Errorf("slow_count %s: %v", bad, err)
		}
	}
}
