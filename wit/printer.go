package wit

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// keywords must be written with a leading % when used as identifiers.
var keywords = map[string]bool{
	"use": true, "type": true, "func": true, "u8": true, "u16": true, "u32": true, "u64": true,
	"s8": true, "s16": true, "s32": true, "s64": true, "f32": true, "f64": true,
	"char": true, "bool": true, "string": true, "record": true, "flags": true,
	"variant": true, "enum": true, "resource": true, "own": true, "borrow": true, "list": true,
	"option": true, "result": true, "tuple": true, "future": true, "stream": true,
	"error-context": true, "interface": true, "world": true, "import": true, "export": true,
	"package": true, "constructor": true, "static": true, "async": true, "include": true,
	"with": true, "as": true,
}

// Ident returns name as a WIT identifier, %-escaped when it is a keyword.
func Ident(name string) string {
	if keywords[name] {
		return "%" + name
	}
	return name
}

// Format writes f as canonical WIT text: four-space indentation, one item
// per line, doc comments as `///`. Parsing the output gives back f (up to
// positions and comment style).
func Format(w io.Writer, f *File) error {
	p := &printer{w: bufio.NewWriter(w)}
	if f.Package != nil {
		p.docs(f.Package.Docs)
		p.line("package %s;", f.Package.Name)
		p.decls(f.Package.Items, true)
	} else {
		p.decls(f.Items, false)
	}
	for _, n := range f.Nested {
		p.blank()
		p.docs(n.Docs)
		p.line("package %s {", n.Name)
		p.indent++
		p.decls(n.Items, false)
		p.indent--
		p.line("}")
	}
	return p.w.Flush()
}

// FormatString is Format into a string.
func FormatString(f *File) string {
	var b strings.Builder
	_ = Format(&b, f)
	return b.String()
}

type printer struct {
	w      *bufio.Writer
	indent int
	empty  bool // last line was blank (or nothing written yet)
	wrote  bool
}

func (p *printer) line(format string, args ...any) {
	for i := 0; i < p.indent; i++ {
		p.w.WriteString("    ")
	}
	fmt.Fprintf(p.w, format, args...)
	p.w.WriteByte('\n')
	p.empty = false
	p.wrote = true
}

func (p *printer) blank() {
	if p.wrote && !p.empty {
		p.w.WriteByte('\n')
		p.empty = true
	}
}

func (p *printer) docs(d string) {
	if d == "" {
		return
	}
	for _, l := range strings.Split(d, "\n") {
		if l == "" {
			p.line("///")
		} else {
			p.line("/// %s", l)
		}
	}
}

func (p *printer) gates(gs []Gate) {
	for _, g := range gs {
		switch g.Kind {
		case "unstable":
			p.line("@unstable(feature = %s)", Ident(g.Value))
		default:
			p.line("@%s(version = %s)", g.Kind, g.Value)
		}
	}
}

func (p *printer) decls(ds []Decl, top bool) {
	for _, d := range ds {
		if top || p.wrote {
			p.blank()
		}
		p.decl(d)
	}
}

func (p *printer) decl(d Decl) {
	switch d := d.(type) {
	case *UseDecl:
		p.docs(d.Docs)
		p.gates(d.Gates)
		if d.Top {
			if d.As != "" {
				p.line("use %s as %s;", pathString(d.Path), Ident(d.As))
			} else {
				p.line("use %s;", pathString(d.Path))
			}
			return
		}
		names := make([]string, len(d.Names))
		for i, n := range d.Names {
			names[i] = Ident(n.Name)
			if n.As != "" {
				names[i] += " as " + Ident(n.As)
			}
		}
		p.line("use %s.{%s};", pathString(d.Path), strings.Join(names, ", "))
	case *InterfaceDecl:
		p.docs(d.Docs)
		p.gates(d.Gates)
		p.line("interface %s {", Ident(d.Name))
		p.body(d.Items)
		p.line("}")
	case *WorldDecl:
		p.docs(d.Docs)
		p.gates(d.Gates)
		p.line("world %s {", Ident(d.Name))
		p.body(d.Items)
		p.line("}")
	case *ImportExportDecl:
		p.docs(d.Docs)
		p.gates(d.Gates)
		kw := "import"
		if d.Export {
			kw = "export"
		}
		switch {
		case d.Path != nil:
			p.line("%s %s;", kw, pathString(*d.Path))
		case d.Func != nil:
			p.line("%s %s: %s;", kw, Ident(d.Name), funcSig(d.Func))
		case d.Interface != nil:
			p.line("%s %s: interface {", kw, Ident(d.Name))
			p.body(d.Interface.Items)
			p.line("}")
		}
	case *IncludeDecl:
		p.docs(d.Docs)
		p.gates(d.Gates)
		if len(d.With) == 0 {
			p.line("include %s;", pathString(d.Path))
			return
		}
		ws := make([]string, len(d.With))
		for i, n := range d.With {
			ws[i] = Ident(n.Name) + " as " + Ident(n.As)
		}
		p.line("include %s with { %s }", pathString(d.Path), strings.Join(ws, ", "))
	case *TypeDecl:
		p.typeDecl(d)
	case *FuncDecl:
		p.docs(d.Docs)
		p.gates(d.Gates)
		p.line("%s: %s;", Ident(d.Name), funcSig(d))
	}
}

func (p *printer) body(items []Decl) {
	p.indent++
	for i, it := range items {
		// Blank lines around multi-line items.
		if i > 0 {
			if td, ok := it.(*TypeDecl); ok && (td.Kind != "type" && !(td.Kind == "resource" && !td.Body)) {
				p.blank()
			} else if prev, ok := items[i-1].(*TypeDecl); ok && prev.Kind != "type" {
				p.blank()
			} else if hasDocs(it) {
				p.blank()
			}
		}
		p.decl(it)
	}
	p.indent--
}

func hasDocs(d Decl) bool {
	switch d := d.(type) {
	case *FuncDecl:
		return d.Docs != ""
	case *ImportExportDecl:
		return d.Docs != ""
	case *UseDecl:
		return d.Docs != ""
	case *IncludeDecl:
		return d.Docs != ""
	}
	return false
}

func (p *printer) typeDecl(d *TypeDecl) {
	p.docs(d.Docs)
	p.gates(d.Gates)
	name := Ident(d.Name)
	switch d.Kind {
	case "type":
		p.line("type %s = %s;", name, typeString(d.Alias))
	case "resource":
		if !d.Body {
			p.line("resource %s;", name)
			return
		}
		p.line("resource %s {", name)
		p.indent++
		for i, f := range d.Funcs {
			if i > 0 && f.Docs != "" {
				p.blank()
			}
			p.docs(f.Docs)
			p.gates(f.Gates)
			if f.Kind == Constructor {
				s := "constructor(" + paramsString(f.Params) + ")"
				if f.Result != nil {
					s += " -> " + typeString(f.Result)
				}
				p.line("%s;", s)
				continue
			}
			p.line("%s: %s;", Ident(f.Name), funcSig(f))
		}
		p.indent--
		p.line("}")
	default:
		p.line("%s %s {", d.Kind, name)
		p.indent++
		for _, c := range d.Cases {
			p.docs(c.Docs)
			p.gates(c.Gates)
			switch {
			case d.Kind == "record":
				p.line("%s: %s,", Ident(c.Name), typeString(c.Type))
			case c.Type != nil:
				p.line("%s(%s),", Ident(c.Name), typeString(c.Type))
			default:
				p.line("%s,", Ident(c.Name))
			}
		}
		p.indent--
		p.line("}")
	}
}

func pathString(u UsePath) string {
	if u.Package == nil {
		return Ident(u.Name)
	}
	s := u.Package.Namespace + ":" + u.Package.Name + "/" + Ident(u.Name)
	if u.Package.Version != "" {
		s += "@" + u.Package.Version
	}
	return s
}

func funcSig(f *FuncDecl) string {
	var b strings.Builder
	if f.Async {
		b.WriteString("async ")
	}
	if f.Kind == Static {
		b.WriteString("static ")
	}
	b.WriteString("func(")
	b.WriteString(paramsString(f.Params))
	b.WriteString(")")
	if f.Result != nil {
		b.WriteString(" -> ")
		b.WriteString(typeString(f.Result))
	}
	return b.String()
}

func paramsString(ps []ParamDecl) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = Ident(p.Name) + ": " + typeString(p.Type)
	}
	return strings.Join(parts, ", ")
}

func typeString(e TypeExpr) string {
	switch e := e.(type) {
	case *PrimType:
		return e.Prim.String()
	case *NamedType:
		return Ident(e.Name)
	case *GenericType:
		switch e.Kind {
		case "result":
			ok, er := e.Args[0], e.Args[1]
			switch {
			case ok == nil && er == nil:
				return "result"
			case er == nil:
				return "result<" + typeString(ok) + ">"
			case ok == nil:
				return "result<_, " + typeString(er) + ">"
			}
			return "result<" + typeString(ok) + ", " + typeString(er) + ">"
		case "future", "stream":
			if e.Args[0] == nil {
				return e.Kind
			}
		case "list":
			if e.Size > 0 {
				return fmt.Sprintf("list<%s, %d>", typeString(e.Args[0]), e.Size)
			}
		}
		parts := make([]string, len(e.Args))
		for i, a := range e.Args {
			parts[i] = typeString(a)
		}
		return e.Kind + "<" + strings.Join(parts, ", ") + ">"
	}
	return "?"
}
