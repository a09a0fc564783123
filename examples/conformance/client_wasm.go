//go:build wasip1

package main

import (
	"conformance/internal/bindings"

	"github.com/wasmcp/wasmcp/cabi"
)

// Requests to the client go to the imported wasmcp:mcp/client (0.2.0).

func sample(ctx bindings.RequestContext, prompt string) (string, *bindings.Error) {
	r := bindings.CreateMessage(ctx, bindings.CreateMessageRequest{
		Messages:  []bindings.SamplingMessage{{Role: bindings.RoleUser, Content: bindings.SamplingContentText(prompt)}},
		MaxTokens: 100,
	}, cabi.None[uint32]())
	if e, failed := r.Err(); failed {
		return "", &e
	}
	res, _ := r.Ok()
	t, _ := res.Content.AsText()
	return t, nil
}

func elicit(ctx bindings.RequestContext, message, schema string) (action, content string, err *bindings.Error) {
	r := bindings.Elicit(ctx, bindings.ElicitRequestForm(bindings.FormRequest{Message: message, RequestedSchema: schema}), cabi.None[uint32]())
	if e, failed := r.Err(); failed {
		return "", "", &e
	}
	res, _ := r.Ok()
	return res.Action.String(), res.Content.Value(), nil
}

func roots(ctx bindings.RequestContext) ([]bindings.Root, *bindings.Error) {
	r := bindings.ListRoots(ctx, cabi.None[uint32]())
	if e, failed := r.Err(); failed {
		return nil, &e
	}
	list, _ := r.Ok()
	return list, nil
}

func elicitURL(ctx bindings.RequestContext, message, url, id string) (string, *bindings.Error) {
	r := bindings.Elicit(ctx, bindings.ElicitRequestUrl(bindings.UrlRequest{Message: message, Url: url, ElicitationId: id}), cabi.None[uint32]())
	if e, failed := r.Err(); failed {
		return "", &e
	}
	res, _ := r.Ok()
	return res.Action.String(), nil
}
