package componentize

import (
	"path/filepath"
	"strings"
)

// InstallHintFor is InstallHint for the candidates FindNodeModules was
// given: the npm prefix is the user cache among them (the one
// DefaultNodeModules derives from $XDG_CACHE_HOME), so that the command it
// prints installs where wasmcp will look.
func InstallHintFor(candidates []string) string {
	for _, c := range candidates {
		if c != "" && filepath.Base(c) == "node_modules" && filepath.Base(filepath.Dir(c)) == "wasmcp" {
			return strings.Replace(InstallHint, "~/.cache/wasmcp", shellQuote(filepath.Dir(c)), 1)
		}
	}
	return InstallHint
}

// shellQuote quotes p for a POSIX shell when it holds anything but
// ordinary path characters.
func shellQuote(p string) string {
	if strings.Trim(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+~") == "" {
		return p
	}
	return "'" + strings.ReplaceAll(p, "'", `'\''`) + "'"
}
