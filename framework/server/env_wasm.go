//go:build !wasmcp_session_part

package main

import (
	"sync"

	b "github.com/wasmcp/wasmcp/framework/server/bindings"
)

// getenv looks up the environment the host gives the component. It does
// not change while an instance lives, so it is read once, on first use,
// for the transport's configuration and the auth guard alike.
var getenv = sync.OnceValue(func() func(string) string { return hostEnv(b.GetEnvironment()) })
