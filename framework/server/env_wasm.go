//go:build !wasmcp_session_part

package main

import (
	"sync"

	wasienv "github.com/wasmcp/wasmcp/framework/server/iface/wasi/cli/v0.2.12/environment"
)

// getenv looks up the environment the host gives the component. It does
// not change while an instance lives, so it is read once, on first use,
// for the transport's configuration and the auth guard alike.
var getenv = sync.OnceValue(func() func(string) string { return hostEnv(wasienv.GetEnvironment()) })
