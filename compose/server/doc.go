// Package server plans and builds MCP servers out of components: it
// classifies each component by its world (a tools, resources, prompts or
// completions provider, or a middleware of wasmcp:mcp/handler), plans the
// chain
//
//	transport → c1 → c2 → … → chain end
//
// and builds it with package compose around the framework program (an
// embedded part, or one a PartFunc gives): one instance of the program
// serves the transport, a capability middleware for each provider wired to
// its slots and the chain end, further instances only below a user's
// middleware or past a capability's slots; the Go-free notification
// channel, layout constants and unused-slot stub of package coreparts,
// wasmcp:mcp/types from a synthesized component of types, WASI imports
// lifted once each, the transport's entry point exported.
//
//	plan, err := server.NewPlan(ctx, inputs, server.Options{Transport: server.HTTP})
//	plan.Describe(os.Stderr)
//	wasm, err := plan.Build()
//
// With Transport NoTransport it builds the chain alone, a component that
// imports and exports wasmcp:mcp/handler (wasmcp compose handler).
// See docs/compose-server.md.
package server
