package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/wasmcp/wasmcp/registry"
)

// registryConfigPath is the config file the registry commands use.
func registryConfigPath(f *factory) (string, error) {
	return registry.DefaultPath(f.Getenv)
}

// loadRegistry reads the config for a read-only command, warning on stderr
// about keys this version does not know.
func loadRegistry(f *factory) (string, *registry.Config, error) {
	path, err := registryConfigPath(f)
	if err != nil {
		return "", nil, err
	}
	cfg, err := registry.Load(path)
	if err != nil {
		return "", nil, err
	}
	for _, u := range cfg.Unknown() {
		fmt.Fprintf(f.IO.ErrOut, "warning: %s (ignored)\n", u)
	}
	return path, cfg, nil
}

// checkRegistryName turns an invalid alias or profile name into a usage error.
func checkRegistryName(what, name string) error {
	if err := registry.ValidateName(name); err != nil {
		return usageErrorf("invalid %s name: %v", what, err)
	}
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
