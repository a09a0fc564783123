package wit

import (
	"fmt"
	"strings"
)

// ExpandImport replaces the world's import of the named interface iface
// ("ns:pkg/name@version", as in Interface.QualifiedName) by one import per
// name in names, at the same position and in that order. Each new import
// has a plain name ("tools-1") and the interface's instance type, so a
// component of the world imports K instances of one interface, something WIT
// text cannot say. Types the interface uses from other interfaces still come
// from those interfaces' imports.
//
// The names must be valid plain names (kebab case; a word after the first
// may start with a digit, as in "tools-2"), distinct, and not already
// imported or exported by the world. ExpandImport fails when the world does
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

// checkPlainName checks a plain import or export name as the component
// model's validators accept it: words separated by single hyphens, each
// all lower case or all upper case with digits; the first word starts with
// a letter, later words may start with a digit. It returns "" when name is
// valid.
func checkPlainName(name string) string {
	if name == "" {
		return "empty"
	}
	for i, w := range strings.Split(name, "-") {
		if w == "" {
			return "empty word (leading, trailing or doubled '-')"
		}
		if i == 0 && !isIdentStart(w[0]) {
			return fmt.Sprintf("first word %q does not start with a letter", w)
		}
		lower, upper := false, false
		for j := 0; j < len(w); j++ {
			c := w[j]
			switch {
			case c >= 'a' && c <= 'z':
				lower = true
			case c >= 'A' && c <= 'Z':
				upper = true
			case c >= '0' && c <= '9':
			default:
				return fmt.Sprintf("character %q is not a letter, digit or '-'", c)
			}
		}
		if lower && upper {
			return fmt.Sprintf("word %q mixes upper and lower case", w)
		}
	}
	return ""
}
