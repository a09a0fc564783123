package wit

// Canonical ABI helpers that depend only on the type model.
// See https://github.com/WebAssembly/component-model/blob/main/design/mvp/CanonicalABI.md

// CoreType is a core WebAssembly value type in a flattened signature.
type CoreType byte

const (
	I32  CoreType = 0x7f
	I64  CoreType = 0x7e
	CF32 CoreType = 0x7d
	CF64 CoreType = 0x7c
)

func (c CoreType) String() string {
	switch c {
	case I32:
		return "i32"
	case I64:
		return "i64"
	case CF32:
		return "f32"
	case CF64:
		return "f64"
	}
	return "?"
}

// Limits of the flattened calling convention.
const (
	MaxFlatParams  = 16
	MaxFlatResults = 1
)

// Despecialized shapes: enum, option and result behave as variants, tuple as
// a record.

// variantCases returns the payload types of a variant-like type (nil
// entries for cases without payload), and whether t is variant-like.
func variantCases(k TypeDefKind) ([]Type, bool) {
	switch k := k.(type) {
	case *Variant:
		ts := make([]Type, len(k.Cases))
		for i, c := range k.Cases {
			ts[i] = c.Type
		}
		return ts, true
	case *Enum:
		return make([]Type, len(k.Cases)), true
	case *Option:
		return []Type{nil, k.Elem}, true
	case *Result:
		return []Type{k.OK, k.Err}, true
	}
	return nil, false
}

// DiscriminantSize is the byte size of a variant discriminant with n cases.
func DiscriminantSize(n int) uint32 {
	switch {
	case n <= 1<<8:
		return 1
	case n <= 1<<16:
		return 2
	}
	return 4
}

// FlagsSize is the byte size of a flags value with n labels.
func FlagsSize(n int) uint32 {
	switch {
	case n == 0:
		return 0
	case n <= 8:
		return 1
	case n <= 16:
		return 2
	}
	return 4 * uint32((n+31)/32)
}

func alignTo(ptr, align uint32) uint32 {
	return (ptr + align - 1) / align * align
}

// Align returns the canonical ABI alignment of t in linear memory.
func Align(t Type) uint32 {
	_, a := SizeAlign(t)
	return a
}

// Size returns the canonical ABI byte size of t in linear memory.
func Size(t Type) uint32 {
	s, _ := SizeAlign(t)
	return s
}

// SizeAlign returns the canonical ABI size and alignment of t.
func SizeAlign(t Type) (size, align uint32) {
	switch p := Underlying(t).(type) {
	case Primitive:
		switch p {
		case Bool, S8, U8:
			return 1, 1
		case S16, U16:
			return 2, 2
		case S32, U32, F32, Char, ErrorContext:
			return 4, 4
		case S64, U64, F64:
			return 8, 8
		case String:
			return 8, 4
		}
		return 0, 1
	case *TypeDef:
		switch k := p.Kind.(type) {
		case *Record:
			ts := make([]Type, len(k.Fields))
			for i, f := range k.Fields {
				ts[i] = f.Type
			}
			return recordSizeAlign(ts)
		case *Tuple:
			return recordSizeAlign(k.Types)
		case *List:
			if k.Size > 0 {
				es, ea := SizeAlign(k.Elem)
				return es * k.Size, ea
			}
			return 8, 4
		case *Flags:
			n := len(k.Flags)
			s := FlagsSize(n)
			switch {
			case s == 0:
				return 0, 1
			case s >= 4:
				return s, 4
			}
			return s, s
		case *Resource, *Handle, *Future, *Stream:
			return 4, 4
		}
		if cases, ok := variantCases(p.Kind); ok {
			return variantSizeAlign(cases)
		}
	}
	return 0, 1
}

func recordSizeAlign(ts []Type) (uint32, uint32) {
	var s uint32
	var a uint32 = 1
	for _, t := range ts {
		fs, fa := SizeAlign(t)
		s = alignTo(s, fa) + fs
		if fa > a {
			a = fa
		}
	}
	return alignTo(s, a), a
}

func variantSizeAlign(cases []Type) (uint32, uint32) {
	ds := DiscriminantSize(len(cases))
	var maxSize uint32
	var maxAlign uint32 = 1
	for _, c := range cases {
		if c == nil {
			continue
		}
		s, a := SizeAlign(c)
		if s > maxSize {
			maxSize = s
		}
		if a > maxAlign {
			maxAlign = a
		}
	}
	align := ds
	if maxAlign > align {
		align = maxAlign
	}
	s := alignTo(ds, maxAlign) + maxSize
	return alignTo(s, align), align
}

// PayloadOffset is the byte offset of the payload in a variant-like value
// (variant, enum, option, result) with the given case payload types.
func PayloadOffset(t Type) uint32 {
	td, ok := Underlying(t).(*TypeDef)
	if !ok {
		return 0
	}
	cases, ok := variantCases(td.Kind)
	if !ok {
		return 0
	}
	var maxAlign uint32 = 1
	for _, c := range cases {
		if c != nil {
			if a := Align(c); a > maxAlign {
				maxAlign = a
			}
		}
	}
	return alignTo(DiscriminantSize(len(cases)), maxAlign)
}

// FieldOffsets returns the byte offsets of the fields of a record or tuple.
func FieldOffsets(t Type) []uint32 {
	td, ok := Underlying(t).(*TypeDef)
	if !ok {
		return nil
	}
	var ts []Type
	switch k := td.Kind.(type) {
	case *Record:
		for _, f := range k.Fields {
			ts = append(ts, f.Type)
		}
	case *Tuple:
		ts = k.Types
	default:
		return nil
	}
	offs := make([]uint32, len(ts))
	var s uint32
	for i, t := range ts {
		fs, fa := SizeAlign(t)
		s = alignTo(s, fa)
		offs[i] = s
		s += fs
	}
	return offs
}

// Flatten returns the core types a value of type t flattens to.
func Flatten(t Type) []CoreType {
	return appendFlat(nil, t)
}

func appendFlat(out []CoreType, t Type) []CoreType {
	switch p := Underlying(t).(type) {
	case Primitive:
		switch p {
		case S64, U64:
			return append(out, I64)
		case F32:
			return append(out, CF32)
		case F64:
			return append(out, CF64)
		case String:
			return append(out, I32, I32)
		}
		return append(out, I32)
	case *TypeDef:
		switch k := p.Kind.(type) {
		case *Record:
			for _, f := range k.Fields {
				out = appendFlat(out, f.Type)
			}
			return out
		case *Tuple:
			for _, e := range k.Types {
				out = appendFlat(out, e)
			}
			return out
		case *List:
			if k.Size > 0 {
				for i := uint32(0); i < k.Size; i++ {
					out = appendFlat(out, k.Elem)
				}
				return out
			}
			return append(out, I32, I32)
		case *Flags:
			n := (len(k.Flags) + 31) / 32
			for i := 0; i < n; i++ {
				out = append(out, I32)
			}
			return out
		case *Resource, *Handle, *Future, *Stream:
			return append(out, I32)
		}
		if cases, ok := variantCases(p.Kind); ok {
			var flat []CoreType
			for _, c := range cases {
				if c == nil {
					continue
				}
				for i, ft := range Flatten(c) {
					if i < len(flat) {
						flat[i] = join(flat[i], ft)
					} else {
						flat = append(flat, ft)
					}
				}
			}
			out = append(out, I32) // discriminant
			return append(out, flat...)
		}
	}
	return out
}

func join(a, b CoreType) CoreType {
	if a == b {
		return a
	}
	if (a == I32 && b == CF32) || (a == CF32 && b == I32) {
		return I32
	}
	return I64
}

// CoreSignature is the core function type of a lifted or lowered function.
type CoreSignature struct {
	Params  []CoreType
	Results []CoreType
	// ParamsIndirect: the parameters did not fit in MaxFlatParams and are
	// passed as one i32 pointer to a tuple of them in linear memory.
	ParamsIndirect bool
	// ResultsIndirect: the result did not fit in MaxFlatResults. When
	// lifting (an export), the core function returns an i32 pointer to the
	// result; when lowering (an import), the caller passes an extra i32
	// param pointing where the callee stores it, and the function returns
	// nothing.
	ResultsIndirect bool
}

// AbiContext says whether a signature is for a lifted (exported) or a
// lowered (imported) function; they differ when results spill to memory.
type AbiContext int

const (
	Lift  AbiContext = iota // exports: the core module implements the function
	Lower                   // imports: the core module calls the function
)

// FlattenFunction returns the core signature of a synchronous function
// (flatten_functype in the Canonical ABI).
func FlattenFunction(f *Function, ctx AbiContext) CoreSignature {
	var sig CoreSignature
	for _, p := range f.Params {
		sig.Params = appendFlat(sig.Params, p.Type)
	}
	if len(sig.Params) > MaxFlatParams {
		sig.Params = []CoreType{I32}
		sig.ParamsIndirect = true
	}
	if f.Result != nil {
		sig.Results = Flatten(f.Result)
	}
	if len(sig.Results) > MaxFlatResults {
		sig.ResultsIndirect = true
		if ctx == Lift {
			sig.Results = []CoreType{I32}
		} else {
			sig.Params = append(sig.Params, I32)
			sig.Results = nil
		}
	}
	return sig
}

// ParamsType returns a tuple TypeDef of f's parameter types: the layout of the
// parameters in memory when ParamsIndirect.
func ParamsType(f *Function) *TypeDef {
	ts := make([]Type, len(f.Params))
	for i, p := range f.Params {
		ts[i] = p.Type
	}
	return &TypeDef{Kind: &Tuple{Types: ts}}
}
