package wit

import (
	"fmt"
)

// CoreStub returns a core WebAssembly module shaped for world w: it imports
// every function the world imports (with its lowered core signature, under
// the canonical module/field names) and exports every function the world
// exports (lifted signatures; each body traps), plus `memory` and
// `cabi_realloc`. Embedding w into it (Embed) and running `component new`
// gives a component whose type is exactly w — handy for tests of tools that
// consume components. Async functions are not supported.
func CoreStub(r *Resolve, w *World) ([]byte, error) {
	type fn struct {
		module, name string
		sig          CoreSignature
	}
	var imports, exports []fn
	funcs := func(it *WorldItem) ([]*Function, string, error) {
		switch it.Kind {
		case WorldFunction:
			f := *it.Function
			f.Name = it.Key // the name in the world (after `include … with`)
			return []*Function{&f}, "", nil
		case WorldInterface:
			return it.Interface.Functions, it.Key, nil
		}
		return nil, "", nil
	}
	for _, it := range w.Imports {
		fs, key, _ := funcs(it)
		mod := key
		if mod == "" {
			mod = "$root"
		}
		for _, f := range fs {
			if f.Async {
				return nil, fmt.Errorf("wit: stub: async function %s is not supported", f.Name)
			}
			imports = append(imports, fn{mod, f.Name, FlattenFunction(f, Lower)})
		}
	}
	for _, it := range w.Exports {
		fs, key, _ := funcs(it)
		for _, f := range fs {
			if f.Async {
				return nil, fmt.Errorf("wit: stub: async function %s is not supported", f.Name)
			}
			name := f.Name
			if key != "" {
				name = key + "#" + f.Name
			}
			exports = append(exports, fn{"", name, FlattenFunction(f, Lift)})
		}
	}
	realloc := CoreSignature{Params: []CoreType{I32, I32, I32, I32}, Results: []CoreType{I32}}
	exports = append(exports, fn{"", "cabi_realloc", realloc})

	// Type section: one type per function, deduplicated.
	var types [][]byte
	typeIdx := map[string]uint32{}
	sigType := func(s CoreSignature) uint32 {
		var b buf
		b.WriteByte(0x60)
		b.u32(uint32(len(s.Params)))
		for _, p := range s.Params {
			b.WriteByte(byte(p))
		}
		b.u32(uint32(len(s.Results)))
		for _, p := range s.Results {
			b.WriteByte(byte(p))
		}
		k := b.String()
		if i, ok := typeIdx[k]; ok {
			return i
		}
		i := uint32(len(types))
		typeIdx[k] = i
		types = append(types, b.Bytes())
		return i
	}
	var out buf
	out.Write([]byte{0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00})
	var impSec, funcSec, expSec, codeSec buf
	impSec.u32(uint32(len(imports)))
	for _, f := range imports {
		impSec.name(f.module)
		impSec.name(f.name)
		impSec.WriteByte(0x00)
		impSec.u32(sigType(f.sig))
	}
	funcSec.u32(uint32(len(exports)))
	expSec.u32(uint32(len(exports) + 1))
	codeSec.u32(uint32(len(exports)))
	for i, f := range exports {
		funcSec.u32(sigType(f.sig))
		expSec.name(f.name)
		expSec.WriteByte(0x00)
		expSec.u32(uint32(len(imports) + i))
		codeSec.Write([]byte{0x03, 0x00, 0x00, 0x0b}) // size, no locals, unreachable, end
	}
	expSec.name("memory")
	expSec.WriteByte(0x02)
	expSec.u32(0)
	var typeSec buf
	typeSec.u32(uint32(len(types)))
	for _, t := range types {
		typeSec.Write(t)
	}
	writeSection(&out, 1, typeSec.Bytes())
	writeSection(&out, 2, impSec.Bytes())
	writeSection(&out, 3, funcSec.Bytes())
	writeSection(&out, 5, []byte{0x01, 0x00, 0x01}) // one memory, min 1 page
	writeSection(&out, 7, expSec.Bytes())
	writeSection(&out, 10, codeSec.Bytes())
	return out.Bytes(), nil
}
