// Package pipeline builds the framework's parts: each framework/<part>/
// directory holding a part.json is a Go main package for wasip1 that
// becomes one component.
//
// For each part: generate its bindings with package bindgen (into
// framework/<part>/bindings, committed), build the core module with stock Go
// (GOOS=wasip1 GOARCH=wasm, -buildmode=c-shared, -trimpath, -buildvcs=false,
// no symbol table or DWARF, an empty build id), turn it into a component with package componentize
// (world from wit/mcp, or from the part's own wit/ directory with wit/mcp and
// the WASI packages of the pinned jco as deps; with "slots" in part.json
// its capability imports multiplied, see ExpandSlots), and gzip it without a name or
// time in the header. Same inputs, same bytes.
//
// docs/framework-parts.md describes the pipeline and the check that keeps the
// committed parts current.
package pipeline

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/wasmcp/wasmcp/bindgen"
	"github.com/wasmcp/wasmcp/componentize"
	"github.com/wasmcp/wasmcp/wit"
	mcpwit "github.com/wasmcp/wasmcp/wit/mcp"
)

// ManifestFile is the file, part of the part's directory, that marks a
// framework part and says how to build it.
const ManifestFile = "part.json"

// Part is one framework part, read from framework/<name>/part.json.
type Part struct {
	// Name is the directory name, e.g. "tools-middleware".
	Name string `json:"-"`
	// World is the world the part implements: a world of wasmcp:mcp
	// ("tools-middleware") when WIT is empty, else a world of the part's own
	// WIT package (a plain name or a full name).
	World string `json:"world"`
	// Version is the part's version, reported by package embedded.
	Version string `json:"version"`
	// WIT, when set, is a directory of the part (e.g. "wit") holding its own
	// WIT package; wit/mcp is then available to it as a dependency.
	WIT string `json:"wit,omitempty"`
	// WASI, when set, is the WASI release (e.g. "0.2.12") whose packages,
	// taken from the pinned jco under lib/wit/builtin/, are added as deps.
	WASI string `json:"wasi,omitempty"`
	// Source, when set, is the directory under framework/ of the Go main
	// package (and of WIT) when it is not the part's own: several parts
	// may be built from one program with different Tags.
	Source string `json:"source,omitempty"`
	// Tags are Go build tags of the build.
	Tags []string `json:"tags,omitempty"`
	// Bindings lists the binding packages to generate; by default one
	// package "bindings" in the source directory, for World. A program with
	// several (shared ones, and one per entry point) lists them.
	Bindings []BindingsSpec `json:"bindings,omitempty"`
	// Slots, when above zero, makes each import of the world of a
	// capability interface (SlotInterfaces) K imports under the plain names
	// SlotNames gives (tools1 … toolsK), before the bindings are generated
	// and the world is embedded: the part calls K providers of the
	// capability (see ExpandSlots).
	Slots int `json:"slots,omitempty"`
}

// BindingsSpec is one generated bindings package of a part.
type BindingsSpec struct {
	// Dir is the package directory, relative to framework/.
	Dir string `json:"dir"`
	// World is the world it is generated for, named as Part.World is.
	World string `json:"world"`
}

// source is the directory under framework/ holding the part's program.
func (p Part) source() string {
	if p.Source != "" {
		return p.Source
	}
	return p.Name
}

// BindingSpecs returns the part's bindings packages, with the default
// filled in.
func (p Part) BindingSpecs() []BindingsSpec {
	if len(p.Bindings) > 0 {
		return p.Bindings
	}
	return []BindingsSpec{{Dir: p.source() + "/bindings", World: p.World}}
}

// SlotInterfaces are the interfaces whose imports Part.Slots multiplies.
var SlotInterfaces = []string{
	mcpwit.InterfaceTools, mcpwit.InterfaceResources, mcpwit.InterfacePrompts, mcpwit.InterfaceCompletions,
}

// SlotNames returns the k plain import names of a capability interface
// ("tools"): tools1, tools2, … Every word of a plain name must start with a
// letter for wasmtime 39, so the number is not set off by a hyphen.
func SlotNames(iface string, k int) []string {
	names := make([]string, k)
	for i := range names {
		names[i] = fmt.Sprintf("%s%d", iface, i+1)
	}
	return names
}

// ExpandSlots replaces each import of w of a wasmcp:mcp capability
// interface (SlotInterfaces) by k imports named by SlotNames. It fails when
// w imports none of them.
func ExpandSlots(w *wit.World, k int) error {
	if k <= 0 {
		return fmt.Errorf("slots: %d: want a positive number", k)
	}
	n := 0
	for _, name := range SlotInterfaces {
		q := mcpwit.QualifiedInterface(name)
		if !importsInterface(w, q) {
			continue
		}
		if err := w.ExpandImport(q, SlotNames(name, k)); err != nil {
			return err
		}
		n++
	}
	if n == 0 {
		return fmt.Errorf("slots: world %s imports none of the capability interfaces of %s (%s)",
			w.QualifiedName(), mcpwit.Package, strings.Join(SlotInterfaces, ", "))
	}
	return nil
}

// Entry describes one built part in the artifacts' index (parts.json).
type Entry struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	// World is the fully qualified world, e.g. "wasmcp:mcp/tools-middleware@0.1.0".
	World string `json:"world"`
	// SHA256 and Size are those of the component (not the gzip file).
	SHA256 string `json:"sha256"`
	Size   int    `json:"size"`
	// Inputs is the hash of everything the build reads (InputsHash).
	Inputs string `json:"inputs"`
}

// IndexFile is the name of the index beside the artifacts.
const IndexFile = "parts.json"

// Config says where things are.
type Config struct {
	// Root is the repository root (the directory holding go.mod).
	Root string
	// NodeModules holds @bytecodealliance/jco.
	NodeModules string
	// Go is the go command ("" looks up "go").
	Go string
	// Log receives progress lines (nil: none).
	Log io.Writer
}

func (c Config) logf(format string, args ...any) {
	if c.Log != nil {
		fmt.Fprintf(c.Log, format+"\n", args...)
	}
}

func (c Config) goCmd() string {
	if c.Go != "" {
		return c.Go
	}
	return "go"
}

// FindRoot returns the directory holding go.mod at or above dir.
func FindRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		p := filepath.Dir(dir)
		if p == dir {
			return "", errors.New("pipeline: go.mod not found")
		}
		dir = p
	}
}

// LoadParts lists the parts under root/framework, sorted by name.
func LoadParts(root string) ([]Part, error) {
	dirs, err := os.ReadDir(filepath.Join(root, "framework"))
	if err != nil {
		return nil, err
	}
	var parts []Part
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(root, "framework", d.Name(), ManifestFile))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		p := Part{Name: d.Name()}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&p); err != nil {
			return nil, fmt.Errorf("framework/%s/%s: %w", d.Name(), ManifestFile, err)
		}
		if p.World == "" || p.Version == "" {
			return nil, fmt.Errorf("framework/%s/%s: world and version are required", d.Name(), ManifestFile)
		}
		if p.Slots < 0 {
			return nil, fmt.Errorf("framework/%s/%s: slots must not be negative", d.Name(), ManifestFile)
		}
		parts = append(parts, p)
	}
	return parts, nil
}

// Select returns the parts named in names (all when names is empty).
func Select(parts []Part, names []string) ([]Part, error) {
	if len(names) == 0 {
		return parts, nil
	}
	var out []Part
	for _, n := range names {
		found := false
		for _, p := range parts {
			if p.Name == n {
				out = append(out, p)
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("no framework part %q (a directory framework/%s with a %s)", n, n, ManifestFile)
		}
	}
	return out, nil
}

// Dir is the part's source directory.
func (c Config) Dir(p Part) string { return filepath.Join(c.Root, "framework", p.source()) }

// ManifestPath is the part's part.json.
func (c Config) ManifestPath(p Part) string {
	return filepath.Join(c.Root, "framework", p.Name, ManifestFile)
}

// FrameworkImport is the import path of framework/.
const FrameworkImport = "github.com/wasmcp/wasmcp/framework"

// interfaceDir is the directory, relative to framework/, under which the
// part's program keeps one bindings package per WIT interface (see
// bindgen.Options.ImportPath): the packages every world of the program
// shares.
func (p Part) interfaceDir() string { return p.source() + "/iface" }

// FilePath is where a generated bindings file is committed: the world's
// package in its BindingsSpec's directory, an interface's package under
// the program's iface/.
func (c Config) FilePath(g GeneratedBindings, f bindgen.File) string {
	dir := g.Spec.Dir
	if f.Package != "" {
		dir = strings.TrimPrefix(f.Package, FrameworkImport+"/")
	}
	return filepath.Join(c.Root, "framework", filepath.FromSlash(dir), f.Name)
}

// WriteBindings writes generated bindings files where FilePath says.
func (c Config) WriteBindings(gens []GeneratedBindings) error {
	for _, g := range gens {
		for _, f := range g.Files {
			path := c.FilePath(g, f)
			if err := bindgen.WriteFiles(filepath.Dir(path), []bindgen.File{{Name: filepath.Base(path), Content: f.Content}}); err != nil {
				return err
			}
		}
	}
	return nil
}

// PrepareWIT returns the WIT directory the part's world is resolved from,
// and a cleanup function. Parts of wasmcp:mcp use wit/mcp itself; a part
// with its own WIT gets a temporary directory with its files as the main
// package and wit/mcp (and WASI when asked) under deps/.
func (c Config) PrepareWIT(p Part) (dir string, cleanup func(), err error) {
	mcp := filepath.Join(c.Root, "wit", "mcp")
	if p.WIT == "" && p.WASI == "" {
		return mcp, func() {}, nil
	}
	tmp, err := os.MkdirTemp("", "wasmcp-part-wit-")
	if err != nil {
		return "", nil, err
	}
	cleanup = func() { os.RemoveAll(tmp) }
	fail := func(err error) (string, func(), error) { cleanup(); return "", nil, err }
	main := mcp
	if p.WIT != "" {
		main = filepath.Join(c.Dir(p), p.WIT)
	}
	if err := copyWITFiles(main, tmp); err != nil {
		return fail(err)
	}
	if p.WIT != "" {
		// Packages the part's own WIT depends on (wasi:keyvalue, …) are
		// committed in its deps/ directory, one subdirectory per package.
		own, err := os.ReadDir(filepath.Join(main, "deps"))
		if err != nil && !os.IsNotExist(err) {
			return fail(err)
		}
		for _, d := range own {
			if d.IsDir() {
				if err := copyWITFiles(filepath.Join(main, "deps", d.Name()), filepath.Join(tmp, "deps", d.Name())); err != nil {
					return fail(err)
				}
			}
		}
		if err := copyWITFiles(mcp, filepath.Join(tmp, "deps", "wasmcp-mcp")); err != nil {
			return fail(err)
		}
		if fw := filepath.Join(c.Root, "wit", "framework"); dirExists(fw) {
			if err := copyWITFiles(fw, filepath.Join(tmp, "deps", "wasmcp-framework")); err != nil {
				return fail(err)
			}
		}
	}
	if p.WASI != "" {
		src := filepath.Join(c.NodeModules, "@bytecodealliance", "jco", "lib", "wit", "builtin", p.WASI)
		pkgs, err := os.ReadDir(src)
		if err != nil {
			return fail(fmt.Errorf("part %s: WASI %s: %w", p.Name, p.WASI, err))
		}
		for _, d := range pkgs {
			if d.IsDir() {
				if err := copyWITFiles(filepath.Join(src, d.Name()), filepath.Join(tmp, "deps", d.Name())); err != nil {
					return fail(err)
				}
			}
		}
	}
	return tmp, cleanup, nil
}

// copyWITFiles copies the .wit files of src (not its subdirectories) into dst.
func copyWITFiles(src, dst string) error {
	ents, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	for _, e := range ents {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".wit") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// worldName is how a world of the part is selected in witDir.
func worldName(p Part, world string) string {
	if p.WIT == "" && !strings.Contains(world, ":") {
		return mcpwit.Namespace + ":" + mcpwit.Name + "/" + world + "@" + mcpwit.Version
	}
	return world
}

// GeneratedBindings is one generated bindings package.
type GeneratedBindings struct {
	Spec  BindingsSpec
	Files []bindgen.File
}

// World resolves a world of the part (named as Part.World is) from witDir,
// with its capability imports expanded when the part has slots.
func World(p Part, witDir, world string) (*wit.Resolve, *wit.World, error) {
	res, w, err := bindgen.Load(witDir, worldName(p, world))
	if err != nil {
		return nil, nil, fmt.Errorf("part %s: %w", p.Name, err)
	}
	// A part's world must have something to expand; a further bindings
	// world of it (an entry point's) may not.
	if p.Slots > 0 && (world == p.World || importsCapability(w)) {
		if err := ExpandSlots(w, p.Slots); err != nil {
			return nil, nil, fmt.Errorf("part %s: %w", p.Name, err)
		}
	}
	return res, w, nil
}

// importsCapability reports whether w imports one of SlotInterfaces.
func importsCapability(w *wit.World) bool {
	for _, name := range SlotInterfaces {
		if importsInterface(w, mcpwit.QualifiedInterface(name)) {
			return true
		}
	}
	return false
}

// importsInterface reports whether w imports the interface named q
// ("wasmcp:mcp/tools@0.1.0") under its own name.
func importsInterface(w *wit.World, q string) bool {
	for _, it := range w.Imports {
		if it.Kind == wit.WorldInterface && it.Key == q {
			return true
		}
	}
	return false
}

// Bindings generates the part's bindings packages (package "bindings")
// from witDir. It also returns the qualified name of the part's world.
func Bindings(p Part, witDir string) ([]GeneratedBindings, string, error) {
	var out []GeneratedBindings
	for _, spec := range p.BindingSpecs() {
		res, w, err := World(p, witDir, spec.World)
		if err != nil {
			return nil, "", err
		}
		files, err := bindgen.Generate(res, w, bindgen.Options{
			Package:       "bindings",
			ImportPath:    FrameworkImport + "/" + spec.Dir,
			InterfaceRoot: FrameworkImport + "/" + p.interfaceDir(),
		})
		if err != nil {
			return nil, "", fmt.Errorf("part %s: bindings %s: %w", p.Name, spec.Dir, err)
		}
		out = append(out, GeneratedBindings{Spec: spec, Files: files})
	}
	_, w, err := World(p, witDir, p.World)
	if err != nil {
		return nil, "", err
	}
	return out, w.QualifiedName(), nil
}

// BuildCore builds the part's core module with stock Go.
func (c Config) BuildCore(ctx context.Context, p Part) ([]byte, error) {
	tmp, err := os.MkdirTemp("", "wasmcp-part-core-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, p.Name+".core.wasm")
	args := []string{"build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w -buildid=", "-buildmode=c-shared", "-o", out}
	if len(p.Tags) > 0 {
		args = append(args, "-tags", strings.Join(p.Tags, ","))
	}
	cmd := exec.CommandContext(ctx, c.goCmd(), append(args, "./framework/"+p.source())...)
	cmd.Dir = c.Root
	cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm", "CGO_ENABLED=0", "GOFLAGS=", "GOWORK=off")
	if msg, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("part %s: go build: %v\n%s", p.Name, err, bytes.TrimSpace(msg))
	}
	return os.ReadFile(out)
}

// Result is one built part.
type Result struct {
	Part      Part
	Bindings  []GeneratedBindings
	Component []byte
	Entry     Entry
}

// Build runs the whole pipeline for one part without writing anything into
// the repository: bindings (generated, and also written to a scratch copy
// of nothing: the caller compares or writes them), core module, component.
// The core module is built from the bindings on disk, so a caller that
// regenerates bindings writes them before calling Build.
func (c Config) Build(ctx context.Context, p Part) (*Result, error) {
	witDir, cleanup, err := c.PrepareWIT(p)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	files, world, err := Bindings(p, witDir)
	if err != nil {
		return nil, err
	}
	res, w, err := World(p, witDir, p.World)
	if err != nil {
		return nil, err
	}
	inputs, err := c.InputsHash(ctx, p)
	if err != nil {
		return nil, err
	}
	c.logf("%s: go build", p.Name)
	core, err := c.BuildCore(ctx, p)
	if err != nil {
		return nil, err
	}
	c.logf("%s: componentize (%d bytes core)", p.Name, len(core))
	comp, err := componentize.Componentize(ctx, componentize.Options{
		Core:          p.Name + ".core.wasm",
		CoreBytes:     core,
		Resolve:       res,
		ResolvedWorld: w,
		NodeModules:   c.NodeModules,
	})
	if err != nil {
		return nil, fmt.Errorf("part %s: %w", p.Name, err)
	}
	sum := sha256.Sum256(comp)
	return &Result{Part: p, Bindings: files, Component: comp, Entry: Entry{
		Name: p.Name, Version: p.Version, World: world,
		SHA256: hex.EncodeToString(sum[:]), Size: len(comp), Inputs: inputs,
	}}, nil
}

// Compress gzips a component reproducibly: no name, no time, best
// compression.
func Compress(data []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(data)
	zw.Close()
	return buf.Bytes()
}

// Decompress reverses Compress.
func Decompress(data []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// ArtifactName is the file name of a part's compressed component.
func ArtifactName(name string) string { return name + ".wasm.gz" }

// ReadIndex reads parts.json in dir (an empty index when it is missing).
func ReadIndex(dir string) ([]Entry, error) {
	raw, err := os.ReadFile(filepath.Join(dir, IndexFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var idx []Entry
	if err := json.Unmarshal(raw, &idx); err != nil {
		return nil, fmt.Errorf("%s: %w", IndexFile, err)
	}
	return idx, nil
}

// MergeIndex replaces or adds entries by name and sorts by name.
func MergeIndex(idx []Entry, add ...Entry) []Entry {
	out := append([]Entry(nil), idx...)
	for _, e := range add {
		replaced := false
		for i := range out {
			if out[i].Name == e.Name {
				out[i] = e
				replaced = true
			}
		}
		if !replaced {
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// EncodeIndex is the canonical text of parts.json.
func EncodeIndex(idx []Entry) []byte {
	raw, _ := json.MarshalIndent(idx, "", "  ")
	return append(raw, '\n')
}

func dirExists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}
