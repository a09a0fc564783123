package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/wasmcp/wasmcp/component/wasiversion"
	"github.com/wasmcp/wasmcp/componentize"
)

func init() { subcommands = append(subcommands, newComponentizeCmd) }

type componentizeOptions struct {
	f           *factory
	core        string
	wit         string
	world       string
	out         string
	nodeModules string
	adapter     string
	jcoEmbed    bool
	tools       string
	wasi        string
	compNew     string
}

func newComponentizeCmd(f *factory) *cobra.Command {
	opts := &componentizeOptions{f: f}
	c := &cobra.Command{
		Use:   "componentize CORE.wasm --wit WIT --world W -o OUT.wasm",
		Short: "Turn a core module built by Go (wasip1, c-shared) into a component",
		Long: `Turn a core WebAssembly module built with
  GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared
into a component: give the wasi_snapshot_preview1 adapter memory of its own
(a cabi_realloc over the arena of package cabi), embed the component type of
a WIT world, then run 'component new' with the reactor adapter.

The 'component new' step is built in: no Node.js is needed. The adapter is
the wasi_snapshot_preview1.reactor.wasm of the jco npm package ` + componentize.JcoVersion + `:
--adapter FILE, $WASMCP_ADAPTER, a node_modules holding that package
(--node-modules, $WASMCP_NODE_MODULES, node_modules in the current
directory and its parents), or else the file fetched once from the npm
registry ($WASMCP_NPM_REGISTRY, default ` + componentize.DefaultRegistry + `), checked
against the integrity pinned in wasmcp, and kept in
$XDG_CACHE_HOME/wasmcp/adapter (~/.cache/wasmcp/adapter); offline afterwards.
--component-new jco runs jco's wasm-tools with node instead.

--tools-manifest FILE.json declares the tools of a tools provider: the file
holds {"tools": ["name", ...]} and is written into the component as its
top-level wasmcp:tools custom section, which 'wasmcp compose server' reads to
refuse two components offering the same tool.

The adapter imports WASI at the release of the jco package (0.2.12), newer
than many runtimes provide; wasmcp writes the component's WASI imports and
exports at the lowest WASI 0.2 release that has every WASI function and
type the component uses (0.2.0 for stock-Go components), or at
--wasi-version 0.2.N.`,
		Example: `  GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o calc.core.wasm .
  wasmcp componentize calc.core.wasm --wit ./wit --world calc -o calc.wasm
  wasmcp componentize core.wasm --wit wit --world tools-provider --tools-manifest tools.json -o calc.wasm`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.core = args[0]
			if opts.out == "" {
				return usageErrorf("componentize: -o OUT.wasm is required")
			}
			if opts.wit == "" && opts.world != "" {
				return usageErrorf("componentize: --world needs --wit")
			}
			wasi, err := wasiTarget("componentize", opts.wasi)
			if err != nil {
				return err
			}
			return runComponentize(cmd.Context(), opts, wasi)
		},
	}
	c.Flags().StringVar(&opts.wit, "wit", "", "WIT directory (or file) holding the world; omit when the module already embeds its component type")
	c.Flags().StringVar(&opts.world, "world", "", "world to embed (default: the only world of the package)")
	c.Flags().StringVarP(&opts.out, "out", "o", "", "output component")
	c.Flags().StringVar(&opts.nodeModules, "node-modules", "", "node_modules directory holding @bytecodealliance/jco")
	c.Flags().BoolVar(&opts.jcoEmbed, "embed-with-jco", false, "embed the world with jco's wasm-tools instead of wasmcp's WIT encoder")
	c.Flags().StringVar(&opts.tools, "tools-manifest", "", `JSON file {"tools": [...]} to add as the component's wasmcp:tools custom section`)
	c.Flags().StringVar(&opts.adapter, "adapter", "", "wasi_snapshot_preview1.reactor.wasm to use (default: $WASMCP_ADAPTER, the jco package in node_modules, or the pinned file fetched once into the user cache)")
	c.Flags().StringVar(&opts.compNew, "component-new", "go", "component new implementation: go (built in) or jco (jco's wasm-tools through node)")
	addWASIVersionFlag(c, &opts.wasi)
	return c
}

func runComponentize(ctx context.Context, opts *componentizeOptions, wasi *wasiversion.Target) error {
	cwd, err := os.Getwd()
	if err != nil {
		return err
	}
	candidates := append([]string{opts.nodeModules}, componentize.DefaultNodeModules(opts.f.Getenv, cwd)...)
	if opts.nodeModules != "" {
		candidates = []string{opts.nodeModules}
	}
	// The Go component new needs no node_modules; one that is there still
	// provides the adapter (when it is the pinned file) without a download.
	nm, err := componentize.FindNodeModules(candidates...)
	if err != nil && opts.compNew == "jco" {
		return err
	}
	adapter := opts.adapter
	if adapter == "" {
		adapter = opts.f.Getenv("WASMCP_ADAPTER")
	}
	core, err := os.ReadFile(opts.core)
	if err != nil {
		return err
	}
	var tools []string
	if opts.tools != "" {
		data, err := os.ReadFile(opts.tools)
		if err != nil {
			return err
		}
		if tools, err = componentize.ParseToolManifest(data); err != nil {
			return fmt.Errorf("componentize: %s: %w", opts.tools, err)
		}
	}
	if len(core) >= 8 && core[4] == 1 && !componentize.HasArena(core) {
		fmt.Fprintf(opts.f.IO.ErrOut, "warning: %s does not import github.com/wasmcp/wasmcp/cabi: the preview1 adapter will take memory the Go heap later overwrites, and the component may trap (\"assertion failed at adapter line …\") once the heap grows; import the cabi package (github.com/wasmcp/wasmcp/cabi, or the internal/cabi copy a wasmcp new project carries; see docs/bindgen.md)\n", opts.core)
	}
	data, err := componentize.Componentize(ctx, componentize.Options{
		Core: opts.core, CoreBytes: core, WitDir: opts.wit, World: opts.world, NodeModules: nm, Adapter: adapter, EmbedWithJco: opts.jcoEmbed,
		Tools: tools, WASI: wasi, ComponentNew: opts.compNew,
	})
	if err != nil {
		return withWASIHint(err)
	}
	if err := componentize.WriteFile(opts.out, data); err != nil {
		return err
	}
	fmt.Fprintf(opts.f.IO.ErrOut, "wrote %s (%d bytes)\n", filepath.Clean(opts.out), len(data))
	return nil
}
