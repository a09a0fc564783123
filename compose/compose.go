package compose

import (
	"errors"
	"fmt"
	"strings"

	"github.com/wasmcp/wasmcp/component"
	"github.com/wasmcp/wasmcp/component/wasiversion"
)

// Errors that callers can test for with errors.Is.
var (
	// ErrAmbiguous: more than one instance exports what an import needs.
	ErrAmbiguous = errors.New("ambiguous import")
	// ErrTypeMismatch: an export does not fit the import it is wired to, or
	// two components import one interface with different types.
	ErrTypeMismatch = errors.New("type mismatch")
	// ErrCycle: instances whose wires depend on each other in a cycle.
	ErrCycle = errors.New("dependency cycle")
	// ErrUnusedPlug: a plug that satisfies no import.
	ErrUnusedPlug = errors.New("plug satisfies no import")
)

// Component is an input component added to a Composition.
type Component struct {
	// Name identifies the component in messages.
	Name string
	// World is what the component imports and exports, with resolved types.
	World *component.World

	wasm    []byte
	decoded *component.Component
	used    bool
}

// Instance is one instantiation of a Component.
type Instance struct {
	// Name identifies the instance in messages.
	Name      string
	Component *Component

	wires []wire // one per import of Component.World, in order
	prio  int
}

// wire says where an import of an instance comes from: an export of
// another instance, or (from == nil) the outer component.
type wire struct {
	from   *Instance
	export string
}

func (i *Instance) String() string {
	if i.Name == i.Component.Name {
		return fmt.Sprintf("instance %q", i.Name)
	}
	return fmt.Sprintf("instance %q of component %q", i.Name, i.Component.Name)
}

// Composition collects components, their instances, the wires between them
// and the exports of the composed component. Build one with New; it is not
// safe for concurrent use.
type Composition struct {
	comps   []*Component
	insts   []*Instance
	exports []outExport

	wasi        *wasiversion.Target // nil: WASI names stay as the inputs have them
	wasiWritten *wasiversion.Version
}

type outExport struct {
	from *Instance
	name string
	as   string
	kind component.ExternKind
}

// New returns an empty composition.
func New() *Composition { return &Composition{} }

// AddComponent decodes wasm and resolves its imports and exports. The
// bytes are embedded in the output unchanged; the caller must not modify
// them afterwards.
func (c *Composition) AddComponent(name string, wasm []byte) (*Component, error) {
	// Resolve the world from a skeleton without the core modules (see
	// skeleton); decode the input itself only to report an error.
	var d *component.Component
	sk, ok := skeleton(wasm)
	if ok {
		d, _ = component.Decode(sk)
	}
	if d == nil {
		full, err := component.Decode(wasm)
		if err != nil {
			return nil, fmt.Errorf("compose: component %q: %w", name, err)
		}
		d = full
	}
	w, err := component.Resolve(d)
	if err != nil {
		return nil, fmt.Errorf("compose: component %q: %w", name, err)
	}
	comp := &Component{Name: name, World: w, wasm: wasm, decoded: d}
	c.comps = append(c.comps, comp)
	return comp, nil
}

// Instantiate adds an instance of comp named name (unique among the
// composition's instances). A component may be instantiated several times.
func (c *Composition) Instantiate(comp *Component, name string) (*Instance, error) {
	if !c.owns(comp) {
		return nil, fmt.Errorf("compose: component %q was not added to this composition", comp.Name)
	}
	for _, i := range c.insts {
		if i.Name == name {
			return nil, fmt.Errorf("compose: there is already an instance named %q", name)
		}
	}
	inst := &Instance{Name: name, Component: comp, wires: make([]wire, len(comp.World.Imports))}
	c.insts = append(c.insts, inst)
	return inst, nil
}

func (c *Composition) owns(comp *Component) bool {
	for _, x := range c.comps {
		if x == comp {
			return true
		}
	}
	return false
}

func (c *Composition) ownsInstance(inst *Instance) bool {
	for _, x := range c.insts {
		if x == inst {
			return true
		}
	}
	return false
}

// Matches reports whether an import named imp can be satisfied by an export
// named exp: the same name, or semver-compatible versions of one interface
// (component.InterfaceKey).
func Matches(imp, exp string) bool {
	return imp == exp || component.InterfaceKey(imp) == component.InterfaceKey(exp)
}

// Wire connects import importName of to with export exportName of from,
// after checking that the export's type is compatible with the import's.
func (c *Composition) Wire(to *Instance, importName string, from *Instance, exportName string) error {
	if !c.ownsInstance(to) || !c.ownsInstance(from) {
		return errors.New("compose: wire between instances of another composition")
	}
	if to == from {
		return fmt.Errorf("compose: %s cannot satisfy its own import %q", to, importName)
	}
	i := importIndex(to, importName)
	if i < 0 {
		return fmt.Errorf("compose: %s has no import %q (it imports %s)", to, importName, names(to.Component.World.Imports))
	}
	if to.wires[i].from != nil {
		return fmt.Errorf("compose: import %q of %s is already wired to export %q of %s", importName, to, to.wires[i].export, to.wires[i].from)
	}
	exp, ok := from.Component.World.Export(exportName)
	if !ok {
		return fmt.Errorf("compose: %s has no export %q (it exports %s)", from, exportName, names(from.Component.World.Exports))
	}
	if err := checkWire(to, to.Component.World.Imports[i], from, exp); err != nil {
		return err
	}
	to.wires[i] = wire{from: from, export: exportName}
	return nil
}

func checkWire(to *Instance, imp component.Extern, from *Instance, exp component.Extern) error {
	if imp.Kind != exp.Kind {
		return fmt.Errorf("compose: import %q of %s is a %s, export %q of %s is a %s: %w",
			imp.Name, to, imp.Kind, exp.Name, from, exp.Kind, ErrTypeMismatch)
	}
	if !component.Compatible(imp.Type, exp.Type) {
		return fmt.Errorf("compose: export %q of %s does not fit import %q of %s: %s: %w",
			exp.Name, from, imp.Name, to, component.Incompatibility(imp.Type, exp.Type), ErrTypeMismatch)
	}
	return nil
}

func importIndex(inst *Instance, name string) int {
	for i, im := range inst.Component.World.Imports {
		if im.Name == name {
			return i
		}
	}
	return -1
}

func names(es []component.Extern) string {
	if len(es) == 0 {
		return "nothing"
	}
	q := make([]string, len(es))
	for i, e := range es {
		q[i] = fmt.Sprintf("%q", e.Name)
	}
	return strings.Join(q, ", ")
}

// AutoWire wires every import not wired yet that exactly one other
// instance exports (by Matches and kind). An import that several instances
// export is an ErrAmbiguous error, unless it was wired explicitly before.
// Imports no instance exports stay unwired and are lifted by Encode.
func (c *Composition) AutoWire() error {
	_, err := c.autoWire(c.insts, c.insts)
	return err
}

// autoWire wires the open imports of consumers to exports of providers and
// returns, for each provider, whether it satisfied something.
func (c *Composition) autoWire(consumers, providers []*Instance) ([]bool, error) {
	used := make([]bool, len(providers))
	type cand struct {
		p   int
		exp component.Extern
	}
	for _, to := range consumers {
		for i, imp := range to.Component.World.Imports {
			if to.wires[i].from != nil {
				continue
			}
			var cands []cand
			for p, from := range providers {
				if from == to {
					continue
				}
				var best *component.Extern
				for k, exp := range from.Component.World.Exports {
					if exp.Kind != imp.Kind || !Matches(imp.Name, exp.Name) {
						continue
					}
					if best == nil || exp.Name == imp.Name {
						best = &from.Component.World.Exports[k]
					}
				}
				if best != nil {
					cands = append(cands, cand{p, *best})
				}
			}
			switch len(cands) {
			case 0:
				continue
			case 1:
			default:
				var who []string
				for _, x := range cands {
					who = append(who, fmt.Sprintf("export %q of %s", x.exp.Name, providers[x.p]))
				}
				return nil, fmt.Errorf("compose: import %q of %s is satisfied by %s; wire it explicitly: %w",
					imp.Name, to, strings.Join(who, " and by "), ErrAmbiguous)
			}
			from := providers[cands[0].p]
			if err := checkWire(to, imp, from, cands[0].exp); err != nil {
				return nil, err
			}
			to.wires[i] = wire{from: from, export: cands[0].exp.Name}
			used[cands[0].p] = true
		}
	}
	return used, nil
}

// Export re-exports export name of from as the composed component's export
// as.
func (c *Composition) Export(from *Instance, name, as string) error {
	if !c.ownsInstance(from) {
		return errors.New("compose: export of an instance of another composition")
	}
	exp, ok := from.Component.World.Export(name)
	if !ok {
		return fmt.Errorf("compose: %s has no export %q (it exports %s)", from, name, names(from.Component.World.Exports))
	}
	for _, e := range c.exports {
		if e.as == as {
			return fmt.Errorf("compose: the composed component already exports %q (export %q of %s)", as, e.name, e.from)
		}
	}
	c.exports = append(c.exports, outExport{from: from, name: name, as: as, kind: exp.Kind})
	return nil
}
