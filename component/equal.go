package component

import "strings"

// Equal reports whether a and b, possibly from two different components,
// denote the same type. Value types compare structurally, with *Named
// wrappers (type names, aliases, uses) transparent. Resources compare
// nominally: the same *Resource, two top-level imports of an abstract
// resource under the same name, or two resources with the same Owner and
// Name (an interface name such as "wasi:io/streams@0.2.0" identifies the
// same interface in every component; semver-compatible versions count as the
// same, see InterfaceKey). Function parameter names, record
// field, case, flag and enum names are part of the type.
func Equal(a, b Type) bool {
	a, b = Underlying(a), Underlying(b)
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	switch x := a.(type) {
	case PrimValType:
		y, ok := b.(PrimValType)
		return ok && x == y
	case *Resource:
		y, ok := b.(*Resource)
		return ok && sameResource(x, y)
	case *RecordType:
		y, ok := b.(*RecordType)
		return ok && paramsEqual(x.Fields, y.Fields)
	case *VariantType:
		y, ok := b.(*VariantType)
		return ok && paramsEqual(x.Cases, y.Cases)
	case *ListType:
		y, ok := b.(*ListType)
		return ok && x.Fixed == y.Fixed && x.Len == y.Len && Equal(x.Elem, y.Elem)
	case *TupleType:
		y, ok := b.(*TupleType)
		if !ok || len(x.Types) != len(y.Types) {
			return false
		}
		for i := range x.Types {
			if !Equal(x.Types[i], y.Types[i]) {
				return false
			}
		}
		return true
	case *FlagsType:
		y, ok := b.(*FlagsType)
		return ok && stringsEqual(x.Names, y.Names)
	case *EnumType:
		y, ok := b.(*EnumType)
		return ok && stringsEqual(x.Names, y.Names)
	case *OptionType:
		y, ok := b.(*OptionType)
		return ok && Equal(x.Type, y.Type)
	case *ResultType:
		y, ok := b.(*ResultType)
		return ok && Equal(x.Ok, y.Ok) && Equal(x.Err, y.Err)
	case *HandleType:
		y, ok := b.(*HandleType)
		return ok && x.Borrow == y.Borrow && Equal(x.Resource, y.Resource)
	case *StreamType:
		y, ok := b.(*StreamType)
		return ok && Equal(x.Elem, y.Elem)
	case *FutureType:
		y, ok := b.(*FutureType)
		return ok && Equal(x.Elem, y.Elem)
	case *Func:
		y, ok := b.(*Func)
		return ok && x.Async == y.Async && paramsEqual(x.Params, y.Params) &&
			Equal(x.Result, y.Result) && paramsEqual(x.Results, y.Results)
	case *Interface:
		y, ok := b.(*Interface)
		return ok && len(x.Exports) == len(y.Exports) && externsSub(x.Exports, y.Exports, Equal)
	case *ComponentSig:
		y, ok := b.(*ComponentSig)
		return ok && len(x.Imports) == len(y.Imports) && len(x.Exports) == len(y.Exports) &&
			externsSub(x.Imports, y.Imports, Equal) && externsSub(x.Exports, y.Exports, Equal)
	case *CoreModule:
		_, ok := b.(*CoreModule)
		return ok
	}
	return false
}

// Compatible reports whether a value of type have can be supplied where
// want is expected, such as an instance export wired to an import: have
// must provide every export want lists (it may have more), with equal types
// (instances compare recursively the same way). Other types must be Equal.
func Compatible(want, have Type) bool {
	w, h := Underlying(want), Underlying(have)
	if wi, ok := w.(*Interface); ok {
		hi, ok := h.(*Interface)
		return ok && externsSub(wi.Exports, hi.Exports, Compatible)
	}
	return Equal(w, h)
}

// Incompatibility explains why Compatible(want, have) is false, naming the
// first missing or mismatched export; it returns "" when they are
// compatible.
func Incompatibility(want, have Type) string {
	w, h := Underlying(want), Underlying(have)
	wi, ok1 := w.(*Interface)
	hi, ok2 := h.(*Interface)
	if ok1 && ok2 {
		for _, e := range wi.Exports {
			he, ok := hi.Export(e.Name)
			switch {
			case !ok:
				return "missing export " + quote(e.Name)
			case he.Kind != e.Kind:
				return "export " + quote(e.Name) + " is a " + he.Kind.String() + ", want a " + e.Kind.String()
			case !Compatible(e.Type, he.Type):
				if why := Incompatibility(e.Type, he.Type); why != "" {
					return "export " + quote(e.Name) + ": " + why
				}
				return "export " + quote(e.Name) + " has type " + TypeString(he.Type) + ", want " + TypeString(e.Type)
			}
		}
		return ""
	}
	if Compatible(want, have) {
		return ""
	}
	return "type " + TypeString(have) + " does not match " + TypeString(want)
}

func quote(s string) string { return "\"" + s + "\"" }

func sameResource(x, y *Resource) bool {
	if x == y {
		return true
	}
	if x.Owner == "" && y.Owner == "" {
		// A top-level import of an abstract resource is named by its import
		// name, as an interface is: the same name is the same resource in
		// every component. Resources a component defines are its own.
		return !x.Defined && !y.Defined && x.Name != "" && x.Name == y.Name
	}
	return InterfaceKey(x.Owner) == InterfaceKey(y.Owner) && x.Name == y.Name
}

// InterfaceKey reduces an interface name to what semver-compatible versions
// share: "wasi:io/streams@0.2.12" and "wasi:io/streams@0.2.0" both give
// "wasi:io/streams@0.2", "a:b/c@1.4.0" gives "a:b/c@1", and 0.0.x versions
// and names without a version stay as they are. Resources of interfaces with
// the same key are the same resource.
func InterfaceKey(name string) string {
	base, ver, ok := strings.Cut(name, "@")
	if !ok {
		return name
	}
	core, _, _ := strings.Cut(ver, "-")
	core, _, _ = strings.Cut(core, "+")
	parts := strings.Split(core, ".")
	if len(parts) != 3 {
		return name
	}
	switch {
	case parts[0] != "0":
		return base + "@" + parts[0]
	case parts[1] != "0":
		return base + "@0." + parts[1]
	}
	return name
}

func paramsEqual(a, b []Param) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Name != b[i].Name || !Equal(a[i].Type, b[i].Type) {
			return false
		}
	}
	return true
}

func stringsEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// externsSub reports whether every extern of want has a same-named,
// same-kind extern in have whose type satisfies cmp(want, have).
func externsSub(want, have []Extern, cmp func(a, b Type) bool) bool {
	for _, e := range want {
		h, ok := find(have, e.Name)
		if !ok || h.Kind != e.Kind || !cmp(e.Type, h.Type) {
			return false
		}
	}
	return true
}

// sameInterface reports whether two interface names denote the same
// interface (equal, or semver-compatible versions of it).
func sameInterface(a, b string) bool { return a == b || InterfaceKey(a) == InterfaceKey(b) }
