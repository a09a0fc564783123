package main

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/wasmcp/wasmcp/auth"
)

func init() {
	jwtSubcommands = append(jwtSubcommands, newJWTMintCmd)
}

type jwtMintOptions struct {
	f        *factory
	key      string
	alg      string
	kid      string
	issuer   string
	subject  string
	audience []string
	scopes   []string
	clientID string
	ttl      time.Duration
	claims   []string
}

func newJWTMintCmd(f *factory) *cobra.Command {
	opts := &jwtMintOptions{f: f}
	c := &cobra.Command{
		Use:   "mint --key private.pem --iss ISSUER [--sub S] [--aud A] [--scope S] [--ttl D] [--claim K=V]...",
		Short: "Sign a token with chosen claims and lifetime",
		Long: `Sign an access token with the key of 'wasmcp jwt keygen' and print it
on stdout. The token has iss, sub, aud, scope, client_id, iat, nbf, exp (now +
--ttl) and jti; --claim adds or replaces any claim (its value is read as JSON
when it parses, as a string otherwise). The algorithm follows the key (RS256,
ES256 or EdDSA; --alg PS256 for an RSA key) and the kid is the key's
thumbprint, as in the jwks.json keygen wrote. See docs/auth.md.`,
		Example: `  wasmcp jwt mint --key keys/private.pem --iss https://issuer.local --scope mcp:tools
  wasmcp jwt mint --key keys/private.pem --iss https://issuer.local --sub bob --aud http://127.0.0.1:3001 --ttl 5m
  wasmcp jwt mint --key keys/private.pem --iss https://issuer.local --claim roles='["admin"]' --claim tenant=acme`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.key == "" || opts.issuer == "" {
				return usageErrorf("--key and --iss are required")
			}
			if opts.alg != "" && !slices.Contains(auth.Algorithms, opts.alg) {
				return usageErrorf("--alg %q is not one of %s", opts.alg, strings.Join(auth.Algorithms, ", "))
			}
			if opts.ttl <= 0 {
				return usageErrorf("--ttl %v must be positive", opts.ttl)
			}
			return runJWTMint(opts)
		},
	}
	fl := c.Flags()
	fl.StringVar(&opts.key, "key", "", "PEM signing key (private.pem of 'wasmcp jwt keygen')")
	fl.StringVar(&opts.alg, "alg", "", "algorithm (default: RS256, ES256 or EdDSA after the key)")
	fl.StringVar(&opts.kid, "kid", "", "key id in the header (default: the key's RFC 7638 thumbprint)")
	fl.StringVar(&opts.issuer, "iss", "", "issuer: the server's JWT_ISSUER")
	fl.StringVar(&opts.subject, "sub", "local-user", "subject")
	fl.StringArrayVar(&opts.audience, "aud", nil, "audience (repeat for several): the server's JWT_AUDIENCE")
	fl.StringSliceVar(&opts.scopes, "scope", nil, "scopes, comma- or space-separated (the server's JWT_REQUIRED_SCOPES)")
	fl.StringVar(&opts.clientID, "client-id", "wasmcp-jwt", "client_id claim")
	fl.DurationVar(&opts.ttl, "ttl", time.Hour, "lifetime")
	fl.StringArrayVar(&opts.claims, "claim", nil, "extra claim NAME=VALUE (JSON or text; repeatable)")
	return c
}

func runJWTMint(opts *jwtMintOptions) error {
	pemText, err := os.ReadFile(opts.key)
	if err != nil {
		return err
	}
	key, err := auth.ParsePrivateKeyPEM(pemText)
	if err != nil {
		return fmt.Errorf("%s: %w", opts.key, err)
	}
	extra := map[string]any{}
	for _, kv := range opts.claims {
		name, value, ok := strings.Cut(kv, "=")
		if !ok || name == "" {
			return usageErrorf("--claim %q: expected NAME=VALUE", kv)
		}
		var v any
		if json.Unmarshal([]byte(value), &v) != nil {
			v = value
		}
		extra[name] = v
	}
	var scopes []string
	for _, s := range opts.scopes {
		scopes = append(scopes, auth.ParseScopes(s)...)
	}
	tok, err := auth.Mint(key, auth.MintOptions{
		Alg: opts.alg, Kid: opts.kid, Issuer: opts.issuer, Subject: opts.subject,
		Audience: opts.audience, Scopes: scopes, ClientID: opts.clientID, TTL: opts.ttl, Claims: extra,
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(opts.f.IO.Out, tok)
	return nil
}
