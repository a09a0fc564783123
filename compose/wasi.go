package compose

import (
	"fmt"

	"github.com/wasmcp/wasmcp/component"
	"github.com/wasmcp/wasmcp/component/wasiversion"
)

// SetWASI makes Encode, WriteTo and WriteFile write every WASI 0.2
// interface name at the release t selects — in the composed component's
// imports and exports and in the components nested in it — after checking
// that the release has every WASI function and type the composed component
// imports and exports. Without it, WASI names stay as the inputs have them
// (lifted imports take the highest version among the components that
// import an interface).
func (c *Composition) SetWASI(t wasiversion.Target) { c.wasi = &t }

// WASIVersion returns the release the last Encode, WriteTo or WriteFile
// wrote WASI names at; ok is false when SetWASI was not called or nothing
// was written yet.
func (c *Composition) WASIVersion() (v wasiversion.Version, ok bool) {
	if c.wasiWritten == nil {
		return wasiversion.Version{}, false
	}
	return *c.wasiWritten, true
}

// retarget renames the WASI names of the outer component, whose world is
// w, and of each nested component. Nested components are renamed on a full
// decoding of their input bytes (the outer component holds skeletons of
// them, shared with the Composition), and the outer component is validated
// again against the renamed ones, since its instantiation arguments and
// aliases now use the new names.
func (b *built) retarget(w *component.World, t wasiversion.Target) error {
	v, err := wasiversion.Choose(w, t)
	if err != nil {
		return fmt.Errorf("compose: %w", err)
	}
	if err := wasiversion.RenameOuter(b.outer, v); err != nil {
		return fmt.Errorf("compose: %w", err)
	}
	check := &component.Component{Version: b.outer.Version, Layer: b.outer.Layer}
	raw := make(map[*component.Component][]byte, len(b.raw))
	for _, s := range b.outer.Sections {
		cs, ok := s.(*component.ComponentSection)
		if !ok {
			check.Sections = append(check.Sections, s)
			continue
		}
		in, ok := b.raw[cs.Component]
		if !ok {
			return fmt.Errorf("compose: a nested component has no input bytes")
		}
		full, err := component.Decode(in)
		if err != nil {
			return fmt.Errorf("compose: %w", err)
		}
		if err := wasiversion.Rename(full, v); err != nil {
			return fmt.Errorf("compose: %w", err)
		}
		raw[cs.Component] = component.Encode(full)
		check.Sections = append(check.Sections, &component.ComponentSection{Component: full})
	}
	if err := component.Validate(check); err != nil {
		return fmt.Errorf("compose: the composed component with WASI %s names does not validate: %w", v, err)
	}
	b.raw, b.wasi = raw, v
	return nil
}
