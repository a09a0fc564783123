// Package templates holds the project templates of `wasmcp new` and renders
// them.
//
// The templates live in files/<language>/<type>/; the languages and the types
// of each language are the directories present, so adding a directory adds a
// choice. files/<language>/_shared/ (any directory whose name starts with '_')
// is not a type: its files are rendered into every type of that language, and
// a type's own file of the same path wins.
//
// File rules:
//   - a file whose name ends in ".tmpl" is rendered with text/template and
//     written without the suffix; any other file is copied as is. Name Go
//     sources "x.go.tmpl" and Go modules "go.mod.tmpl", or the Go tool would
//     treat the template tree as part of this module;
//   - a leading '_' in a file name becomes '.', so "_gitignore" is written as
//     ".gitignore" (a real .gitignore here would apply to this repository);
//   - "__name__" in a path is replaced with the project name.
//
// For the MCP types (tools, resources, prompts) the WIT contract of package
// wasmcp:mcp is written into the project's wit/ folder, and Data.World names
// the world the project implements. Types without a world (such as a plugin
// type) get no wit/ folder.
//
// Go projects of the MCP types also get internal/cabi, a copy of package
// github.com/wasmcp/wasmcp/cabi (the canonical ABI runtime the generated
// bindings import), and internal/jsonv, a copy of package jsonv (JSON
// without reflection, which keeps a component a megabyte and more smaller
// than encoding/json would), so that their go.mod needs no requirement on an
// unpublished module; Data.RuntimeImport and Data.JSONImport are their
// import paths. The copies are embedded from cabi/ and jsonv/ here (each
// source with the suffix ".txt", so that the Go tool does not build it), and
// a test keeps them equal to the packages.
package templates

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"text/template"

	"github.com/wasmcp/wasmcp/bindgen"
	"github.com/wasmcp/wasmcp/wit"
	mcpwit "github.com/wasmcp/wasmcp/wit/mcp"
)

//go:embed all:files
var files embed.FS

// goRuntime holds the copies of the packages written to Go projects under
// internal/: <pkg>/<file>.go.txt for each non-test <file>.go of each of
// goRuntimePackages.
//
//go:embed cabi jsonv
var goRuntime embed.FS

// goRuntimePackages are the packages of this module Go projects of the MCP
// types get a copy of, under internal/<name>.
var goRuntimePackages = []string{"cabi", "jsonv"}

// goRuntimeDir is where Go projects of the MCP types get the copy of cabi.
const goRuntimeDir = "internal/cabi"

// worlds maps a template type to the wasmcp:mcp world it implements.
var worlds = map[string]string{
	"tools":     mcpwit.WorldToolsProvider,
	"resources": mcpwit.WorldResourcesProvider,
	"prompts":   mcpwit.WorldPromptsProvider,
}

// Data is what templates see.
type Data struct {
	// Name is the project name as given, e.g. "my-calc".
	Name string
	// Ident is a Go- and WIT-safe identifier made of the name's letters and
	// digits, e.g. "mycalc".
	Ident string
	// Snake is the name with '_' for '-', e.g. "my_calc" (Rust crates, Python modules).
	Snake string
	// Camel is the name in lowerCamelCase, e.g. "myCalc" (JavaScript).
	Camel string
	// Pascal is the name in UpperCamelCase, e.g. "MyCalc".
	Pascal string
	// Language and Type are the template chosen.
	Language, Type string
	// World is the wasmcp:mcp world the project implements (empty for types
	// that are not MCP capabilities).
	World string
	// WitPackage is the MCP contract package, e.g. "wasmcp:mcp@0.2.0".
	WitPackage string
	// Notify is the contract's notify interface by its full name, e.g.
	// "wasmcp:mcp/notify@0.2.0": what a project's code imports to notify.
	Notify string
	// WasmcpVersion is the version of wasmcp that rendered the project.
	WasmcpVersion string
	// WasmcpModuleVersion is the version of the Go module
	// github.com/wasmcp/wasmcp matching WasmcpVersion ("v0.0.0" for
	// development builds). The Go MCP templates do not require the module:
	// they carry a copy of its cabi package (RuntimeImport).
	WasmcpModuleVersion string
	// RuntimeImport is the import path of the project's copy of the
	// canonical ABI runtime, e.g. "my-calc/internal/cabi" (Go MCP types
	// only; empty otherwise).
	RuntimeImport string
	// JSONImport is the import path of the project's copy of package jsonv
	// (set with RuntimeImport).
	JSONImport string
	// MCPImport is the import path under which `wasmcp bindgen go --layout
	// interface` writes the packages of the contract's interfaces, e.g.
	// "my-calc/internal/bindings/wasmcp/mcp/v0.2.0" (its types, tools, …
	// packages; set with RuntimeImport).
	MCPImport string
}

// Languages returns the template languages, sorted.
func Languages() []string {
	entries, _ := fs.ReadDir(files, "files")
	var out []string
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), "_") {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out
}

// Types returns the template types of a language, sorted (nil for an unknown
// language).
func Types(language string) []string {
	entries, err := fs.ReadDir(files, path.Join("files", language))
	if err != nil || !validSegment(language) {
		return nil
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), "_") {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out
}

func validSegment(s string) bool {
	return s != "" && !strings.ContainsAny(s, `/\.`) && !strings.HasPrefix(s, "_")
}

// ErrUnsupported is wrapped by errors for an unknown language or type.
var ErrUnsupported = errors.New("unsupported template")

// Check reports whether language and type name an existing template, with an
// error that lists the supported choices.
func Check(language, typ string) error {
	langs := Languages()
	if !contains(langs, language) {
		return fmt.Errorf("%w: unknown language %q; supported languages: %s", ErrUnsupported, language, strings.Join(langs, ", "))
	}
	types := Types(language)
	if !contains(types, typ) {
		var combos []string
		for _, l := range langs {
			if contains(Types(l), typ) {
				combos = append(combos, l)
			}
		}
		msg := fmt.Sprintf("no %q template for %s; %s supports: %s", typ, language, language, strings.Join(types, ", "))
		if len(combos) > 0 {
			msg += fmt.Sprintf(" (type %q exists for: %s)", typ, strings.Join(combos, ", "))
		}
		return fmt.Errorf("%w: %s", ErrUnsupported, msg)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// maxNameLen bounds a project name.
const maxNameLen = 64

// ValidateName checks a project name: it starts with a lowercase letter,
// holds only lowercase letters, digits and single '-' between words, does not
// end with '-', and is at most 64 bytes.
func ValidateName(name string) error {
	switch {
	case name == "":
		return errors.New("project name is empty")
	case len(name) > maxNameLen:
		return fmt.Errorf("project name is %d bytes long, at most %d allowed", len(name), maxNameLen)
	case strings.Contains(name, ".."):
		return fmt.Errorf("project name %q contains \"..\"", name)
	case strings.ContainsAny(name, `/\`):
		return fmt.Errorf("project name %q contains a path separator; use --dir to choose where it goes", name)
	case name[0] < 'a' || name[0] > 'z':
		return fmt.Errorf("project name %q must start with a lowercase letter", name)
	case strings.HasSuffix(name, "-"):
		return fmt.Errorf("project name %q ends with '-'", name)
	case strings.Contains(name, "--"):
		return fmt.Errorf("project name %q contains \"--\"", name)
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return fmt.Errorf("project name %q contains %q at byte %d: use lowercase letters, digits and '-'", name, rune(c), i)
		}
	}
	return nil
}

// reserved are words that cannot be identifiers in Go, WIT, Rust, Python or
// JavaScript; an Ident equal to one gets a suffix.
var reserved = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`break case chan const continue default defer else fallthrough for func go goto if
		import interface map package range return select struct switch type var
		as async await bool borrow char constructor enum export f32 f64 flags from future include list own
		record resource result s16 s32 s64 s8 static stream string tuple u16 u32 u64 u8 use variant with world
		abstract become box crate do dyn extern false final fn impl in let loop macro match mod move mut
		override priv pub ref self sized super trait true try typeof unsafe unsized virtual where while yield
		and assert class def del elif except finally global is lambda nonlocal not or pass raise
		catch debugger delete export extends instanceof new null this throw void with
		main init bindings`) {
		reserved[w] = true
	}
}

// NewData derives the template data for a project name.
func NewData(name, language, typ, wasmcpVersion string) Data {
	words := strings.Split(name, "-")
	ident := strings.Join(words, "")
	if reserved[ident] {
		ident += "mcp"
	}
	camel := words[0]
	pascal := ""
	for i, w := range words {
		if w == "" {
			continue
		}
		up := strings.ToUpper(w[:1]) + w[1:]
		pascal += up
		if i > 0 {
			camel += up
		}
	}
	modVersion := "v0.0.0"
	if v := strings.TrimPrefix(wasmcpVersion, "v"); isReleaseVersion(v) {
		modVersion = "v" + v
	}
	runtime, jsonImport, mcpImport := "", "", ""
	if language == "go" && worlds[typ] != "" {
		runtime = name + "/" + goRuntimeDir
		jsonImport = name + "/internal/jsonv"
		mcpImport = name + "/internal/bindings/" + bindgen.PackageDir(wit.PackageName{Namespace: mcpwit.Namespace, Name: mcpwit.Name, Version: mcpwit.Version})
	}
	return Data{
		RuntimeImport:       runtime,
		JSONImport:          jsonImport,
		MCPImport:           mcpImport,
		Name:                name,
		Ident:               ident,
		Snake:               strings.ReplaceAll(name, "-", "_"),
		Camel:               camel,
		Pascal:              pascal,
		Language:            language,
		Type:                typ,
		World:               worlds[typ],
		WitPackage:          mcpwit.Package,
		Notify:              mcpwit.QualifiedInterface(mcpwit.InterfaceNotify),
		WasmcpVersion:       wasmcpVersion,
		WasmcpModuleVersion: modVersion,
	}
}

// isReleaseVersion reports whether v is MAJOR.MINOR.PATCH (no suffix).
func isReleaseVersion(v string) bool {
	parts := strings.Split(v, ".")
	if len(parts) != 3 {
		return false
	}
	for _, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return false
		}
	}
	return true
}

// Options say what to render and where.
type Options struct {
	Name     string
	Language string
	Type     string
	// Dir is the target directory (created if missing).
	Dir string
	// Force allows a non-empty target directory; existing files the template
	// also writes are replaced, others are left alone.
	Force bool
	// WasmcpVersion is the running wasmcp's version.
	WasmcpVersion string
}

// ErrNotEmpty is returned when the target directory has files and Force is off.
var ErrNotEmpty = errors.New("target directory is not empty")

// File is one file of a rendered project.
type File struct {
	Path    string // slash-separated, relative to the project directory
	Content []byte
	Mode    fs.FileMode
}

// Files renders the project in memory, sorted by path.
func Files(name, language, typ, wasmcpVersion string) ([]File, error) {
	if err := ValidateName(name); err != nil {
		return nil, err
	}
	if err := Check(language, typ); err != nil {
		return nil, err
	}
	data := NewData(name, language, typ, wasmcpVersion)
	byPath := map[string]File{}
	root := path.Join("files", language)
	entries, err := fs.ReadDir(files, root)
	if err != nil {
		return nil, err
	}
	// Shared directories first, so that the type's own files win.
	var dirs []string
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), "_") {
			dirs = append(dirs, path.Join(root, e.Name()))
		}
	}
	sort.Strings(dirs)
	dirs = append(dirs, path.Join(root, typ))
	for _, dir := range dirs {
		err := fs.WalkDir(files, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel := strings.TrimPrefix(p, dir+"/")
			out, content, err := renderFile(p, rel, data)
			if err != nil {
				return err
			}
			mode := fs.FileMode(0o644)
			if strings.HasSuffix(out, ".sh") {
				mode = 0o755
			}
			byPath[out] = File{Path: out, Content: content, Mode: mode}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if data.World != "" {
		wits, err := fs.ReadDir(mcpwit.FS, ".")
		if err != nil {
			return nil, err
		}
		for _, e := range wits {
			if e.IsDir() || !strings.HasSuffix(e.Name(), ".wit") {
				continue
			}
			b, err := fs.ReadFile(mcpwit.FS, e.Name())
			if err != nil {
				return nil, err
			}
			p := "wit/" + e.Name()
			byPath[p] = File{Path: p, Content: b, Mode: 0o644}
		}
	}
	if data.RuntimeImport != "" {
		rt, err := goRuntimeFiles()
		if err != nil {
			return nil, err
		}
		for _, f := range rt {
			byPath[f.Path] = f
		}
	}
	out := make([]File, 0, len(byPath))
	for _, f := range byPath {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// goRuntimeFiles returns the copies of goRuntimePackages as project files
// under internal/.
func goRuntimeFiles() ([]File, error) {
	var out []File
	for _, pkg := range goRuntimePackages {
		entries, err := fs.ReadDir(goRuntime, pkg)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if e.IsDir() || !strings.HasSuffix(e.Name(), ".go.txt") {
				continue
			}
			b, err := fs.ReadFile(goRuntime, pkg+"/"+e.Name())
			if err != nil {
				return nil, err
			}
			p := "internal/" + pkg + "/" + strings.TrimSuffix(e.Name(), ".txt")
			out = append(out, File{Path: p, Content: b, Mode: 0o644})
		}
	}
	return out, nil
}

func renderFile(src, rel string, data Data) (string, []byte, error) {
	raw, err := fs.ReadFile(files, src)
	if err != nil {
		return "", nil, err
	}
	segs := strings.Split(rel, "/")
	for i, s := range segs {
		s = strings.ReplaceAll(s, "__name__", data.Name)
		if i == len(segs)-1 {
			if strings.HasSuffix(s, ".tmpl") {
				s = strings.TrimSuffix(s, ".tmpl")
			}
			if strings.HasPrefix(s, "_") {
				s = "." + s[1:]
			}
		}
		segs[i] = s
	}
	out := strings.Join(segs, "/")
	if !strings.HasSuffix(rel, ".tmpl") {
		return out, raw, nil
	}
	t, err := template.New(src).Option("missingkey=error").Parse(string(raw))
	if err != nil {
		return "", nil, fmt.Errorf("template %s: %w", src, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return "", nil, fmt.Errorf("template %s: %w", src, err)
	}
	return out, b.Bytes(), nil
}

// Render writes the project into opts.Dir and returns the paths written
// (slash-separated, relative to Dir). The directory must be missing or empty
// unless opts.Force is set. Files are written atomically (temporary file and
// rename), so an interrupted run leaves no half-written file.
func Render(opts Options) ([]string, error) {
	fl, err := Files(opts.Name, opts.Language, opts.Type, opts.WasmcpVersion)
	if err != nil {
		return nil, err
	}
	if opts.Dir == "" {
		return nil, errors.New("no target directory")
	}
	entries, err := os.ReadDir(opts.Dir)
	switch {
	case err == nil && len(entries) > 0 && !opts.Force:
		return nil, fmt.Errorf("%w: %s has %d entries; pass --force to write into it", ErrNotEmpty, opts.Dir, len(entries))
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	var written []string
	for _, f := range fl {
		dst := filepath.Join(opts.Dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return written, err
		}
		if err := writeAtomic(dst, f.Content, f.Mode); err != nil {
			return written, err
		}
		written = append(written, f.Path)
	}
	return written, nil
}

func writeAtomic(dst string, data []byte, mode fs.FileMode) error {
	if st, err := os.Lstat(dst); err == nil && !st.Mode().IsRegular() {
		return fmt.Errorf("%s exists and is not a regular file", dst)
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".*.tmp")
	if err != nil {
		return err
	}
	name := tmp.Name()
	_, werr := tmp.Write(data)
	if werr == nil {
		werr = tmp.Chmod(mode)
	}
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(name, dst)
	}
	if werr != nil {
		os.Remove(name)
		return fmt.Errorf("write %s: %w", dst, werr)
	}
	return nil
}
