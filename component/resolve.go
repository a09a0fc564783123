package component

import (
	"fmt"
)

// ResolveError reports a component whose indices or types do not fit
// together: Path says where ("import[2] \"wasi:io/streams@0.2.0\"").
type ResolveError struct {
	Path string
	Msg  string
}

func (e *ResolveError) Error() string {
	return fmt.Sprintf("component: %s: %s", e.Path, e.Msg)
}

type resolvePanic struct{ err *ResolveError }

// Inspect decodes a component and resolves its imports and exports.
func Inspect(wasm []byte) (*World, error) {
	c, err := Decode(wasm)
	if err != nil {
		return nil, err
	}
	return Resolve(c)
}

// Resolve resolves the imports and exports of a decoded component.
func Resolve(c *Component) (w *World, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, ok := r.(resolvePanic)
			if !ok {
				panic(r)
			}
			w, err = nil, p.err
		}
	}()
	r := &resolver{}
	sig := r.component(c, nil)
	w = &World{Imports: sig.Imports, Exports: sig.Exports}
	assignOwners(w.Imports)
	assignOwners(w.Exports)
	return w, nil
}

// IndexSpaces returns the number of items in each index space of c (indexed
// by Sort), as they stand after its last section: the next index an
// appended definition of that sort gets.
func IndexSpaces(c *Component) (n [numSorts]uint32) {
	for _, s := range c.Sections {
		countSection(&n, s)
	}
	return n
}

// countSection adds the items section s defines to n.
func countSection(n *[numSorts]uint32, s Section) {
	switch s := s.(type) {
	case *CoreModuleSection:
		n[SortCoreModule]++
	case *CoreInstanceSection:
		n[SortCoreInstance] += uint32(len(s.Instances))
	case *CoreTypeSection:
		n[SortCoreType] += uint32(len(s.Types))
	case *ComponentSection:
		n[SortComponent]++
	case *InstanceSection:
		n[SortInstance] += uint32(len(s.Instances))
	case *AliasSection:
		for _, a := range s.Aliases {
			if a.Sort < numSorts {
				n[a.Sort]++
			}
		}
	case *TypeSection:
		n[SortType] += uint32(len(s.Types))
	case *CanonSection:
		for _, f := range s.Funcs {
			if f.Kind == CanonLift {
				n[SortFunc]++
			} else {
				n[SortCoreFunc]++
			}
		}
	case *StartSection:
		n[SortValue] += s.Results
	case *ImportSection:
		for _, im := range s.Imports {
			n[kindSort(im.Desc.Kind)]++
		}
	case *ExportSection:
		for _, e := range s.Exports {
			if e.Sort < numSorts {
				n[e.Sort]++
			}
		}
	}
}

// NumSorts is the number of sorts, the length of IndexSpaces' result.
const NumSorts = int(numSorts)

func kindSort(k ExternKind) Sort {
	switch k {
	case ExternCoreModule:
		return SortCoreModule
	case ExternFunc:
		return SortFunc
	case ExternValue:
		return SortValue
	case ExternType:
		return SortType
	case ExternComponent:
		return SortComponent
	}
	return SortInstance
}

func sortKind(s Sort) (ExternKind, bool) {
	switch s {
	case SortCoreModule:
		return ExternCoreModule, true
	case SortFunc:
		return ExternFunc, true
	case SortValue:
		return ExternValue, true
	case SortType:
		return ExternType, true
	case SortComponent:
		return ExternComponent, true
	case SortInstance:
		return ExternInstance, true
	}
	return 0, false
}

// scope is one index-space scope: a component, or a component or instance
// type being declared.
type scope struct {
	parent *scope
	spaces [numSorts][]Type
}

func (s *scope) push(sort Sort, t Type) { s.spaces[sort] = append(s.spaces[sort], t) }

// push adds t to an index space of s after checking its size.
func (r *resolver) push(s *scope, sort Sort, t Type) {
	r.size(t)
	s.push(sort, t)
}

type resolver struct {
	path  string
	depth int
	sizes map[Type]int
}

// maxTypeSize bounds the size of a type written out as a tree. Types refer
// to earlier types by index, so a few bytes can describe a type whose tree
// is exponentially large (tuple<t, t> nested thirty times); printing or
// comparing it would not finish.
const maxTypeSize = 1 << 20

// size returns the number of nodes of t as a tree, failing above
// maxTypeSize. Children are sized when they are defined, so this recursion
// is shallow.
func (r *resolver) size(t Type) int {
	if t == nil {
		return 0
	}
	if _, ok := t.(PrimValType); ok {
		return 1
	}
	if n, ok := r.sizes[t]; ok {
		return n
	}
	if r.sizes == nil {
		r.sizes = map[Type]int{}
	}
	n := 1
	for _, c := range children(t) {
		n += r.size(c)
		if n > maxTypeSize {
			r.fail("type too large (more than %d nodes)", maxTypeSize)
		}
	}
	r.sizes[t] = n
	return n
}

// children lists the types t refers to.
func children(t Type) []Type {
	var out []Type
	params := func(ps []Param) {
		for _, p := range ps {
			out = append(out, p.Type)
		}
	}
	externs := func(es []Extern) {
		for _, e := range es {
			out = append(out, e.Type)
		}
	}
	switch x := t.(type) {
	case *Named:
		out = append(out, x.Type)
	case *RecordType:
		params(x.Fields)
	case *VariantType:
		params(x.Cases)
	case *ListType:
		out = append(out, x.Elem)
	case *TupleType:
		out = append(out, x.Types...)
	case *OptionType:
		out = append(out, x.Type)
	case *ResultType:
		out = append(out, x.Ok, x.Err)
	case *HandleType:
		out = append(out, x.Resource)
	case *StreamType:
		out = append(out, x.Elem)
	case *FutureType:
		out = append(out, x.Elem)
	case *Func:
		params(x.Params)
		params(x.Results)
		out = append(out, x.Result)
	case *Interface:
		externs(x.Exports)
	case *ComponentSig:
		externs(x.Imports)
		externs(x.Exports)
	}
	return out
}

func (r *resolver) fail(format string, args ...any) {
	panic(resolvePanic{&ResolveError{Path: r.path, Msg: fmt.Sprintf(format, args...)}})
}

func (r *resolver) at(format string, args ...any) func() {
	old := r.path
	p := fmt.Sprintf(format, args...)
	if old != "" {
		p = old + ": " + p
	}
	r.path = p
	return func() { r.path = old }
}

func (r *resolver) get(s *scope, sort Sort, idx uint32) Type {
	if int64(idx) >= int64(len(s.spaces[sort])) {
		r.fail("%s index %d out of range (%d defined)", sort, idx, len(s.spaces[sort]))
	}
	return s.spaces[sort][idx]
}

func (r *resolver) outer(s *scope, count uint32) *scope {
	for i := uint32(0); i < count; i++ {
		if s.parent == nil {
			r.fail("outer alias count %d exceeds the enclosing scopes", count)
		}
		s = s.parent
	}
	return s
}

func (r *resolver) component(c *Component, parent *scope) *ComponentSig {
	r.depth++
	defer func() { r.depth-- }()
	if r.depth > maxNesting {
		r.fail("nesting deeper than %d", maxNesting)
	}
	s := &scope{parent: parent}
	sig := &ComponentSig{}
	for si, sec := range c.Sections {
		done := r.at("section %d (%s)", si, sec.ID())
		switch sec := sec.(type) {
		case *CoreModuleSection:
			r.push(s, SortCoreModule, &CoreModule{})
		case *CoreInstanceSection:
			for i, ci := range sec.Instances {
				if !ci.Inline {
					d := r.at("core instance %d", i)
					r.get(s, SortCoreModule, ci.Module)
					for _, a := range ci.Args {
						r.get(s, SortCoreInstance, a.Instance)
					}
					d()
				}
				r.push(s, SortCoreInstance, &coreItem{})
			}
		case *CoreTypeSection:
			for _, t := range sec.Types {
				r.push(s, SortCoreType, &coreItem{coreType: t})
			}
		case *ComponentSection:
			r.push(s, SortComponent, r.component(sec.Component, s))
		case *InstanceSection:
			for i, in := range sec.Instances {
				d := r.at("instance %d", i)
				r.push(s, SortInstance, r.instance(s, in))
				d()
			}
		case *AliasSection:
			for i, a := range sec.Aliases {
				d := r.at("alias %d", i)
				r.push(s, a.Sort, r.alias(s, a))
				d()
			}
		case *TypeSection:
			for i, t := range sec.Types {
				d := r.at("type %d", i)
				r.push(s, SortType, r.typeDef(s, t))
				d()
			}
		case *CanonSection:
			for i, f := range sec.Funcs {
				d := r.at("canon %d", i)
				switch f.Kind {
				case CanonLift:
					r.get(s, SortCoreFunc, f.Func)
					ft, ok := r.get(s, SortType, f.Type).(*Func)
					if !ok {
						r.fail("canon lift type %d is not a function type", f.Type)
					}
					r.push(s, SortFunc, ft)
				case CanonLower:
					r.get(s, SortFunc, f.Func)
					r.push(s, SortCoreFunc, &coreItem{})
				default:
					if ResourceOf(r.get(s, SortType, f.Type)) == nil {
						r.fail("type %d is not a resource", f.Type)
					}
					r.push(s, SortCoreFunc, &coreItem{})
				}
				d()
			}
		case *StartSection:
			r.get(s, SortFunc, sec.Func)
			for i := uint32(0); i < sec.Results; i++ {
				r.push(s, SortValue, nil)
			}
		case *ImportSection:
			for i, im := range sec.Imports {
				d := r.at("import[%d] %q", i, im.Name.Name)
				e := r.extern(s, im.Name.Name, im.Desc)
				r.push(s, kindSort(im.Desc.Kind), e.Type)
				sig.Imports = append(sig.Imports, e)
				d()
			}
		case *ExportSection:
			for i, ex := range sec.Exports {
				d := r.at("export[%d] %q", i, ex.Name.Name)
				kind, ok := sortKind(ex.Sort)
				if !ok {
					r.fail("cannot export a %s", ex.Sort)
				}
				t := r.get(s, ex.Sort, ex.Index)
				if ex.Desc != nil {
					if ex.Desc.Kind != kind {
						r.fail("ascribed %s type for a %s export", ex.Desc.Kind, ex.Sort)
					}
					t = r.extern(s, ex.Name.Name, *ex.Desc).Type
				} else if kind == ExternType {
					t = nameType(ex.Name.Name, t)
				}
				r.push(s, ex.Sort, t)
				sig.Exports = append(sig.Exports, Extern{Name: ex.Name.Name, Kind: kind, Type: t})
				d()
			}
		}
		done()
	}
	return sig
}

// nameType gives t the name of a type export: a resource without a name
// takes it; any other type is wrapped in a *Named.
func nameType(name string, t Type) Type {
	if res, ok := t.(*Resource); ok && res.Name == "" {
		res.Name = name
	}
	return &Named{Name: name, Type: t}
}

func (r *resolver) instance(s *scope, in Instance) Type {
	if in.Inline {
		it := &Interface{}
		for _, x := range in.Exports {
			kind, ok := sortKind(x.Sort)
			if !ok {
				r.fail("inline export %q of a %s", x.Name.Name, x.Sort)
			}
			t := r.get(s, x.Sort, x.Index)
			if kind == ExternType {
				t = nameType(x.Name.Name, t)
			}
			it.Exports = append(it.Exports, Extern{Name: x.Name.Name, Kind: kind, Type: t})
		}
		return it
	}
	comp, ok := r.get(s, SortComponent, in.Component).(*ComponentSig)
	if !ok {
		r.fail("component %d has no known type", in.Component)
	}
	// Substitute the component's imported resources by the resources passed
	// for them: type imports directly, and the resources of imported
	// instances by the same-named exports of the instances passed.
	sub := map[Type]Type{}
	for _, im := range comp.Imports {
		for _, a := range in.Args {
			if a.Name != im.Name {
				continue
			}
			t := r.get(s, a.Sort, a.Index)
			switch im.Kind {
			case ExternType:
				if res := ResourceOf(im.Type); res != nil {
					if got := ResourceOf(t); got != nil {
						sub[res] = got
					}
				}
			case ExternInstance:
				want, ok1 := im.Type.(*Interface)
				have, ok2 := t.(*Interface)
				if !ok1 || !ok2 {
					continue
				}
				for _, x := range want.Exports {
					res := ResourceOf(x.Type)
					if x.Kind != ExternType || res == nil {
						continue
					}
					if hx, ok := have.Export(x.Name); ok {
						if got := ResourceOf(hx.Type); got != nil && got != res {
							sub[res] = got
						}
					}
				}
			}
		}
	}
	out := &Interface{Exports: make([]Extern, len(comp.Exports))}
	memo := map[Type]Type{}
	for i, e := range comp.Exports {
		out.Exports[i] = Extern{Name: e.Name, Kind: e.Kind, Type: substitute(e.Type, sub, memo)}
	}
	return out
}

func (r *resolver) alias(s *scope, a Alias) Type {
	switch a.Kind {
	case AliasExport:
		it, ok := r.get(s, SortInstance, a.Instance).(*Interface)
		if !ok {
			r.fail("instance %d has no known type", a.Instance)
		}
		e, ok := it.Export(a.Name)
		if !ok {
			r.fail("instance %d has no export %q", a.Instance, a.Name)
		}
		if kindSort(e.Kind) != a.Sort {
			r.fail("export %q of instance %d is a %s, not a %s", a.Name, a.Instance, e.Kind, a.Sort)
		}
		return e.Type
	case AliasCoreExport:
		if !a.Sort.IsCore() {
			r.fail("core export alias of a %s", a.Sort)
		}
		r.get(s, SortCoreInstance, a.Instance)
		return &coreItem{}
	default:
		return r.get(r.outer(s, a.Count), a.Sort, a.Index)
	}
}

func (r *resolver) extern(s *scope, name string, d ExternDesc) Extern {
	e := Extern{Name: name, Kind: d.Kind}
	switch d.Kind {
	case ExternCoreModule:
		ct, _ := r.get(s, SortCoreType, d.Index).(*coreItem)
		var mt *CoreModuleType
		if ct != nil {
			mt, _ = ct.coreType.(*CoreModuleType)
		}
		if mt == nil {
			r.fail("core type %d is not a module type", d.Index)
		}
		e.Type = &CoreModule{Type: mt}
	case ExternFunc:
		ft, ok := r.get(s, SortType, d.Index).(*Func)
		if !ok {
			r.fail("type %d is not a function type", d.Index)
		}
		e.Type = ft
	case ExternValue:
		if d.ValueEq {
			e.Type = r.get(s, SortValue, d.Index)
		} else {
			e.Type = r.valType(s, d.Value)
		}
	case ExternType:
		if d.SubResource {
			e.Type = &Resource{Name: name}
		} else {
			e.Type = nameType(name, r.get(s, SortType, d.Index))
		}
	case ExternComponent:
		ct, ok := r.get(s, SortType, d.Index).(*ComponentSig)
		if !ok {
			r.fail("type %d is not a component type", d.Index)
		}
		e.Type = ct
	case ExternInstance:
		it, ok := r.get(s, SortType, d.Index).(*Interface)
		if !ok {
			r.fail("type %d is not an instance type", d.Index)
		}
		e.Type = it
	}
	return e
}

func (r *resolver) valType(s *scope, v ValType) Type {
	if v.Prim != 0 {
		return v.Prim
	}
	t := r.get(s, SortType, v.Index)
	switch Underlying(t).(type) {
	case *Func, *Interface, *ComponentSig, *Resource, *CoreModule, *coreItem:
		r.fail("type %d is not a value type", v.Index)
	}
	return t
}

func (r *resolver) optValType(s *scope, v *ValType) Type {
	if v == nil {
		return nil
	}
	return r.valType(s, *v)
}

func (r *resolver) handle(s *scope, idx uint32, borrow bool) Type {
	t := r.get(s, SortType, idx)
	if ResourceOf(t) == nil {
		r.fail("type %d is not a resource", idx)
	}
	return &HandleType{Borrow: borrow, Resource: t}
}

func (r *resolver) params(s *scope, fs []Field) []Param {
	out := make([]Param, len(fs))
	for i, f := range fs {
		out[i] = Param{Name: f.Name, Type: r.valType(s, f.Type)}
	}
	return out
}

func (r *resolver) typeDef(s *scope, t TypeDef) Type {
	switch t := t.(type) {
	case PrimType:
		return t.Type
	case *Record:
		return &RecordType{Fields: r.params(s, t.Fields)}
	case *Variant:
		v := &VariantType{Cases: make([]Param, len(t.Cases))}
		for i, c := range t.Cases {
			v.Cases[i] = Param{Name: c.Name, Type: r.optValType(s, c.Type)}
		}
		return v
	case *List:
		return &ListType{Elem: r.valType(s, t.Elem)}
	case *FixedList:
		return &ListType{Elem: r.valType(s, t.Elem), Fixed: true, Len: t.Len}
	case *Tuple:
		tt := &TupleType{Types: make([]Type, len(t.Types))}
		for i, v := range t.Types {
			tt.Types[i] = r.valType(s, v)
		}
		return tt
	case *Flags:
		return &FlagsType{Names: t.Names}
	case *Enum:
		return &EnumType{Names: t.Names}
	case *Option:
		return &OptionType{Type: r.valType(s, t.Type)}
	case *Result:
		return &ResultType{Ok: r.optValType(s, t.Ok), Err: r.optValType(s, t.Err)}
	case *Own:
		return r.handle(s, t.Type, false)
	case *Borrow:
		return r.handle(s, t.Type, true)
	case *Stream:
		return &StreamType{Elem: r.optValType(s, t.Elem)}
	case *Future:
		return &FutureType{Elem: r.optValType(s, t.Elem)}
	case *FuncType:
		f := &Func{Async: t.Async, Params: r.params(s, t.Params)}
		if t.Result != nil {
			f.Result = r.valType(s, *t.Result)
		} else {
			f.Results = r.params(s, t.Results)
		}
		return f
	case *ResourceType:
		return &Resource{Defined: true}
	case *InstanceType:
		cs := r.decls(s, t.Decls)
		return &Interface{Exports: cs.Exports}
	case *ComponentType:
		return r.decls(s, t.Decls)
	}
	r.fail("unknown type definition %T", t)
	return nil
}

func (r *resolver) decls(parent *scope, decls []Decl) *ComponentSig {
	r.depth++
	defer func() { r.depth-- }()
	if r.depth > maxNesting {
		r.fail("nesting deeper than %d", maxNesting)
	}
	s := &scope{parent: parent}
	sig := &ComponentSig{}
	for i, d := range decls {
		done := r.at("decl %d", i)
		switch d.Kind {
		case DeclCoreType:
			r.push(s, SortCoreType, &coreItem{coreType: d.CoreType})
		case DeclType:
			r.push(s, SortType, r.typeDef(s, d.Type))
		case DeclAlias:
			r.push(s, d.Alias.Sort, r.alias(s, d.Alias))
		case DeclImport, DeclExport:
			e := r.extern(s, d.Name.Name, d.Desc)
			r.push(s, kindSort(d.Desc.Kind), e.Type)
			if d.Kind == DeclImport {
				sig.Imports = append(sig.Imports, e)
			} else {
				sig.Exports = append(sig.Exports, e)
			}
		}
		done()
	}
	return sig
}

// assignOwners records, for every resource and named type an interface
// declares, the name of that interface.
func assignOwners(es []Extern) {
	for _, e := range es {
		it, ok := e.Type.(*Interface)
		if !ok || e.Kind != ExternInstance {
			continue
		}
		for _, x := range it.Exports {
			if x.Kind != ExternType {
				continue
			}
			switch t := x.Type.(type) {
			case *Resource:
				if t.Owner == "" {
					t.Owner = e.Name
				}
			case *Named:
				if t.Owner == "" {
					t.Owner = e.Name
				}
				if res, ok := t.Type.(*Resource); ok && res.Owner == "" {
					res.Owner = e.Name
					res.Name = t.Name
				}
			}
		}
	}
}

// substitute returns t with the types in sub replaced, copying only what
// changes; memo keeps shared nodes shared.
func substitute(t Type, sub map[Type]Type, memo map[Type]Type) Type {
	if t == nil || len(sub) == 0 {
		return t
	}
	if s, ok := sub[t]; ok {
		return s
	}
	if m, ok := memo[t]; ok {
		return m
	}
	var out Type = t
	ps := func(in []Param) ([]Param, bool) {
		changed := false
		o := make([]Param, len(in))
		for i, p := range in {
			o[i] = Param{Name: p.Name, Type: substitute(p.Type, sub, memo)}
			changed = changed || o[i].Type != p.Type
		}
		return o, changed
	}
	switch x := t.(type) {
	case *Named:
		if n := substitute(x.Type, sub, memo); n != x.Type {
			out = &Named{Name: x.Name, Owner: x.Owner, Type: n}
		}
	case *RecordType:
		if f, ch := ps(x.Fields); ch {
			out = &RecordType{Fields: f}
		}
	case *VariantType:
		if f, ch := ps(x.Cases); ch {
			out = &VariantType{Cases: f}
		}
	case *ListType:
		if n := substitute(x.Elem, sub, memo); n != x.Elem {
			out = &ListType{Elem: n, Fixed: x.Fixed, Len: x.Len}
		}
	case *TupleType:
		ts := make([]Type, len(x.Types))
		ch := false
		for i, e := range x.Types {
			ts[i] = substitute(e, sub, memo)
			ch = ch || ts[i] != e
		}
		if ch {
			out = &TupleType{Types: ts}
		}
	case *OptionType:
		if n := substitute(x.Type, sub, memo); n != x.Type {
			out = &OptionType{Type: n}
		}
	case *ResultType:
		ok, er := substitute(x.Ok, sub, memo), substitute(x.Err, sub, memo)
		if ok != x.Ok || er != x.Err {
			out = &ResultType{Ok: ok, Err: er}
		}
	case *HandleType:
		if n := substitute(x.Resource, sub, memo); n != x.Resource {
			out = &HandleType{Borrow: x.Borrow, Resource: n}
		}
	case *StreamType:
		if n := substitute(x.Elem, sub, memo); n != x.Elem {
			out = &StreamType{Elem: n}
		}
	case *FutureType:
		if n := substitute(x.Elem, sub, memo); n != x.Elem {
			out = &FutureType{Elem: n}
		}
	case *Func:
		p, ch1 := ps(x.Params)
		rs, ch2 := ps(x.Results)
		res := substitute(x.Result, sub, memo)
		if ch1 || ch2 || res != x.Result {
			out = &Func{Async: x.Async, Params: p, Result: res, Results: rs}
		}
	case *Interface:
		es := make([]Extern, len(x.Exports))
		ch := false
		for i, e := range x.Exports {
			es[i] = Extern{Name: e.Name, Kind: e.Kind, Type: substitute(e.Type, sub, memo)}
			ch = ch || es[i].Type != e.Type
		}
		if ch {
			out = &Interface{Exports: es}
		}
	}
	memo[t] = out
	return out
}

// Validate checks what Resolve checks — every index in range and of the
// right kind, aliases naming existing exports, types within size limits —
// without returning the world. It is not a full validator (core modules
// and canonical ABI signatures are not checked); tests run jco on what the
// project emits for that.
func Validate(c *Component) error {
	_, err := Resolve(c)
	return err
}
