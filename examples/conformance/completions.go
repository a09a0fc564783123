package main

import (
	"strings"

	"conformance/internal/bindings"

	"github.com/wasmcp/wasmcp/cabi"
)

func init() { bindings.ExportCompletions(completions{}) }

// completions implements wasmcp:mcp/completions for the arguments of
// test_prompt_with_arguments and the {id} of the resource template.
type completions struct{}

var suggestions = map[string][]string{
	"arg1": {"paris", "park", "party", "test", "testValue1"},
	"arg2": {"testValue2", "world"},
	"id":   {"1", "123", "42"},
}

// Complete returns the suggestions that start with the current value.
func (completions) Complete(ctx bindings.RequestContext, req bindings.CompleteRequest) cabi.Option[cabi.Result[bindings.Completion, bindings.Error]] {
	prompt, isPrompt := req.Reference.AsPrompt()
	tmpl, isTemplate := req.Reference.AsResourceTemplate()
	if !(isPrompt && prompt == "test_prompt_with_arguments") && !(isTemplate && tmpl == templatePrefix+"{id}"+templateSuffix) {
		return cabi.None[cabi.Result[bindings.Completion, bindings.Error]]()
	}
	values := []string{}
	for _, v := range suggestions[req.ArgumentName] {
		if strings.HasPrefix(v, req.ArgumentValue) {
			values = append(values, v)
		}
	}
	return cabi.Some(cabi.Ok[bindings.Completion, bindings.Error](bindings.Completion{
		Values: values, Total: cabi.Some(uint32(len(values))), HasMore: cabi.Some(false),
	}))
}
