package compose

import (
	"fmt"
	"strconv"

	"github.com/wasmcp/wasmcp/component/wasiversion"
)

// Input is a component given by name (used in messages) and bytes.
type Input struct {
	Name string
	Wasm []byte
}

// PlugOptions configure PlugWith.
type PlugOptions struct {
	// WASI, when set, selects the WASI 0.2 release the output's WASI names
	// are written at (see Composition.SetWASI); nil keeps them as the
	// inputs have them.
	WASI *wasiversion.Target
}

// Plug composes socket with plugs: the exports of the plugs satisfy the
// imports of the socket and of each other (an import that two plugs export
// is an ErrAmbiguous error), whatever stays unsatisfied is lifted to the
// outer component, and the socket's exports are re-exported under their
// names. A plug that satisfies no import is an ErrUnusedPlug error.
func Plug(socket Input, plugs ...Input) ([]byte, error) {
	return PlugWith(PlugOptions{}, socket, plugs...)
}

// PlugWith is Plug with options.
func PlugWith(opts PlugOptions, socket Input, plugs ...Input) ([]byte, error) {
	if len(plugs) == 0 {
		return nil, fmt.Errorf("compose: plug %q: no plugs given", socket.Name)
	}
	c := New()
	if opts.WASI != nil {
		c.SetWASI(*opts.WASI)
	}
	taken := map[string]bool{}
	add := func(in Input) (*Instance, error) {
		comp, err := c.AddComponent(in.Name, in.Wasm)
		if err != nil {
			return nil, err
		}
		name := in.Name
		for n := 2; taken[name]; n++ {
			name = in.Name + "#" + strconv.Itoa(n)
		}
		taken[name] = true
		return c.Instantiate(comp, name)
	}
	s, err := add(socket)
	if err != nil {
		return nil, err
	}
	all := []*Instance{s}
	var ps []*Instance
	for _, in := range plugs {
		p, err := add(in)
		if err != nil {
			return nil, err
		}
		ps = append(ps, p)
		all = append(all, p)
	}
	used, err := c.autoWire(all, ps)
	if err != nil {
		return nil, err
	}
	for i, ok := range used {
		if !ok {
			return nil, fmt.Errorf("compose: plug %s exports %s, which satisfies no import of socket %q or of the other plugs: %w",
				ps[i], names(ps[i].Component.World.Exports), socket.Name, ErrUnusedPlug)
		}
	}
	for _, e := range s.Component.World.Exports {
		if err := c.Export(s, e.Name, e.Name); err != nil {
			return nil, err
		}
	}
	return c.Encode()
}
