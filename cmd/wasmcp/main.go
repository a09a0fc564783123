// Command wasmcp turns WebAssembly components into Model Context Protocol servers.
//
// Every subcommand lives in its own file in this package: an options struct, a
// constructor that binds flags, and a run function that takes a context and the
// injected streams. The work itself is done by library packages, none of which
// import cobra.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/wasmcp/wasmcp/internal/iostreams"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], iostreams.System())
	stop()
	os.Exit(code)
}
