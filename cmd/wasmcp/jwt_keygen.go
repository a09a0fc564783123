package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wasmcp/wasmcp/auth"
)

func init() {
	jwtSubcommands = append(jwtSubcommands, newJWTKeygenCmd)
}

type jwtKeygenOptions struct {
	f     *factory
	alg   string
	dir   string
	force bool
}

func newJWTKeygenCmd(f *factory) *cobra.Command {
	opts := &jwtKeygenOptions{f: f}
	c := &cobra.Command{
		Use:   "keygen [--alg RS256|PS256|ES256|EdDSA] [--dir DIR]",
		Short: "Make a signing key pair: private.pem, public.pem and jwks.json",
		Long: `Make a key pair for signing test tokens, and write three files to DIR:
private.pem (PKCS #8, readable by you only; 'wasmcp jwt mint --key' takes it),
public.pem (the server's JWT_PUBLIC_KEY) and jwks.json (a JWK Set to publish
and name in JWT_JWKS_URI). The key id (kid) is the key's RFC 7638
thumbprint, which mint also uses. Existing files are kept unless --force.
See docs/auth.md.`,
		Example: `  wasmcp jwt keygen --dir ./keys
  wasmcp jwt keygen --alg EdDSA --dir ./keys --force`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains(auth.Algorithms, opts.alg) {
				return usageErrorf("--alg %q is not one of %s", opts.alg, strings.Join(auth.Algorithms, ", "))
			}
			return runJWTKeygen(opts)
		},
	}
	c.Flags().StringVar(&opts.alg, "alg", auth.RS256, "signing algorithm: "+strings.Join(auth.Algorithms, ", "))
	c.Flags().StringVar(&opts.dir, "dir", ".", "folder to write the files to (created if missing)")
	c.Flags().BoolVar(&opts.force, "force", false, "replace existing files")
	return c
}

func runJWTKeygen(opts *jwtKeygenOptions) error {
	kp, err := auth.NewKeyPair(opts.alg)
	if err != nil {
		return err
	}
	files := []struct {
		name string
		data []byte
		mode fs.FileMode
	}{
		{"private.pem", kp.PrivatePEM, 0o600},
		{"public.pem", kp.PublicPEM, 0o644},
		{"jwks.json", kp.JWKS, 0o644},
	}
	if !opts.force {
		for _, f := range files {
			p := filepath.Join(opts.dir, f.name)
			if _, err := os.Stat(p); err == nil {
				return fmt.Errorf("%s exists: pass --force to replace it", p)
			} else if !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
	}
	if err := os.MkdirAll(opts.dir, 0o755); err != nil {
		return err
	}
	for _, f := range files {
		p := filepath.Join(opts.dir, f.name)
		// Written through a new file so that a replaced private key never
		// keeps the mode of the file it replaces.
		os.Remove(p)
		if err := os.WriteFile(p, f.data, f.mode); err != nil {
			return err
		}
	}
	out := opts.f.IO.Out
	fmt.Fprintf(out, "%s key %s\n", kp.Alg, kp.Kid)
	fmt.Fprintf(out, "  %s  signing key (keep it secret): wasmcp jwt mint --key %s\n", filepath.Join(opts.dir, "private.pem"), filepath.Join(opts.dir, "private.pem"))
	fmt.Fprintf(out, "  %s  for JWT_PUBLIC_KEY\n", filepath.Join(opts.dir, "public.pem"))
	fmt.Fprintf(out, "  %s  JWK Set to publish at JWT_JWKS_URI\n", filepath.Join(opts.dir, "jwks.json"))
	return nil
}
