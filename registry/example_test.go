package registry_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/wasmcp/wasmcp/registry"
)

func ExampleResolve() {
	cfg := registry.NewBlankConfig()
	cfg.Components["weather"] = registry.Component{Spec: "acme:weather@1.2.0"}
	cfg.Components["forecast"] = registry.Component{Spec: "weather"}
	cfg.Profiles["dev"] = registry.Profile{Components: []string{"forecast"}}
	cfg.Profiles["prod"] = registry.Profile{Base: "dev", Components: []string{"acme:logger"}}

	resolved, err := registry.Resolve(cfg, []string{"prod"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range resolved {
		fmt.Printf("%s %s (%s)\n", r.Kind, r.Target(), r.Chain())
	}
	// Output:
	// package acme:weather@1.2.0 (profile prod -> base dev -> alias forecast -> alias weather -> package acme:weather@1.2.0)
	// package acme:logger (profile prod -> package acme:logger)
}

func ExampleUpdate() {
	dir, _ := os.MkdirTemp("", "wasmcp-example-")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "wasmcp", "config.toml")

	err := registry.Update(path, func(cfg *registry.Config) error {
		return registry.AddComponent(cfg, "weather", "acme:weather@1.2.0", false)
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg, _ := registry.Load(path)
	fmt.Println(cfg.Components["weather"].Spec)
	// Output: acme:weather@1.2.0
}
