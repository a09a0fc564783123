package wit

import (
	"fmt"
	"sort"
)

// ResolveOptions controls feature gates during resolution.
type ResolveOptions struct {
	// Features enables `@unstable(feature = name)` items by name.
	Features map[string]bool
	// AllFeatures enables every unstable item.
	AllFeatures bool
}

// unit is one package being resolved: its declarations from all files.
type unit struct {
	name   PackageName
	pos    Pos
	docs   string
	decls  []Decl
	deps   map[string]Pos // foreign package names referenced
	pkg    *Package
	names  map[string]Decl // interface, world, top-level use
	ifaces map[*InterfaceDecl]*Interface
	worlds map[*WorldDecl]*World
	uses   map[string]*Interface // top-level `use … as name`
	state  map[Decl]int          // 1 in progress, 2 done
}

type resolver struct {
	pos  map[*TypeDef]Pos
	r    *Resolve
	opts ResolveOptions
	errs ErrorList
}

func (rs *resolver) errorf(pos Pos, format string, args ...any) {
	rs.errs = append(rs.errs, &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// enabled reports whether gated items pass the feature filter.
func (rs *resolver) enabled(gates []Gate) bool {
	for _, g := range gates {
		if g.Kind == "unstable" && !rs.opts.AllFeatures && !rs.opts.Features[g.Value] {
			return false
		}
	}
	return true
}

func stabilityOf(gates []Gate) Stability {
	var s Stability
	for _, g := range gates {
		switch g.Kind {
		case "since":
			s.Kind = Stable
			s.Since = g.Value
		case "unstable":
			s.Kind = Unstable
			s.Feature = g.Value
		case "deprecated":
			s.Deprecated = g.Value
		}
	}
	return s
}

// AddFiles resolves a group of parsed files into r: one main package (the
// files' common `package` header) plus the packages of nested
// `package … { }` blocks. Packages already in r (same name) are not added
// again. It returns the main package (or the last nested one when no file
// has a header).
func (r *Resolve) AddFiles(files []*File, opts ResolveOptions) (*Package, error) {
	rs := &resolver{r: r, opts: opts, pos: map[*TypeDef]Pos{}}
	var units []*unit
	byName := map[string]*unit{}
	add := func(pd *PackageDecl, decls []Decl) *unit {
		key := pd.Name.String()
		if u := byName[key]; u != nil {
			u.decls = append(u.decls, decls...)
			if u.docs == "" {
				u.docs = pd.Docs
			}
			return u
		}
		u := &unit{name: pd.Name, pos: pd.Pos, docs: pd.Docs, decls: decls}
		byName[key] = u
		units = append(units, u)
		return u
	}
	var header *PackageDecl
	for _, f := range files {
		if f.Package != nil {
			if header != nil && header.Name != f.Package.Name {
				rs.errorf(f.Package.Pos, "package %s differs from package %s declared at %s", f.Package.Name, header.Name, header.Pos)
				continue
			}
			if header == nil {
				header = f.Package
			}
		}
	}
	var main *unit
	for _, f := range files {
		for _, n := range f.Nested {
			add(n, n.Items)
		}
		if f.Package == nil && len(f.Items) > 0 {
			if header == nil {
				rs.errorf(f.Items[0].declPos(), "no `package` header for these items")
				continue
			}
			main = add(header, f.Items)
		}
		if f.Package != nil && header != nil && f.Package.Name == header.Name {
			main = add(header, f.Package.Items)
		}
	}
	if header != nil && main == nil {
		main = add(header, nil)
	}
	if main == nil && len(units) > 0 {
		main = units[len(units)-1]
	}
	if err := rs.errs.Err(); err != nil {
		return nil, err
	}
	// Drop packages already resolved.
	var todo []*unit
	for _, u := range units {
		if p := r.Package(u.name.String()); p != nil {
			u.pkg = p
			continue
		}
		todo = append(todo, u)
	}
	// Order packages by dependency.
	for _, u := range todo {
		u.deps = map[string]Pos{}
		collectDeps(u)
	}
	var ordered []*unit
	state := map[*unit]int{}
	var visit func(u *unit, from Pos) bool
	visit = func(u *unit, from Pos) bool {
		switch state[u] {
		case 1:
			rs.errorf(from, "package %s depends on itself (a dependency cycle)", u.name)
			return false
		case 2:
			return true
		}
		state[u] = 1
		keys := make([]string, 0, len(u.deps))
		for k := range u.deps {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if d := byName[k]; d != nil && d != u && d.pkg == nil {
				if !visit(d, u.deps[k]) {
					return false
				}
			}
		}
		state[u] = 2
		ordered = append(ordered, u)
		return true
	}
	for _, u := range todo {
		if !visit(u, u.pos) {
			return nil, rs.errs.Err()
		}
	}
	firstType := len(r.Types)
	for _, u := range ordered {
		rs.resolveUnit(u)
		if len(rs.errs) > 0 {
			return nil, rs.errs.Err()
		}
	}
	rs.orderTypes(firstType)
	if err := rs.errs.Err(); err != nil {
		return nil, err
	}
	if main == nil {
		return nil, nil
	}
	r.main = main.pkg
	return main.pkg, nil
}

func collectDeps(u *unit) {
	addPath := func(p *UsePath) {
		if p != nil && p.Package != nil {
			k := p.Package.String()
			if _, ok := u.deps[k]; !ok {
				u.deps[k] = p.Pos
			}
		}
	}
	var items func(ds []Decl)
	items = func(ds []Decl) {
		for _, d := range ds {
			switch d := d.(type) {
			case *UseDecl:
				addPath(&d.Path)
			case *InterfaceDecl:
				items(d.Items)
			case *WorldDecl:
				items(d.Items)
			case *ImportExportDecl:
				addPath(d.Path)
				if d.Interface != nil {
					items(d.Interface.Items)
				}
			case *IncludeDecl:
				addPath(&d.Path)
			}
		}
	}
	items(u.decls)
}

func (rs *resolver) resolveUnit(u *unit) {
	u.pkg = &Package{Name: u.name, Docs: Docs{u.docs}}
	u.names = map[string]Decl{}
	u.ifaces = map[*InterfaceDecl]*Interface{}
	u.worlds = map[*WorldDecl]*World{}
	u.uses = map[string]*Interface{}
	u.state = map[Decl]int{}
	if err := checkSemverName(u.name); err != nil {
		rs.errorf(u.pos, "package %s: %v", u.name, err)
	}
	// Names.
	for _, d := range u.decls {
		var name string
		var pos Pos
		switch d := d.(type) {
		case *InterfaceDecl:
			name, pos = d.Name, d.Pos
		case *WorldDecl:
			name, pos = d.Name, d.Pos
		case *UseDecl:
			name, pos = d.Path.Name, d.Path.Pos
			if d.As != "" {
				name = d.As
			}
		}
		if prev, ok := u.names[name]; ok {
			rs.errorf(pos, "%q is defined twice in package %s (first at %s)", name, u.name, prev.declPos())
			continue
		}
		u.names[name] = d
	}
	if len(rs.errs) > 0 {
		return
	}
	// Top-level uses first: they name foreign interfaces.
	for _, d := range u.decls {
		if ud, ok := d.(*UseDecl); ok {
			if ud.Path.Package == nil {
				rs.errorf(ud.Path.Pos, "top-level `use` must name an interface of another package (ns:pkg/iface)")
				continue
			}
			if i := rs.foreignInterface(ud.Path); i != nil {
				name := ud.Path.Name
				if ud.As != "" {
					name = ud.As
				}
				u.uses[name] = i
			}
		}
	}
	for _, d := range u.decls {
		switch d := d.(type) {
		case *InterfaceDecl:
			rs.ensureInterface(u, d, d.Pos)
		case *WorldDecl:
			rs.ensureWorld(u, d, d.Pos)
		}
	}
	// Keep source order in the package.
	for _, d := range u.decls {
		switch d := d.(type) {
		case *InterfaceDecl:
			if i := u.ifaces[d]; i != nil {
				u.pkg.Interfaces = append(u.pkg.Interfaces, i)
			}
		case *WorldDecl:
			if w := u.worlds[d]; w != nil {
				u.pkg.Worlds = append(u.pkg.Worlds, w)
			}
		}
	}
	rs.r.Packages = append(rs.r.Packages, u.pkg)
}

func checkSemverName(n PackageName) error {
	if n.Version == "" {
		return nil
	}
	return checkSemver(n.Version)
}

// foreignInterface finds ns:pkg/iface@v among resolved packages.
func (rs *resolver) foreignInterface(p UsePath) *Interface {
	pkg := rs.findPackage(p)
	if pkg == nil {
		return nil
	}
	i := pkg.Interface(p.Name)
	if i == nil {
		rs.errorf(p.Pos, "package %s has no interface %q (or it is behind a disabled feature gate)", pkg.Name, p.Name)
	}
	return i
}

func (rs *resolver) findPackage(p UsePath) *Package {
	if pkg := rs.r.Package(p.Package.String()); pkg != nil {
		return pkg
	}
	if p.Package.Version == "" {
		var found *Package
		for _, pkg := range rs.r.Packages {
			if pkg.Name.Namespace == p.Package.Namespace && pkg.Name.Name == p.Package.Name {
				if found != nil {
					rs.errorf(p.Pos, "package %s:%s is ambiguous: versions %s and %s are present", p.Package.Namespace, p.Package.Name, found.Name.Version, pkg.Name.Version)
					return nil
				}
				found = pkg
			}
		}
		if found != nil {
			return found
		}
	}
	rs.errorf(p.Pos, "package %s not found (add it under deps/)", p.Package)
	return nil
}

// interfaceByPath finds the interface a path names, resolving local
// interfaces on demand.
func (rs *resolver) interfaceByPath(u *unit, p UsePath) *Interface {
	if p.Package != nil {
		if p.Package.String() == u.name.String() {
			local := p
			local.Package = nil
			return rs.interfaceByPath(u, local)
		}
		return rs.foreignInterface(p)
	}
	if i, ok := u.uses[p.Name]; ok {
		return i
	}
	switch d := u.names[p.Name].(type) {
	case *InterfaceDecl:
		i := rs.ensureInterface(u, d, p.Pos)
		if i == nil && len(rs.errs) == 0 {
			rs.errorf(p.Pos, "interface %q is behind a disabled feature gate", p.Name)
		}
		return i
	case *WorldDecl:
		rs.errorf(p.Pos, "%q is a world, not an interface", p.Name)
		return nil
	case *UseDecl:
		return nil // error already reported
	}
	rs.errorf(p.Pos, "interface %q does not exist in package %s", p.Name, u.name)
	return nil
}

func (rs *resolver) ensureInterface(u *unit, d *InterfaceDecl, from Pos) *Interface {
	if i, ok := u.ifaces[d]; ok {
		return i
	}
	switch u.state[d] {
	case 1:
		rs.errorf(from, "interface %q depends on itself (a `use` cycle)", d.Name)
		return nil
	}
	if !rs.enabled(d.Gates) {
		u.ifaces[d] = nil
		return nil
	}
	u.state[d] = 1
	i := &Interface{Name: d.Name, Package: u.pkg, Docs: Docs{d.Docs}, Stability: stabilityOf(d.Gates)}
	rs.resolveInterfaceBody(u, i, d.Items)
	u.state[d] = 2
	u.ifaces[d] = i
	rs.r.Interfaces = append(rs.r.Interfaces, i)
	return i
}

// scope maps the type names visible in an interface or world.
type scope struct {
	owner TypeOwner
	types map[string]*TypeDef
	decls map[*TypeDef]*TypeDecl
	state map[*TypeDef]int
	u     *unit
}

func (rs *resolver) newScope(u *unit, owner TypeOwner) *scope {
	return &scope{owner: owner, types: map[string]*TypeDef{}, decls: map[*TypeDef]*TypeDecl{}, state: map[*TypeDef]int{}, u: u}
}

// useTypes applies `use path.{a as b}`: it creates alias TypeDefs.
func (rs *resolver) useTypes(sc *scope, d *UseDecl, add func(*TypeDef, *UseDecl)) *Interface {
	target := rs.interfaceByPath(sc.u, d.Path)
	if target == nil {
		return nil
	}
	for _, n := range d.Names {
		t := target.Type(n.Name)
		if t == nil {
			rs.errorf(n.Pos, "interface %s has no type %q", ifaceLabel(target), n.Name)
			continue
		}
		name := n.Name
		if n.As != "" {
			name = n.As
		}
		if prev, ok := sc.types[name]; ok {
			_ = prev
			rs.errorf(n.Pos, "type %q is defined twice", name)
			continue
		}
		td := &TypeDef{Name: name, Owner: sc.owner, Kind: &Alias{Target: t}, Docs: Docs{d.Docs}, Stability: stabilityOf(d.Gates)}
		sc.types[name] = td
		rs.r.Types = append(rs.r.Types, td)
		add(td, d)
	}
	return target
}

func ifaceLabel(i *Interface) string {
	if q := i.QualifiedName(); q != "" {
		return q
	}
	return "(inline)"
}

// declareType creates the placeholder for a named type declaration.
func (rs *resolver) declareType(sc *scope, d *TypeDecl) *TypeDef {
	if prev, ok := sc.types[d.Name]; ok {
		_ = prev
		rs.errorf(d.Pos, "type %q is defined twice", d.Name)
		return nil
	}
	td := &TypeDef{Name: d.Name, Owner: sc.owner, Docs: Docs{d.Docs}, Stability: stabilityOf(d.Gates)}
	if d.Kind == "resource" {
		td.Kind = &Resource{}
	}
	sc.types[d.Name] = td
	sc.decls[td] = d
	rs.pos[td] = d.Pos
	rs.r.Types = append(rs.r.Types, td)
	return td
}

// defineType fills in a declared type's kind.
func (rs *resolver) defineType(sc *scope, td *TypeDef) {
	d := sc.decls[td]
	if d == nil || sc.state[td] == 2 {
		return
	}
	if sc.state[td] == 1 {
		rs.errorf(d.Pos, "type %q refers to itself (a type cycle)", td.Name)
		td.Kind = &Alias{Target: U8}
		return
	}
	sc.state[td] = 1
	defer func() { sc.state[td] = 2 }()
	switch d.Kind {
	case "type":
		td.Kind = &Alias{Target: rs.typeOf(sc, d.Alias, true)}
	case "resource":
	case "record":
		k := &Record{}
		seen := map[string]bool{}
		for _, c := range d.Cases {
			if seen[c.Name] {
				rs.errorf(c.Pos, "field %q is defined twice in record %q", c.Name, d.Name)
			}
			seen[c.Name] = true
			k.Fields = append(k.Fields, Field{Name: c.Name, Type: rs.typeOf(sc, c.Type, false), Docs: Docs{c.Docs}})
		}
		td.Kind = k
	case "variant":
		k := &Variant{}
		seen := map[string]bool{}
		for _, c := range d.Cases {
			if seen[c.Name] {
				rs.errorf(c.Pos, "case %q is defined twice in variant %q", c.Name, d.Name)
			}
			seen[c.Name] = true
			var t Type
			if c.Type != nil {
				t = rs.typeOf(sc, c.Type, false)
			}
			k.Cases = append(k.Cases, Case{Name: c.Name, Type: t, Docs: Docs{c.Docs}})
		}
		td.Kind = k
	case "enum":
		k := &Enum{}
		seen := map[string]bool{}
		for _, c := range d.Cases {
			if seen[c.Name] {
				rs.errorf(c.Pos, "case %q is defined twice in enum %q", c.Name, d.Name)
			}
			seen[c.Name] = true
			k.Cases = append(k.Cases, EnumCase{Name: c.Name, Docs: Docs{c.Docs}})
		}
		td.Kind = k
	case "flags":
		k := &Flags{}
		seen := map[string]bool{}
		for _, c := range d.Cases {
			if seen[c.Name] {
				rs.errorf(c.Pos, "flag %q is defined twice in flags %q", c.Name, d.Name)
			}
			seen[c.Name] = true
			k.Flags = append(k.Flags, Flag{Name: c.Name, Docs: Docs{c.Docs}})
		}
		td.Kind = k
	}
}

func (rs *resolver) anon(k TypeDefKind) *TypeDef {
	td := &TypeDef{Kind: k}
	rs.r.Types = append(rs.r.Types, td)
	return td
}

// isResource reports whether td is (an alias of) a resource, defining
// aliases on demand.
func (rs *resolver) isResource(sc *scope, td *TypeDef) bool {
	for i := 0; i < 1000 && td != nil; i++ {
		if td.Kind == nil {
			rs.defineType(sc, td)
		}
		switch k := td.Kind.(type) {
		case *Resource:
			return true
		case *Alias:
			next, ok := k.Target.(*TypeDef)
			if !ok {
				return false
			}
			td = next
		default:
			return false
		}
	}
	return false
}

// typeOf resolves a type expression. In an alias (`type a = r`), a resource
// name stays the resource; elsewhere it means own<r>.
func (rs *resolver) typeOf(sc *scope, e TypeExpr, alias bool) Type {
	switch e := e.(type) {
	case nil:
		return nil
	case *PrimType:
		return e.Prim
	case *NamedType:
		td := sc.types[e.Name]
		if td == nil {
			rs.errorf(e.Pos, "type %q does not exist", e.Name)
			return U8
		}
		if td.Kind == nil && sc.state[td] == 1 {
			rs.errorf(e.Pos, "type %q refers to itself (a type cycle)", e.Name)
			return U8
		}
		if rs.isResource(sc, td) && !alias {
			return rs.anon(&Handle{Resource: td})
		}
		return td
	case *GenericType:
		arg := func(i int) Type {
			if i < len(e.Args) {
				return rs.typeOf(sc, e.Args[i], false)
			}
			return nil
		}
		switch e.Kind {
		case "list":
			return rs.anon(&List{Elem: arg(0), Size: e.Size})
		case "option":
			return rs.anon(&Option{Elem: arg(0)})
		case "result":
			return rs.anon(&Result{OK: arg(0), Err: arg(1)})
		case "tuple":
			k := &Tuple{}
			for i := range e.Args {
				k.Types = append(k.Types, arg(i))
			}
			return rs.anon(k)
		case "future":
			return rs.anon(&Future{Elem: arg(0)})
		case "stream":
			return rs.anon(&Stream{Elem: arg(0)})
		case "own", "borrow":
			n := e.Args[0].(*NamedType)
			td := sc.types[n.Name]
			if td == nil {
				rs.errorf(n.Pos, "type %q does not exist", n.Name)
				return U8
			}
			if !rs.isResource(sc, td) {
				rs.errorf(n.Pos, "%s<%s>: %q is not a resource", e.Kind, n.Name, n.Name)
				return U8
			}
			return rs.anon(&Handle{Resource: td, Borrow: e.Kind == "borrow"})
		}
	}
	return U8
}

// funcOf resolves a function declaration.
func (rs *resolver) funcOf(sc *scope, d *FuncDecl, res *TypeDef) *Function {
	f := &Function{Name: d.Name, Kind: d.Kind, Async: d.Async, Docs: Docs{d.Docs}, Stability: stabilityOf(d.Gates)}
	seen := map[string]bool{}
	if res != nil {
		f.Resource = res
		switch d.Kind {
		case Method:
			f.Name = "[method]" + res.Name + "." + d.Name
			f.Params = append(f.Params, Param{Name: "self", Type: rs.anon(&Handle{Resource: res, Borrow: true})})
			seen["self"] = true
		case Static:
			f.Name = "[static]" + res.Name + "." + d.Name
		case Constructor:
			f.Name = "[constructor]" + res.Name
		}
	}
	for _, p := range d.Params {
		if seen[p.Name] {
			rs.errorf(p.Pos, "parameter %q is defined twice", p.Name)
		}
		seen[p.Name] = true
		f.Params = append(f.Params, Param{Name: p.Name, Type: rs.typeOf(sc, p.Type, false)})
	}
	if d.Result != nil {
		f.Result = rs.typeOf(sc, d.Result, false)
	} else if d.Kind == Constructor && res != nil {
		f.Result = rs.anon(&Handle{Resource: res})
	}
	return f
}

func (rs *resolver) resolveInterfaceBody(u *unit, i *Interface, items []Decl) {
	sc := rs.newScope(u, i)
	for _, d := range items {
		if ud, ok := d.(*UseDecl); ok {
			if !rs.enabled(ud.Gates) {
				continue
			}
			rs.useTypes(sc, ud, func(td *TypeDef, _ *UseDecl) { i.Types = append(i.Types, td) })
		}
	}
	var declared []*TypeDef
	for _, d := range items {
		if td, ok := d.(*TypeDecl); ok && rs.enabled(td.Gates) {
			if t := rs.declareType(sc, td); t != nil {
				declared = append(declared, t)
			}
		}
	}
	i.Types = append(i.Types, topoTypes(sc, declared)...)
	for _, td := range i.Types {
		rs.defineType(sc, td)
	}
	seen := map[string]Pos{}
	addFunc := func(f *Function, pos Pos) {
		if prev, ok := seen[f.Name]; ok {
			rs.errorf(pos, "function %q is defined twice (first at %s)", f.ItemName(), prev)
			return
		}
		if t, ok := sc.types[f.Name]; ok && f.Kind == Freestanding {
			_ = t
			rs.errorf(pos, "%q is both a type and a function", f.Name)
			return
		}
		seen[f.Name] = pos
		i.Functions = append(i.Functions, f)
	}
	// Resource functions first, in type order, then freestanding functions
	// in source order (wit-parser's order).
	for _, t := range i.Types {
		d := sc.decls[t]
		if d != nil && d.Kind == "resource" {
			{
				res := t
				ctors := 0
				for _, fd := range d.Funcs {
					if !rs.enabled(fd.Gates) {
						continue
					}
					if fd.Kind == Constructor {
						ctors++
						if ctors > 1 {
							rs.errorf(fd.Pos, "resource %q has more than one constructor", d.Name)
						}
					}
					addFunc(rs.funcOf(sc, fd, res), fd.Pos)
				}
			}
		}
	}
	for _, d := range items {
		if d, ok := d.(*FuncDecl); ok && rs.enabled(d.Gates) {
			addFunc(rs.funcOf(sc, d, nil), d.Pos)
		}
	}
}

func (rs *resolver) ensureWorld(u *unit, d *WorldDecl, from Pos) *World {
	if w, ok := u.worlds[d]; ok {
		return w
	}
	if u.state[d] == 1 {
		rs.errorf(from, "world %q includes itself (an include cycle)", d.Name)
		return nil
	}
	if !rs.enabled(d.Gates) {
		u.worlds[d] = nil
		return nil
	}
	u.state[d] = 1
	w := &World{Name: d.Name, Package: u.pkg, Docs: Docs{d.Docs}, Stability: stabilityOf(d.Gates)}
	rs.resolveWorldBody(u, w, d)
	u.state[d] = 2
	u.worlds[d] = w
	rs.r.Worlds = append(rs.r.Worlds, w)
	return w
}

type itemSet struct {
	items []*WorldItem
	keys  map[string]*WorldItem
}

func (s *itemSet) has(k string) bool { _, ok := s.keys[k]; return ok }

func (s *itemSet) add(it *WorldItem) {
	if s.keys == nil {
		s.keys = map[string]*WorldItem{}
	}
	s.keys[it.Key] = it
	s.items = append(s.items, it)
}

func (rs *resolver) resolveWorldBody(u *unit, w *World, d *WorldDecl) {
	sc := rs.newScope(u, w)
	var imports, exports itemSet
	names := map[string]Pos{} // plain names, imports and exports separately
	enames := map[string]Pos{}
	checkName := func(m map[string]Pos, key string, pos Pos, what string) bool {
		if prev, ok := m[key]; ok {
			rs.errorf(pos, "%s %q is defined twice in world %q (first at %s)", what, key, w.Name, prev)
			return false
		}
		m[key] = pos
		return true
	}
	addIface := func(set *itemSet, m map[string]Pos, i *Interface, pos Pos, docs string, gates []Gate) {
		key := i.QualifiedName()
		if set.has(key) {
			if set == &imports && imports.keys[key].Kind == WorldInterface {
				// A `use` may already have imported it.
				if _, dup := m[key]; !dup {
					m[key] = pos
					return
				}
			}
			rs.errorf(pos, "interface %s is %s twice in world %q", key, map[bool]string{true: "imported", false: "exported"}[set == &imports], w.Name)
			return
		}
		m[key] = pos
		set.add(&WorldItem{Key: key, Kind: WorldInterface, Interface: i, Docs: Docs{docs}, Stability: stabilityOf(gates)})
	}
	// uses and types first (they are imports), in order.
	var declared []*TypeDef
	for _, it := range d.Items {
		switch it := it.(type) {
		case *UseDecl:
			if !rs.enabled(it.Gates) {
				continue
			}
			target := rs.interfaceByPath(u, it.Path)
			if target == nil {
				continue
			}
			if key := target.QualifiedName(); !imports.has(key) {
				imports.add(&WorldItem{Key: key, Kind: WorldInterface, Interface: target})
			}
			rs.useTypes(sc, it, func(td *TypeDef, ud *UseDecl) {
				if checkName(names, td.Name, ud.Pos, "import") {
					imports.add(&WorldItem{Key: td.Name, Kind: WorldType, Type: td, Stability: td.Stability})
				}
			})
		case *TypeDecl:
			if !rs.enabled(it.Gates) {
				continue
			}
			if td := rs.declareType(sc, it); td != nil {
				if checkName(names, td.Name, it.Pos, "import") {
					declared = append(declared, td)
				}
			}
		}
	}
	declared = topoTypes(sc, declared)
	for _, td := range declared {
		imports.add(&WorldItem{Key: td.Name, Kind: WorldType, Type: td, Docs: td.Docs, Stability: td.Stability})
	}
	for _, it := range imports.items {
		if it.Kind == WorldType {
			rs.defineType(sc, it.Type)
		}
	}
	for _, it := range d.Items {
		switch it := it.(type) {
		case *ImportExportDecl:
			if !rs.enabled(it.Gates) {
				continue
			}
			set, m, what := &imports, names, "import"
			if it.Export {
				set, m, what = &exports, enames, "export"
			}
			switch {
			case it.Path != nil:
				i := rs.interfaceByPath(u, *it.Path)
				if i != nil {
					addIface(set, m, i, it.Pos, it.Docs, it.Gates)
				}
			case it.Func != nil:
				if !checkName(m, it.Name, it.Pos, what) {
					continue
				}
				f := rs.funcOf(sc, it.Func, nil)
				f.Stability = stabilityOf(it.Gates)
				set.add(&WorldItem{Key: it.Name, Kind: WorldFunction, Function: f, Docs: Docs{it.Docs}, Stability: f.Stability})
			case it.Interface != nil:
				if !checkName(m, it.Name, it.Pos, what) {
					continue
				}
				i := &Interface{Package: u.pkg, Docs: Docs{it.Docs}, Stability: stabilityOf(it.Gates)}
				rs.resolveInterfaceBody(u, i, it.Interface.Items)
				rs.r.Interfaces = append(rs.r.Interfaces, i)
				set.add(&WorldItem{Key: it.Name, Kind: WorldInterface, Interface: i, Docs: Docs{it.Docs}, Stability: i.Stability})
			}
		}
	}
	// includes
	for _, it := range d.Items {
		inc, ok := it.(*IncludeDecl)
		if !ok || !rs.enabled(inc.Gates) {
			continue
		}
		var src *World
		if inc.Path.Package != nil && inc.Path.Package.String() != u.name.String() {
			if pkg := rs.findPackage(inc.Path); pkg != nil {
				if src = pkg.World(inc.Path.Name); src == nil {
					rs.errorf(inc.Path.Pos, "package %s has no world %q", pkg.Name, inc.Path.Name)
				}
			}
		} else {
			switch wd := u.names[inc.Path.Name].(type) {
			case *WorldDecl:
				src = rs.ensureWorld(u, wd, inc.Pos)
			default:
				rs.errorf(inc.Path.Pos, "world %q does not exist in package %s", inc.Path.Name, u.name)
			}
		}
		if src == nil {
			continue
		}
		renames := map[string]string{}
		used := map[string]bool{}
		for _, n := range inc.With {
			renames[n.Name] = n.As
		}
		merge := func(from []*WorldItem, set *itemSet, m map[string]Pos, what string) {
			for _, si := range from {
				if si.Kind == WorldInterface && si.Interface.Name != "" {
					if !set.has(si.Key) {
						set.add(si)
					}
					continue
				}
				key := si.Key
				if si.Kind == WorldFunction && si.Function.Resource != nil {
					// resource functions follow their type's rename
					if set.has(key) {
						continue
					}
					set.add(si)
					continue
				}
				if as, ok := renames[key]; ok {
					used[key] = true
					key = as
				}
				if !checkName(m, key, inc.Pos, what) {
					continue
				}
				n := *si
				if n.Kind == WorldFunction && n.Key != key {
					f := *n.Function
					f.Name = key
					n.Function = &f
				}
				n.Key = key
				set.add(&n)
			}
		}
		merge(src.Imports, &imports, names, "import")
		merge(src.Exports, &exports, enames, "export")
		for _, n := range inc.With {
			if !used[n.Name] {
				rs.errorf(n.Pos, "world %s has no item %q to rename", src.QualifiedName(), n.Name)
			}
		}
	}
	// Resource functions come last, as wit-parser orders them.
	for _, t := range declared {
		if td := sc.decls[t]; td != nil && td.Kind == "resource" {
			res := t
			for _, fd := range td.Funcs {
				if !rs.enabled(fd.Gates) {
					continue
				}
				f := rs.funcOf(sc, fd, res)
				imports.add(&WorldItem{Key: f.Name, Kind: WorldFunction, Function: f, Docs: f.Docs, Stability: f.Stability})
			}
		}
	}
	rs.elaborate(w, &imports, &exports)
}

// topoTypes orders the declared types of a scope so that a type comes after
// the local types it mentions: in source order, with a type placed right
// after its last dependency (the order wit-parser uses).
func topoTypes(sc *scope, defs []*TypeDef) []*TypeDef {
	index := map[string]int{}
	for i, t := range defs {
		index[t.Name] = i
	}
	remaining := make([]int, len(defs))
	rev := make([][]int, len(defs))
	for i, t := range defs {
		seen := map[int]bool{}
		for _, n := range typeDeclRefs(sc.decls[t]) {
			if j, ok := index[n]; ok && j != i && !seen[j] {
				seen[j] = true
				remaining[i]++
				rev[j] = append(rev[j], i)
			}
		}
	}
	var out []*TypeDef
	done := make([]bool, len(defs))
	visited := make([]bool, len(defs))
	var emit func(i int)
	emit = func(i int) {
		done[i] = true
		out = append(out, defs[i])
		for _, j := range rev[i] {
			remaining[j]--
			if remaining[j] == 0 && visited[j] && !done[j] {
				emit(j)
			}
		}
	}
	for i := range defs {
		visited[i] = true
		if remaining[i] == 0 && !done[i] {
			emit(i)
		}
	}
	// Types in a cycle keep source order; the cycle is reported later.
	for i := range defs {
		if !done[i] {
			out = append(out, defs[i])
		}
	}
	return out
}

// typeDeclRefs lists the type names a declaration's definition mentions.
func typeDeclRefs(d *TypeDecl) []string {
	if d == nil {
		return nil
	}
	var out []string
	var walk func(e TypeExpr)
	walk = func(e TypeExpr) {
		switch e := e.(type) {
		case *NamedType:
			out = append(out, e.Name)
		case *GenericType:
			for _, a := range e.Args {
				if a != nil {
					walk(a)
				}
			}
		}
	}
	if d.Alias != nil {
		walk(d.Alias)
	}
	for _, c := range d.Cases {
		if c.Type != nil {
			walk(c.Type)
		}
	}
	return out
}

// directDeps lists the interfaces whose types interface i `use`s.
func directDeps(i *Interface) []*Interface {
	var deps []*Interface
	seen := map[*Interface]bool{}
	for _, t := range i.Types {
		a, ok := t.Kind.(*Alias)
		if !ok {
			continue
		}
		td, ok := a.Target.(*TypeDef)
		if !ok {
			continue
		}
		if o, ok := td.Owner.(*Interface); ok && o != i && !seen[o] {
			seen[o] = true
			deps = append(deps, o)
		}
	}
	return deps
}

// elaborate adds the interfaces that imports and exports depend on as
// imports, dependencies first, as wit-parser does.
func (rs *resolver) elaborate(w *World, imports, exports *itemSet) {
	var out itemSet
	var addImport func(it *WorldItem)
	addImport = func(it *WorldItem) {
		if out.has(it.Key) {
			return
		}
		for _, dep := range directDeps(it.Interface) {
			addImport(&WorldItem{Key: dep.QualifiedName(), Kind: WorldInterface, Interface: dep})
		}
		if old, ok := imports.keys[it.Key]; ok && old.Kind == WorldInterface {
			it = old
		}
		out.add(it)
	}
	for _, it := range imports.items {
		if it.Kind == WorldInterface {
			addImport(it)
		} else if !out.has(it.Key) {
			out.add(it)
		}
	}
	exported := map[*Interface]bool{}
	for _, it := range exports.items {
		if it.Kind == WorldInterface {
			exported[it.Interface] = true
		}
	}
	var outExp []*WorldItem
	for _, it := range exports.items {
		if it.Kind == WorldInterface {
			for _, dep := range directDeps(it.Interface) {
				if !exported[dep] {
					addImport(&WorldItem{Key: dep.QualifiedName(), Kind: WorldInterface, Interface: dep})
				}
			}
		}
		outExp = append(outExp, it)
	}
	// Interfaces, then types, then functions (a stable partition).
	sort.SliceStable(out.items, func(a, b int) bool {
		return importRank(out.items[a].Kind) < importRank(out.items[b].Kind)
	})
	sort.SliceStable(outExp, func(a, b int) bool {
		return outExp[a].Kind == WorldFunction && outExp[b].Kind == WorldInterface
	})
	w.Imports = out.items
	w.Exports = outExp
}

func importRank(k WorldItemKind) int {
	switch k {
	case WorldInterface:
		return 0
	case WorldType:
		return 1
	}
	return 2
}

// orderTypes sorts the types added since index first into dependency order
// and reports cycles.
func (rs *resolver) orderTypes(first int) {
	added := rs.r.Types[first:]
	state := map[*TypeDef]int{}
	inAdded := map[*TypeDef]bool{}
	for _, t := range added {
		inAdded[t] = true
	}
	var out []*TypeDef
	var stack []*TypeDef
	var visit func(t *TypeDef) bool
	visitType := func(t Type) bool {
		if td, ok := t.(*TypeDef); ok && inAdded[td] {
			return visit(td)
		}
		return true
	}
	visit = func(t *TypeDef) bool {
		switch state[t] {
		case 1:
			named := t
			for i := len(stack) - 1; i >= 0 && named.Name == ""; i-- {
				named = stack[i]
			}
			rs.errorf(rs.pos[named], "type %q refers to itself (a type cycle)", named.String())
			return false
		case 2:
			return true
		}
		state[t] = 1
		stack = append(stack, t)
		defer func() { stack = stack[:len(stack)-1] }()
		ok := true
		switch k := t.Kind.(type) {
		case *Record:
			for _, f := range k.Fields {
				ok = ok && visitType(f.Type)
			}
		case *Variant:
			for _, c := range k.Cases {
				if c.Type != nil {
					ok = ok && visitType(c.Type)
				}
			}
		case *Alias:
			ok = visitType(k.Target)
		case *List:
			ok = visitType(k.Elem)
		case *Option:
			ok = visitType(k.Elem)
		case *Result:
			if k.OK != nil {
				ok = visitType(k.OK)
			}
			if ok && k.Err != nil {
				ok = visitType(k.Err)
			}
		case *Tuple:
			for _, e := range k.Types {
				ok = ok && visitType(e)
			}
		case *Handle:
			ok = visitType(k.Resource)
		case *Future:
			if k.Elem != nil {
				ok = visitType(k.Elem)
			}
		case *Stream:
			if k.Elem != nil {
				ok = visitType(k.Elem)
			}
		}
		state[t] = 2
		out = append(out, t)
		return ok
	}
	for _, t := range added {
		if !visit(t) {
			return
		}
	}
	copy(added, out)
}
