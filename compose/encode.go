package compose

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/wasmcp/wasmcp/component"
	"github.com/wasmcp/wasmcp/component/wasiversion"
)

func kindSort(k component.ExternKind) component.Sort {
	switch k {
	case component.ExternFunc:
		return component.SortFunc
	case component.ExternValue:
		return component.SortValue
	case component.ExternType:
		return component.SortType
	case component.ExternComponent:
		return component.SortComponent
	case component.ExternCoreModule:
		return component.SortCoreModule
	}
	return component.SortInstance
}

// plan is the order in which the outer component defines things.
type plan struct {
	lifted []*lifted
	lifts  map[*Instance][]*lifted // per import of an unwired instance
	order  []node
}

type node struct {
	l    *lifted
	inst *Instance
}

func (n node) String() string {
	if n.inst != nil {
		return n.inst.String()
	}
	return fmt.Sprintf("import %q", n.l.name)
}

func (c *Composition) plan() (*plan, error) {
	if len(c.insts) == 0 {
		return nil, errors.New("compose: nothing to compose: no instances")
	}
	ls, err := c.collectLifted()
	if err != nil {
		return nil, err
	}
	p := &plan{lifted: ls, lifts: map[*Instance][]*lifted{}}
	byKey := map[string]*lifted{}
	for _, l := range ls {
		byKey[l.key] = l
		for _, u := range l.users {
			s := p.lifts[u.inst]
			if s == nil {
				s = make([]*lifted, len(u.inst.wires))
				p.lifts[u.inst] = s
			}
			s[u.imp] = l
		}
	}
	// What a lifted interface refers to of other interfaces.
	for _, l := range ls {
		self := component.InterfaceKey(l.name)
		for _, ref := range nominalRefs(l.typ) {
			owner, name := ownerOf(ref)
			ok := component.InterfaceKey(owner)
			if ok == self {
				continue
			}
			if d := byKey[component.ExternInstance.String()+" "+ok]; d != nil {
				if !containsInt(l.deps, d.prio) {
					l.deps = append(l.deps, d.prio)
				}
				continue
			}
			if w, found := c.wiredInterface(ok); found {
				return nil, fmt.Errorf("compose: import %q of %s cannot be lifted: it uses %q of %q, which export %q of %s provides inside the composition (an import cannot refer to a type defined inside); lift %q as well, or satisfy %q too",
					l.users[0].extern().Name, l.users[0].inst, name, owner, w.export, w.from, owner, l.name)
			}
			if _, isRes := ref.(*component.Resource); isRes {
				return nil, fmt.Errorf("compose: import %q (of %s) uses resource %q of %q, which no import provides",
					l.name, l.users[0].inst, name, owner)
			}
		}
	}
	// Order: a stable topological sort, lifted imports first.
	nodes := make([]node, 0, len(ls)+len(c.insts))
	for _, l := range ls {
		nodes = append(nodes, node{l: l})
	}
	for i, inst := range c.insts {
		inst.prio = len(ls) + i
		nodes = append(nodes, node{inst: inst})
	}
	deps := make([][]int, len(nodes))
	for _, l := range ls {
		deps[l.prio] = append(deps[l.prio], l.deps...)
	}
	for _, inst := range c.insts {
		for i, w := range inst.wires {
			if w.from != nil {
				deps[inst.prio] = append(deps[inst.prio], w.from.prio)
			} else {
				deps[inst.prio] = append(deps[inst.prio], p.lifts[inst][i].prio)
			}
		}
	}
	done := make([]bool, len(nodes))
	for len(p.order) < len(nodes) {
		next := -1
		for n := range nodes {
			if done[n] {
				continue
			}
			ready := true
			for _, d := range deps[n] {
				if !done[d] {
					ready = false
					break
				}
			}
			if ready {
				next = n
				break
			}
		}
		if next < 0 {
			var stuck []string
			for n := range nodes {
				if !done[n] {
					stuck = append(stuck, nodes[n].String())
				}
			}
			return nil, fmt.Errorf("compose: %s depend on each other: %w", strings.Join(stuck, ", "), ErrCycle)
		}
		done[next] = true
		p.order = append(p.order, nodes[next])
	}
	return p, nil
}

// wiredInterface finds an instance export wired to an import of interface
// key k, the first in instance and import order.
func (c *Composition) wiredInterface(k string) (wire, bool) {
	for _, inst := range c.insts {
		for i, w := range inst.wires {
			if w.from != nil && component.InterfaceKey(inst.Component.World.Imports[i].Name) == k {
				return w, true
			}
		}
	}
	return wire{}, false
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// Lifted returns the imports the composed component will have, in order,
// with their merged types: what Encode would lift given the wires so far.
func (c *Composition) Lifted() ([]component.Extern, error) {
	p, err := c.plan()
	if err != nil {
		return nil, err
	}
	var out []component.Extern
	for _, n := range p.order {
		if n.l != nil {
			out = append(out, component.Extern{Name: n.l.name, Kind: n.l.kind, Type: n.l.typ})
		}
	}
	return out, nil
}

type aliasKey struct {
	inst *Instance
	name string
	sort component.Sort
}

type emitter struct {
	b       *component.Builder
	inst    map[*Instance]uint32
	aliases map[aliasKey]uint32
}

func (e *emitter) alias(inst *Instance, name string, sort component.Sort) uint32 {
	k := aliasKey{inst, name, sort}
	if idx, ok := e.aliases[k]; ok {
		return idx
	}
	idx := e.b.AliasExport(e.inst[inst], name, sort)
	e.aliases[k] = idx
	return idx
}

// Encode builds the composed component, validates it and returns its
// bytes.
func (c *Composition) Encode() ([]byte, error) {
	out, err := c.build()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.Grow(out.size())
	if _, err := out.write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// WriteTo builds the composed component, validates it and writes it to w.
func (c *Composition) WriteTo(w io.Writer) (int64, error) {
	out, err := c.build()
	if err != nil {
		return 0, err
	}
	return out.write(w)
}

// WriteFile builds the composed component, validates it and writes it to
// path as WriteFile does.
func (c *Composition) WriteFile(path string, force bool) error {
	out, err := c.build()
	if err != nil {
		return err
	}
	return writeAtomic(path, force, func(w io.Writer) error {
		_, err := out.write(w)
		return err
	})
}

// built is a composed component ready to write: the outer component, whose
// nested components are written from raw (their input bytes, or those
// bytes with WASI names renamed) rather than from their models.
type built struct {
	outer *component.Component
	raw   map[*component.Component]chunks
	wasi  wasiversion.Version // the release WASI names were renamed to, if they were
}

// chunks are the bytes of a nested component in pieces, written one after
// the other: its input bytes, or, once renamed, slices of them (the core
// modules) between re-encoded sections, so that the modules are not copied.
type chunks [][]byte

func (cs chunks) len() int {
	n := 0
	for _, c := range cs {
		n += len(c)
	}
	return n
}

func (c *Composition) build() (*built, error) {
	p, err := c.plan()
	if err != nil {
		return nil, err
	}
	e := &emitter{b: component.NewBuilder(), inst: map[*Instance]uint32{}, aliases: map[aliasKey]uint32{}}
	compIdx := map[*Component]uint32{}
	for _, comp := range c.comps {
		comp.used = false
	}
	for _, inst := range c.insts {
		inst.Component.used = true
	}
	for _, comp := range c.comps {
		if comp.used {
			compIdx[comp] = e.b.AddComponent(comp.decoded)
		}
	}
	for _, n := range p.order {
		if l := n.l; l != nil {
			idx, err := e.b.Import(component.Extern{Name: l.name, Kind: l.kind, Type: l.typ})
			if err != nil {
				return nil, fmt.Errorf("compose: declaring import %q (of %s): %w", l.name, l.users[0].inst, err)
			}
			l.idx = idx
			continue
		}
		inst := n.inst
		args := make([]component.InstantiateArg, len(inst.wires))
		for i, imp := range inst.Component.World.Imports {
			sort := kindSort(imp.Kind)
			var idx uint32
			if w := inst.wires[i]; w.from != nil {
				idx = e.alias(w.from, w.export, sort)
			} else {
				idx = p.lifts[inst][i].idx
			}
			args[i] = component.InstantiateArg{Name: imp.Name, Sort: sort, Index: idx}
		}
		e.inst[inst] = e.b.Instantiate(compIdx[inst.Component], args...)
	}
	exports, err := c.completeExports(p)
	if err != nil {
		return nil, err
	}
	for _, x := range exports {
		sort := kindSort(x.kind)
		e.b.Export(x.as, sort, e.alias(x.from, x.name, sort))
	}
	// Name the nested components and instances, for tools that print the
	// composition (jco print shows $name instead of indices).
	var compNames, instNames []component.NameAssoc
	for _, comp := range c.comps {
		if idx, ok := compIdx[comp]; ok {
			compNames = append(compNames, component.NameAssoc{Index: idx, Name: comp.Name})
		}
	}
	for _, inst := range c.insts {
		instNames = append(instNames, component.NameAssoc{Index: e.inst[inst], Name: inst.Name})
	}
	e.b.Add(&component.NameSection{Subsections: []component.NameSubsection{
		{ID: 1, Sort: component.SortComponent, Names: compNames},
		{ID: 1, Sort: component.SortInstance, Names: instNames},
	}})
	w, err := component.Resolve(e.b.C)
	if err != nil {
		return nil, fmt.Errorf("compose: the composed component does not validate: %w", err)
	}
	out := &built{outer: e.b.C, raw: c.rawComponents()}
	c.wasiWritten = nil
	if c.wasi != nil {
		if err := out.retarget(w, *c.wasi); err != nil {
			return nil, err
		}
		c.wasiWritten = &out.wasi
	}
	return out, nil
}

// write encodes the outer component to w, copying each nested
// component's bytes instead of encoding its decoded model.
func (b *built) write(w io.Writer) (int64, error) {
	outer, raw := b.outer, b.raw
	var total int64
	put := func(b []byte) error {
		n, err := w.Write(b)
		total += int64(n)
		return err
	}
	head := []byte{0x00, 'a', 's', 'm', byte(outer.Version), byte(outer.Version >> 8), byte(outer.Layer), byte(outer.Layer >> 8)}
	if err := put(head); err != nil {
		return total, err
	}
	for _, s := range outer.Sections {
		if cs, ok := s.(*component.ComponentSection); ok {
			if body, ok := raw[cs.Component]; ok {
				if err := put(appendU32([]byte{byte(component.SectionComponent)}, uint32(body.len()))); err != nil {
					return total, err
				}
				for _, b := range body {
					if err := put(b); err != nil {
						return total, err
					}
				}
				continue
			}
		}
		if err := put(component.EncodeSection(s)); err != nil {
			return total, err
		}
	}
	return total, nil
}

// size returns the number of bytes write writes, or an estimate.
func (b *built) size() int {
	n := 8
	outer, raw := b.outer, b.raw
	for _, s := range outer.Sections {
		if cs, ok := s.(*component.ComponentSection); ok {
			if body, ok := raw[cs.Component]; ok {
				n += 6 + body.len()
				continue
			}
		}
		n += 64
	}
	return n
}

func (c *Composition) rawComponents() map[*component.Component]chunks {
	raw := make(map[*component.Component]chunks, len(c.comps))
	for _, comp := range c.comps {
		raw[comp.decoded] = chunks{comp.wasm}
	}
	return raw
}

func appendU32(b []byte, v uint32) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

// completeExports returns the exports with, before each exported
// interface, the interfaces it uses types of that the composed component
// neither imports nor exports: a type that crosses the outer component's
// boundary must be named there. As in a WIT world, such an interface is
// exported too, from the instance that provides it.
func (c *Composition) completeExports(p *plan) ([]outExport, error) {
	have := map[string]bool{}
	for _, l := range p.lifted {
		if l.kind == component.ExternInstance {
			have[component.InterfaceKey(l.name)] = true
		}
	}
	taken := map[string]bool{}
	for _, x := range c.exports {
		taken[x.as] = true
	}
	var out []outExport
	var add func(x outExport, depth int) error
	add = func(x outExport, depth int) error {
		if depth > 64 {
			return fmt.Errorf("compose: export %q: interfaces use each other too deeply", x.as)
		}
		exp, _ := x.from.Component.World.Export(x.name)
		self := component.InterfaceKey(x.name)
		for _, ref := range nominalRefs(exp.Type) {
			owner, name := ownerOf(ref)
			k := component.InterfaceKey(owner)
			if k == self || have[k] {
				continue
			}
			if w, ok := c.wiredInterface(k); ok {
				if user, ok := c.userExport(w.export); ok && user.from == w.from && user.name == w.export {
					have[k] = true
					if err := add(user, depth+1); err != nil {
						return err
					}
					continue
				}
				if taken[w.export] {
					return fmt.Errorf("compose: export %q uses type %q of %q, which must be exported by the composed component, but the name %q is taken",
						x.as, name, owner, w.export)
				}
				dep, _ := w.from.Component.World.Export(w.export)
				have[k] = true
				taken[w.export] = true
				if err := add(outExport{from: w.from, name: w.export, as: w.export, kind: dep.Kind}, depth+1); err != nil {
					return err
				}
				continue
			}
			if exportsKey(x.from, k) {
				// The instance exports the interface itself: export it too.
				have[k] = true
				var e component.Extern
				for _, y := range x.from.Component.World.Exports {
					if component.InterfaceKey(y.Name) == k {
						e = y
						break
					}
				}
				if taken[e.Name] {
					return fmt.Errorf("compose: export %q uses type %q of %q, which must be exported by the composed component, but the name %q is taken",
						x.as, name, owner, e.Name)
				}
				taken[e.Name] = true
				if err := add(outExport{from: x.from, name: e.Name, as: e.Name, kind: e.Kind}, depth+1); err != nil {
					return err
				}
				continue
			}
			return fmt.Errorf("compose: export %q uses type %q of %q, which the composed component neither imports nor exports", x.as, name, owner)
		}
		have[component.InterfaceKey(x.as)] = true
		out = append(out, x)
		return nil
	}
	for _, x := range c.exports {
		if have[component.InterfaceKey(x.as)] && containsExport(out, x.as) {
			continue
		}
		if err := add(x, 0); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (c *Composition) userExport(as string) (outExport, bool) {
	for _, x := range c.exports {
		if x.as == as {
			return x, true
		}
	}
	return outExport{}, false
}

func exportsKey(inst *Instance, k string) bool {
	for _, e := range inst.Component.World.Exports {
		if component.InterfaceKey(e.Name) == k {
			return true
		}
	}
	return false
}

func containsExport(xs []outExport, as string) bool {
	for _, x := range xs {
		if x.as == as {
			return true
		}
	}
	return false
}
