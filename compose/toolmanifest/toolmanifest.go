// Package toolmanifest reads and writes the wasmcp:tools custom section, in
// which a tools provider declares the names of its tools at build time, so
// that composing can refuse two components that offer the same tool. It is
// a leaf package: componentize writes the section and compose/server reads it.
package toolmanifest

import (
	"encoding/json"
	"errors"
	"fmt"
)

// Section is the name of the custom section in which a tools
// provider may declare the names of its tools at build time:
//
//	{"tools": ["add", "sub"]}
//
// Tool lists are produced by the components at run time (list-tools), and
// composing runs no component, so this section is the only way compose can
// see two components offering the same tool. Without it, a duplicate is
// resolved at run time: the tools middleware nearest the transport wins.
const Section = "wasmcp:tools"

// Read reads the tool names from the component's top-level
// Section. ok is false when the component has none.
func Read(wasm []byte) (names []string, ok bool, err error) {
	if len(wasm) < 8 {
		return nil, false, errors.New("not a component: too short")
	}
	p := 8
	for p < len(wasm) {
		id := wasm[p]
		p++
		size, n := uleb(wasm[p:])
		if n == 0 || uint64(len(wasm)-p-n) < size {
			return nil, false, fmt.Errorf("section at offset %#x: truncated", p-1)
		}
		p += n
		body := wasm[p : p+int(size)]
		p += int(size)
		if id != 0 {
			continue
		}
		nl, m := uleb(body)
		if m == 0 || uint64(len(body)-m) < nl {
			return nil, false, errors.New("custom section: truncated name")
		}
		if string(body[m:m+int(nl)]) != Section {
			continue
		}
		var man struct {
			Tools []string `json:"tools"`
		}
		if err := json.Unmarshal(body[m+int(nl):], &man); err != nil {
			return nil, false, fmt.Errorf("custom section %s: %w", Section, err)
		}
		if man.Tools == nil {
			man.Tools = []string{}
		}
		return man.Tools, true, nil
	}
	return nil, false, nil
}

// Encode returns a custom section declaring names, to append to
// a component (a section may follow the others at the top level).
func Encode(names []string) []byte {
	data, _ := json.Marshal(struct {
		Tools []string `json:"tools"`
	}{names})
	name := []byte(Section)
	body := append(appendUleb(nil, uint64(len(name))), name...)
	body = append(body, data...)
	out := append([]byte{0}, appendUleb(nil, uint64(len(body)))...)
	return append(out, body...)
}

func uleb(b []byte) (uint64, int) {
	var v uint64
	for i := 0; i < len(b) && i < 10; i++ {
		v |= uint64(b[i]&0x7f) << (7 * i)
		if b[i]&0x80 == 0 {
			return v, i + 1
		}
	}
	return 0, 0
}

func appendUleb(b []byte, v uint64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v != 0 {
			b = append(b, c|0x80)
			continue
		}
		return append(b, c)
	}
}

// Set returns the component with its top-level Section replaced by one
// declaring names (added at the end; any earlier one removed), every other
// byte kept.
func Set(wasm []byte, names []string) ([]byte, error) {
	if len(wasm) < 8 || string(wasm[:4]) != "\x00asm" || wasm[6] != 1 || wasm[7] != 0 {
		return nil, errors.New("not a component (a core module or another file?)")
	}
	out := append([]byte(nil), wasm[:8]...)
	for p := 8; p < len(wasm); {
		start := p
		id := wasm[p]
		p++
		size, n := uleb(wasm[p:])
		if n == 0 || uint64(len(wasm)-p-n) < size {
			return nil, fmt.Errorf("section at offset %#x: truncated", start)
		}
		p += n
		body := wasm[p : p+int(size)]
		p += int(size)
		if id == 0 {
			if nl, m := uleb(body); m > 0 && uint64(len(body)-m) >= nl && string(body[m:m+int(nl)]) == Section {
				continue
			}
		}
		out = append(out, wasm[start:p]...)
	}
	return append(out, Encode(names)...), nil
}
