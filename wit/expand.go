package wit

import (
	"fmt"
)

// ExpandImport replaces the world's import of the named interface iface
// ("ns:pkg/name@version", as in Interface.QualifiedName) by one import per
// name in names, at the same position and in that order. Each new import
// has a plain name ("tools1") and the interface's instance type, so a
// component of the world imports K instances of one interface, something WIT
// text cannot say. Types the interface uses from other interfaces still come
// from those interfaces' imports.
//
// The names must be valid plain names in kebab case, distinct, and not
// already imported or exported by the world. Every word of a name starts
// with a letter: "tools2", not "tools-2", which newer validators accept but
// wasmtime 39 refuses. ExpandImport fails when the world does
// not import iface, when it also exports iface, or when another import or
// export of the world uses a type of iface (that type would have no single
// instance to come from). The world is changed in place; on error it is
// left unchanged.
func (w *World) ExpandImport(iface string, names []string) error {
	at := -1
	for i, it := range w.Imports {
		if it.Kind == WorldInterface && it.Key == iface && it.Interface.QualifiedName() == iface {
			at = i
			break
		}
	}
	if at < 0 {
		return fmt.Errorf("wit: world %s does not import interface %s", w.QualifiedName(), iface)
	}
	if len(names) == 0 {
		return fmt.Errorf("wit: expand import %s of world %s: no names", iface, w.QualifiedName())
	}
	target := w.Imports[at]
	taken := map[string]bool{}
	for i, it := range w.Imports {
		if i != at {
			taken[it.Key] = true
		}
	}
	for _, it := range w.Exports {
		taken[it.Key] = true
		if it.Kind == WorldInterface && it.Interface == target.Interface {
			return fmt.Errorf("wit: expand import %s of world %s: the world also exports it", iface, w.QualifiedName())
		}
	}
	for _, n := range names {
		if msg := checkPlainName(n); msg != "" {
			return fmt.Errorf("wit: expand import %s of world %s: name %q: %s", iface, w.QualifiedName(), n, msg)
		}
		if taken[n] {
			return fmt.Errorf("wit: expand import %s of world %s: name %q is already used by the world", iface, w.QualifiedName(), n)
		}
		taken[n] = true
	}
	if user := typeUser(w, target); user != "" {
		return fmt.Errorf("wit: expand import %s of world %s: %s uses its types", iface, w.QualifiedName(), user)
	}
	items := make([]*WorldItem, 0, len(w.Imports)+len(names)-1)
	items = append(items, w.Imports[:at]...)
	for _, n := range names {
		items = append(items, &WorldItem{
			Key:       n,
			Kind:      WorldInterface,
			Interface: target.Interface,
			Docs:      target.Docs,
			Stability: target.Stability,
		})
	}
	items = append(items, w.Imports[at+1:]...)
	w.Imports = items
	return nil
}

// ImportsOf returns the keys under which the world imports interface i, in
// world order.
func (w *World) ImportsOf(i *Interface) []string {
	var keys []string
	for _, it := range w.Imports {
		if it.Kind == WorldInterface && it.Interface == i {
			keys = append(keys, it.Key)
		}
	}
	return keys
}

// typeUser names an item of w, other than skip, whose definition refers to
// a type owned by skip's interface ("" when there is none).
func typeUser(w *World, skip *WorldItem) string {
	owned := func(t Type) bool {
		td, ok := t.(*TypeDef)
		if !ok {
			return false
		}
		o, ok := td.Owner.(*Interface)
		return ok && o == skip.Interface
	}
	var uses func(t Type, seen map[*TypeDef]bool) bool
	uses = func(t Type, seen map[*TypeDef]bool) bool {
		if t == nil {
			return false
		}
		if owned(t) {
			return true
		}
		td, ok := t.(*TypeDef)
		if !ok || seen[td] {
			return false
		}
		seen[td] = true
		for _, x := range typeRefs(td) {
			if uses(x, seen) {
				return true
			}
		}
		return false
	}
	fnUses := func(f *Function, seen map[*TypeDef]bool) bool {
		for _, p := range f.Params {
			if uses(p.Type, seen) {
				return true
			}
		}
		return uses(f.Result, seen)
	}
	check := func(kw string, it *WorldItem) string {
		seen := map[*TypeDef]bool{}
		switch it.Kind {
		case WorldInterface:
			if it.Interface == skip.Interface {
				return ""
			}
			for _, t := range it.Interface.Types {
				if uses(t, seen) {
					return kw + " " + it.Key
				}
			}
			for _, f := range it.Interface.Functions {
				if fnUses(f, seen) {
					return kw + " " + it.Key
				}
			}
		case WorldFunction:
			if fnUses(it.Function, seen) {
				return kw + " " + it.Key
			}
		case WorldType:
			if uses(it.Type, seen) {
				return kw + " " + it.Key
			}
		}
		return ""
	}
	for _, it := range w.Imports {
		if it == skip {
			continue
		}
		if s := check("import", it); s != "" {
			return s
		}
	}
	for _, it := range w.Exports {
		if s := check("export", it); s != "" {
			return s
		}
	}
	return ""
}

// typeRefs lists the types a TypeDef's definition mentions directly.
func typeRefs(td *TypeDef) []Type {
	switch k := td.Kind.(type) {
	case *Record:
		ts := make([]Type, len(k.Fields))
		for i, f := range k.Fields {
			ts[i] = f.Type
		}
		return ts
	case *Variant:
		var ts []Type
		for _, c := range k.Cases {
			if c.Type != nil {
				ts = append(ts, c.Type)
			}
		}
		return ts
	case *Alias:
		return []Type{k.Target}
	case *List:
		return []Type{k.Elem}
	case *Option:
		return []Type{k.Elem}
	case *Result:
		return []Type{k.OK, k.Err}
	case *Tuple:
		return k.Types
	case *Handle:
		return []Type{k.Resource}
	case *Future:
		return []Type{k.Elem}
	case *Stream:
		return []Type{k.Elem}
	}
	return nil
}

// checkPlainName checks a plain import or export name: kebab case (see
// checkKebab) of letters, digits and hyphens. It returns "" when name is
// valid.
func checkPlainName(name string) string {
	for i := 0; i < len(name); i++ {
		if c := name[i]; !isIdentChar(c) {
			return fmt.Sprintf("character %q is not a letter, digit or '-'", c)
		}
	}
	return checkKebab(name)
}
