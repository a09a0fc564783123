package component

import (
	"io"
	"strconv"
	"strings"
)

// WIT returns the world as WIT text (see PrintWIT).
func WIT(w *World) string {
	var b strings.Builder
	_ = PrintWIT(&b, w)
	return b.String()
}

// PrintWIT writes a component's world as WIT text, in the layout of
// `wasm-tools component wit` (and `jco wit`): package root:component with
// world root listing the imports, then the exports. Interfaces imported or
// exported under plain names are printed inline; interfaces with package
// names (wasi:io/streams@0.2.0) are listed by name in the world, and their
// definitions follow in nested package blocks
// (package wasi:io@0.2.0 { interface streams { ... } }), which jco omits.
func PrintWIT(out io.Writer, w *World) error {
	p := &witPrinter{}
	p.line(0, "package root:component;")
	p.blank()
	p.line(0, "world root {")
	p.worldUses(w)
	p.externs(w.Imports, "import")
	if len(w.Imports) > 0 && len(w.Exports) > 0 {
		p.blank()
	}
	p.externs(w.Exports, "export")
	p.line(0, "}")
	p.packages(w)
	_, err := io.WriteString(out, p.b.String())
	return err
}

type witPrinter struct{ b strings.Builder }

// worldUses prints `use` items for types of package-named interfaces that
// world-level functions refer to (jco leaves these out, which makes its
// output unparsable for such worlds).
func (p *witPrinter) worldUses(w *World) {
	var order []string
	names := map[string][]string{}
	seen := map[string]bool{}
	for _, e := range append(append([]Extern{}, w.Imports...), w.Exports...) {
		if e.Kind != ExternFunc {
			continue
		}
		for _, t := range referencedNames(e.Type) {
			from, src, ok := foreign(t, "")
			if !ok || !isInterfaceName(from) || seen[from+" "+src] {
				continue
			}
			seen[from+" "+src] = true
			if _, ok := names[from]; !ok {
				order = append(order, from)
			}
			names[from] = append(names[from], ident(src))
		}
	}
	for _, from := range order {
		p.line(1, "use "+from+".{"+strings.Join(names[from], ", ")+"};")
	}
}

func (p *witPrinter) line(indent int, s string) {
	for i := 0; i < indent; i++ {
		p.b.WriteString("  ")
	}
	p.b.WriteString(s)
	p.b.WriteByte('\n')
}

func (p *witPrinter) blank() { p.b.WriteByte('\n') }

// isInterfaceName reports whether name is a package-qualified interface
// name (ns:pkg/iface@version).
func isInterfaceName(name string) bool {
	return strings.Contains(name, ":") && strings.Contains(name, "/")
}

// splitInterfaceName splits "ns:pkg/iface@1.0.0" into "ns:pkg@1.0.0" and
// "iface".
func splitInterfaceName(name string) (pkg, iface string) {
	base, ver, hasVer := strings.Cut(name, "@")
	ns, rest, _ := strings.Cut(base, "/")
	pkg = ns
	if hasVer {
		pkg += "@" + ver
	}
	return pkg, rest
}

func (p *witPrinter) externs(es []Extern, verb string) {
	for _, e := range es {
		switch e.Kind {
		case ExternInstance:
			it, _ := e.Type.(*Interface)
			if isInterfaceName(e.Name) || it == nil {
				p.line(1, verb+" "+e.Name+";")
				continue
			}
			p.line(1, verb+" "+ident(e.Name)+": interface {")
			p.iface(2, it, e.Name)
			p.line(1, "}")
		case ExternFunc:
			p.line(1, verb+" "+ident(e.Name)+": "+funcString(e.Type, false)+";")
		case ExternType:
			for _, l := range strings.Split(typeDecl(e, ""), "\n") {
				p.line(1, l)
			}
		default:
			p.line(1, "/* "+verb+" "+e.Name+": "+e.Kind.String()+" (not expressible in WIT) */")
		}
	}
}

func (p *witPrinter) packages(w *World) {
	type pkg struct {
		name   string
		ifaces []Extern
	}
	var pkgs []*pkg
	byName := map[string]*pkg{}
	seen := map[string]bool{}
	for _, e := range append(append([]Extern{}, w.Imports...), w.Exports...) {
		if e.Kind != ExternInstance || !isInterfaceName(e.Name) || seen[e.Name] {
			continue
		}
		if _, ok := e.Type.(*Interface); !ok {
			continue
		}
		seen[e.Name] = true
		name, _ := splitInterfaceName(e.Name)
		pk := byName[name]
		if pk == nil {
			pk = &pkg{name: name}
			byName[name] = pk
			pkgs = append(pkgs, pk)
		}
		pk.ifaces = append(pk.ifaces, e)
	}
	for _, pk := range pkgs {
		p.blank()
		p.line(0, "package "+pk.name+" {")
		for i, e := range pk.ifaces {
			if i > 0 {
				p.blank()
			}
			_, iface := splitInterfaceName(e.Name)
			p.line(1, "interface "+ident(iface)+" {")
			p.iface(2, e.Type.(*Interface), e.Name)
			p.line(1, "}")
		}
		p.line(0, "}")
	}
}

// iface prints the body of an interface whose import/export name is owner.
func (p *witPrinter) iface(indent int, it *Interface, owner string) {
	type resItem struct {
		name  string
		funcs []string
	}
	var uses []string
	useIdx := map[string]int{}
	useSet := map[string]bool{}
	// addUse adds `use from.{src as name}` (just src when the names agree).
	addUse := func(from, src, name string) {
		from = usePath(from, owner)
		u := ident(src)
		if src != name {
			u += " as " + ident(name)
		}
		if useSet[from+" "+u] {
			return
		}
		useSet[from+" "+u] = true
		if i, ok := useIdx[from]; ok {
			uses[i] = strings.TrimSuffix(uses[i], "};") + ", " + u + "};"
			return
		}
		useIdx[from] = len(uses)
		uses = append(uses, "use "+from+".{"+u+"};")
	}
	var items []any // *resItem or string (a printed definition)
	resources := map[string]*resItem{}
	var funcs []string
	for _, e := range it.Exports {
		if e.Kind != ExternType {
			continue
		}
		if res := ResourceOf(e.Type); res != nil && res.Name == e.Name && (res.Owner == owner || res.Owner == "") && !isAlias(e.Type) {
			ri := &resItem{name: e.Name}
			resources[e.Name] = ri
			items = append(items, ri)
			continue
		}
		if n, ok := e.Type.(*Named); ok {
			if from, src, ok := foreign(n.Type, owner); ok {
				addUse(from, src, e.Name)
				continue
			}
		}
		items = append(items, typeDecl(e, owner))
	}
	// Types of other interfaces that functions use without the interface
	// re-exporting them (as in composed components) need a use as well.
	local := map[Type]bool{}
	for _, e := range it.Exports {
		if e.Kind == ExternType {
			local[e.Type] = true
			if r := ResourceOf(e.Type); r != nil {
				local[r] = true
			}
		}
	}
	for _, e := range it.Exports {
		if e.Kind != ExternFunc {
			continue
		}
		for _, t := range referencedNames(e.Type) {
			if local[t] {
				continue
			}
			from, src, ok := foreign(t, owner)
			if !ok {
				continue
			}
			local[t] = true
			addUse(from, src, src)
		}
	}
	for _, e := range it.Exports {
		switch e.Kind {
		case ExternType:
		case ExternFunc:
			name := e.Name
			if r, m, kind := methodName(name); kind != "" {
				if ri := resources[r]; ri != nil {
					var s string
					switch kind {
					case "constructor":
						s = "constructor" + paramsString(e.Type, false) + ";"
					case "method":
						s = ident(m) + ": " + funcString(e.Type, true) + ";"
					case "static":
						s = ident(m) + ": static " + funcString(e.Type, false) + ";"
					}
					ri.funcs = append(ri.funcs, s)
					continue
				}
			}
			funcs = append(funcs, ident(name)+": "+funcString(e.Type, false)+";")
		default:
			funcs = append(funcs, "/* "+e.Name+": "+e.Kind.String()+" (not expressible in WIT) */")
		}
	}
	first := true
	sep := func() {
		if !first {
			p.blank()
		}
		first = false
	}
	for _, u := range uses {
		p.line(indent, u)
		first = false
	}
	for _, it := range items {
		sep()
		switch it := it.(type) {
		case *resItem:
			if len(it.funcs) == 0 {
				p.line(indent, "resource "+ident(it.name)+";")
				continue
			}
			p.line(indent, "resource "+ident(it.name)+" {")
			for _, f := range it.funcs {
				p.line(indent+1, f)
			}
			p.line(indent, "}")
		case string:
			for _, l := range strings.Split(it, "\n") {
				p.line(indent, l)
			}
		}
	}
	for _, f := range funcs {
		sep()
		p.line(indent, f)
	}
}

// referencedNames lists the named types and resources a function type
// refers to by name (not looking inside named types).
func referencedNames(t Type) []Type {
	var out []Type
	var walk func(t Type)
	walk = func(t Type) {
		switch t.(type) {
		case nil, PrimValType:
			return
		case *Named, *Resource:
			out = append(out, t)
			return
		}
		for _, c := range children(t) {
			walk(c)
		}
	}
	walk(t)
	return out
}

// isAlias reports whether a type export merely renames a resource (a
// Named over a Named).
func isAlias(t Type) bool {
	n, ok := t.(*Named)
	if !ok {
		return false
	}
	_, inner := n.Type.(*Named)
	return inner
}

// foreign reports whether t is a type declared by an interface other than
// owner, returning that interface and the type's name there.
func foreign(t Type, owner string) (from, name string, ok bool) {
	switch x := t.(type) {
	case *Named:
		if x.Owner != "" && x.Owner != owner {
			return x.Owner, x.Name, true
		}
	case *Resource:
		if x.Owner != "" && x.Owner != owner {
			return x.Owner, x.Name, true
		}
	}
	return "", "", false
}

// usePath is how an interface in owner's package refers to interface from:
// by its short name within the same package, by its full name otherwise.
func usePath(from, owner string) string {
	if !isInterfaceName(from) {
		return ident(from)
	}
	fp, fi := splitInterfaceName(from)
	if isInterfaceName(owner) {
		if op, _ := splitInterfaceName(owner); op == fp {
			return ident(fi)
		}
	}
	return from
}

// methodName splits "[method]r.m", "[static]r.m" and "[constructor]r".
func methodName(name string) (res, method, kind string) {
	for _, k := range []string{"constructor", "method", "static"} {
		pre := "[" + k + "]"
		if !strings.HasPrefix(name, pre) {
			continue
		}
		rest := name[len(pre):]
		if k == "constructor" {
			return rest, "", k
		}
		if r, m, ok := strings.Cut(rest, "."); ok {
			return r, m, k
		}
	}
	return "", "", ""
}

// typeDecl prints a type export as a WIT definition.
func typeDecl(e Extern, owner string) string {
	name := ident(e.Name)
	n, ok := e.Type.(*Named)
	if !ok {
		if r, ok := e.Type.(*Resource); ok && r.Name == e.Name {
			return "resource " + name + ";"
		}
		return "type " + name + " = " + TypeString(e.Type) + ";"
	}
	switch t := n.Type.(type) {
	case *RecordType:
		var b strings.Builder
		b.WriteString("record " + name + " {\n")
		for _, f := range t.Fields {
			b.WriteString("  " + ident(f.Name) + ": " + TypeString(f.Type) + ",\n")
		}
		b.WriteString("}")
		return b.String()
	case *VariantType:
		var b strings.Builder
		b.WriteString("variant " + name + " {\n")
		for _, c := range t.Cases {
			b.WriteString("  " + ident(c.Name))
			if c.Type != nil {
				b.WriteString("(" + TypeString(c.Type) + ")")
			}
			b.WriteString(",\n")
		}
		b.WriteString("}")
		return b.String()
	case *EnumType:
		return labelsDecl("enum", name, t.Names)
	case *FlagsType:
		return labelsDecl("flags", name, t.Names)
	case *Resource:
		if t.Name != e.Name {
			return "type " + name + " = " + ident(t.Name) + ";"
		}
		return "resource " + name + ";"
	}
	return "type " + name + " = " + TypeString(n.Type) + ";"
}

func labelsDecl(kw, name string, labels []string) string {
	var b strings.Builder
	b.WriteString(kw + " " + name + " {\n")
	for _, l := range labels {
		b.WriteString("  " + ident(l) + ",\n")
	}
	b.WriteString("}")
	return b.String()
}

func paramsString(t Type, method bool) string {
	f, ok := t.(*Func)
	if !ok {
		return "()"
	}
	ps := f.Params
	if method && len(ps) > 0 {
		ps = ps[1:]
	}
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = ident(p.Name) + ": " + TypeString(p.Type)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

func funcString(t Type, method bool) string {
	f, ok := t.(*Func)
	if !ok {
		return "func()"
	}
	s := "func" + paramsString(t, method)
	if f.Async {
		s = "async " + s
	}
	switch {
	case f.Result != nil:
		s += " -> " + TypeString(f.Result)
	case len(f.Results) > 0:
		parts := make([]string, len(f.Results))
		for i, p := range f.Results {
			parts[i] = ident(p.Name) + ": " + TypeString(p.Type)
		}
		s += " -> (" + strings.Join(parts, ", ") + ")"
	}
	return s
}

// TypeString renders a type reference in WIT syntax: named types by name,
// anonymous ones structurally (list<u8>, result<_, error>, borrow<r>).
func TypeString(t Type) string {
	switch x := t.(type) {
	case nil:
		return "_"
	case PrimValType:
		return x.String()
	case *Named:
		return ident(x.Name)
	case *Resource:
		if x.Name == "" {
			return "resource"
		}
		return ident(x.Name)
	case *HandleType:
		if x.Borrow {
			return "borrow<" + TypeString(x.Resource) + ">"
		}
		return TypeString(x.Resource)
	case *ListType:
		if x.Fixed {
			return "list<" + TypeString(x.Elem) + ", " + strconv.FormatUint(uint64(x.Len), 10) + ">"
		}
		return "list<" + TypeString(x.Elem) + ">"
	case *OptionType:
		return "option<" + TypeString(x.Type) + ">"
	case *ResultType:
		switch {
		case x.Ok == nil && x.Err == nil:
			return "result"
		case x.Err == nil:
			return "result<" + TypeString(x.Ok) + ">"
		default:
			return "result<" + TypeString(x.Ok) + ", " + TypeString(x.Err) + ">"
		}
	case *TupleType:
		parts := make([]string, len(x.Types))
		for i, e := range x.Types {
			parts[i] = TypeString(e)
		}
		return "tuple<" + strings.Join(parts, ", ") + ">"
	case *StreamType:
		if x.Elem == nil {
			return "stream"
		}
		return "stream<" + TypeString(x.Elem) + ">"
	case *FutureType:
		if x.Elem == nil {
			return "future"
		}
		return "future<" + TypeString(x.Elem) + ">"
	case *RecordType:
		parts := make([]string, len(x.Fields))
		for i, f := range x.Fields {
			parts[i] = ident(f.Name) + ": " + TypeString(f.Type)
		}
		return "record { " + strings.Join(parts, ", ") + " }"
	case *VariantType:
		parts := make([]string, len(x.Cases))
		for i, c := range x.Cases {
			parts[i] = ident(c.Name)
			if c.Type != nil {
				parts[i] += "(" + TypeString(c.Type) + ")"
			}
		}
		return "variant { " + strings.Join(parts, ", ") + " }"
	case *EnumType:
		return "enum { " + strings.Join(x.Names, ", ") + " }"
	case *FlagsType:
		return "flags { " + strings.Join(x.Names, ", ") + " }"
	case *Func:
		return funcString(x, false)
	case *Interface:
		names := make([]string, len(x.Exports))
		for i, e := range x.Exports {
			names[i] = e.Name
		}
		return "interface { " + strings.Join(names, ", ") + " }"
	case *ComponentSig:
		return "component"
	case *CoreModule:
		return "core module"
	}
	return "?"
}

var witKeywords = map[string]bool{
	"use": true, "type": true, "func": true, "u8": true, "u16": true, "u32": true, "u64": true,
	"s8": true, "s16": true, "s32": true, "s64": true, "f32": true, "f64": true, "float32": true,
	"float64": true, "char": true, "bool": true, "string": true, "record": true, "resource": true,
	"own": true, "borrow": true, "flags": true, "variant": true, "enum": true, "option": true,
	"result": true, "list": true, "future": true, "stream": true, "error-context": true, "as": true,
	"from": true, "static": true, "interface": true, "tuple": true, "import": true, "export": true,
	"package": true, "constructor": true, "world": true, "include": true, "with": true,
	"async": true, "_": true,
}

// ident escapes a WIT keyword used as a name with %.
func ident(s string) string {
	if witKeywords[s] {
		return "%" + s
	}
	return s
}
