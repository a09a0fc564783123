package server

import (
	"fmt"
	"strings"

	"github.com/wasmcp/wasmcp/component"
	"github.com/wasmcp/wasmcp/compose"
	mcpwit "github.com/wasmcp/wasmcp/wit/mcp"
)

// typesInterface is the interface of types only that every part and user
// component imports: wasmcp:mcp/types at the contract's version (a 0.1.0
// component imports it at 0.1.0).
const typesInterface = contract + mcpwit.InterfaceTypes + "@" + mcpwit.Version

// mergeTypes returns the union of the type exports of the given imports of
// one types-only interface, in first-seen order. A name declared with
// different types is an error naming both importers.
func mergeTypes(iface string, uses []typesUse) (*component.Interface, error) {
	out := &component.Interface{}
	seen := map[string]typesUse{}
	for _, u := range uses {
		it, ok := u.ext.Type.(*component.Interface)
		if !ok {
			return nil, fmt.Errorf("%s imports %s as a %s, not an interface", u.who, u.ext.Name, u.ext.Kind)
		}
		for _, x := range it.Exports {
			if x.Kind != component.ExternType {
				return nil, fmt.Errorf("%s imports %s with %s %q: the interface should hold types only", u.who, u.ext.Name, x.Kind, x.Name)
			}
			if r, ok := x.Type.(*component.Resource); ok && r != nil {
				return nil, fmt.Errorf("%s imports %s with resource %q: a composition cannot define resources of an interface of types", u.who, u.ext.Name, x.Name)
			}
			if prev, ok := seen[x.Name]; ok {
				px, _ := prev.ext.Type.(*component.Interface).Export(x.Name)
				if !component.Equal(px.Type, x.Type) {
					return nil, fmt.Errorf("%s and %s import %s with different types for %q: %s vs %s",
						prev.who, u.who, iface, x.Name, component.TypeString(px.Type), component.TypeString(x.Type))
				}
				continue
			}
			seen[x.Name] = u
			out.Exports = append(out.Exports, x)
		}
	}
	return out, nil
}

type typesUse struct {
	who string
	ext component.Extern
}

// typesInstance is a types provider's instance and the name it exports.
type typesInstance struct {
	inst *compose.Instance
	name string
}

// addTypesProviders adds and instantiates a types provider for each
// release line that uses import (wasmcp:mcp/types@0.1 and @0.2 when 0.1.0
// components join a 0.2.0 framework), keyed by component.InterfaceKey. Each
// exports the name its first importer uses; the types of the lines are the
// same, so what one line's instances pass to another's type-checks. The
// only line's provider is named "types", as it was before there were two.
func addTypesProviders(b *builder, uses []typesUse) (map[string]typesInstance, error) {
	var lines []string
	byLine := map[string][]typesUse{}
	for _, u := range uses {
		k := component.InterfaceKey(u.ext.Name)
		if _, ok := byLine[k]; !ok {
			lines = append(lines, k)
		}
		byLine[k] = append(byLine[k], u)
	}
	out := map[string]typesInstance{}
	for _, k := range lines {
		name := byLine[k][0].ext.Name
		it, err := mergeTypes(name, byLine[k])
		if err != nil {
			return nil, err
		}
		wasm, err := typesProvider(name, it)
		if err != nil {
			return nil, err
		}
		key := "types"
		if len(lines) > 1 {
			_, line, _ := strings.Cut(k, "@")
			key = "types " + line
		}
		comp, err := b.add(key, wasm)
		if err != nil {
			return nil, fmt.Errorf("types provider: %w", err)
		}
		inst, err := b.instantiate(comp, key)
		if err != nil {
			return nil, err
		}
		out[k] = typesInstance{inst: inst, name: name}
	}
	return out, nil
}

// typesProvider synthesizes a component that exports iface as an instance
// of the given types: an inner component defines each type and exports it
// under its name (later types refer to the exported ones, so that every
// type crossing the boundary is named), the outer one instantiates it and
// exports the instance. It has no imports and no code.
func typesProvider(iface string, it *component.Interface) ([]byte, error) {
	in := component.NewBuilder()
	for _, x := range it.Exports {
		t := x.Type
		if n, ok := t.(*component.Named); ok {
			t = n.Type // an alias of another named type refers to its export
		}
		idx, err := in.DefineType(t)
		if err != nil {
			return nil, fmt.Errorf("types provider: %s: %w", x.Name, err)
		}
		exp := in.Export(x.Name, component.SortType, idx)
		in.Types.Add(x.Type, exp)
	}
	out := component.NewBuilder()
	comp := out.AddComponent(in.C)
	inst := out.Instantiate(comp)
	out.Export(iface, component.SortInstance, inst)
	if err := component.Validate(out.C); err != nil {
		return nil, fmt.Errorf("types provider: %w", err)
	}
	return out.Bytes(), nil
}
