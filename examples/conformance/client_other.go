//go:build !wasip1

package main

import "conformance/internal/bindings"

// Natively (unit tests) the client answers with fixed values.

func sample(ctx bindings.RequestContext, prompt string) (string, *bindings.Error) {
	return "sampled: " + prompt, nil
}

func elicit(ctx bindings.RequestContext, message, schema string) (action, content string, err *bindings.Error) {
	return "accept", `{"schema":` + schema + `}`, nil
}

func roots(ctx bindings.RequestContext) ([]bindings.Root, *bindings.Error) {
	return []bindings.Root{{Uri: "file:///native"}}, nil
}

func elicitURL(ctx bindings.RequestContext, message, url, id string) (string, *bindings.Error) {
	return "accept", nil
}
