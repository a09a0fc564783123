// Package component decodes and encodes WebAssembly component binaries, and
// resolves their types, in pure Go.
//
// See https://github.com/WebAssembly/component-model/blob/main/design/mvp/Binary.md
//
// # Syntax: Decode and Encode
//
// Decode turns a component binary into a *Component: its preamble and its
// Sections in order. Each Section is one of *CustomSection, *NameSection
// (the "component-name" custom section), *CoreModuleSection (the core module
// kept as raw bytes), *CoreInstanceSection, *CoreTypeSection,
// *ComponentSection (a nested *Component), *InstanceSection, *AliasSection,
// *TypeSection, *CanonSection, *StartSection, *ImportSection and
// *ExportSection. Walk them with a type switch:
//
//	c, err := component.Decode(wasm)
//	for _, s := range c.Sections {
//		switch s := s.(type) {
//		case *component.ImportSection:
//			for _, im := range s.Imports { fmt.Println(im.Name.Name, im.Desc.Kind) }
//		case *component.ComponentSection:
//			// s.Component is a nested component with its own index spaces
//		}
//	}
//
// Encode writes a *Component back. Decode then Encode of an unmodified
// component gives the same bytes: sections are re-encoded from the model
// with minimal LEB128 numbers, and a section whose input used longer forms
// keeps its original bytes as long as its model is unchanged.
//
// To build a new component, construct a &Component{Version: 0x0d, Layer: 1}
// and append sections; consecutive items of one kind may share a section
// (one *TypeSection with several Types) or use one section each — both are
// valid. Errors from Decode are *DecodeError values carrying the byte offset
// and the section, wrapping ErrBadMagic, ErrNotComponent or ErrUnsupported
// where they apply.
//
// # Index spaces
//
// Every definition appends to one index space per Sort, in section order:
//
//   - core module section: +1 core module; component section: +1 component
//   - core instance / instance sections: +1 core instance / instance each
//   - core type / type sections: +1 core type / type each
//   - alias: +1 in the alias's Sort (an AliasCoreExport of a func adds a
//     core func, and so on)
//   - canon: lift adds a func; lower and resource.new/drop/rep add a core func
//   - import: +1 in the sort of its ExternDesc (a type import adds a type)
//   - export: +1 in the exported Sort — exports introduce a new index that
//     aliases the exported item
//   - start: +Results values
//
// Component and instance types have their own type index space, starting
// empty: type, alias and export declarations of types add to it; an outer
// alias with Count 1 refers to the enclosing scope. IndexSpaces computes the
// sizes of a component's index spaces (handy for appending to an existing
// component).
//
// # Types: Inspect
//
// Inspect resolves a component's imports and exports into Type trees (see
// World, Extern and Type): indices replaced by the types they denote,
// aliases followed, resources given identities. Equal and Compatible compare
// types from two different components structurally. TypeEncoder writes a
// resolved type back as type declarations of a new component or instance
// type. PrintWIT prints a World as WIT text.
package component
