package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wasmcp/wasmcp/internal/iostreams"
)

// version is set at link time: -ldflags "-X main.version=v1.2.3".
var version = "dev"

// factory holds what commands share. Fields are plain values or functions so
// that tests can substitute them; nothing here is global.
type factory struct {
	IO *iostreams.IOStreams
	// Getenv reads the environment (os.Getenv in production).
	Getenv func(string) string
	// Environ lists the environment as KEY=value (os.Environ in
	// production; nil in tests means an empty one).
	Environ func() []string
}

// run executes the command line and returns the exit code. It is the only
// place where errors become exit codes.
func run(ctx context.Context, args []string, io *iostreams.IOStreams) int {
	return runWith(ctx, args, &factory{IO: io, Getenv: osGetenv, Environ: os.Environ})
}

func runWith(ctx context.Context, args []string, f *factory) int {
	root := newRootCmd(f)
	root.SetArgs(args)
	root.SetIn(f.IO.In)
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	err := root.ExecuteContext(ctx)
	if err != nil {
		if isCobraUsage(err) {
			err = &usageError{err}
		}
		fmt.Fprintf(f.IO.ErrOut, "wasmcp: %v\n", err)
		if exitCode(err) == exitUsage {
			fmt.Fprintln(f.IO.ErrOut, "Run 'wasmcp --help' (or the command with --help) for usage.")
		}
	}
	return exitCode(err)
}

// isCobraUsage recognises the errors cobra itself returns for a bad command line.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument", "invalid argument", "accepts ", "requires at least", "requires at most", "received "} {
		if strings.HasPrefix(msg, p) || strings.Contains(msg, " "+p) {
			return true
		}
	}
	return false
}

func newRootCmd(f *factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "wasmcp",
		Short: "Build Model Context Protocol servers from WebAssembly components",
		Long: `wasmcp turns WebAssembly components into Model Context Protocol (MCP) servers.

Scaffold a component with 'wasmcp new', register it with 'wasmcp registry',
compose one server component with 'wasmcp compose server', and run it on any
component runtime. 'wasmcp serve' runs a long-lived MCP host whose tools are
WebAssembly plugins.`,
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{err} })
	root.SetVersionTemplate("wasmcp {{.Version}}\n")
	root.AddCommand(
		newCompletionCmd(f),
	)
	for _, add := range subcommands {
		root.AddCommand(add(f))
	}
	return root
}

// subcommands is filled by the init functions of the command files, so that each
// command is added by its own file and root.go need not change.
var subcommands []func(*factory) *cobra.Command

// exactArgs is cobra.ExactArgs with a usage error.
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usageErrorf("%s takes %d argument(s), got %d", cmd.CommandPath(), n, len(args))
		}
		return nil
	}
}

// minArgs is cobra.MinimumNArgs with a usage error.
func minArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < n {
			return usageErrorf("%s needs at least %d argument(s), got %d", cmd.CommandPath(), n, len(args))
		}
		return nil
	}
}
