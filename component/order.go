package component

import (
	"fmt"
	"sort"
)

// Uses lists the interfaces whose resources or named types e's type refers
// to (a WIT `use`), other than e itself, by their interface names in first
// use order.
func Uses(e Extern) []string {
	var out []string
	seen := map[string]bool{e.Name: true}
	visited := map[Type]bool{}
	var walk func(t Type)
	walk = func(t Type) {
		if t == nil || visited[t] {
			return
		}
		if _, prim := t.(PrimValType); !prim {
			visited[t] = true
		}
		owner := ""
		switch x := t.(type) {
		case *Resource:
			owner = x.Owner
		case *Named:
			owner = x.Owner
		}
		if owner != "" && !seen[owner] && !sameInterface(owner, e.Name) {
			seen[owner] = true
			out = append(out, owner)
		}
		for _, c := range children(t) {
			walk(c)
		}
	}
	walk(e.Type)
	return out
}

// OrderImports orders externs so that every interface comes after the
// interfaces it uses (see Uses), keeping the given order where it already
// is; declare imports in this order with Builder.Import. Uses of interfaces
// outside the list are ignored (the Builder then fails if it cannot find
// them). A cycle is an error.
func OrderImports(es []Extern) ([]Extern, error) {
	idx := map[string]int{}
	for i, e := range es {
		idx[InterfaceKey(e.Name)] = i
	}
	deps := make([][]int, len(es))
	for i, e := range es {
		for _, u := range Uses(e) {
			if j, ok := idx[InterfaceKey(u)]; ok && j != i {
				deps[i] = append(deps[i], j)
			}
		}
		sort.Ints(deps[i])
	}
	const (
		unvisited = iota
		visiting
		done
	)
	state := make([]int, len(es))
	out := make([]Extern, 0, len(es))
	var visit func(i int) error
	visit = func(i int) error {
		switch state[i] {
		case done:
			return nil
		case visiting:
			return fmt.Errorf("component: imports use each other in a cycle through %q", es[i].Name)
		}
		state[i] = visiting
		for _, j := range deps[i] {
			if err := visit(j); err != nil {
				return err
			}
		}
		state[i] = done
		out = append(out, es[i])
		return nil
	}
	for i := range es {
		if err := visit(i); err != nil {
			return nil, err
		}
	}
	return out, nil
}
