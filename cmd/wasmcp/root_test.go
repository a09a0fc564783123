package main

import (
	"context"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/internal/iostreams"
)

// runCLI runs the CLI in-process with captured streams.
func runCLI(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	io, _, out, errOut := iostreams.Test()
	f := &factory{IO: io, Getenv: func(k string) string { return env[k] }}
	code = runWith(context.Background(), args, f)
	return code, out.String(), errOut.String()
}

func TestVersion(t *testing.T) {
	code, out, _ := runCLI(t, nil, "--version")
	if code != 0 || !strings.HasPrefix(out, "wasmcp ") {
		t.Fatalf("code=%d out=%q", code, out)
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	for _, args := range [][]string{{"no-such-command"}, {"--no-such-flag"}, {"completion"}, {"completion", "tcsh"}} {
		code, _, errOut := runCLI(t, nil, args...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want %d (stderr %q)", args, code, exitUsage, errOut)
		}
	}
}

func TestCompletion(t *testing.T) {
	for shell, want := range map[string]string{"bash": "bash completion", "zsh": "#compdef wasmcp", "fish": "complete -c wasmcp"} {
		code, out, _ := runCLI(t, nil, "completion", shell)
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("%s: code %d, output lacks %q", shell, code, want)
		}
	}
}
