package compose

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/wasmcp/wasmcp/component"
)

// lifted is one import of the outer component, shared by every unwired
// import it satisfies.
type lifted struct {
	name  string // outer import name: the highest version among the users'
	key   string
	kind  component.ExternKind
	typ   component.Type
	users []use
	prio  int

	deps []int // lifted imports whose resources and named types it uses
	idx  uint32
}

type use struct {
	inst *Instance
	imp  int
}

func (u use) extern() component.Extern { return u.inst.Component.World.Imports[u.imp] }

func liftKey(e component.Extern) string {
	if e.Kind == component.ExternInstance {
		return e.Kind.String() + " " + component.InterfaceKey(e.Name)
	}
	return e.Kind.String() + " " + e.Name
}

// collectLifted groups the unwired imports of all instances and merges the
// types of each group.
func (c *Composition) collectLifted() ([]*lifted, error) {
	var out []*lifted
	byKey := map[string]*lifted{}
	for _, inst := range c.insts {
		for i, imp := range inst.Component.World.Imports {
			if inst.wires[i].from != nil {
				continue
			}
			k := liftKey(imp)
			l := byKey[k]
			if l == nil {
				l = &lifted{name: imp.Name, key: k, kind: imp.Kind, prio: len(out)}
				byKey[k] = l
				out = append(out, l)
			}
			if versionLess(l.name, imp.Name) {
				l.name = imp.Name
			}
			l.users = append(l.users, use{inst, i})
		}
	}
	rw := newRewriter()
	for _, l := range out {
		if err := l.merge(rw); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// merge computes the type of the outer import: for an interface the union
// of the exports its users import, for anything else the one type they all
// agree on.
func (l *lifted) merge(rw *rewriter) error {
	first := l.users[0]
	if l.kind != component.ExternInstance {
		t := first.extern().Type
		for _, u := range l.users[1:] {
			if !component.Equal(t, u.extern().Type) {
				return fmt.Errorf("compose: %s and %s import %q with different types: %s vs %s: %w",
					first.inst, u.inst, l.name, component.TypeString(t), component.TypeString(u.extern().Type), ErrTypeMismatch)
			}
		}
		l.typ = rw.rewrite(t)
		return nil
	}
	var exports []component.Extern
	from := map[string]use{}
	for _, u := range l.users {
		it, ok := u.extern().Type.(*component.Interface)
		if !ok {
			return fmt.Errorf("compose: import %q of %s has no interface type", u.extern().Name, u.inst)
		}
		for _, x := range it.Exports {
			prev, seen := from[x.Name]
			if !seen {
				from[x.Name] = u
				exports = append(exports, component.Extern{Name: x.Name, Kind: x.Kind, Type: rw.rewrite(x.Type)})
				continue
			}
			px, _ := prev.extern().Type.(*component.Interface).Export(x.Name)
			if px.Kind != x.Kind || !component.Equal(px.Type, x.Type) {
				return fmt.Errorf("compose: %s and %s import %q with different types for %q: %s vs %s: %w",
					prev.inst, u.inst, l.name, x.Name, describe(px), describe(x), ErrTypeMismatch)
			}
		}
	}
	l.typ = &component.Interface{Exports: exports}
	return nil
}

func describe(e component.Extern) string {
	if e.Kind == component.ExternType {
		if r := component.ResourceOf(e.Type); r != nil {
			return "resource " + r.Name
		}
		return "type " + component.TypeString(component.Underlying(e.Type))
	}
	return component.TypeString(e.Type)
}

// versionLess reports whether the version of interface name a is lower
// than that of b (names without a parseable version compare as equal).
func versionLess(a, b string) bool {
	va, okA := parseVersion(a)
	vb, okB := parseVersion(b)
	if !okA || !okB {
		return false
	}
	for i := range 3 {
		if va.n[i] != vb.n[i] {
			return va.n[i] < vb.n[i]
		}
	}
	// A pre-release is lower than the release.
	switch {
	case va.pre == vb.pre:
		return false
	case va.pre == "":
		return false
	case vb.pre == "":
		return true
	}
	return va.pre < vb.pre
}

type version struct {
	n   [3]uint64
	pre string
}

func parseVersion(name string) (version, bool) {
	_, v, ok := strings.Cut(name, "@")
	if !ok {
		return version{}, false
	}
	v, _, _ = strings.Cut(v, "+")
	core, pre, _ := strings.Cut(v, "-")
	parts := strings.Split(core, ".")
	if len(parts) != 3 {
		return version{}, false
	}
	var out version
	for i, p := range parts {
		n, err := strconv.ParseUint(p, 10, 64)
		if err != nil {
			return version{}, false
		}
		out.n[i] = n
	}
	out.pre = pre
	return out, true
}

// rewriter makes the types merged from several components share one
// *Resource and one *Named per interface and name, so that an interface
// type declared from them refers to each of its resources by one index.
type rewriter struct {
	canon map[string]component.Type
	memo  map[component.Type]component.Type
}

func newRewriter() *rewriter {
	return &rewriter{canon: map[string]component.Type{}, memo: map[component.Type]component.Type{}}
}

func nominalKey(t component.Type) string {
	switch x := t.(type) {
	case *component.Resource:
		if x.Owner != "" {
			return "resource " + component.InterfaceKey(x.Owner) + " " + x.Name
		}
	case *component.Named:
		if x.Owner != "" {
			return "type " + component.InterfaceKey(x.Owner) + " " + x.Name
		}
	}
	return ""
}

func (r *rewriter) rewrite(t component.Type) component.Type {
	if t == nil {
		return nil
	}
	if p, ok := t.(component.PrimValType); ok {
		return p
	}
	if v, ok := r.memo[t]; ok {
		return v
	}
	k := nominalKey(t)
	if k != "" {
		if c, ok := r.canon[k]; ok {
			r.memo[t] = c
			return c
		}
	}
	out := r.rewriteInner(t)
	if k != "" {
		r.canon[k] = out
	}
	r.memo[t] = out
	return out
}

func (r *rewriter) params(ps []component.Param) ([]component.Param, bool) {
	var out []component.Param
	for i, p := range ps {
		n := r.rewrite(p.Type)
		if n != p.Type && out == nil {
			out = append([]component.Param(nil), ps...)
		}
		if out != nil {
			out[i].Type = n
		}
	}
	if out == nil {
		return ps, false
	}
	return out, true
}

func (r *rewriter) rewriteInner(t component.Type) component.Type {
	switch x := t.(type) {
	case *component.Named:
		if n := r.rewrite(x.Type); n != x.Type {
			y := *x
			y.Type = n
			return &y
		}
	case *component.RecordType:
		if ps, ch := r.params(x.Fields); ch {
			return &component.RecordType{Fields: ps}
		}
	case *component.VariantType:
		if ps, ch := r.params(x.Cases); ch {
			return &component.VariantType{Cases: ps}
		}
	case *component.ListType:
		if n := r.rewrite(x.Elem); n != x.Elem {
			y := *x
			y.Elem = n
			return &y
		}
	case *component.TupleType:
		var ts []component.Type
		for i, e := range x.Types {
			n := r.rewrite(e)
			if n != e && ts == nil {
				ts = append([]component.Type(nil), x.Types...)
			}
			if ts != nil {
				ts[i] = n
			}
		}
		if ts != nil {
			return &component.TupleType{Types: ts}
		}
	case *component.OptionType:
		if n := r.rewrite(x.Type); n != x.Type {
			return &component.OptionType{Type: n}
		}
	case *component.ResultType:
		ok, er := r.rewrite(x.Ok), r.rewrite(x.Err)
		if ok != x.Ok || er != x.Err {
			return &component.ResultType{Ok: ok, Err: er}
		}
	case *component.HandleType:
		if n := r.rewrite(x.Resource); n != x.Resource {
			return &component.HandleType{Borrow: x.Borrow, Resource: n}
		}
	case *component.StreamType:
		if n := r.rewrite(x.Elem); n != x.Elem {
			return &component.StreamType{Elem: n}
		}
	case *component.FutureType:
		if n := r.rewrite(x.Elem); n != x.Elem {
			return &component.FutureType{Elem: n}
		}
	case *component.Func:
		ps, ch1 := r.params(x.Params)
		rs, ch2 := r.params(x.Results)
		res := r.rewrite(x.Result)
		if ch1 || ch2 || res != x.Result {
			return &component.Func{Async: x.Async, Params: ps, Result: res, Results: rs}
		}
	case *component.Interface:
		var es []component.Extern
		for i, e := range x.Exports {
			n := r.rewrite(e.Type)
			if n != e.Type && es == nil {
				es = append([]component.Extern(nil), x.Exports...)
			}
			if es != nil {
				es[i].Type = n
			}
		}
		if es != nil {
			return &component.Interface{Exports: es}
		}
	}
	return t
}

// nominalRefs lists, in a deterministic order, the resources and named
// types with an owner that t refers to.
func nominalRefs(t component.Type) []component.Type {
	var out []component.Type
	seen := map[component.Type]bool{}
	var walk func(t component.Type)
	walkParams := func(ps []component.Param) {
		for _, p := range ps {
			walk(p.Type)
		}
	}
	walk = func(t component.Type) {
		if t == nil {
			return
		}
		if _, ok := t.(component.PrimValType); ok {
			return
		}
		if seen[t] {
			return
		}
		seen[t] = true
		if nominalKey(t) != "" {
			out = append(out, t)
		}
		switch x := t.(type) {
		case *component.Named:
			walk(x.Type)
		case *component.RecordType:
			walkParams(x.Fields)
		case *component.VariantType:
			walkParams(x.Cases)
		case *component.ListType:
			walk(x.Elem)
		case *component.TupleType:
			for _, e := range x.Types {
				walk(e)
			}
		case *component.OptionType:
			walk(x.Type)
		case *component.ResultType:
			walk(x.Ok)
			walk(x.Err)
		case *component.HandleType:
			walk(x.Resource)
		case *component.StreamType:
			walk(x.Elem)
		case *component.FutureType:
			walk(x.Elem)
		case *component.Func:
			walkParams(x.Params)
			walk(x.Result)
			walkParams(x.Results)
		case *component.Interface:
			for _, e := range x.Exports {
				walk(e.Type)
			}
		}
	}
	walk(t)
	return out
}

func ownerOf(t component.Type) (owner, name string) {
	switch x := t.(type) {
	case *component.Resource:
		return x.Owner, x.Name
	case *component.Named:
		return x.Owner, x.Name
	}
	return "", ""
}
