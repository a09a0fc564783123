//go:build wasip1 && wasmcp_stdio && !wasmcp_calls

package main

import s "github.com/wasmcp/wasmcp/framework/server/stdiobind"

// serveStdio is only used by the builds with a session part.
func serveStdio(stdioConfig, s.InputStream, s.OutputStream, s.OutputStream) bool { return false }
