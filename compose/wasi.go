package compose

import (
	"errors"
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
// w, and of each nested component. A nested component is renamed on a
// fresh decoding of its skeleton (the outer component holds skeleton models
// shared with the Composition), and written as its input's core modules and
// custom sections between the renamed skeleton's other sections. The outer
// component is validated again against the renamed skeletons, since its
// instantiation arguments and aliases now use the new names.
func (b *built) retarget(w *component.World, t wasiversion.Target) error {
	v, err := wasiversion.Choose(w, t)
	if err != nil {
		return fmt.Errorf("compose: %w", err)
	}
	if err := wasiversion.RenameOuter(b.outer, v); err != nil {
		return fmt.Errorf("compose: %w", err)
	}
	check := &component.Component{Version: b.outer.Version, Layer: b.outer.Layer}
	raw := make(map[*component.Component]chunks, len(b.raw))
	for _, s := range b.outer.Sections {
		cs, ok := s.(*component.ComponentSection)
		if !ok {
			check.Sections = append(check.Sections, s)
			continue
		}
		in, ok := b.raw[cs.Component]
		if !ok || len(in) != 1 {
			return errors.New("compose: a nested component has no input bytes")
		}
		sk, ok := skeleton(in[0])
		if !ok {
			return errors.New("compose: a nested component is not a well-framed component")
		}
		m, err := component.Decode(sk)
		if err != nil {
			return fmt.Errorf("compose: %w", err)
		}
		if err := wasiversion.Rename(m, v); err != nil {
			return fmt.Errorf("compose: %w", err)
		}
		body, err := splice(nil, in[0], m, 0)
		if err != nil {
			return err
		}
		raw[cs.Component] = body
		check.Sections = append(check.Sections, &component.ComponentSection{Component: m})
	}
	if err := component.Validate(check); err != nil {
		return fmt.Errorf("compose: the composed component with WASI %s names does not validate: %w", v, err)
	}
	b.raw, b.wasi = raw, v
	return nil
}

var errSplice = errors.New("compose: a nested component does not match its skeleton")

// splice appends to dst the pieces of component orig with the sections of
// sk, a (renamed) model of its skeleton, in place of orig's own: custom
// sections and core modules are orig's (the skeleton leaves the former out
// and has empty modules for the latter), nested components are spliced
// likewise, and every other section is sk's, re-encoded.
func splice(dst chunks, orig []byte, sk *component.Component, depth int) (chunks, error) {
	if depth > 100 || len(orig) < 8 {
		return nil, errSplice
	}
	dst = append(dst, orig[:8])
	i := 0
	next := func() (component.Section, error) {
		if i >= len(sk.Sections) {
			return nil, errSplice
		}
		i++
		return sk.Sections[i-1], nil
	}
	for pos := 8; pos < len(orig); {
		size, n := readU32(orig[pos+1:])
		start := pos + 1 + n
		end := start + int(size)
		if n == 0 || end > len(orig) || end < start {
			return nil, errSplice
		}
		switch id := orig[pos]; id {
		case byte(component.SectionCustom):
			dst = append(dst, orig[pos:end])
		case byte(component.SectionCoreModule):
			if _, err := next(); err != nil {
				return nil, err
			}
			dst = append(dst, orig[pos:end])
		case byte(component.SectionComponent):
			s, err := next()
			if err != nil {
				return nil, err
			}
			cs, ok := s.(*component.ComponentSection)
			if !ok {
				return nil, errSplice
			}
			inner, err := splice(nil, orig[start:end], cs.Component, depth+1)
			if err != nil {
				return nil, err
			}
			dst = append(dst, appendU32([]byte{id}, uint32(inner.len())))
			dst = append(dst, inner...)
		default:
			s, err := next()
			if err != nil {
				return nil, err
			}
			if s.ID() != component.SectionID(id) {
				return nil, errSplice
			}
			dst = append(dst, component.EncodeSection(s))
		}
		pos = end
	}
	if i != len(sk.Sections) {
		return nil, errSplice
	}
	return dst, nil
}
