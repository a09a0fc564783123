// Command server is the framework of a wasmcp server as one Go program: the
// transport (Streamable HTTP with build tag wasmcp_http, stdio with
// wasmcp_stdio), the capability middlewares over the providers wired to its
// slots, the chain end, and the JSON side of the notification channel.
// framework/server-http and framework/server-stdio build it; the composer
// instantiates it once per server (more only when a user's middleware
// splits the chain). The protocol logic is framework/mcpcore's; this
// package moves values between the bindings and mcpcore. See
// docs/framework.md.
package main

func main() {}
