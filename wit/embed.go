package wit

import (
	"bytes"
	"errors"
	"fmt"
)

// ErrNotCoreModule is returned by Embed for input that is not a core
// WebAssembly module.
var ErrNotCoreModule = errors.New("not a core WebAssembly module")

// CustomSectionName is the name of the custom section Embed writes for a
// world; `component new` reads every custom section whose name starts with
// "component-type".
func CustomSectionName(w *World) string { return "component-type:" + w.Name }

// Embed appends to a core module the `component-type:<world>` custom section
// that describes world (see EncodeWorld), as `wasm-tools component embed`
// does. world is resolved with Resolve.SelectWorld.
func Embed(coreModule []byte, res *Resolve, world string) ([]byte, error) {
	if len(coreModule) < 8 || !bytes.Equal(coreModule[:8], []byte{0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00}) {
		return nil, fmt.Errorf("wit: embed: %w (want the header \\0asm 01 00 00 00)", ErrNotCoreModule)
	}
	w, err := res.SelectWorld(world)
	if err != nil {
		return nil, err
	}
	return EmbedWorld(coreModule, res, w)
}

// EmbedWorld is Embed for a world given by pointer, such as one changed
// programmatically (World.ExpandImport) after resolving. w must belong to
// res.
func EmbedWorld(coreModule []byte, res *Resolve, w *World) ([]byte, error) {
	if len(coreModule) < 8 || !bytes.Equal(coreModule[:8], []byte{0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00}) {
		return nil, fmt.Errorf("wit: embed: %w (want the header \\0asm 01 00 00 00)", ErrNotCoreModule)
	}
	payload, err := EncodeWorld(res, w)
	if err != nil {
		return nil, err
	}
	var sec buf
	sec.name(CustomSectionName(w))
	sec.Write(payload)
	out := make([]byte, 0, len(coreModule)+sec.Len()+8)
	out = append(out, coreModule...)
	var hdr buf
	writeSection(&hdr, secCustom, sec.Bytes())
	return append(out, hdr.Bytes()...), nil
}
