package component

// Builder appends definitions to a component while keeping count of its
// index spaces, and declares resolved types (from Inspect of other
// components) in it.
type Builder struct {
	// C is the component being built.
	C *Component
	// Types maps resources and named types available at the component
	// level to their type index. Import records the resources of imported
	// interfaces here; add others (for example resources aliased out of an
	// instance) with Types.Add.
	Types TypeIndexMap
	n     [numSorts]uint32
}

// NewBuilder starts an empty component.
func NewBuilder() *Builder {
	return &Builder{C: &Component{Version: 0x0d, Layer: 1}}
}

// BuilderFor continues an existing component.
func BuilderFor(c *Component) *Builder {
	return &Builder{C: c, n: IndexSpaces(c)}
}

// Next returns the index the next definition of sort s will get.
func (b *Builder) Next(s Sort) uint32 { return b.n[s] }

// Add appends a section and counts what it defines.
func (b *Builder) Add(s Section) {
	b.C.Sections = append(b.C.Sections, s)
	countSection(&b.n, s)
}

// DefineType declares t (and whatever it refers to) in the component's type
// sections and returns its type index. Resources and named types are looked
// up in b.Types first.
func (b *Builder) DefineType(t Type) (uint32, error) {
	e := NewTypeEncoder(b.n[SortType], b.Types.Lookup, 0)
	idx, err := e.TypeIndex(t)
	if err != nil {
		return 0, err
	}
	defs, err := e.TypeDefs()
	if err != nil {
		return 0, err
	}
	if len(defs) > 0 {
		b.Add(&TypeSection{Types: defs})
	}
	return idx, nil
}

// Import declares an import with the type of e (an extern resolved from
// another component) and returns its index in e's sort. For an instance,
// the resources and named types the interface declares are then aliased
// out of the imported instance and recorded in b.Types, so that later
// imports that use them (a WIT `use`, or a function taking a record of the
// interface) refer to the same types.
func (b *Builder) Import(e Extern) (uint32, error) {
	desc := ExternDesc{Kind: e.Kind}
	switch e.Kind {
	case ExternInstance:
		it, ok := e.Type.(*Interface)
		if !ok {
			return 0, &EncodeError{Msg: "import " + quote(e.Name) + " has no interface type"}
		}
		ity, err := InstanceTypeOf(it, e.Name, b.Types.Lookup)
		if err != nil {
			return 0, err
		}
		desc.Index = b.n[SortType]
		b.Add(&TypeSection{Types: []TypeDef{ity}})
	case ExternFunc:
		idx, err := b.DefineType(e.Type)
		if err != nil {
			return 0, err
		}
		desc.Index = idx
	case ExternType:
		if r, ok := e.Type.(*Resource); ok && !r.Defined {
			desc.SubResource = true
			break
		}
		idx, err := b.DefineType(Underlying(e.Type))
		if err != nil {
			return 0, err
		}
		desc.Index = idx
	default:
		return 0, &EncodeError{Msg: "cannot import " + quote(e.Name) + " of kind " + e.Kind.String()}
	}
	sort := kindSort(e.Kind)
	idx := b.n[sort]
	b.Add(&ImportSection{Imports: []Import{{Name: ExternName{Name: e.Name}, Desc: desc}}})
	if e.Kind == ExternType {
		b.Types.Add(e.Type, idx)
	}
	if it, ok := e.Type.(*Interface); ok {
		var aliases []Alias
		for _, x := range it.Exports {
			if x.Kind != ExternType {
				continue
			}
			at := b.n[SortType] + uint32(len(aliases))
			if r := ResourceOf(x.Type); r != nil && sameInterface(r.Owner, e.Name) && r.Name == x.Name {
				b.Types.Add(r, at)
			} else if n, ok := x.Type.(*Named); ok && sameInterface(n.Owner, e.Name) {
				b.Types.Add(n, at)
			} else {
				continue
			}
			aliases = append(aliases, Alias{Sort: SortType, Kind: AliasExport, Instance: idx, Name: x.Name})
		}
		if len(aliases) > 0 {
			b.Add(&AliasSection{Aliases: aliases})
		}
	}
	return idx, nil
}

// AddComponent nests c and returns its component index.
func (b *Builder) AddComponent(c *Component) uint32 {
	idx := b.n[SortComponent]
	b.Add(&ComponentSection{Component: c})
	return idx
}

// Instantiate instantiates component comp with args and returns the
// instance index.
func (b *Builder) Instantiate(comp uint32, args ...InstantiateArg) uint32 {
	idx := b.n[SortInstance]
	b.Add(&InstanceSection{Instances: []Instance{{Component: comp, Args: args}}})
	return idx
}

// AliasExport aliases export name of instance inst as an item of sort and
// returns its index in that sort.
func (b *Builder) AliasExport(inst uint32, name string, sort Sort) uint32 {
	idx := b.n[sort]
	b.Add(&AliasSection{Aliases: []Alias{{Sort: sort, Kind: AliasExport, Instance: inst, Name: name}}})
	return idx
}

// Export exports item idx of sort under name and returns the new index the
// export introduces.
func (b *Builder) Export(name string, sort Sort, idx uint32) uint32 {
	n := b.n[sort]
	b.Add(&ExportSection{Exports: []Export{{Name: ExternName{Name: name}, Sort: sort, Index: idx}}})
	return n
}

// Bytes encodes the component.
func (b *Builder) Bytes() []byte { return Encode(b.C) }
