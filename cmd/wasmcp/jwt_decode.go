package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wasmcp/wasmcp/auth"
)

func init() {
	jwtSubcommands = append(jwtSubcommands, newJWTDecodeCmd)
}

type jwtDecodeOptions struct {
	f     *factory
	token string
	key   string
}

func newJWTDecodeCmd(f *factory) *cobra.Command {
	opts := &jwtDecodeOptions{f: f}
	c := &cobra.Command{
		Use:   "decode [TOKEN | -] [--key public.pem|jwks.json]",
		Short: "Print a token's header and claims",
		Long: `Print a token's header and claims as JSON. Without --key nothing is
verified; with --key (a PEM public key, a JWK Set or one JWK) the signature
is checked and a bad one is an error. The token is read from stdin when it
is "-" or absent, which keeps it out of the process list.`,
		Example: `  wasmcp jwt decode "$TOKEN"
  wasmcp jwt mint --key keys/private.pem --iss https://issuer.local | wasmcp jwt decode --key keys/jwks.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			switch len(args) {
			case 0:
				opts.token = "-"
			case 1:
				opts.token = args[0]
			default:
				return usageErrorf("jwt decode takes one token, got %d arguments", len(args))
			}
			return runJWTDecode(opts)
		},
	}
	c.Flags().StringVar(&opts.key, "key", "", "verify the signature with this PEM public key, JWK Set or JWK")
	return c
}

func runJWTDecode(opts *jwtDecodeOptions) error {
	tok := opts.token
	if tok == "-" {
		b, err := io.ReadAll(io.LimitReader(opts.f.IO.In, auth.MaxTokenSize+2))
		if err != nil {
			return err
		}
		tok = string(b)
	}
	tok = strings.TrimSpace(tok)
	d, err := auth.Decode(tok)
	if err != nil {
		return err
	}
	out := struct {
		*auth.Decoded
		Signature string `json:"signature"`
	}{d, "not verified"}
	if opts.key != "" {
		data, err := os.ReadFile(opts.key)
		if err != nil {
			return err
		}
		keys, err := auth.ParseKeys(data)
		if err != nil {
			return fmt.Errorf("%s: %w", opts.key, err)
		}
		if _, err := auth.VerifySignature(tok, keys); err != nil {
			return fmt.Errorf("signature not valid with %s: %w", opts.key, err)
		}
		out.Signature = "valid"
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.f.IO.Out, "%s\n", b)
	return nil
}
