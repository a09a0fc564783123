package main

import "github.com/spf13/cobra"

var jwtSubcommands []func(*factory) *cobra.Command

func init() {
	subcommands = append(subcommands, group("jwt", "Make keys and tokens to try a server in oauth mode",
		`  wasmcp jwt keygen --dir ./keys
  wasmcp jwt mint --key ./keys/private.pem --iss https://issuer.local --scope mcp:tools
  wasmcp jwt decode "$TOKEN"`, &jwtSubcommands))
}
