package newcomp

import (
	"fmt"
	"strings"

	"github.com/wasmcp/wasmcp/component"
)

// worldOf decodes the world a `component-type` custom section describes:
// a component exporting one type, a component type whose one export is the
// world's component type.
func worldOf(payload []byte, where string) (*component.ComponentSig, error) {
	w, err := component.Inspect(payload)
	if err != nil {
		return nil, fmt.Errorf("%s: component-type section: %w", where, err)
	}
	for _, e := range w.Exports {
		t := component.Underlying(e.Type)
		outer, ok := t.(*component.ComponentSig)
		if !ok {
			continue
		}
		for _, x := range outer.Exports {
			if sig, ok := component.Underlying(x.Type).(*component.ComponentSig); ok {
				setOwners(sig.Imports)
				setOwners(sig.Exports)
				return sig, nil
			}
		}
	}
	return nil, fmt.Errorf("%s: component-type section does not describe a world", where)
}

// setOwners names the interface that declares each resource and named
// type: inside a component type (the world) they are declarations of the
// instance types, which Inspect leaves without an owner.
func setOwners(es []component.Extern) {
	for _, e := range es {
		it, ok := e.Type.(*component.Interface)
		if !ok || e.Kind != component.ExternInstance {
			continue
		}
		for _, x := range it.Exports {
			if x.Kind != component.ExternType {
				continue
			}
			switch t := x.Type.(type) {
			case *component.Resource:
				if t.Owner == "" {
					t.Owner = e.Name
				}
			case *component.Named:
				if t.Owner == "" {
					t.Owner = e.Name
				}
			}
		}
	}
}

// worldSection finds the one component-type custom section of m.
func worldSection(m *module, where string) (*component.ComponentSig, error) {
	var sig *component.ComponentSig
	for _, c := range m.customs {
		if !strings.HasPrefix(c.name, "component-type") {
			continue
		}
		if sig != nil {
			return nil, fmt.Errorf("%s: more than one component-type section", where)
		}
		s, err := worldOf(c.data, where)
		if err != nil {
			return nil, err
		}
		sig = s
	}
	if sig == nil {
		return nil, fmt.Errorf("%s: no component-type custom section (embed a WIT world first)", where)
	}
	return sig, nil
}

// liveSet is the order in which resources and named types become needed:
// dependencies before the types that use them. wit-component lists the types
// of an imported interface in this order, and so `wasmcp wit` prints them.
type liveSet struct {
	seen  map[string]bool
	order []component.Type // *Named and *Resource
}

func newLiveSet() *liveSet { return &liveSet{seen: map[string]bool{}} }

// nominalKey names a resource or named type by the interface declaring it.
func nominalKey(t component.Type) string {
	switch x := t.(type) {
	case *component.Resource:
		return "resource " + component.InterfaceKey(x.Owner) + " " + x.Name
	case *component.Named:
		return "type " + component.InterfaceKey(x.Owner) + " " + x.Name
	}
	return ""
}

func ownerOf(t component.Type) string {
	switch x := t.(type) {
	case *component.Resource:
		return x.Owner
	case *component.Named:
		return x.Owner
	}
	return ""
}

func (l *liveSet) has(t component.Type) bool { return l.seen[nominalKey(t)] }

func (l *liveSet) add(t component.Type) {
	switch x := t.(type) {
	case nil, component.PrimValType:
	case *component.Named:
		k := nominalKey(x)
		if l.seen[k] {
			return
		}
		l.seen[k] = true
		l.add(x.Type)
		l.order = append(l.order, x)
	case *component.Resource:
		k := nominalKey(x)
		if l.seen[k] {
			return
		}
		l.seen[k] = true
		l.order = append(l.order, x)
	case *component.RecordType:
		for _, f := range x.Fields {
			l.add(f.Type)
		}
	case *component.VariantType:
		for _, c := range x.Cases {
			l.add(c.Type)
		}
	case *component.ListType:
		l.add(x.Elem)
	case *component.TupleType:
		for _, e := range x.Types {
			l.add(e)
		}
	case *component.OptionType:
		l.add(x.Type)
	case *component.ResultType:
		l.add(x.Ok)
		l.add(x.Err)
	case *component.HandleType:
		l.add(x.Resource)
	case *component.StreamType:
		l.add(x.Elem)
	case *component.FutureType:
		l.add(x.Elem)
	case *component.Func:
		for _, p := range x.Params {
			l.add(p.Type)
		}
		l.add(x.Result)
		for _, p := range x.Results {
			l.add(p.Type)
		}
	}
}

// addInterface adds every type and function of an interface, types first.
func (l *liveSet) addInterface(it *component.Interface) {
	for _, x := range it.Exports {
		if x.Kind == component.ExternType {
			l.add(x.Type)
		}
	}
	for _, x := range it.Exports {
		if x.Kind == component.ExternFunc {
			l.add(x.Type)
		}
	}
}

// imported is one import of the component: an interface (or a world-level
// function) and what of it the core modules use.
type imported struct {
	ext   component.Extern
	funcs map[string]bool
	drops map[string]bool
}

// importSet merges the imports of the main world and the adapter's world;
// interfaces are matched by InterfaceKey, so that the adapter's
// wasi:filesystem/preopens@0.2.6 is the world's @0.2.12.
type importSet struct {
	list  []*imported
	byKey map[string]*imported
	root  *imported // world-level functions ("$root")
}

func newImportSet() *importSet { return &importSet{byKey: map[string]*imported{}} }

func (s *importSet) addWorld(sig *component.ComponentSig) {
	for _, e := range sig.Imports {
		switch e.Kind {
		case component.ExternInstance:
			k := component.InterfaceKey(e.Name)
			if _, ok := s.byKey[k]; ok {
				continue
			}
			im := &imported{ext: e, funcs: map[string]bool{}, drops: map[string]bool{}}
			s.byKey[k] = im
			s.list = append(s.list, im)
		case component.ExternFunc, component.ExternType:
			if s.root == nil {
				s.root = &imported{ext: component.Extern{Name: "$root", Kind: component.ExternInstance, Type: &component.Interface{}}, funcs: map[string]bool{}, drops: map[string]bool{}}
			}
			root := s.root.ext.Type.(*component.Interface)
			if _, dup := root.Export(e.Name); !dup {
				root.Exports = append(root.Exports, e)
			}
		}
	}
}

// lookup finds the import a core import module names.
func (s *importSet) lookup(module string) *imported {
	if module == "$root" {
		return s.root
	}
	return s.byKey[component.InterfaceKey(module)]
}

// require records that a core module imports field name of module and
// walks the types it needs.
func (s *importSet) require(module, name string, live *liveSet, where string) error {
	im := s.lookup(module)
	if im == nil {
		return fmt.Errorf("%s imports %s.%s, but the world imports no interface %q", where, module, name, module)
	}
	it := im.ext.Type.(*component.Interface)
	if r, ok := strings.CutPrefix(name, "[resource-drop]"); ok {
		x, ok := it.Export(r)
		if !ok || x.Kind != component.ExternType || component.ResourceOf(x.Type) == nil {
			return fmt.Errorf("%s imports %s.%s, but %s has no resource %q", where, module, name, module, r)
		}
		im.drops[r] = true
		live.add(x.Type)
		return nil
	}
	x, ok := it.Export(name)
	if !ok || x.Kind != component.ExternFunc {
		return fmt.Errorf("%s imports %s.%s, but %s has no function %q", where, module, name, module, name)
	}
	im.funcs[name] = true
	live.add(x.Type)
	return nil
}

// pruned is the interface as the component imports it: its live types in
// live order, then the functions the modules call, in interface order.
func (im *imported) pruned(live *liveSet) *component.Interface {
	it := im.ext.Type.(*component.Interface)
	out := &component.Interface{}
	key := component.InterfaceKey(im.ext.Name)
	for _, t := range live.order {
		if component.InterfaceKey(ownerOf(t)) != key {
			continue
		}
		var n string
		switch x := t.(type) {
		case *component.Named:
			n = x.Name
		case *component.Resource:
			n = x.Name
		}
		if x, ok := it.Export(n); ok && x.Kind == component.ExternType {
			out.Exports = append(out.Exports, x)
		}
	}
	for _, x := range it.Exports {
		if x.Kind == component.ExternFunc && im.funcs[x.Name] {
			out.Exports = append(out.Exports, x)
		}
	}
	return out
}

// used reports whether the component imports anything of im.
func (im *imported) used(live *liveSet) bool {
	if len(im.funcs) > 0 || len(im.drops) > 0 {
		return true
	}
	key := component.InterfaceKey(im.ext.Name)
	for _, t := range live.order {
		if component.InterfaceKey(ownerOf(t)) == key {
			return true
		}
	}
	return false
}
