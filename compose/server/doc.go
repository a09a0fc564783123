// Package server plans and builds MCP servers out of components: it
// classifies each component by its world (a tools, resources, prompts or
// completions provider, or a middleware of wasmcp:mcp/handler), plans the
// chain
//
//	transport → wrapper(c1) → wrapper(c2) → … → chain-end
//
// with the framework parts (embedded, or given by a PartFunc), and builds it
// with package compose: the notify channel first, wasmcp:mcp/types provided
// inside by a synthesized component of types, WASI imports lifted once each,
// the transport's entry point exported.
//
//	plan, err := server.NewPlan(ctx, inputs, server.Options{Transport: server.HTTP})
//	plan.Describe(os.Stderr)
//	wasm, err := plan.Build()
//
// With Transport NoTransport it builds the chain alone, a component that
// imports and exports wasmcp:mcp/handler (wasmcp compose handler).
// See docs/compose-server.md.
package server
