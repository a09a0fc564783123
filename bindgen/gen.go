// Package bindgen generates Go bindings for a WIT world: Go types for the
// world's WIT types, Go functions that call its imports, Go interfaces that
// the component implements for its exports, and the canonical-ABI glue
// (//go:wasmimport and //go:wasmexport functions) between them, for stock Go
// (GOOS=wasip1 GOARCH=wasm -buildmode=c-shared).
//
// The generated package imports github.com/wasmcp/wasmcp/cabi (or the copy of
// it that Options.RuntimeImport names), which holds the allocator exports and
// the helpers the glue shares. Each package has two files:
// bindings.go (types and interfaces; portable, so that a component's logic can
// be unit-tested natively) and bindings_wasm.go (the ABI glue). In the world
// layout one package holds the whole world; in the interface layout
// (Options.ImportPath) each WIT interface has a package of its own, the same
// for every world that uses it.
//
// See https://github.com/WebAssembly/component-model/blob/main/design/mvp/CanonicalABI.md
package bindgen

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/wasmcp/wasmcp/wit"
)

// CabiImport is the default import path of the runtime package generated
// code uses.
const CabiImport = "github.com/wasmcp/wasmcp/cabi"

// Options tune the generated code.
type Options struct {
	// Package is the Go package name of the generated files.
	Package string
	// RuntimeImport is the import path of the runtime package (default
	// CabiImport). Set it to a copy of package cabi inside the user's module,
	// such as "calc/internal/cabi", so that the module needs no requirement
	// on github.com/wasmcp/wasmcp. The generated code refers to the package
	// as cabi; a path whose last element is not "cabi" is imported under
	// that name.
	RuntimeImport string
	// ImportPath, when set, selects the interface layout: the world's own
	// bindings (its exports, world-level items and imports under names of
	// its own) form the package at ImportPath, and every named WIT
	// interface the world uses gets a package of its own, holding the
	// interface's types and the glue that calls it as an import, at
	// InterfaceRoot/<namespace>/<package>[/v<version>]/<interface>. Such a
	// package is the same whatever world asks for it, so that programs
	// built from several worlds, and the components on both sides of an
	// interface, share one Go type per WIT type. Empty: one package holds
	// everything (the world layout).
	ImportPath string
	// InterfaceRoot is the import path under which the interface packages
	// are placed (default ImportPath).
	InterfaceRoot string
}

// File is one generated Go source file.
type File struct {
	// Package is the import path of the file's package in the interface
	// layout, "" for the world's package.
	Package string
	Name    string
	Content []byte
}

// Error is a generation failure that names the WIT item at fault.
type Error struct {
	Item string // "world w", "interface a:b/c", "function f", "type t"
	Msg  string
}

func (e *Error) Error() string { return "bindgen: " + e.Item + ": " + e.Msg }

// Generate returns the Go files for world w of res.
func Generate(res *wit.Resolve, w *wit.World, opts Options) (files []File, err error) {
	if opts.Package == "" {
		opts.Package = "bindings"
	}
	if opts.RuntimeImport == "" {
		opts.RuntimeImport = CabiImport
	}
	if err := checkImportPath("runtime import path", opts.RuntimeImport); err != nil {
		return nil, err
	}
	if opts.ImportPath != "" {
		if err := checkImportPath("import path", opts.ImportPath); err != nil {
			return nil, err
		}
		if opts.InterfaceRoot == "" {
			opts.InterfaceRoot = opts.ImportPath
		}
		if err := checkImportPath("interface root", opts.InterfaceRoot); err != nil {
			return nil, err
		}
	}
	g := &gen{
		res:        res,
		world:      w,
		opts:       opts,
		typeName:   map[*wit.TypeDef]typeRef{},
		caseFns:    map[*wit.TypeDef][]string{},
		exported:   map[*wit.TypeDef]*exportedResource{},
		imported:   map[*wit.TypeDef]*importedResource{},
		exportIf:   map[*wit.Interface]bool{},
		importIf:   map[*wit.Interface]bool{},
		ifacePkgs:  map[*wit.Interface]*gopkg{},
		worldOwned: map[*wit.Interface]bool{},
	}
	g.root = &gopkg{path: opts.ImportPath, name: opts.Package, names: newNamer(), imports: map[*gopkg]string{}}
	g.pkg = g.root
	defer func() {
		if r := recover(); r != nil {
			ge, ok := r.(*Error)
			if !ok {
				panic(r)
			}
			files, err = nil, ge
		}
	}()
	g.run()
	return g.files()
}

type gen struct {
	res   *wit.Resolve
	world *wit.World
	opts  Options

	typeName map[*wit.TypeDef]typeRef
	caseFns  map[*wit.TypeDef][]string // a variant's case constructors
	exported map[*wit.TypeDef]*exportedResource
	imported map[*wit.TypeDef]*importedResource
	exportIf map[*wit.Interface]bool
	importIf map[*wit.Interface]bool

	root       *gopkg // the world's package
	pkg        *gopkg // the package being written
	ifacePkgs  map[*wit.Interface]*gopkg
	pkgOrder   []*gopkg
	worldOwned map[*wit.Interface]bool // interfaces kept in the world's package
	cur        string                  // the item being generated, for errors
}

// gopkg is one generated Go package.
type gopkg struct {
	path    string         // import path; "" for the world's package in the world layout
	name    string         // Go package name
	iface   *wit.Interface // the interface of an interface package
	names   *namer
	decls   bytes.Buffer // bindings.go
	glue    bytes.Buffer // bindings_wasm.go
	seq     int
	imports map[*gopkg]string // alias of each imported package
	aliases []string
}

// typeRef is the Go name of a WIT type and the package declaring it.
type typeRef struct {
	pkg  *gopkg
	name string
}

// qual returns name, declared in package p, as code in the current package
// refers to it.
func (g *gen) qual(p *gopkg, name string) string {
	if p == g.pkg || p == nil {
		return name
	}
	alias, ok := g.pkg.imports[p]
	if !ok {
		alias = p.aliasFor(g.pkg)
		g.pkg.imports[p] = alias
		g.pkg.aliases = append(g.pkg.aliases, alias)
	}
	return alias + "." + name
}

// aliasFor picks the name under which package from imports p: the WIT
// package and interface names joined by an underscore (io_streams,
// http_types), which no generated parameter or local can take, since those
// have no inner underscore; then with the namespace, then a number.
func (p *gopkg) aliasFor(from *gopkg) string {
	pn := p.iface.Package.Name
	cands := []string{goIdent(pn.Name) + "_" + p.name, goIdent(pn.Namespace) + "_" + goIdent(pn.Name) + "_" + p.name}
	taken := func(a string) bool { return slices.Contains(from.aliases, a) }
	for _, c := range cands {
		if !taken(c) {
			return c
		}
	}
	for i := 2; ; i++ {
		if c := fmt.Sprintf("%s%d", cands[1], i); !taken(c) {
			return c
		}
	}
}

type exportedResource struct {
	def    *wit.TypeDef
	goName string // the Go interface users implement
	table  string // the cabi.Table variable
	newFn  string // wasmimport of [resource-new]
	repFn  string // wasmimport of [resource-rep]
	dropFn string // wasmimport of [resource-drop]
}

type importedResource struct {
	def    *wit.TypeDef
	goName string
	pkg    *gopkg // the declaring package
	fromFn string // the function making a value from a handle
}

func (g *gen) fail(format string, args ...any) {
	panic(&Error{Item: g.cur, Msg: fmt.Sprintf(format, args...)})
}

func (g *gen) next(prefix string) string {
	g.pkg.seq++
	return fmt.Sprintf("%s%d", prefix, g.pkg.seq)
}

func (g *gen) files() ([]File, error) {
	var out []File
	pkgs := g.pkgOrder
	// In the interface layout a world that only imports named interfaces
	// has nothing of its own: no package is written for it.
	if g.opts.ImportPath == "" || g.root.decls.Len() > 0 || g.root.glue.Len() > 0 {
		pkgs = append([]*gopkg{g.root}, pkgs...)
	}
	for _, p := range pkgs {
		fs, err := g.pkgFiles(p)
		if err != nil {
			return nil, err
		}
		out = append(out, fs...)
	}
	return out, nil
}

func (g *gen) pkgFiles(p *gopkg) ([]File, error) {
	head := fmt.Sprintf("// Code generated by wasmcp bindgen. DO NOT EDIT.\n// World: %s\n\n", g.world.QualifiedName())
	if p.iface != nil {
		head = fmt.Sprintf("// Code generated by wasmcp bindgen. DO NOT EDIT.\n// Interface: %s\n\n", p.iface.QualifiedName())
	}
	imp := runtimeImportSpec(g.opts.RuntimeImport)
	var pkgs []string
	for q, alias := range p.imports {
		pkgs = append(pkgs, alias+" "+strconv.Quote(q.path))
	}
	slices.Sort(pkgs)
	imports := "import " + imp
	if len(pkgs) > 0 {
		imports = "import (\n" + imp + "\n" + strings.Join(pkgs, "\n") + "\n)"
	}
	var decls bytes.Buffer
	decls.WriteString(head)
	fmt.Fprintf(&decls, "package %s\n\n%s\n\nvar _ cabi.Unit\n\n", p.name, imports)
	decls.Write(p.decls.Bytes())
	var glue bytes.Buffer
	glue.WriteString(head)
	fmt.Fprintf(&glue, "//go:build wasm\n\npackage %s\n\n%s\n\nvar _ cabi.Unit\n\n", p.name, imports)
	glue.Write(p.glue.Bytes())
	pkgPath := p.path
	if p == g.root {
		pkgPath = ""
	}
	var out []File
	for _, f := range []struct {
		name string
		src  []byte
	}{{"bindings.go", decls.Bytes()}, {"bindings_wasm.go", glue.Bytes()}} {
		src, err := format.Source(f.src)
		if err != nil {
			return nil, fmt.Errorf("bindgen: internal error: generated %s does not parse: %v\n%s", f.name, err, numbered(f.src))
		}
		// One pass of go/format may not reach gofmt's fixed point (a
		// one-line function with a multi-line signature); a second does.
		if again, err := format.Source(src); err == nil {
			src = again
		}
		// An import only one of the two files needs is dropped from the
		// other.
		if src, err = dropUnusedImports(src); err != nil {
			return nil, fmt.Errorf("bindgen: internal error: %s: %v", f.name, err)
		}
		out = append(out, File{Package: pkgPath, Name: f.name, Content: src})
	}
	return out, nil
}

// dropUnusedImports removes the named imports src does not refer to.
func dropUnusedImports(src []byte) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	used := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				used[id.Name] = true
			}
		}
		return true
	})
	changed := false
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		specs := gd.Specs[:0]
		for _, sp := range gd.Specs {
			is := sp.(*ast.ImportSpec)
			if is.Name != nil && is.Name.Name != "cabi" && !used[is.Name.Name] {
				changed = true
				continue
			}
			specs = append(specs, sp)
		}
		gd.Specs = specs
	}
	if !changed {
		return src, nil
	}
	var b bytes.Buffer
	if err := format.Node(&b, fset, f); err != nil {
		return nil, err
	}
	return format.Source(b.Bytes())
}

// runtimeImportSpec is the import spec of the runtime package: the quoted
// path, with the name cabi in front when the path's last element differs.
func runtimeImportSpec(p string) string {
	if path.Base(p) == "cabi" {
		return strconv.Quote(p)
	}
	return "cabi " + strconv.Quote(p)
}

// checkImportPath refuses an import path (what names it) that could not be a Go
// import path: empty, absolute, with an empty, "." or ".." element, or with
// characters outside letters, digits and "-._~+/".
func checkImportPath(what, p string) error {
	bad := func(why string) error {
		return fmt.Errorf("bindgen: %s %q: %s", what, p, why)
	}
	if p == "" {
		return bad("empty")
	}
	for _, elem := range strings.Split(p, "/") {
		switch elem {
		case "":
			return bad("empty path element")
		case ".", "..":
			return bad("relative path element")
		}
	}
	for _, r := range p {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-._~+/", r)) {
			return bad(fmt.Sprintf("invalid character %q", r))
		}
	}
	return nil
}

func numbered(src []byte) string {
	var b strings.Builder
	for i, l := range strings.Split(string(src), "\n") {
		fmt.Fprintf(&b, "%4d %s\n", i+1, l)
	}
	return b.String()
}

// run generates everything: imports first, then exports, in world order.
func (g *gen) run() {
	g.cur = "world " + g.world.QualifiedName()
	for _, it := range g.world.Imports {
		if it.Kind == wit.WorldInterface {
			g.importIf[it.Interface] = true
		}
	}
	for _, it := range g.world.Exports {
		if it.Kind == wit.WorldInterface {
			if g.importIf[it.Interface] {
				for _, t := range it.Interface.Types {
					if _, ok := t.Kind.(*wit.Resource); ok {
						g.cur = "interface " + it.Key
						g.fail("is both imported and exported and defines resource %s: not supported", t.Name)
					}
				}
			}
			g.exportIf[it.Interface] = true
		}
	}
	// Resources of exported interfaces are implemented by this component,
	// so such an interface is bound in the world's package only.
	for _, it := range g.world.Exports {
		if it.Kind != wit.WorldInterface {
			continue
		}
		for _, t := range it.Interface.Types {
			if _, ok := t.Kind.(*wit.Resource); ok {
				g.worldOwned[it.Interface] = true
				g.declareExportedResource(it.Key, it.Interface, t)
			}
		}
	}
	// An interface the world imports under several names (see
	// wit.World.ExpandImport) gets a Go type with a value per import.
	multi := map[*wit.Interface][]*wit.WorldItem{}
	for _, it := range g.world.Imports {
		if it.Kind == wit.WorldInterface {
			multi[it.Interface] = append(multi[it.Interface], it)
		}
	}
	// Go methods cannot be declared on another package's types: an
	// interface with resources imported under a name of the world's own is
	// bound in the world's package.
	for _, it := range g.world.Imports {
		if it.Kind == wit.WorldInterface && it.Key != it.Interface.QualifiedName() {
			for _, t := range it.Interface.Types {
				if _, ok := t.Kind.(*wit.Resource); ok {
					g.worldOwned[it.Interface] = true
				}
			}
		}
	}
	for _, it := range g.world.Imports {
		switch it.Kind {
		case wit.WorldType:
			g.cur = "type " + it.Key
			g.goType(it.Type)
		case wit.WorldInterface:
			items := multi[it.Interface]
			switch {
			case len(items) == 1 && g.ownPackage(it.Interface) != nil && it.Key == it.Interface.QualifiedName():
				// The interface's package holds its import glue.
			case len(items) == 1:
				g.importInterface(it)
			case items[0] == it:
				g.importInterfaceMulti(items)
			}
		}
	}
	var rootFns []*wit.Function
	for _, it := range g.world.Imports {
		if it.Kind == wit.WorldFunction {
			rootFns = append(rootFns, it.Function)
		}
	}
	g.importFunctions("$root", "", rootFns)
	for _, it := range g.world.Exports {
		if it.Kind == wit.WorldInterface {
			g.exportInterface(it.Key, it.Interface, pascal(ifaceShortName(it)))
		}
	}
	var expFns []*wit.Function
	for _, it := range g.world.Exports {
		if it.Kind == wit.WorldFunction {
			expFns = append(expFns, it.Function)
		}
	}
	if len(expFns) > 0 {
		g.exportFunctions("", expFns, pascal(g.world.Name))
	}
}

// ownPackage returns the package of interface iface in the interface
// layout, generating it on first use, or nil when iface is bound in the
// world's package: in the world layout, for an inline interface and for an
// exported interface defining resources.
func (g *gen) ownPackage(iface *wit.Interface) *gopkg {
	if g.opts.ImportPath == "" || iface == nil || iface.QualifiedName() == "" || g.worldOwned[iface] {
		return nil
	}
	if p, ok := g.ifacePkgs[iface]; ok {
		return p
	}
	pn := iface.Package.Name
	dir := pn.Namespace + "/" + pn.Name
	if pn.Version != "" {
		dir += "/v" + pn.Version
	}
	dir += "/" + iface.Name
	p := &gopkg{
		path:    g.opts.InterfaceRoot + "/" + dir,
		name:    goPackageName(iface.Name),
		iface:   iface,
		names:   newNamer(),
		imports: map[*gopkg]string{},
	}
	if err := checkImportPath("import path", p.path); err != nil {
		g.cur = "interface " + iface.QualifiedName()
		g.fail("%v", err)
	}
	g.ifacePkgs[iface] = p
	g.pkgOrder = append(g.pkgOrder, p)
	// The package is the same whatever world asks for it: every type of
	// the interface, and the glue of all its functions as imports (the Go
	// linker keeps only the imports a program calls).
	savePkg, saveCur := g.pkg, g.cur
	g.pkg = p
	key := iface.QualifiedName()
	g.cur = "interface " + key
	for _, t := range iface.Types {
		g.goType(t)
	}
	g.importFunctions(key, pascal(iface.Name), iface.Functions)
	for _, t := range iface.Types {
		if _, ok := t.Kind.(*wit.Resource); ok {
			g.importDrop(key, t)
		}
	}
	g.pkg, g.cur = savePkg, saveCur
	return p
}

// ownerPkg returns the package that declares named type t.
func (g *gen) ownerPkg(t *wit.TypeDef) *gopkg {
	if iface, ok := t.Owner.(*wit.Interface); ok {
		if p := g.ownPackage(iface); p != nil {
			return p
		}
	}
	if g.pkg != g.root {
		g.fail("type %s of the world's own package is used by interface %s: not supported in the interface layout", t.Name, g.pkg.iface.QualifiedName())
	}
	return g.root
}

// goPackageName is the Go package name of a WIT interface: its name in
// lower case without dashes, "x" added to a Go keyword, a predeclared name
// or main.
func goPackageName(s string) string {
	s = goIdent(s)
	if token.IsKeyword(s) || predeclared[s] || s == "main" || s == "" {
		s += "x"
	}
	if !unicode.IsLetter(rune(s[0])) {
		s = "x" + s
	}
	return s
}

// goIdent keeps the ASCII letters and digits of a WIT name, in lower case.
func goIdent(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func ifaceShortName(it *wit.WorldItem) string {
	if it.Interface.Name != "" {
		return it.Interface.Name
	}
	return it.Key
}

// ---------------------------------------------------------------- types

func (g *gen) declareExportedResource(key string, iface *wit.Interface, t *wit.TypeDef) {
	name := g.pkg.names.take(pascal(t.Name), pascal(iface.Name)+pascal(t.Name))
	r := &exportedResource{def: t, goName: name, table: g.next("_table")}
	g.exported[t] = r
	g.typeName[t] = typeRef{g.root, name}
	r.newFn, r.repFn, r.dropFn = g.next("_resourceNew"), g.next("_resourceRep"), g.next("_resourceDrop")
	// The Go interface with the resource's methods.
	g.cur = "resource " + t.Name
	var methods strings.Builder
	for _, f := range g.res.ResourceFunctions(t) {
		if f.Kind == wit.Method {
			fmt.Fprintf(&methods, "\t%s%s\n", pascal(f.ItemName()), g.signature(f.Params[1:], f.Result))
		}
	}
	fmt.Fprintf(&g.pkg.decls, "%s// %s is implemented by the component: the resource %s of %s.\n// A value may also implement Drop(), called when the last handle is dropped.\ntype %s interface {\n%s}\n\n",
		docComment(t.Docs), name, t.Name, key, name, methods.String())
	mod := "[export]" + key
	fmt.Fprintf(&g.pkg.glue, "var %s cabi.Table[%s]\n\n", r.table, name)
	fmt.Fprintf(&g.pkg.glue, "//go:wasmimport %s [resource-new]%s\nfunc %s(rep uint32) uint32\n\n", mod, t.Name, r.newFn)
	fmt.Fprintf(&g.pkg.glue, "//go:wasmimport %s [resource-rep]%s\nfunc %s(handle uint32) uint32\n\n", mod, t.Name, r.repFn)
	fmt.Fprintf(&g.pkg.glue, "//go:wasmimport %s [resource-drop]%s\nfunc %s(handle uint32)\n\n", mod, t.Name, r.dropFn)
	fmt.Fprintf(&g.pkg.glue, "//go:wasmexport %s#[dtor]%s\nfunc %s(rep uint32) {\n\tv := %s.Remove(rep)\n\tif d, ok := v.(interface{ Drop() }); ok {\n\t\td.Drop()\n\t}\n}\n\n",
		key, t.Name, g.next("_dtor"), r.table)
}

func docComment(d wit.Docs) string {
	if strings.TrimSpace(d.Contents) == "" {
		return ""
	}
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimRight(d.Contents, "\n"), "\n") {
		b.WriteString("// " + strings.TrimRight(commentSafe(l), " ") + "\n")
	}
	b.WriteString("//\n")
	return b.String()
}

// commentSafe makes WIT doc text legal inside a Go line comment: the Go
// scanner refuses NUL, a byte-order mark and invalid UTF-8 anywhere in a file,
// and a carriage return or other control character would break the line.
func commentSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return r
		case r < 0x20, r == 0x7f, r == 0xfeff:
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

func ownerName(t *wit.TypeDef) string {
	switch o := t.Owner.(type) {
	case *wit.Interface:
		return o.Name
	case *wit.World:
		return o.Name
	}
	return ""
}

var primitiveGo = map[wit.Primitive]string{
	wit.Bool: "bool", wit.S8: "int8", wit.U8: "uint8", wit.S16: "int16", wit.U16: "uint16",
	wit.S32: "int32", wit.U32: "uint32", wit.S64: "int64", wit.U64: "uint64",
	wit.F32: "float32", wit.F64: "float64", wit.Char: "rune", wit.String: "string",
}

// goType returns the Go type expression for t, declaring named types on
// first use.
func (g *gen) goType(t wit.Type) string {
	if t == nil {
		return "cabi.Unit"
	}
	switch p := t.(type) {
	case wit.Primitive:
		s, ok := primitiveGo[p]
		if !ok {
			g.fail("type %s is not supported", p)
		}
		return s
	case *wit.TypeDef:
		if ref, ok := g.typeName[p]; ok {
			return g.qual(ref.pkg, ref.name)
		}
		switch k := p.Kind.(type) {
		case *wit.Alias:
			if td, ok := k.Target.(*wit.TypeDef); ok && td.Name != "" {
				return g.goType(td)
			}
			if p.Name == "" {
				return g.goType(k.Target)
			}
		case *wit.List:
			if p.Name == "" {
				if k.Size > 0 {
					return fmt.Sprintf("[%d]%s", k.Size, g.goType(k.Elem))
				}
				return "[]" + g.goType(k.Elem)
			}
		case *wit.Option:
			if p.Name == "" {
				return "cabi.Option[" + g.goType(k.Elem) + "]"
			}
		case *wit.Result:
			if p.Name == "" {
				return "cabi.Result[" + g.goType(k.OK) + ", " + g.goType(k.Err) + "]"
			}
		case *wit.Tuple:
			if p.Name == "" {
				var b strings.Builder
				b.WriteString("struct {")
				for i, e := range k.Types {
					if i > 0 {
						b.WriteString("; ")
					}
					fmt.Fprintf(&b, "F%d %s", i, g.goType(e))
				}
				b.WriteString("}")
				return b.String()
			}
		case *wit.Handle:
			if p.Name == "" {
				return g.goType(wit.UnderlyingDef(k.Resource))
			}
		case *wit.Future, *wit.Stream:
			g.fail("type %s (async) is not supported", p)
		}
		return g.declare(p)
	}
	g.fail("unknown type %v", t)
	return ""
}

// declare writes the Go declaration of a named type and returns its name.
func (g *gen) declare(t *wit.TypeDef) string {
	pkg := g.ownerPkg(t) // may generate pkg, and t with it
	if ref, ok := g.typeName[t]; ok {
		return g.qual(ref.pkg, ref.name)
	}
	from := g.pkg
	g.pkg = pkg
	name := g.declareIn(t)
	g.pkg = from
	return g.qual(pkg, name)
}

// declareIn writes the declaration of t into the current package.
func (g *gen) declareIn(t *wit.TypeDef) string {
	owner := ownerName(t)
	name := g.pkg.names.take(pascal(t.Name), pascal(owner)+pascal(t.Name))
	g.typeName[t] = typeRef{g.pkg, name}
	var b strings.Builder
	b.WriteString(docComment(t.Docs))
	switch k := t.Kind.(type) {
	case *wit.Record:
		fmt.Fprintf(&b, "// %s is the WIT record %s.\ntype %s struct {\n", name, t.Name, name)
		for _, f := range k.Fields {
			fmt.Fprintf(&b, "%s\t%s %s\n", indentDoc(f.Docs), pascal(f.Name), g.goType(f.Type))
		}
		b.WriteString("}\n\n")
	case *wit.Enum:
		base := uintFor(wit.DiscriminantSize(len(k.Cases)))
		fmt.Fprintf(&b, "// %s is the WIT enum %s.\ntype %s %s\n\nconst (\n", name, t.Name, name, base)
		var strs []string
		for i, c := range k.Cases {
			cn := g.pkg.names.take(name + pascal(c.Name))
			if i == 0 {
				fmt.Fprintf(&b, "%s\t%s %s = iota\n", indentDoc(c.Docs), cn, name)
			} else {
				fmt.Fprintf(&b, "%s\t%s\n", indentDoc(c.Docs), cn)
			}
			strs = append(strs, fmt.Sprintf("%q", c.Name))
		}
		fmt.Fprintf(&b, ")\n\n// String returns the WIT name of the case.\nfunc (e %s) String() string {\n\tnames := [...]string{%s}\n\tif int(e) < len(names) {\n\t\treturn names[e]\n\t}\n\treturn \"<invalid>\"\n}\n\n", name, strings.Join(strs, ", "))
	case *wit.Flags:
		n := len(k.Flags)
		if n > 64 {
			g.cur = "type " + t.Name
			g.fail("flags with %d labels: at most 64 are supported", n)
		}
		base := "uint64"
		switch size := wit.FlagsSize(n); {
		case n == 0:
			base = "uint8"
		case size <= 4:
			base = uintFor(size)
		}
		fmt.Fprintf(&b, "// %s is the WIT flags %s: a bit set.\ntype %s %s\n\n", name, t.Name, name, base)
		if n > 0 {
			b.WriteString("const (\n")
			for i, f := range k.Flags {
				cn := g.pkg.names.take(name + pascal(f.Name))
				if i == 0 {
					fmt.Fprintf(&b, "%s\t%s %s = 1 << iota\n", indentDoc(f.Docs), cn, name)
				} else {
					fmt.Fprintf(&b, "%s\t%s\n", indentDoc(f.Docs), cn)
				}
			}
			b.WriteString(")\n\n")
		}
	case *wit.Variant:
		fmt.Fprintf(&b, "// %s is the WIT variant %s. Build one with the constructor functions\n// below and read it with Tag and the As/Is methods.\ntype %s struct {\n\ttag uint32\n\tval any\n}\n\n", name, t.Name, name)
		fmt.Fprintf(&b, "// Tag returns the index of the case.\nfunc (v %s) Tag() uint32 { return v.tag }\n\n", name)
		fns := make([]string, len(k.Cases))
		g.caseFns[t] = fns
		for i, c := range k.Cases {
			cn := g.pkg.names.take(name + pascal(c.Name))
			fns[i] = cn
			b.WriteString(docComment(c.Docs))
			if c.Type == nil {
				fmt.Fprintf(&b, "// %s returns the case %s.\nfunc %s() %s { return %s{tag: %d} }\n\n", cn, c.Name, cn, name, name, i)
			} else {
				gt := g.goType(c.Type)
				fmt.Fprintf(&b, "// %s returns the case %s.\nfunc %s(v %s) %s { return %s{tag: %d, val: v} }\n\n", cn, c.Name, cn, gt, name, name, i)
				fmt.Fprintf(&b, "// As%s returns the payload of case %s, if v is that case.\nfunc (v %s) As%s() (%s, bool) {\n\tx, _ := v.val.(%s)\n\treturn x, v.tag == %d\n}\n\n", pascal(c.Name), c.Name, name, pascal(c.Name), gt, gt, i)
			}
			fmt.Fprintf(&b, "// Is%s reports whether v is case %s.\nfunc (v %s) Is%s() bool { return v.tag == %d }\n\n", pascal(c.Name), c.Name, name, pascal(c.Name), i)
		}
	case *wit.Resource:
		// An imported resource: a handle.
		r := &importedResource{def: t, goName: name, pkg: g.pkg, fromFn: g.pkg.names.take(name + "FromHandle")}
		g.imported[t] = r
		fmt.Fprintf(&b, "// %s is a handle to the imported resource %s.\ntype %s struct{ handle uint32 }\n\n// Handle returns the component-model handle.\nfunc (r %s) Handle() uint32 { return r.handle }\n\n", name, t.Name, name, name)
		fmt.Fprintf(&b, "// %s returns the %s of a component-model handle, which it takes\n// as it is: for bindings that receive the handle from the host.\nfunc %s(handle uint32) %s { return %s{handle: handle} }\n\n", r.fromFn, name, r.fromFn, name, name)
	case *wit.Alias:
		fmt.Fprintf(&b, "// %s is the WIT type %s.\ntype %s = %s\n\n", name, t.Name, name, g.goType(k.Target))
	default:
		// Named list, option, result, tuple, handle: a Go alias of the
		// anonymous form.
		anon := *t
		anon.Name = ""
		fmt.Fprintf(&b, "// %s is the WIT type %s.\ntype %s = %s\n\n", name, t.Name, name, g.goType(&anon))
	}
	g.pkg.decls.WriteString(b.String())
	return name
}

func indentDoc(d wit.Docs) string {
	s := docComment(d)
	if s == "" {
		return ""
	}
	s = strings.TrimSuffix(s, "//\n")
	return "\t" + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n\t") + "\n"
}

func uintFor(size uint32) string {
	switch size {
	case 1:
		return "uint8"
	case 2:
		return "uint16"
	}
	return "uint32"
}

// signature returns "(a T, b U) R" for params and result.
func (g *gen) signature(params []wit.Param, result wit.Type) string {
	var b strings.Builder
	b.WriteString("(")
	for i, p := range params {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %s", camel(p.Name), g.goType(p.Type))
	}
	b.WriteString(")")
	if result != nil {
		b.WriteString(" " + g.goType(result))
	}
	return b.String()
}

// ---------------------------------------------------------------- imports

func (g *gen) importInterface(it *wit.WorldItem) {
	g.cur = "interface " + it.Key
	for _, t := range it.Interface.Types {
		g.goType(t)
	}
	g.importFunctions(it.Key, pascal(ifaceShortName(it)), it.Interface.Functions)
	for _, t := range it.Interface.Types {
		if _, ok := t.Kind.(*wit.Resource); ok {
			g.importDrop(it.Key, t)
		}
	}
}

func (g *gen) importFunctions(module, prefix string, fns []*wit.Function) {
	for _, f := range fns {
		g.cur = "function " + f.Name
		var recv, goName string
		switch f.Kind {
		case wit.Freestanding:
			goName = g.pkg.names.take(pascal(f.Name), prefix+pascal(f.Name))
		case wit.Constructor:
			res := g.goType(wit.UnderlyingDef(f.Resource))
			goName = g.pkg.names.take("New"+res, prefix+"New"+res)
		case wit.Static:
			res := g.goType(wit.UnderlyingDef(f.Resource))
			goName = g.pkg.names.take(res+pascal(f.ItemName()), prefix+res+pascal(f.ItemName()))
		case wit.Method:
			recv = g.goType(wit.UnderlyingDef(f.Resource))
			goName = pascal(f.ItemName())
		}
		g.importFunction(module, f, recv, goName)
	}
}

func (g *gen) importDrop(module string, d *wit.TypeDef) {
	if _, ok := g.imported[d]; !ok {
		g.goType(d)
	}
	r := g.imported[d]
	if r == nil {
		return
	}
	fn := g.next("_drop")
	fmt.Fprintf(&g.pkg.glue, "//go:wasmimport %s [resource-drop]%s\nfunc %s(handle uint32)\n\n", module, d.Name, fn)
	fmt.Fprintf(&g.pkg.glue, "// Drop releases the handle; r must not be used afterwards.\nfunc (r %s) Drop() { %s(r.handle) }\n\n", r.goName, fn)
}

func coreGo(c wit.CoreType) string {
	switch c {
	case wit.I32:
		return "uint32"
	case wit.I64:
		return "uint64"
	case wit.CF32:
		return "float32"
	}
	return "float64"
}

// wasmimport writes the //go:wasmimport declaration of function f of
// module and returns the Go name of the declared function.
func (g *gen) wasmimport(module string, f *wit.Function) string {
	imp := g.next("_import")
	fmt.Fprintf(&g.pkg.glue, "//go:wasmimport %s %s\nfunc %s%s\n\n", module, f.Name, imp, coreSignature(f))
	return imp
}

// coreSignature is the Go signature "(p0 uint32, …) uint32" of f's lowered
// core function.
func coreSignature(f *wit.Function) string {
	sig := wit.FlattenFunction(f, wit.Lower)
	var ps []string
	for i, c := range sig.Params {
		ps = append(ps, fmt.Sprintf("p%d %s", i, coreGo(c)))
	}
	ret := ""
	if len(sig.Results) == 1 {
		ret = " " + coreGo(sig.Results[0])
	}
	return "(" + strings.Join(ps, ", ") + ")" + ret
}

func (g *gen) importFunction(module string, f *wit.Function, recv, goName string) {
	imp := g.wasmimport(module, f)
	header := ""
	if recv != "" {
		header = fmt.Sprintf("func (self %s) %s%s", recv, goName, g.signature(f.Params[1:], f.Result))
	} else {
		header = fmt.Sprintf("func %s%s", goName, g.signature(f.Params, f.Result))
	}
	doc := docComment(f.Docs)
	if doc == "" {
		where := "the world"
		if module != "$root" {
			where = module
		}
		doc = fmt.Sprintf("// %s calls %s of %s.\n", goName, f.Name, where)
	}
	g.importGlue(f, recv, header, doc, imp)
}

// importGlue writes the Go function (header, then body) that lowers the
// arguments of f, calls the core function callee and lifts its result.
func (g *gen) importGlue(f *wit.Function, recv, header, doc, callee string) {
	sig := wit.FlattenFunction(f, wit.Lower)
	params := f.Params
	e := &emitter{g: g, pins: "&_pins"}
	e.line("var _pins cabi.Pins")
	for i, p := range params {
		if hasPointers(p.Type) {
			e.line("_pins.Keep(%s)", paramExpr(p, i, recv))
		}
	}
	e.kept = true
	var args []string
	if sig.ParamsIndirect {
		tt := wit.ParamsType(f)
		size, align := wit.SizeAlign(tt)
		offs := wit.FieldOffsets(tt)
		area := e.tmp()
		e.line("%s := _pins.Alloc(%d, %d)", area, size, align)
		for i, p := range params {
			e.store(p.Type, paramExpr(p, i, recv), fmt.Sprintf("%s+%d", area, offs[i]))
		}
		args = append(args, fmt.Sprintf("uint32(%s)", area))
	} else {
		for i, p := range params {
			args = append(args, e.lowerFlat(p.Type, paramExpr(p, i, recv))...)
		}
	}
	var retArea string
	if sig.ResultsIndirect {
		size, align := wit.SizeAlign(f.Result)
		retArea = e.tmp()
		e.line("%s := _pins.Alloc(%d, %d)", retArea, size, align)
		args = append(args, fmt.Sprintf("uint32(%s)", retArea))
	}
	call := fmt.Sprintf("%s(%s)", callee, strings.Join(args, ", "))
	switch {
	case f.Result == nil:
		e.line("%s", call)
		e.line("_pins.Release()")
	case sig.ResultsIndirect:
		e.line("%s", call)
		v := e.tmp()
		e.line("%s := %s", v, e.load(f.Result, retArea))
		e.line("cabi.ImportPins.Release()")
		e.line("_pins.Release()")
		e.line("return %s", v)
	default:
		r := e.tmp()
		e.line("%s := %s", r, call)
		v := e.tmp()
		e.line("%s := %s", v, e.liftFlat(f.Result, []string{r}))
		e.line("cabi.ImportPins.Release()")
		e.line("_pins.Release()")
		e.line("return %s", v)
	}
	fmt.Fprintf(&g.pkg.glue, "%s%s {\n%s}\n\n", doc, header, e.b.String())
}

// importInterfaceMulti generates the bindings of an interface the world
// imports under several names: its types once, a Go type <Iface>Import
// whose methods are the interface's functions (the names and signatures
// free functions would have), a value of it per import name calling that
// import's core functions, and a slice of the values in world order.
func (g *gen) importInterfaceMulti(items []*wit.WorldItem) {
	iface := items[0].Interface
	what := iface.QualifiedName()
	if what == "" {
		what = items[0].Key
	}
	g.cur = "interface " + what
	for _, t := range iface.Types {
		if _, ok := t.Kind.(*wit.Resource); ok {
			g.fail("is imported under %d names and defines resource %s: not supported", len(items), t.Name)
		}
	}
	for _, t := range iface.Types {
		g.goType(t)
	}
	short := pascal(ifaceShortName(items[0]))
	typ := g.pkg.names.take(short+"Import", short+"InterfaceImport")
	type method struct {
		f      *wit.Function
		name   string // the Go method
		field  string // the struct field holding the core function
		header string
	}
	var methods []method
	hasKeyMethod := false
	for _, f := range iface.Functions {
		g.cur = "function " + f.Name
		if f.Kind != wit.Freestanding {
			g.fail("resource functions are not supported in an interface imported under several names")
		}
		m := pascal(f.Name)
		if m == "ImportName" {
			hasKeyMethod = true
		}
		methods = append(methods, method{f: f, name: m, field: "imp" + m,
			header: fmt.Sprintf("func (self %s) %s%s", typ, m, g.signature(f.Params, f.Result))})
	}
	g.cur = "interface " + what
	var keys []string
	for _, it := range items {
		keys = append(keys, it.Key)
	}
	fmt.Fprintf(&g.pkg.glue, "// %s is one import of the interface %s.\n// The world imports it under %d names (%s);\n// each value calls the functions of its own import. The zero value is not\n// usable.\ntype %s struct {\n\tkey string\n",
		typ, what, len(items), strings.Join(keys, ", "), typ)
	for _, m := range methods {
		fmt.Fprintf(&g.pkg.glue, "\t%s func%s\n", m.field, coreSignature(m.f))
	}
	g.pkg.glue.WriteString("}\n\n")
	if !hasKeyMethod {
		fmt.Fprintf(&g.pkg.glue, "// ImportName returns the name of the import, such as %q.\nfunc (self %s) ImportName() string { return self.key }\n\n", keys[0], typ)
	}
	for _, m := range methods {
		g.cur = "function " + m.f.Name
		doc := docComment(m.f.Docs)
		if doc == "" {
			doc = fmt.Sprintf("// %s calls %s of the import.\n", m.name, m.f.Name)
		}
		g.importGlue(m.f, "", m.header, doc, "self."+m.field)
	}
	g.cur = "interface " + what
	var vars []string
	for _, it := range items {
		v := g.pkg.names.take(pascal(it.Key), pascal(it.Key)+"Import")
		vars = append(vars, v)
		var fields []string
		fields = append(fields, fmt.Sprintf("key: %q", it.Key))
		for _, m := range methods {
			fields = append(fields, fmt.Sprintf("%s: %s", m.field, g.wasmimport(it.Key, m.f)))
		}
		fmt.Fprintf(&g.pkg.glue, "// %s is the import %s of %s.\nvar %s = %s{\n%s,\n}\n\n", v, it.Key, what, v, typ, strings.Join(fields, ",\n"))
	}
	all := g.pkg.names.take(short+"Imports", short+"InterfaceImports")
	fmt.Fprintf(&g.pkg.glue, "// %s lists the imports of %s in world order.\nvar %s = []%s{%s}\n\n", all, what, all, typ, strings.Join(vars, ", "))
}

func paramExpr(p wit.Param, i int, recv string) string {
	if i == 0 && recv != "" {
		return "self"
	}
	return camel(p.Name)
}

// ---------------------------------------------------------------- exports

func (g *gen) exportInterface(key string, iface *wit.Interface, goName string) {
	g.cur = "interface " + key
	for _, t := range iface.Types {
		g.goType(t)
	}
	g.exportFunctions(key, iface.Functions, goName)
}

// exportFunctions writes the Go interface for a set of exported functions,
// its Export setter, and the glue of each function.
func (g *gen) exportFunctions(key string, fns []*wit.Function, goName string) {
	ifName := g.pkg.names.take(goName, goName+"Exports")
	implVar := "_impl" + ifName
	setter := g.pkg.names.take("Export"+ifName, "Export"+ifName+"Impl")
	var methods strings.Builder
	type call struct {
		f    *wit.Function
		expr func(args []string) string
	}
	var calls []call
	for _, f := range fns {
		g.cur = "function " + f.Name
		switch f.Kind {
		case wit.Freestanding:
			m := pascal(f.Name)
			fmt.Fprintf(&methods, "%s\t%s%s\n", indentDoc(f.Docs), m, g.signature(f.Params, f.Result))
			calls = append(calls, call{f, func(a []string) string {
				return fmt.Sprintf("%s.%s(%s)", implVar, m, strings.Join(a, ", "))
			}})
		case wit.Constructor:
			res := g.goType(wit.UnderlyingDef(f.Resource))
			m := "New" + res
			fmt.Fprintf(&methods, "%s\t%s%s\n", indentDoc(f.Docs), m, g.signature(f.Params, f.Result))
			calls = append(calls, call{f, func(a []string) string {
				return fmt.Sprintf("%s.%s(%s)", implVar, m, strings.Join(a, ", "))
			}})
		case wit.Static:
			res := g.goType(wit.UnderlyingDef(f.Resource))
			m := res + pascal(f.ItemName())
			fmt.Fprintf(&methods, "%s\t%s%s\n", indentDoc(f.Docs), m, g.signature(f.Params, f.Result))
			calls = append(calls, call{f, func(a []string) string {
				return fmt.Sprintf("%s.%s(%s)", implVar, m, strings.Join(a, ", "))
			}})
		case wit.Method:
			m := pascal(f.ItemName())
			calls = append(calls, call{f, func(a []string) string {
				return fmt.Sprintf("%s.%s(%s)", a[0], m, strings.Join(a[1:], ", "))
			}})
		}
	}
	what := "the functions the world " + g.world.Name + " exports"
	if key != "" {
		what = "the exported interface " + key
	}
	fmt.Fprintf(&g.pkg.decls, "// %s is implemented by the component: %s.\n// Register the implementation with %s, typically in an init function.\ntype %s interface {\n%s}\n\nvar %s %s\n\n",
		ifName, what, setter, ifName, methods.String(), implVar, ifName)
	fmt.Fprintf(&g.pkg.decls, "// %s registers the implementation of %s.\nfunc %s(impl %s) { %s = impl }\n\n", setter, ifName, setter, ifName, implVar)
	for _, c := range calls {
		g.cur = "function " + c.f.Name
		name := c.f.Name
		if key != "" {
			name = key + "#" + c.f.Name
		}
		g.exportFunction(name, c.f, implVar, setter, c.expr)
	}
}

func (g *gen) exportFunction(exportName string, f *wit.Function, implVar, setter string, call func([]string) string) {
	sig := wit.FlattenFunction(f, wit.Lift)
	fn := g.next("_export")
	var ps []string
	for i, c := range sig.Params {
		ps = append(ps, fmt.Sprintf("p%d %s", i, coreGo(c)))
	}
	ret := ""
	if len(sig.Results) == 1 {
		ret = " " + coreGo(sig.Results[0])
	}
	e := &emitter{g: g, pins: "&cabi.ResultPins"}
	if f.Kind != wit.Method {
		e.line("if %s == nil {\n\tpanic(%q)\n}", implVar, "wasmcp bindings: "+exportName+" called before "+setter+" registered an implementation")
	}
	var args []string
	if sig.ParamsIndirect {
		tt := wit.ParamsType(f)
		offs := wit.FieldOffsets(tt)
		for i, p := range f.Params {
			a := e.tmp()
			e.line("%s := %s", a, e.load(p.Type, fmt.Sprintf("uintptr(p0)+%d", offs[i])))
			args = append(args, a)
		}
	} else {
		k := 0
		for _, p := range f.Params {
			n := len(wit.Flatten(p.Type))
			var vals []string
			for j := 0; j < n; j++ {
				vals = append(vals, fmt.Sprintf("p%d", k+j))
			}
			k += n
			a := e.tmp()
			e.line("%s := %s", a, e.liftFlat(p.Type, vals))
			args = append(args, a)
		}
	}
	e.line("cabi.ArgPins.Release()")
	switch {
	case f.Result == nil:
		e.line("%s", call(args))
	case sig.ResultsIndirect:
		r := e.tmp()
		e.line("%s := %s", r, call(args))
		e.keep(f.Result, r)
		size, align := wit.SizeAlign(f.Result)
		area := e.tmp()
		e.line("%s := cabi.ResultPins.Alloc(%d, %d)", area, size, align)
		e.store(f.Result, r, area)
		e.line("return uint32(%s)", area)
	default:
		r := e.tmp()
		e.line("%s := %s", r, call(args))
		e.keep(f.Result, r)
		vals := e.lowerFlat(f.Result, r)
		e.line("return %s", vals[0])
	}
	fmt.Fprintf(&g.pkg.glue, "//go:wasmexport %s\nfunc %s(%s)%s {\n%s}\n\n", exportName, fn, strings.Join(ps, ", "), ret, e.b.String())
	if len(sig.Results) == 1 {
		fmt.Fprintf(&g.pkg.glue, "//go:wasmexport cabi_post_%s\nfunc %s(%s) { cabi.ResultPins.Release() }\n\n", exportName, g.next("_post"), coreGo(sig.Results[0]))
	}
}
