// Package fwwit holds the WIT package wasmcp:framework, the interfaces
// between the framework's own components: the Go-free notification channel
// and the layout constants the composer gives each framework instance. No
// user component imports or exports them.
package fwwit

import "embed"

// FS holds the package's .wit files at its root.
//
//go:embed *.wit
var FS embed.FS

// The package's identity and names.
const (
	Package                = "wasmcp:framework@0.1.0"
	InterfaceNotifications = "wasmcp:framework/notifications@0.1.0"
	InterfaceLayout        = "wasmcp:framework/layout@0.1.0"
	WorldNotifyChannel     = "wasmcp:framework/notify-channel@0.1.0"
	WorldLayoutProvider    = "wasmcp:framework/layout-provider@0.1.0"
)
