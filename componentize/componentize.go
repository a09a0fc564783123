// Package componentize turns a core WebAssembly module built by stock Go
// (GOOS=wasip1 GOARCH=wasm -buildmode=c-shared) into a component: it embeds
// the component type of a WIT world and runs `component new` with the
// wasi_snapshot_preview1 reactor adapter.
//
// The world is embedded by package wit, and `component new` (adapter
// splicing) is done in Go by package newcomp; Options.ComponentNew "jco"
// runs the wasm-tools build bundled in the pinned jco npm package instead,
// through node, from a small script embedded in this package. The adapter
// is the one of that npm package; it is never shipped with wasmcp:
// LoadAdapter fetches it once, verified against pinned hashes.
//
// Options.Tools adds the wasmcp:tools custom section that `wasmcp compose
// server` reads to refuse duplicate tool names (see AddToolManifest).
package componentize

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/wasmcp/wasmcp/component/wasiversion"
	"github.com/wasmcp/wasmcp/componentize/newcomp"
	"github.com/wasmcp/wasmcp/wit"
)

//go:embed componentize.js
var script []byte

// JcoVersion is the jco release whose bundled wasm-tools and adapter are used.
const JcoVersion = "1.35.0"

// AdapterName is the file name of the reactor adapter inside jco's lib/.
const AdapterName = "wasi_snapshot_preview1.reactor.wasm"

// InstallHint tells users how to provide the JavaScript tools (see
// InstallHintFor for the cache $XDG_CACHE_HOME names).
const InstallHint = "install them with: npm install --prefix ~/.cache/wasmcp @bytecodealliance/jco@" + JcoVersion +
	" (or run `npm ci` in the wasmcp repository), or point --node-modules / WASMCP_NODE_MODULES at a node_modules holding @bytecodealliance/jco"

// ErrNoTools reports that node or the jco package could not be found.
var ErrNoTools = errors.New("componentize: jco tools not found")

// Options says what to componentize.
type Options struct {
	// Core is the path of the core module.
	Core string
	// CoreBytes, when not nil, is the core module itself (Core then only
	// names it in messages).
	CoreBytes []byte
	// WitDir and World select the world to embed (WitDir "" when Core
	// already carries a component-type custom section).
	WitDir string
	World  string
	// Resolve and ResolvedWorld, when ResolvedWorld is set, are the world
	// to embed instead of WitDir and World: a world changed after
	// resolving, such as by wit.World.ExpandImport. Not with EmbedWithJco.
	Resolve       *wit.Resolve
	ResolvedWorld *wit.World
	// NodeModules is a node_modules directory holding @bytecodealliance/jco
	// (and its dependencies jco-transpile and preview2-shim).
	NodeModules string
	// Node is the node binary ("" looks it up on PATH).
	Node string
	// Adapter is the path of the reactor adapter ("" takes it from
	// NodeModules).
	Adapter string
	// EmbedWithJco embeds the world with jco's wasm-tools instead of
	// wasmcp's own WIT encoder (package wit).
	EmbedWithJco bool
	// Tools, when not nil, is written into the component as a top-level
	// wasmcp:tools custom section (see AddToolManifest), so that `wasmcp
	// compose server` can refuse two components declaring the same tool.
	Tools []string
	// ComponentNew selects the `component new` implementation: "" or
	// "go" (package newcomp, no external process), or "jco" (jco's
	// wasm-tools run by node; needs NodeModules).
	ComponentNew string
	// WASI, when set, selects the WASI 0.2 release the component's WASI
	// names are written at (see package wasiversion): the adapter in the
	// jco package imports WASI at its own release (0.2.12), newer than many
	// runtimes provide. nil keeps the adapter's names.
	WASI *wasiversion.Target
}

// embed appends the component type of the world to the core module.
func embed(core []byte, witPath, world string) ([]byte, error) {
	res, pkg, err := wit.LoadDir(witPath, wit.ResolveOptions{})
	if err != nil {
		return nil, err
	}
	var w *wit.World
	if world == "" && pkg != nil && len(pkg.Worlds) == 1 {
		w = pkg.Worlds[0]
	} else if w, err = res.SelectWorld(world); err != nil {
		return nil, fmt.Errorf("componentize: %s: %w", witPath, err)
	}
	out, err := wit.Embed(core, res, w.QualifiedName())
	if err != nil {
		return nil, fmt.Errorf("componentize: embed world %s: %w", w.QualifiedName(), err)
	}
	return out, nil
}

// FindNodeModules returns the first directory among candidates that holds
// the jco package, or an error that explains how to install it.
func FindNodeModules(candidates ...string) (string, error) {
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if _, err := os.Stat(filepath.Join(c, "@bytecodealliance", "jco-transpile", "dist", "wasm-tools.js")); err == nil {
			return c, nil
		}
	}
	return "", fmt.Errorf("%w (looked in %v): %s", ErrNoTools, nonEmpty(candidates), InstallHintFor(candidates))
}

// DefaultNodeModules lists where FindNodeModules looks by default: env
// WASMCP_NODE_MODULES, node_modules in dir and its parents, and the user cache
// (<cacheDir>/wasmcp/node_modules).
func DefaultNodeModules(getenv func(string) string, dir string) []string {
	var c []string
	c = append(c, getenv("WASMCP_NODE_MODULES"))
	for d := dir; d != ""; {
		c = append(c, filepath.Join(d, "node_modules"))
		p := filepath.Dir(d)
		if p == d {
			break
		}
		d = p
	}
	cache := getenv("XDG_CACHE_HOME")
	if cache == "" {
		if home := getenv("HOME"); home != "" {
			cache = filepath.Join(home, ".cache")
		}
	}
	if cache != "" {
		c = append(c, filepath.Join(cache, "wasmcp", "node_modules"))
	}
	return c
}

func nonEmpty(xs []string) []string {
	var out []string
	for _, x := range xs {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

var (
	coreMagic      = []byte{0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00}
	componentMagic = []byte{0x00, 'a', 's', 'm', 0x0d, 0x00, 0x01, 0x00}
)

// Componentize builds the component and returns its bytes.
func Componentize(ctx context.Context, opts Options) ([]byte, error) {
	core := opts.CoreBytes
	if core == nil {
		var err error
		if core, err = os.ReadFile(opts.Core); err != nil {
			return nil, fmt.Errorf("componentize: %w", err)
		}
	}
	switch {
	case len(core) >= 8 && bytes.Equal(core[:8], componentMagic):
		return nil, fmt.Errorf("componentize: %s is already a component", opts.Core)
	case len(core) < 8 || !bytes.Equal(core[:8], coreMagic):
		return nil, fmt.Errorf("componentize: %s is not a core WebAssembly module (bad header at offset 0)", opts.Core)
	}
	// Give the preview1 adapter memory the Go heap does not use.
	patched, err := AddAdapterRealloc(core)
	switch {
	case errors.Is(err, ErrNoArena):
		patched = core
	case err != nil:
		return nil, fmt.Errorf("componentize: %s: %w", opts.Core, err)
	}
	jsWit := ""
	if opts.ResolvedWorld != nil {
		if opts.EmbedWithJco {
			return nil, fmt.Errorf("componentize: a resolved world cannot be embedded with jco")
		}
		if patched, err = wit.EmbedWorld(patched, opts.Resolve, opts.ResolvedWorld); err != nil {
			return nil, fmt.Errorf("componentize: embed world %s: %w", opts.ResolvedWorld.QualifiedName(), err)
		}
	} else if opts.WitDir != "" {
		if opts.EmbedWithJco && opts.ComponentNew == "jco" {
			jsWit = opts.WitDir
		} else if patched, err = embed(patched, opts.WitDir, opts.World); err != nil {
			return nil, err
		}
	}
	var comp []byte
	switch opts.ComponentNew {
	case "", "go":
		if opts.EmbedWithJco {
			return nil, fmt.Errorf("componentize: embedding with jco needs the jco component new (ComponentNew \"jco\")")
		}
		adapter, err := opts.adapterBytes(ctx)
		if err != nil {
			return nil, err
		}
		if comp, err = newcomp.New(patched, adapter); err != nil {
			return nil, fmt.Errorf("componentize %s: %w", opts.Core, err)
		}
	case "jco":
		if comp, err = componentNewJco(ctx, opts, patched, jsWit); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("componentize: unknown component new implementation %q (go or jco)", opts.ComponentNew)
	}
	if opts.WASI != nil {
		if comp, _, err = wasiversion.Retarget(comp, *opts.WASI); err != nil {
			return nil, fmt.Errorf("componentize %s: %w", opts.Core, err)
		}
	}
	if opts.Tools == nil {
		return comp, nil
	}
	return AddToolManifest(comp, opts.Tools)
}

// adapterBytes finds the adapter for the Go `component new`: Adapter, the
// copy in NodeModules when it is the pinned file, or LoadAdapter with the
// environment's settings.
func (opts Options) adapterBytes(ctx context.Context) ([]byte, error) {
	if opts.Adapter != "" {
		b, err := os.ReadFile(opts.Adapter)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrAdapter, err)
		}
		return b, nil
	}
	if opts.NodeModules != "" {
		if b, err := os.ReadFile(filepath.Join(opts.NodeModules, "@bytecodealliance", "jco", "lib", AdapterName)); err == nil && sha256Hex(b) == AdapterSHA256 {
			return b, nil
		}
	}
	return LoadAdapter(ctx, DefaultAdapterSource(os.Getenv))
}

// componentNewJco runs `component new` (and the embedding, when jsWit is
// set) with jco's wasm-tools through node.
func componentNewJco(ctx context.Context, opts Options, patched []byte, jsWit string) ([]byte, error) {
	var err error
	if opts.NodeModules == "" {
		return nil, fmt.Errorf("%w: %s", ErrNoTools, InstallHint)
	}
	node := opts.Node
	if node == "" {
		if node, err = exec.LookPath("node"); err != nil {
			return nil, fmt.Errorf("%w: node is not on PATH (Node.js 20 or later is needed for `component new`)", ErrNoTools)
		}
	}
	adapter := opts.Adapter
	if adapter == "" {
		adapter = filepath.Join(opts.NodeModules, "@bytecodealliance", "jco", "lib", AdapterName)
	}
	if _, err := os.Stat(adapter); err != nil {
		return nil, fmt.Errorf("%w: adapter %s missing: %s", ErrNoTools, adapter, InstallHint)
	}
	tmp, err := os.MkdirTemp("", "wasmcp-componentize-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	scriptPath := filepath.Join(tmp, "componentize.mjs")
	if err := os.WriteFile(scriptPath, script, 0o600); err != nil {
		return nil, err
	}
	abs := func(p string) string {
		if p == "" {
			return ""
		}
		a, err := filepath.Abs(p)
		if err != nil {
			return p
		}
		return a
	}
	corePath := filepath.Join(tmp, "core.wasm")
	if err := os.WriteFile(corePath, patched, 0o600); err != nil {
		return nil, err
	}
	out := filepath.Join(tmp, "out.wasm")
	req, _ := json.Marshal(map[string]string{
		"nodeModules": abs(opts.NodeModules),
		"core":        corePath,
		"witDir":      abs(jsWit),
		"world":       opts.World,
		"adapter":     abs(adapter),
		"out":         out,
	})
	cmd := exec.CommandContext(ctx, node, scriptPath)
	cmd.Stdin = bytes.NewReader(req)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Stdout = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("componentize %s: %v\n%s", opts.Core, err, bytes.TrimSpace(stderr.Bytes()))
	}
	return os.ReadFile(out)
}

// WriteFile writes data to path atomically (a temporary file in the same
// directory, then a rename).
func WriteFile(path string, data []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-")
	if err != nil {
		return err
	}
	name := f.Name()
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(name)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(name)
		return err
	}
	if err := os.Chmod(name, 0o644); err != nil {
		os.Remove(name)
		return err
	}
	if err := os.Rename(name, path); err != nil {
		os.Remove(name)
		return err
	}
	return nil
}
