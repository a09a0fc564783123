package server

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/wasmcp/wasmcp/component"
	"github.com/wasmcp/wasmcp/compose"
)

// builder holds one composition while it is built.
type builder struct {
	c     *compose.Composition
	comps map[string]*compose.Component
	insts []*compose.Instance
	used  map[string]int
}

var nonName = regexp.MustCompile(`[^a-z0-9]+`)

// instName makes a unique, readable instance name.
func (b *builder) instName(base string) string {
	base = strings.Trim(nonName.ReplaceAllString(strings.ToLower(base), "-"), "-")
	if base == "" {
		base = "component"
	}
	b.used[base]++
	if n := b.used[base]; n > 1 {
		return fmt.Sprintf("%s-%d", base, n)
	}
	return base
}

func (b *builder) add(key string, wasm []byte) (*compose.Component, error) {
	if comp, ok := b.comps[key]; ok {
		return comp, nil
	}
	comp, err := b.c.AddComponent(key, wasm)
	if err != nil {
		return nil, err
	}
	b.comps[key] = comp
	return comp, nil
}

func (b *builder) instantiate(comp *compose.Component, name string) (*compose.Instance, error) {
	inst, err := b.c.Instantiate(comp, b.instName(name))
	if err != nil {
		return nil, err
	}
	b.insts = append(b.insts, inst)
	return inst, nil
}

// importOf returns the name under which inst imports a version of iface.
func importOf(inst *compose.Instance, iface string) (string, bool) {
	for _, e := range inst.Component.World.Imports {
		if same(e.Name, iface) {
			return e.Name, true
		}
	}
	return "", false
}

// exportOf returns the name under which inst exports a version of iface.
func exportOf(inst *compose.Instance, iface string) (string, bool) {
	for _, e := range inst.Component.World.Exports {
		if same(e.Name, iface) {
			return e.Name, true
		}
	}
	return "", false
}

// wire connects to's import of iface to from's export of it.
func (b *builder) wire(to *compose.Instance, iface string, from *compose.Instance) error {
	imp, ok := importOf(to, iface)
	if !ok {
		return fmt.Errorf("%s does not import %s", to.Name, iface)
	}
	exp, ok := exportOf(from, iface)
	if !ok {
		return fmt.Errorf("%s does not export %s", from.Name, iface)
	}
	return b.c.Wire(to, imp, from, exp)
}

// Build composes the plan into one component, validated.
//
// Instances: the types provider (synthesized), the user components in
// order (after the session part, when one imports wasmcp:mcp/session),
// then the framework program's instances from the end of the chain back to
// its head (buildFramework), with the notification channel, their layouts
// and the unused-slot stub. wasmcp:mcp/types, notify and session are wired
// to their providers in every instance that imports them; WASI imports are
// lifted once each.
func (p *Plan) Build() ([]byte, error) {
	b := &builder{c: compose.New(), comps: map[string]*compose.Component{}, used: map[string]int{}}
	// Add every component first: the types provider needs their worlds.
	var users []*compose.Component
	for i, pc := range p.Components {
		comp, err := b.add(fmt.Sprintf("%d:%s", i+1, pc.Name), pc.Wasm)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", pc.Name, err)
		}
		users = append(users, comp)
	}
	for _, name := range p.PartOrder {
		if _, err := b.add(name, p.Parts[name].Wasm); err != nil {
			return nil, fmt.Errorf("framework part %s: %w", name, err)
		}
	}
	keys := make([]string, 0, len(b.comps))
	for _, name := range p.PartOrder {
		keys = append(keys, name)
	}
	added, err := addHelpers(b, b.comps[p.frameworkPart()])
	if err != nil {
		return nil, err
	}
	keys = append(keys, added...)
	var uses []typesUse
	for i, pc := range p.Components {
		keys = append(keys, fmt.Sprintf("%d:%s", i+1, pc.Name))
	}
	for _, k := range keys {
		for _, e := range b.comps[k].World.Imports {
			if same(e.Name, typesInterface) {
				uses = append(uses, typesUse{who: k, ext: e})
			}
		}
	}
	// A handler chain imports wasmcp:mcp/types: its imports of handler and
	// notify use those types, and an import cannot use a type defined inside.
	var types map[string]typesInstance
	if len(uses) > 0 && p.Transport != NoTransport {
		if types, err = addTypesProviders(b, uses); err != nil {
			return nil, err
		}
	}
	// The session part comes before the components that import it.
	var sessionInst *compose.Instance
	if name := p.SessionPart(); name != "" {
		if sessionInst, err = b.instantiate(b.comps[name], name); err != nil {
			return nil, err
		}
	}
	userInst := make([]*compose.Instance, len(users))
	for i, comp := range users {
		var err error
		if userInst[i], err = b.instantiate(comp, p.Components[i].Name); err != nil {
			return nil, err
		}
	}
	next, transport, notifyInst, err := p.buildFramework(b, userInst)
	if err != nil {
		return nil, err
	}
	// types, notify and session, wherever they are imported, at whichever
	// compatible version: a 0.1.0 component's notify@0.1.0 takes the
	// channel's notify@0.2.0, its types@0.1.0 the provider of that name.
	for _, inst := range b.insts {
		for _, e := range inst.Component.World.Imports {
			var from *compose.Instance
			var iface string
			switch {
			case same(e.Name, typesInterface):
				from, iface = types[component.InterfaceKey(e.Name)].inst, types[component.InterfaceKey(e.Name)].name
			case same(e.Name, NotifyInterface):
				from, iface = notifyInst, NotifyInterface
			case same(e.Name, SessionInterface):
				from, iface = sessionInst, SessionInterface
			case same(e.Name, ClientInterface):
				from, iface = sessionInst, ClientInterface
			case e.Name == callsInterface || e.Name == httpCallsInterface || e.Name == stdioCallsInterface:
				from, iface = sessionInst, e.Name
			}
			if from == nil || from == inst {
				continue
			}
			exp, ok := exportOf(from, iface)
			if !ok {
				return nil, fmt.Errorf("%s does not export %s", from.Name, iface)
			}
			if err := b.c.Wire(inst, e.Name, from, exp); err != nil {
				return nil, err
			}
		}
	}
	if transport != nil {
		entry, ok := exportOf(transport, p.Transport.entry())
		if !ok {
			return nil, fmt.Errorf("framework part %s (%s) does not export %s", p.Transport.Part(), p.Parts[p.Transport.Part()].Source, p.Transport.entry())
		}
		if err := b.c.Export(transport, entry, entry); err != nil {
			return nil, err
		}
	} else {
		h, _ := exportOf(next, HandlerInterface)
		if err := b.c.Export(next, h, h); err != nil {
			return nil, err
		}
	}
	lifted, err := b.c.Lifted()
	if err != nil {
		return nil, err
	}
	// The parts' own imports are trusted (a transport may need what a
	// runtime offers beyond WASI 0.2, a key-value store say); user
	// components were checked by Classify.
	fromParts := map[string]bool{}
	for _, name := range p.PartOrder {
		for _, e := range b.comps[name].World.Imports {
			fromParts[component.InterfaceKey(e.Name)] = true
		}
	}
	for _, e := range lifted {
		switch {
		case IsRuntimeImport(e.Name):
		case fromParts[component.InterfaceKey(e.Name)] && !strings.HasPrefix(e.Name, "wasmcp:mcp/"):
		case p.Transport == NoTransport && (same(e.Name, HandlerInterface) || same(e.Name, NotifyInterface) || same(e.Name, typesInterface) || same(e.Name, SessionInterface) || same(e.Name, ClientInterface)):
		default:
			return nil, fmt.Errorf("the composition would import %s, which no runtime provides", e.Name)
		}
	}
	if p.WASI != nil {
		b.c.SetWASI(*p.WASI)
	}
	out, err := b.c.Encode()
	if err != nil {
		return nil, err
	}
	if v, ok := b.c.WASIVersion(); ok {
		p.WASIVersion = v
	}
	return out, nil
}
