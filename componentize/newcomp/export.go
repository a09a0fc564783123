package newcomp

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/wasmcp/wasmcp/component"
)

// ownResource returns the resource x declares itself in the interface
// exported as owner, or nil.
func ownResource(x component.Extern, owner string) *component.Resource {
	r, ok := x.Type.(*component.Resource)
	if !ok || x.Kind != component.ExternType || r.Name != x.Name || component.InterfaceKey(r.Owner) != component.InterfaceKey(owner) {
		return nil
	}
	return r
}

// aliased returns the type a named type only renames (a WIT use, or
// `type a = b`), or nil for a type definition of its own.
func aliased(n *component.Named) component.Type {
	switch n.Type.(type) {
	case *component.Named, *component.Resource:
		return n.Type
	}
	return nil
}

// defineExportedResources defines the resources the exported interfaces
// declare, before the main module is instantiated (its [export] imports
// resource.new and friends need them). A destructor the main module exports
// goes through a shim slot: the main instance does not exist yet.
func (c *builder) defineExportedResources() error {
	c.resDefs = map[string]uint32{}
	for _, e := range c.exports {
		if e.Kind != component.ExternInstance {
			continue
		}
		for _, x := range e.Type.(*component.Interface).Exports {
			r := ownResource(x, e.Name)
			if r == nil {
				continue
			}
			rt := &component.ResourceType{Rep: component.I32}
			dtorName := e.Name + "#[dtor]" + r.Name
			if t, ok := c.main.exportedFunc(dtorName); ok {
				s := len(c.slots)
				c.slots = append(c.slots, slot{typ: t, target: func() (uint32, error) {
					return c.aliasCore(c.mainInst, dtorName, component.SortCoreFunc), nil
				}})
				f := c.slotFunc(s)
				rt.Dtor = &f
			}
			idx := c.b.Next(component.SortType)
			c.b.Add(&component.TypeSection{Types: []component.TypeDef{rt}})
			c.resDefs[nominalKey(r)] = idx
			c.b.Types.Add(r, idx)
		}
	}
	return nil
}

// lift lifts the main module's export coreName with the type of f.
func (c *builder) lift(coreName string, f *component.Func) (uint32, error) {
	if _, ok := c.main.exportedFunc(coreName); !ok {
		return 0, fmt.Errorf("main module: no export %q for the world's export", coreName)
	}
	ft, err := c.b.DefineType(f)
	if err != nil {
		return 0, fmt.Errorf("export %s: %w", coreName, err)
	}
	core := c.aliasCore(c.mainInst, coreName, component.SortCoreFunc)
	opts, err := c.opts(optionsFor(f, true), c.exportRealloc)
	if err != nil {
		return 0, fmt.Errorf("export %s: %w", coreName, err)
	}
	if _, ok := c.main.exportedFunc("cabi_post_" + coreName); ok {
		p := c.aliasCore(c.mainInst, "cabi_post_"+coreName, component.SortCoreFunc)
		opts = append(opts, component.CanonOpt{Kind: component.OptPostReturn, Index: p})
	}
	return c.canon(component.Canon{Kind: component.CanonLift, Func: core, Opts: opts, Type: ft}), nil
}

func (c *builder) liftExports() error {
	for _, e := range c.exports {
		switch e.Kind {
		case component.ExternFunc:
			f, err := c.lift(e.Name, e.Type.(*component.Func))
			if err != nil {
				return err
			}
			c.b.Export(e.Name, component.SortFunc, f)
		case component.ExternInstance:
			if err := c.exportInterface(e); err != nil {
				return fmt.Errorf("export %s: %w", e.Name, err)
			}
		default:
			return fmt.Errorf("export %s: exports of kind %s are not supported", e.Name, e.Kind)
		}
	}
	return nil
}

// defineIn declares t in the component b builds, resources and named types
// found through lookup, and returns its type index.
func defineIn(b *component.Builder, t component.Type, lookup func(component.Type) (uint32, bool)) (uint32, error) {
	e := component.NewTypeEncoder(b.Next(component.SortType), lookup, 0)
	idx, err := e.TypeIndex(t)
	if err != nil {
		return 0, err
	}
	defs, err := e.TypeDefs()
	if err != nil {
		return 0, err
	}
	if len(defs) > 0 {
		b.Add(&component.TypeSection{Types: defs})
	}
	return idx, nil
}

type typeMap map[string]uint32

func (m typeMap) lookup(t component.Type) (uint32, bool) {
	k := nominalKey(t)
	if k == "" {
		return 0, false
	}
	i, ok := m[k]
	return i, ok
}

// exportInterface lifts the functions of an exported interface and exports
// them, with the interface's types, through a nested component: inside it
// the types are imports (so function types may refer to them) and are
// exported again under their names, which makes them the interface's own
// named types; types the interface uses from elsewhere are passed through
// unchanged, so that they stay the same types.
func (c *builder) exportInterface(e component.Extern) error {
	it := e.Type.(*component.Interface)
	b := c.b
	// Top-level definitions of the interface's own types.
	for _, x := range it.Exports {
		if x.Kind != component.ExternType || ownResource(x, e.Name) != nil {
			continue
		}
		n, ok := x.Type.(*component.Named)
		if !ok {
			return fmt.Errorf("type %s: unsupported", x.Name)
		}
		if a := aliased(n); a != nil {
			idx, ok := b.Types.Lookup(a)
			if !ok {
				return fmt.Errorf("type %s: %s is not available", x.Name, nominalKey(a))
			}
			b.Types.Add(n, idx)
			continue
		}
		idx, err := b.DefineType(n.Type)
		if err != nil {
			return fmt.Errorf("type %s: %w", x.Name, err)
		}
		b.Types.Add(n, idx)
	}
	lifted := map[string]uint32{}
	for _, x := range it.Exports {
		if x.Kind != component.ExternFunc {
			continue
		}
		f, err := c.lift(e.Name+"#"+x.Name, x.Type.(*component.Func))
		if err != nil {
			return err
		}
		lifted[x.Name] = f
	}

	sb := component.NewBuilder()
	in := typeMap{}
	var args []component.InstantiateArg
	// Every resource and named type the interface refers to, its own and
	// others', is imported, dependencies first: a type import may only
	// refer to types that are themselves imported or exported.
	deps := newLiveSet()
	deps.addInterface(it)
	used := map[string]bool{}
	for _, t := range deps.order {
		outer, ok := b.Types.Lookup(t)
		if !ok {
			return fmt.Errorf("type %s is not available", nominalKey(t))
		}
		var base string
		desc := component.ExternDesc{Kind: component.ExternType}
		switch x := t.(type) {
		case *component.Resource:
			base = x.Name
			desc.SubResource = true
		case *component.Named:
			base = x.Name
			if r := component.ResourceOf(x); r != nil {
				// A use of a resource is that resource: one import, or
				// the function types would name two different resources.
				if i, ok := in.lookup(r); ok {
					in[nominalKey(t)] = i
					continue
				}
				desc.SubResource = true
				break
			}
			idx, err := defineIn(sb, x.Type, in.lookup)
			if err != nil {
				return fmt.Errorf("type %s: %w", x.Name, err)
			}
			desc.Index = idx
		}
		name := "import-type-" + base
		for i := 0; used[name]; i++ {
			name = "import-type-" + base + strconv.Itoa(i)
		}
		used[name] = true
		idx := sb.Next(component.SortType)
		sb.Add(&component.ImportSection{Imports: []component.Import{{Name: component.ExternName{Name: name}, Desc: desc}}})
		in[nominalKey(t)] = idx
		args = append(args, component.InstantiateArg{Name: name, Sort: component.SortType, Index: outer})
	}
	for _, x := range it.Exports {
		if x.Kind != component.ExternFunc {
			continue
		}
		ft, err := defineIn(sb, x.Type, in.lookup)
		if err != nil {
			return fmt.Errorf("function %s: %w", x.Name, err)
		}
		name := importFuncName(x.Name)
		sb.Add(&component.ImportSection{Imports: []component.Import{{Name: component.ExternName{Name: name}, Desc: component.ExternDesc{Kind: component.ExternFunc, Index: ft}}}})
		args = append(args, component.InstantiateArg{Name: name, Sort: component.SortFunc, Index: lifted[x.Name]})
	}
	out := typeMap{}
	outLookup := func(t component.Type) (uint32, bool) {
		if i, ok := out.lookup(t); ok {
			return i, true
		}
		return in.lookup(t)
	}
	fn := uint32(0)
	for _, x := range it.Exports {
		switch x.Kind {
		case component.ExternType:
			src := in[nominalKey(x.Type)]
			n, isNamed := x.Type.(*component.Named)
			if isNamed && aliased(n) != nil {
				// Pass the used type itself through, not the import of
				// its alias, as wit-component does.
				if i, ok := in.lookup(aliased(n)); ok {
					src = i
				}
			}
			if isNamed && aliased(n) == nil {
				idx, err := defineIn(sb, n.Type, outLookup)
				if err != nil {
					return fmt.Errorf("type %s: %w", x.Name, err)
				}
				src = idx
			}
			idx := sb.Export(x.Name, component.SortType, src)
			out[nominalKey(x.Type)] = idx
			if isNamed && aliased(n) != nil {
				out[nominalKey(aliased(n))] = idx
			}
		case component.ExternFunc:
			ft, err := defineIn(sb, x.Type, outLookup)
			if err != nil {
				return fmt.Errorf("function %s: %w", x.Name, err)
			}
			n := sb.Next(component.SortFunc)
			sb.Add(&component.ExportSection{Exports: []component.Export{{Name: component.ExternName{Name: x.Name}, Sort: component.SortFunc, Index: fn, Desc: &component.ExternDesc{Kind: component.ExternFunc, Index: ft}}}})
			_ = n
			fn++
		}
	}
	comp := b.AddComponent(sb.C)
	inst := b.Instantiate(comp, args...)
	exp := b.Export(e.Name, component.SortInstance, inst)
	// Later exports that use this interface's types take them from the
	// exported instance.
	for _, x := range it.Exports {
		if x.Kind == component.ExternType {
			b.Types.Add(x.Type, b.AliasExport(exp, x.Name, component.SortType))
		}
	}
	return nil
}

// importFuncName is the plain name under which the export's nested component
// imports function name: resource functions' names ("[method]r.m") are not
// plain names, so their kind and parts are spelled out in kebab case.
func importFuncName(name string) string {
	for _, kind := range []string{"constructor", "method", "static"} {
		if rest, ok := strings.CutPrefix(name, "["+kind+"]"); ok {
			return "import-" + kind + "-" + strings.ReplaceAll(rest, ".", "-")
		}
	}
	return "import-func-" + name
}
