package bindgen

import (
	"fmt"
	"strings"

	"github.com/wasmcp/wasmcp/wit"
)

// emitter writes the statements of one glue function. Its methods follow the
// Canonical ABI's lower_flat, lift_flat, store and load: each takes Go
// expressions and returns Go expressions, writing the statements they need
// first.
type emitter struct {
	g    *gen
	b    strings.Builder
	pins string // *cabi.Pins expression that keeps lowered memory alive
	// kept: the value being lowered is already in the pin set, and so is
	// every string and slice reachable from it.
	kept bool
}

// hasPointers reports whether values of t reference Go memory (strings,
// slices) that must stay reachable while the host reads it.
func hasPointers(t wit.Type) bool {
	switch p := under(t).(type) {
	case wit.Primitive:
		return p == wit.String
	case *wit.TypeDef:
		switch k := p.Kind.(type) {
		case *wit.List:
			return k.Size == 0 || hasPointers(k.Elem)
		case *wit.Record:
			for _, f := range k.Fields {
				if hasPointers(f.Type) {
					return true
				}
			}
		case *wit.Tuple:
			for _, e := range k.Types {
				if hasPointers(e) {
					return true
				}
			}
		case *wit.Variant, *wit.Option, *wit.Result:
			for _, c := range variantCases(p) {
				if c != nil && hasPointers(c) {
					return true
				}
			}
		}
	}
	return false
}

// keep writes the statement that pins the Go value v of type t (when it
// references Go memory), after which nested strings and slices need no pins
// of their own.
func (e *emitter) keep(t wit.Type, v string) {
	if hasPointers(t) {
		e.line("(%s).Keep(%s)", e.pins, v)
	}
	e.kept = true
}

func (e *emitter) tmp() string { return e.g.next("_t") }

func (e *emitter) line(format string, args ...any) {
	fmt.Fprintf(&e.b, format+"\n", args...)
}

func under(t wit.Type) wit.Type { return wit.Underlying(t) }

// plain reports whether a list of t has the same memory layout in Go as in
// the canonical ABI, so that it can be passed without copying.
func plain(t wit.Type) bool {
	switch p := under(t).(type) {
	case wit.Primitive:
		return p != wit.Bool && p != wit.String && p != wit.ErrorContext
	case *wit.TypeDef:
		switch k := p.Kind.(type) {
		case *wit.Enum:
			return true
		case *wit.Flags:
			return len(k.Flags) > 0 && len(k.Flags) <= 32
		}
	}
	return false
}

// resource returns what the generator knows about the resource behind a
// handle type (exactly one of the results is non-nil).
func (e *emitter) resource(td *wit.TypeDef) (*exportedResource, *importedResource, bool) {
	var def *wit.TypeDef
	borrow := false
	switch k := td.Kind.(type) {
	case *wit.Handle:
		def = wit.UnderlyingDef(k.Resource)
		borrow = k.Borrow
	case *wit.Resource:
		def = td
	}
	if x, ok := e.g.exported[def]; ok {
		return x, nil, borrow
	}
	e.g.goType(def)
	if x, ok := e.g.imported[def]; ok {
		return nil, x, borrow
	}
	e.g.fail("resource %s is neither imported nor exported by the world", def.Name)
	return nil, nil, false
}

func variantCases(td *wit.TypeDef) []wit.Type {
	switch k := td.Kind.(type) {
	case *wit.Variant:
		ts := make([]wit.Type, len(k.Cases))
		for i, c := range k.Cases {
			ts[i] = c.Type
		}
		return ts
	case *wit.Option:
		return []wit.Type{nil, k.Elem}
	case *wit.Result:
		return []wit.Type{k.OK, k.Err}
	}
	return nil
}

// switchGo writes a branch per case of the Go value v of variant-like type
// td; body writes the statements of case i with payload expression x ("" for
// no payload).
func (e *emitter) switchGo(td *wit.TypeDef, v string, body func(i int, x string)) {
	cases := variantCases(td)
	payload := func(i int, get string) {
		if cases[i] == nil {
			body(i, "")
			return
		}
		x := e.tmp()
		e.line("%s, _ := %s", x, get)
		e.line("_ = %s", x)
		body(i, x)
	}
	switch td.Kind.(type) {
	case *wit.Option:
		e.line("if %s.IsSome() {", v)
		payload(1, v+".Get()")
		e.line("} else {")
		body(0, "")
		e.line("}")
	case *wit.Result:
		e.line("if %s.IsErr() {", v)
		payload(1, v+".Err()")
		e.line("} else {")
		payload(0, v+".Ok()")
		e.line("}")
	case *wit.Variant:
		e.line("switch %s.Tag() {", v)
		for i, c := range cases {
			e.line("case %d:", i)
			if c == nil {
				body(i, "")
			} else {
				payload(i, fmt.Sprintf("%s.As%s()", v, pascal(td.Kind.(*wit.Variant).Cases[i].Name)))
			}
		}
		e.line("}")
	}
}

// construct returns the Go expression of case i of variant-like td with
// payload x.
func (e *emitter) construct(td *wit.TypeDef, i int, x string) string {
	e.g.goType(td) // declares td, and a variant's case constructors
	switch k := td.Kind.(type) {
	case *wit.Option:
		if i == 0 {
			return fmt.Sprintf("cabi.None[%s]()", e.g.goType(k.Elem))
		}
		return fmt.Sprintf("cabi.Some[%s](%s)", e.g.goType(k.Elem), x)
	case *wit.Result:
		if x == "" {
			x = "cabi.Unit{}"
		}
		fn := "Ok"
		if i == 1 {
			fn = "Err"
		}
		return fmt.Sprintf("cabi.%s[%s, %s](%s)", fn, e.g.goType(k.OK), e.g.goType(k.Err), x)
	}
	// The case's constructor: the glue may live in another package.
	fn := e.g.qual(e.g.typeName[td].pkg, e.g.caseFns[td][i])
	return fn + "(" + x + ")"
}

// coerceLower converts a flat value of core type from to the joined type to.
func coerceLower(x string, from, to wit.CoreType) string {
	switch {
	case from == to:
		return x
	case from == wit.I32 && to == wit.I64:
		return "uint64(" + x + ")"
	case from == wit.CF32 && to == wit.I32:
		return "cabi.F32ToU32(" + x + ")"
	case from == wit.CF32 && to == wit.I64:
		return "uint64(cabi.F32ToU32(" + x + "))"
	case from == wit.CF64 && to == wit.I64:
		return "cabi.F64ToU64(" + x + ")"
	}
	panic(fmt.Sprintf("bindgen: cannot join %s into %s", from, to))
}

// coerceLift converts a joined flat value back to the case's core type.
func coerceLift(x string, from, to wit.CoreType) string {
	switch {
	case from == to:
		return x
	case from == wit.I64 && to == wit.I32:
		return "uint32(" + x + ")"
	case from == wit.I32 && to == wit.CF32:
		return "cabi.U32ToF32(" + x + ")"
	case from == wit.I64 && to == wit.CF32:
		return "cabi.U32ToF32(uint32(" + x + "))"
	case from == wit.I64 && to == wit.CF64:
		return "cabi.U64ToF64(" + x + ")"
	}
	panic(fmt.Sprintf("bindgen: cannot split %s into %s", from, to))
}

// lowerFlat returns the flat core values of the Go value v of type t.
func (e *emitter) lowerFlat(t wit.Type, v string) []string {
	switch p := under(t).(type) {
	case wit.Primitive:
		switch p {
		case wit.Bool:
			return []string{"cabi.BoolU32(" + v + ")"}
		case wit.S8, wit.S16, wit.S32:
			return []string{"uint32(int32(" + v + "))"}
		case wit.U8, wit.U16, wit.U32, wit.Char:
			return []string{"uint32(" + v + ")"}
		case wit.S64, wit.U64:
			return []string{"uint64(" + v + ")"}
		case wit.F32, wit.F64:
			return []string{v}
		case wit.String:
			ptr, n := e.tmp(), e.tmp()
			if e.kept {
				e.line("%s, %s := cabi.StringAddr(%s)", ptr, n, v)
			} else {
				e.line("%s, %s := cabi.LowerString(%s, %s)", ptr, n, e.pins, v)
			}
			return []string{"uint32(" + ptr + ")", n}
		}
	case *wit.TypeDef:
		switch k := p.Kind.(type) {
		case *wit.Record:
			var out []string
			for _, f := range k.Fields {
				out = append(out, e.lowerFlat(f.Type, v+"."+pascal(f.Name))...)
			}
			return out
		case *wit.Tuple:
			var out []string
			for i, et := range k.Types {
				out = append(out, e.lowerFlat(et, fmt.Sprintf("%s.F%d", v, i))...)
			}
			return out
		case *wit.List:
			if k.Size > 0 {
				var out []string
				for i := uint32(0); i < k.Size; i++ {
					out = append(out, e.lowerFlat(k.Elem, fmt.Sprintf("%s[%d]", v, i))...)
				}
				return out
			}
			ptr, n := e.tmp(), e.tmp()
			if plain(k.Elem) {
				if e.kept {
					e.line("%s, %s := cabi.SliceAddr(%s)", ptr, n, v)
				} else {
					e.line("%s, %s := cabi.LowerSlice(%s, %s)", ptr, n, e.pins, v)
				}
				return []string{"uint32(" + ptr + ")", n}
			}
			size, align := wit.SizeAlign(k.Elem)
			xs, i := e.tmp(), e.tmp()
			e.line("%s := %s", xs, v)
			e.line("%s := uint32(len(%s))", n, xs)
			e.line("%s := (%s).Alloc(uintptr(%s)*%d, %d)", ptr, e.pins, n, size, align)
			e.line("for %s := range %s {", i, xs)
			e.store(k.Elem, fmt.Sprintf("%s[%s]", xs, i), fmt.Sprintf("%s+uintptr(%s)*%d", ptr, i, size))
			e.line("}")
			return []string{"uint32(" + ptr + ")", n}
		case *wit.Flags:
			if len(k.Flags) > 32 {
				return []string{"uint32(" + v + ")", "uint32(uint64(" + v + ") >> 32)"}
			}
			if len(k.Flags) == 0 {
				return nil
			}
			return []string{"uint32(" + v + ")"}
		case *wit.Enum:
			return []string{"uint32(" + v + ")"}
		case *wit.Variant, *wit.Option, *wit.Result:
			flat := wit.Flatten(p)
			d := e.tmp()
			e.line("var %s uint32", d)
			js := make([]string, len(flat)-1)
			for i := range js {
				js[i] = e.tmp()
				e.line("var %s %s", js[i], coreGo(flat[i+1]))
			}
			vv := e.tmp()
			e.line("%s := %s", vv, v)
			cases := variantCases(p)
			e.switchGo(p, vv, func(i int, x string) {
				e.line("%s = %d", d, i)
				if x == "" {
					return
				}
				cv := e.lowerFlat(cases[i], x)
				cf := wit.Flatten(cases[i])
				for j := range cv {
					e.line("%s = %s", js[j], coerceLower(cv[j], cf[j], flat[j+1]))
				}
			})
			return append([]string{d}, js...)
		case *wit.Handle, *wit.Resource:
			exp, _, _ := e.resource(p)
			if exp != nil {
				return []string{fmt.Sprintf("%s(%s.Add(%s))", exp.newFn, exp.table, v)}
			}
			return []string{v + ".Handle()"}
		}
	}
	e.g.fail("cannot lower type %s", t)
	return nil
}

// liftFlat returns the Go value of type t from its flat core values.
func (e *emitter) liftFlat(t wit.Type, vals []string) string {
	switch p := under(t).(type) {
	case wit.Primitive:
		v := vals[0]
		switch p {
		case wit.Bool:
			return "(" + v + " != 0)"
		case wit.U32, wit.U64, wit.F32, wit.F64:
			return v
		case wit.String:
			return fmt.Sprintf("cabi.LiftString(uintptr(%s), %s)", vals[0], vals[1])
		}
		return primitiveGo[p] + "(" + v + ")"
	case *wit.TypeDef:
		gt := e.g.goType(t)
		switch k := p.Kind.(type) {
		case *wit.Record:
			var parts []string
			for _, f := range k.Fields {
				n := len(wit.Flatten(f.Type))
				parts = append(parts, pascal(f.Name)+": "+e.liftFlat(f.Type, vals[:n]))
				vals = vals[n:]
			}
			return gt + "{" + strings.Join(parts, ", ") + "}"
		case *wit.Tuple:
			var parts []string
			for i, et := range k.Types {
				n := len(wit.Flatten(et))
				parts = append(parts, fmt.Sprintf("F%d: %s", i, e.liftFlat(et, vals[:n])))
				vals = vals[n:]
			}
			return gt + "{" + strings.Join(parts, ", ") + "}"
		case *wit.List:
			if k.Size > 0 {
				var parts []string
				n := len(wit.Flatten(k.Elem))
				for i := uint32(0); i < k.Size; i++ {
					parts = append(parts, e.liftFlat(k.Elem, vals[:n]))
					vals = vals[n:]
				}
				return gt + "{" + strings.Join(parts, ", ") + "}"
			}
			elem := e.g.goType(k.Elem)
			if plain(k.Elem) {
				return fmt.Sprintf("cabi.LiftSlice[%s](uintptr(%s), %s)", elem, vals[0], vals[1])
			}
			size, _ := wit.SizeAlign(k.Elem)
			ptr, xs, i := e.tmp(), e.tmp(), e.tmp()
			e.line("%s := uintptr(%s)", ptr, vals[0])
			e.line("%s := make([]%s, %s)", xs, elem, vals[1])
			e.line("for %s := range %s {", i, xs)
			x := e.load(k.Elem, fmt.Sprintf("%s+uintptr(%s)*%d", ptr, i, size))
			e.line("%s[%s] = %s", xs, i, x)
			e.line("}")
			return xs
		case *wit.Flags:
			if len(k.Flags) > 32 {
				return fmt.Sprintf("%s(uint64(%s) | uint64(%s)<<32)", gt, vals[0], vals[1])
			}
			if len(k.Flags) == 0 {
				return gt + "(0)"
			}
			return gt + "(" + vals[0] + ")"
		case *wit.Enum:
			return gt + "(" + vals[0] + ")"
		case *wit.Variant, *wit.Option, *wit.Result:
			flat := wit.Flatten(p)
			cases := variantCases(p)
			r := e.tmp()
			e.line("var %s %s", r, gt)
			e.line("switch %s {", vals[0])
			for i, c := range cases {
				e.line("case %d:", i)
				x := ""
				if c != nil {
					cf := wit.Flatten(c)
					cv := make([]string, len(cf))
					for j := range cf {
						cv[j] = coerceLift(vals[1+j], flat[1+j], cf[j])
					}
					x = e.liftFlat(c, cv)
				}
				e.line("%s = %s", r, e.construct(p, i, x))
			}
			e.line("default:\npanic(\"wasmcp bindings: invalid discriminant for %s\")", p)
			e.line("}")
			return r
		case *wit.Handle, *wit.Resource:
			exp, imp, borrow := e.resource(p)
			if exp != nil {
				if borrow {
					return fmt.Sprintf("%s.Get(%s)", exp.table, vals[0])
				}
				// An own handle of our own resource: take the Go value and
				// drop the handle, so that the dtor runs (Drop is called and
				// the rep is freed); the component now owns the value.
				h, v := e.tmp(), e.tmp()
				e.line("%s := %s", h, vals[0])
				e.line("%s := %s.Get(%s(%s))", v, exp.table, exp.repFn, h)
				e.line("%s(%s)", exp.dropFn, h)
				return v
			}
			return fmt.Sprintf("%s(%s)", e.g.qual(imp.pkg, imp.fromFn), vals[0])
		}
	}
	e.g.fail("cannot lift type %s", t)
	return ""
}

var storeFn = map[wit.Primitive]string{
	wit.Bool: "U8", wit.S8: "U8", wit.U8: "U8", wit.S16: "U16", wit.U16: "U16",
	wit.S32: "U32", wit.U32: "U32", wit.Char: "U32", wit.S64: "U64", wit.U64: "U64",
	wit.F32: "F32", wit.F64: "F64",
}

var storeConv = map[wit.Primitive]string{
	wit.S8: "uint8", wit.U8: "uint8", wit.S16: "uint16", wit.U16: "uint16",
	wit.S32: "uint32", wit.U32: "uint32", wit.Char: "uint32", wit.S64: "uint64", wit.U64: "uint64",
	wit.F32: "float32", wit.F64: "float64",
}

func sizeFn(size uint32) string {
	switch size {
	case 1:
		return "U8"
	case 2:
		return "U16"
	case 8:
		return "U64"
	}
	return "U32"
}

// store writes the Go value v of type t at address addr (a uintptr
// expression without side effects).
func (e *emitter) store(t wit.Type, v, addr string) {
	at := func(off uint32) string {
		if off == 0 {
			return addr
		}
		return fmt.Sprintf("%s+%d", addr, off)
	}
	switch p := under(t).(type) {
	case wit.Primitive:
		switch p {
		case wit.Bool:
			e.line("cabi.StoreU8(%s, uint8(cabi.BoolU32(%s)))", addr, v)
		case wit.String:
			vals := e.lowerFlat(t, v)
			e.line("cabi.StoreU32(%s, %s)", addr, vals[0])
			e.line("cabi.StoreU32(%s, %s)", at(4), vals[1])
		default:
			e.line("cabi.Store%s(%s, %s(%s))", storeFn[p], addr, storeConv[p], v)
		}
		return
	case *wit.TypeDef:
		switch k := p.Kind.(type) {
		case *wit.Record:
			offs := wit.FieldOffsets(p)
			for i, f := range k.Fields {
				e.store(f.Type, v+"."+pascal(f.Name), at(offs[i]))
			}
			return
		case *wit.Tuple:
			offs := wit.FieldOffsets(p)
			for i, et := range k.Types {
				e.store(et, fmt.Sprintf("%s.F%d", v, i), at(offs[i]))
			}
			return
		case *wit.List:
			if k.Size > 0 {
				size, _ := wit.SizeAlign(k.Elem)
				for i := uint32(0); i < k.Size; i++ {
					e.store(k.Elem, fmt.Sprintf("%s[%d]", v, i), at(i*size))
				}
				return
			}
			vals := e.lowerFlat(t, v)
			e.line("cabi.StoreU32(%s, %s)", addr, vals[0])
			e.line("cabi.StoreU32(%s, %s)", at(4), vals[1])
			return
		case *wit.Flags:
			size := wit.FlagsSize(len(k.Flags))
			if size == 0 {
				return
			}
			fn := sizeFn(size)
			e.line("cabi.Store%s(%s, uint%s(%s))", fn, addr, fn[1:], v)
			return
		case *wit.Enum:
			fn := sizeFn(wit.DiscriminantSize(len(k.Cases)))
			e.line("cabi.Store%s(%s, uint%s(%s))", fn, addr, fn[1:], v)
			return
		case *wit.Variant, *wit.Option, *wit.Result:
			cases := variantCases(p)
			fn := sizeFn(wit.DiscriminantSize(len(cases)))
			off := wit.PayloadOffset(p)
			vv := e.tmp()
			e.line("%s := %s", vv, v)
			e.switchGo(p, vv, func(i int, x string) {
				e.line("cabi.Store%s(%s, %d)", fn, addr, i)
				if x != "" {
					e.store(cases[i], x, at(off))
				}
			})
			return
		case *wit.Handle, *wit.Resource:
			vals := e.lowerFlat(t, v)
			e.line("cabi.StoreU32(%s, %s)", addr, vals[0])
			return
		}
	}
	e.g.fail("cannot store type %s", t)
}

// load returns the Go value of type t read from address addr.
func (e *emitter) load(t wit.Type, addr string) string {
	at := func(off uint32) string {
		if off == 0 {
			return addr
		}
		return fmt.Sprintf("%s+%d", addr, off)
	}
	switch p := under(t).(type) {
	case wit.Primitive:
		switch p {
		case wit.Bool:
			return "(cabi.LoadU8(" + addr + ") != 0)"
		case wit.String:
			ptr, n := e.tmp(), e.tmp()
			e.line("%s, %s := cabi.LoadU32(%s), cabi.LoadU32(%s)", ptr, n, addr, at(4))
			return e.liftFlat(t, []string{ptr, n})
		case wit.U8, wit.U16, wit.U32, wit.U64, wit.F32, wit.F64:
			return fmt.Sprintf("cabi.Load%s(%s)", storeFn[p], addr)
		}
		return fmt.Sprintf("%s(cabi.Load%s(%s))", primitiveGo[p], storeFn[p], addr)
	case *wit.TypeDef:
		gt := e.g.goType(t)
		switch k := p.Kind.(type) {
		case *wit.Record:
			offs := wit.FieldOffsets(p)
			var parts []string
			for i, f := range k.Fields {
				parts = append(parts, pascal(f.Name)+": "+e.load(f.Type, at(offs[i])))
			}
			return gt + "{" + strings.Join(parts, ", ") + "}"
		case *wit.Tuple:
			offs := wit.FieldOffsets(p)
			var parts []string
			for i, et := range k.Types {
				parts = append(parts, fmt.Sprintf("F%d: %s", i, e.load(et, at(offs[i]))))
			}
			return gt + "{" + strings.Join(parts, ", ") + "}"
		case *wit.List:
			if k.Size > 0 {
				size, _ := wit.SizeAlign(k.Elem)
				var parts []string
				for i := uint32(0); i < k.Size; i++ {
					parts = append(parts, e.load(k.Elem, at(i*size)))
				}
				return gt + "{" + strings.Join(parts, ", ") + "}"
			}
			ptr, n := e.tmp(), e.tmp()
			e.line("%s, %s := cabi.LoadU32(%s), cabi.LoadU32(%s)", ptr, n, addr, at(4))
			return e.liftFlat(t, []string{ptr, n})
		case *wit.Flags:
			size := wit.FlagsSize(len(k.Flags))
			if size == 0 {
				return gt + "(0)"
			}
			return fmt.Sprintf("%s(cabi.Load%s(%s))", gt, sizeFn(size), addr)
		case *wit.Enum:
			return fmt.Sprintf("%s(cabi.Load%s(%s))", gt, sizeFn(wit.DiscriminantSize(len(k.Cases))), addr)
		case *wit.Variant, *wit.Option, *wit.Result:
			cases := variantCases(p)
			off := wit.PayloadOffset(p)
			r := e.tmp()
			e.line("var %s %s", r, gt)
			e.line("switch uint32(cabi.Load%s(%s)) {", sizeFn(wit.DiscriminantSize(len(cases))), addr)
			for i, c := range cases {
				e.line("case %d:", i)
				x := ""
				if c != nil {
					x = e.load(c, at(off))
				}
				e.line("%s = %s", r, e.construct(p, i, x))
			}
			e.line("default:\npanic(\"wasmcp bindings: invalid discriminant for %s\")", p)
			e.line("}")
			return r
		case *wit.Handle, *wit.Resource:
			return e.liftFlat(t, []string{"cabi.LoadU32(" + addr + ")"})
		}
	}
	e.g.fail("cannot load type %s", t)
	return ""
}
