//go:build wasmtimehost

// Command wasmtime-host runs components on wasmtime for wasmcp's tests, the
// way the wasmtime CLI would: `check` compiles and instantiates, `run` runs
// wasi:cli/run with this process's stdio, `serve` answers HTTP requests
// through wasi:http/incoming-handler with one instance per request.
package main

import (
	"fmt"
	"os"

	"github.com/wasmcp/wasmcp/internal/wasmtimehost"
)

func main() {
	if err := wasmtimehost.Main(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "wasmtime-host:", err)
		if e, ok := err.(*wasmtimehost.Error); ok && e.HasExit {
			os.Exit(e.Exit)
		}
		os.Exit(1)
	}
}
