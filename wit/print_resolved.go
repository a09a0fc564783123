package wit

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// PrintPackage writes a resolved package as WIT: its named interfaces and
// its worlds with their elaborated imports and exports (`include`s expanded,
// the interfaces that imports and exports depend on listed explicitly).
// Parsing and resolving the output, with the same dependencies, gives an
// equal model. Items dropped by feature gates are not printed.
func PrintPackage(w io.Writer, r *Resolve, pkg *Package) error {
	p := &rprinter{printer: printer{w: bufio.NewWriter(w)}, pkg: pkg}
	p.docs(pkg.Docs.Contents)
	p.line("package %s;", pkg.Name)
	for _, i := range pkg.Interfaces {
		p.blank()
		p.iface(i)
	}
	for _, wd := range pkg.Worlds {
		p.blank()
		p.world(wd)
	}
	return p.w.Flush()
}

// PrintWorld writes one resolved world as WIT (as in PrintPackage).
func PrintWorld(w io.Writer, r *Resolve, world *World) error {
	p := &rprinter{printer: printer{w: bufio.NewWriter(w)}, pkg: world.Package}
	p.world(world)
	return p.w.Flush()
}

type rprinter struct {
	printer
	pkg *Package
}

func (p *rprinter) stability(s Stability) {
	switch s.Kind {
	case Stable:
		p.line("@since(version = %s)", s.Since)
	case Unstable:
		p.line("@unstable(feature = %s)", Ident(s.Feature))
	}
	if s.Deprecated != "" {
		p.line("@deprecated(version = %s)", s.Deprecated)
	}
}

// ifacePath names interface i from package p's point of view.
func (p *rprinter) ifacePath(i *Interface) string {
	if i.Package == p.pkg {
		return Ident(i.Name)
	}
	n := i.Package.Name
	s := n.Namespace + ":" + n.Name + "/" + Ident(i.Name)
	if n.Version != "" {
		s += "@" + n.Version
	}
	return s
}

func (p *rprinter) iface(i *Interface) {
	p.docs(i.Docs.Contents)
	p.stability(i.Stability)
	p.line("interface %s {", Ident(i.Name))
	p.indent++
	p.ifaceBody(i)
	p.indent--
	p.line("}")
}

func (p *rprinter) ifaceBody(i *Interface) {
	for _, t := range i.Types {
		p.typeDef(t, i.Functions)
	}
	for _, f := range i.Functions {
		if f.Resource != nil {
			continue
		}
		p.docs(f.Docs.Contents)
		p.stability(f.Stability)
		p.line("%s: %s;", Ident(f.Name), p.sig(f))
	}
}

// typeDef prints a named type; fns holds the functions of its owner (for
// resources).
func (p *rprinter) typeDef(t *TypeDef, fns []*Function) {
	if a, ok := t.Kind.(*Alias); ok {
		if td, ok := a.Target.(*TypeDef); ok && td.Name != "" {
			if owner, ok := td.Owner.(*Interface); ok && TypeOwner(owner) != t.Owner {
				p.docs(t.Docs.Contents)
				p.stability(t.Stability)
				name := Ident(td.Name)
				if td.Name != t.Name {
					name += " as " + Ident(t.Name)
				}
				p.line("use %s.{%s};", p.ifacePath(owner), name)
				return
			}
		}
	}
	p.docs(t.Docs.Contents)
	p.stability(t.Stability)
	name := Ident(t.Name)
	switch k := t.Kind.(type) {
	case *Alias:
		p.line("type %s = %s;", name, p.typ(k.Target, true))
	case *Record:
		p.line("record %s {", name)
		p.indent++
		for _, f := range k.Fields {
			p.docs(f.Docs.Contents)
			p.line("%s: %s,", Ident(f.Name), p.typ(f.Type, false))
		}
		p.indent--
		p.line("}")
	case *Variant:
		p.line("variant %s {", name)
		p.indent++
		for _, c := range k.Cases {
			p.docs(c.Docs.Contents)
			if c.Type != nil {
				p.line("%s(%s),", Ident(c.Name), p.typ(c.Type, false))
			} else {
				p.line("%s,", Ident(c.Name))
			}
		}
		p.indent--
		p.line("}")
	case *Enum:
		p.line("enum %s {", name)
		p.indent++
		for _, c := range k.Cases {
			p.docs(c.Docs.Contents)
			p.line("%s,", Ident(c.Name))
		}
		p.indent--
		p.line("}")
	case *Flags:
		p.line("flags %s {", name)
		p.indent++
		for _, c := range k.Flags {
			p.docs(c.Docs.Contents)
			p.line("%s,", Ident(c.Name))
		}
		p.indent--
		p.line("}")
	case *Resource:
		var mine []*Function
		for _, f := range fns {
			if f.Resource == t {
				mine = append(mine, f)
			}
		}
		if len(mine) == 0 {
			p.line("resource %s;", name)
			return
		}
		p.line("resource %s {", name)
		p.indent++
		for _, f := range mine {
			p.docs(f.Docs.Contents)
			p.stability(f.Stability)
			switch f.Kind {
			case Constructor:
				s := "constructor(" + p.params(f.Params) + ")"
				if h, ok := f.Result.(*TypeDef); !ok || !isOwnOf(h, t) {
					s += " -> " + p.typ(f.Result, false)
				}
				p.line("%s;", s)
			default:
				p.line("%s: %s;", Ident(f.ItemName()), p.sig(f))
			}
		}
		p.indent--
		p.line("}")
	default:
		// An anonymous kind given a name: `type x = list<u8>` resolves to an
		// alias, so this only happens for hand-built models.
		p.line("type %s = %s;", name, p.typ(&TypeDef{Kind: t.Kind}, true))
	}
}

func isOwnOf(t *TypeDef, res *TypeDef) bool {
	h, ok := t.Kind.(*Handle)
	return ok && !h.Borrow && h.Resource == res
}

func (p *rprinter) params(ps []Param) string {
	parts := make([]string, len(ps))
	for i, x := range ps {
		parts[i] = Ident(x.Name) + ": " + p.typ(x.Type, false)
	}
	return strings.Join(parts, ", ")
}

func (p *rprinter) sig(f *Function) string {
	var b strings.Builder
	if f.Async {
		b.WriteString("async ")
	}
	if f.Kind == Static {
		b.WriteString("static ")
	}
	ps := f.Params
	if f.Kind == Method && len(ps) > 0 {
		ps = ps[1:] // self
	}
	b.WriteString("func(" + p.params(ps) + ")")
	if f.Result != nil {
		b.WriteString(" -> " + p.typ(f.Result, false))
	}
	return b.String()
}

// typ spells a type reference. alias is set in `type x = …`, where a
// resource name means the resource rather than own<r>.
func (p *rprinter) typ(t Type, alias bool) string {
	switch t := t.(type) {
	case Primitive:
		return t.String()
	case *TypeDef:
		if t.Name != "" {
			return Ident(t.Name)
		}
		switch k := t.Kind.(type) {
		case *List:
			if k.Size > 0 {
				return fmt.Sprintf("list<%s, %d>", p.typ(k.Elem, false), k.Size)
			}
			return "list<" + p.typ(k.Elem, false) + ">"
		case *Option:
			return "option<" + p.typ(k.Elem, false) + ">"
		case *Result:
			switch {
			case k.OK == nil && k.Err == nil:
				return "result"
			case k.Err == nil:
				return "result<" + p.typ(k.OK, false) + ">"
			case k.OK == nil:
				return "result<_, " + p.typ(k.Err, false) + ">"
			}
			return "result<" + p.typ(k.OK, false) + ", " + p.typ(k.Err, false) + ">"
		case *Tuple:
			parts := make([]string, len(k.Types))
			for i, e := range k.Types {
				parts[i] = p.typ(e, false)
			}
			return "tuple<" + strings.Join(parts, ", ") + ">"
		case *Handle:
			if k.Borrow {
				return "borrow<" + Ident(k.Resource.Name) + ">"
			}
			if alias {
				return "own<" + Ident(k.Resource.Name) + ">"
			}
			return Ident(k.Resource.Name)
		case *Future:
			if k.Elem == nil {
				return "future"
			}
			return "future<" + p.typ(k.Elem, false) + ">"
		case *Stream:
			if k.Elem == nil {
				return "stream"
			}
			return "stream<" + p.typ(k.Elem, false) + ">"
		case *Alias:
			return p.typ(k.Target, alias)
		}
	}
	return "?"
}

func (p *rprinter) world(w *World) {
	p.docs(w.Docs.Contents)
	p.stability(w.Stability)
	p.line("world %s {", Ident(w.Name))
	p.indent++
	var fns []*Function
	for _, it := range w.Imports {
		if it.Kind == WorldFunction {
			fns = append(fns, it.Function)
		}
	}
	for _, it := range w.Imports {
		p.worldItem("import", it, fns)
	}
	for _, it := range w.Exports {
		p.worldItem("export", it, fns)
	}
	p.indent--
	p.line("}")
}

func (p *rprinter) worldItem(kw string, it *WorldItem, fns []*Function) {
	switch it.Kind {
	case WorldInterface:
		if it.Interface.Name != "" && it.Key != it.Interface.QualifiedName() {
			// A named interface under a plain name (World.ExpandImport),
			// which WIT cannot say: its body, inline.
			p.line("// %s under the plain name %s", it.Interface.QualifiedName(), it.Key)
		}
		if it.Interface.Name == "" || it.Key != it.Interface.QualifiedName() {
			p.docs(it.Docs.Contents)
			p.stability(it.Stability)
			p.line("%s %s: interface {", kw, Ident(it.Key))
			p.indent++
			p.ifaceBody(it.Interface)
			p.indent--
			p.line("}")
			return
		}
		p.docs(it.Docs.Contents)
		p.stability(it.Stability)
		p.line("%s %s;", kw, p.ifacePath(it.Interface))
	case WorldType:
		p.typeDef(it.Type, fns)
	case WorldFunction:
		if it.Function.Resource != nil {
			return // printed inside its resource
		}
		p.docs(it.Docs.Contents)
		p.stability(it.Stability)
		p.line("%s %s: %s;", kw, Ident(it.Key), p.sig(it.Function))
	}
}
