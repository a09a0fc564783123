package newcomp

import "github.com/wasmcp/wasmcp/component"

// Canonical ABI facts that decide the options of a lift or lower.
// See https://github.com/WebAssembly/component-model/blob/main/design/mvp/CanonicalABI.md

const (
	maxFlatParams  = 16
	maxFlatResults = 1
)

// flatCount is the number of core values t flattens to.
func flatCount(t component.Type) int {
	switch x := component.Underlying(t).(type) {
	case nil:
		return 0
	case component.PrimValType:
		if x == component.String { // string
			return 2
		}
		return 1
	case *component.ListType:
		if x.Fixed {
			return int(x.Len) * flatCount(x.Elem)
		}
		return 2
	case *component.RecordType:
		n := 0
		for _, f := range x.Fields {
			n += flatCount(f.Type)
		}
		return n
	case *component.TupleType:
		n := 0
		for _, e := range x.Types {
			n += flatCount(e)
		}
		return n
	case *component.FlagsType:
		return (len(x.Names) + 31) / 32
	case *component.VariantType:
		n := 0
		for _, c := range x.Cases {
			n = max(n, flatCount(c.Type))
		}
		return 1 + n
	case *component.OptionType:
		return 1 + flatCount(x.Type)
	case *component.ResultType:
		return 1 + max(flatCount(x.Ok), flatCount(x.Err))
	}
	return 1 // enum, handles, char, numbers
}

// hasList reports whether t holds a string or a list somewhere (values the
// callee must allocate memory for).
func hasList(t component.Type) bool {
	switch x := component.Underlying(t).(type) {
	case component.PrimValType:
		return x == component.String
	case *component.ListType:
		return !x.Fixed || hasList(x.Elem)
	case *component.RecordType:
		for _, f := range x.Fields {
			if hasList(f.Type) {
				return true
			}
		}
	case *component.TupleType:
		for _, e := range x.Types {
			if hasList(e) {
				return true
			}
		}
	case *component.VariantType:
		for _, c := range x.Cases {
			if hasList(c.Type) {
				return true
			}
		}
	case *component.OptionType:
		return hasList(x.Type)
	case *component.ResultType:
		return hasList(x.Ok) || hasList(x.Err)
	}
	return false
}

func hasString(t component.Type) bool {
	switch x := component.Underlying(t).(type) {
	case component.PrimValType:
		return x == component.String
	case *component.ListType:
		return hasString(x.Elem)
	case *component.RecordType:
		for _, f := range x.Fields {
			if hasString(f.Type) {
				return true
			}
		}
	case *component.TupleType:
		for _, e := range x.Types {
			if hasString(e) {
				return true
			}
		}
	case *component.VariantType:
		for _, c := range x.Cases {
			if hasString(c.Type) {
				return true
			}
		}
	case *component.OptionType:
		return hasString(x.Type)
	case *component.ResultType:
		return hasString(x.Ok) || hasString(x.Err)
	}
	return false
}

// needs says which canonical options a function needs.
type needs struct{ memory, realloc, utf8 bool }

func (n needs) any() bool { return n.memory || n.realloc || n.utf8 }

func funcParts(f *component.Func) (params, results []component.Type) {
	for _, p := range f.Params {
		params = append(params, p.Type)
	}
	if f.Result != nil {
		results = append(results, f.Result)
	}
	for _, p := range f.Results {
		results = append(results, p.Type)
	}
	return
}

// optionsFor returns the options of lowering (lift false) or lifting f.
func optionsFor(f *component.Func, lift bool) needs {
	params, results := funcParts(f)
	var np, nr int
	var lp, lr, s bool
	for _, t := range params {
		np += flatCount(t)
		lp = lp || hasList(t)
		s = s || hasString(t)
	}
	for _, t := range results {
		nr += flatCount(t)
		lr = lr || hasList(t)
		s = s || hasString(t)
	}
	n := needs{utf8: s}
	n.memory = lp || lr || np > maxFlatParams || nr > maxFlatResults
	if lift {
		n.realloc = lp || np > maxFlatParams
	} else {
		n.realloc = lr
	}
	return n
}
