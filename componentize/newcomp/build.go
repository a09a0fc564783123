package newcomp

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/wasmcp/wasmcp/component"
)

// AdapterModule is the core module name under which a main module imports
// the preview1 functions the adapter provides.
const AdapterModule = "wasi_snapshot_preview1"

// New turns a core module that carries a component-type custom section into
// a component, the wasi_snapshot_preview1 imports served by adapter (the
// preview1 reactor adapter, with its own component-type section). adapter
// may be nil when the module imports nothing from wasi_snapshot_preview1.
//
// The layout is the one `wasm-tools component new` produces: the main
// module is instantiated first, its imports that need its own memory
// (canonical lowerings with memory or realloc, the adapter's functions)
// going through a table of a small shim module; the adapter is instantiated
// with the main module's memory; a fixup module then fills the table and
// runs _initialize. Exported interfaces are lifted and re-exported through a
// nested component that gives their types their names.
func New(core, adapter []byte) ([]byte, error) {
	main, err := parseModule("main module", core)
	if err != nil {
		return nil, err
	}
	mainWorld, err := worldSection(main, "main module")
	if err != nil {
		return nil, err
	}
	main.renameDuplicates()
	c := &builder{b: component.NewBuilder(), main: main, imports: newImportSet(), live: newLiveSet()}
	c.imports.addWorld(mainWorld)

	var keep []string
	seen := map[string]bool{}
	for _, im := range main.imports {
		if im.module == AdapterModule && im.kind == kindFunc && !seen[im.field] {
			seen[im.field] = true
			keep = append(keep, im.field)
		}
	}
	if len(keep) > 0 {
		if adapter == nil {
			return nil, fmt.Errorf("the main module imports %s functions but no adapter was given", AdapterModule)
		}
		ad, err := parseModule("adapter", adapter)
		if err != nil {
			return nil, err
		}
		adWorld, err := worldSection(ad, "adapter")
		if err != nil {
			return nil, err
		}
		gcd, err := gcAdapter(ad, keep)
		if err != nil {
			return nil, err
		}
		if c.adapter, err = parseModule("adapter (reduced)", gcd); err != nil {
			return nil, err
		}
		c.adapterBytes = gcd
		c.imports.addWorld(adWorld)
	}
	if err := c.walkImports(main, "main module", map[string]bool{AdapterModule: true}); err != nil {
		return nil, err
	}
	if c.adapter != nil {
		if err := c.walkImports(c.adapter, "adapter", map[string]bool{"env": true, "__main_module__": true}); err != nil {
			return nil, err
		}
	}
	c.exports = mainWorld.Exports
	c.walkExports()
	if err := c.build(); err != nil {
		return nil, err
	}
	return c.b.Bytes(), nil
}

type builder struct {
	b            *component.Builder
	main         *module
	adapter      *module
	adapterBytes []byte
	imports      *importSet
	live         *liveSet
	exports      []component.Extern

	instOf      map[*imported]uint32 // component instance of each import
	rootFunc    map[string]uint32    // world-level function imports
	slots       []slot
	memory      uint32
	mainInst    uint32
	adapterInst uint32
	resDefs     map[string]uint32 // exported resources: nominalKey → type index
}

// slot is one entry of the shim table: a core function a module imports
// before it can exist (it needs the main module's memory or instance).
type slot struct {
	typ    funcType
	target func() (uint32, error) // called once the main module and adapter are instantiated
}

func exportModule(m string) (string, bool) { return strings.CutPrefix(m, "[export]") }

// walkImports requires, module by module in the order modules first
// appear and field by field in import order, what m imports from the
// world's interfaces. This order is the one of the live types.
func (c *builder) walkImports(m *module, where string, skip map[string]bool) error {
	var order []string
	fields := map[string][]string{}
	for _, im := range m.imports {
		if skip[im.module] {
			continue
		}
		if _, ok := exportModule(im.module); ok {
			continue
		}
		if im.kind != kindFunc {
			return fmt.Errorf("%s imports %s.%s, which is not a function", where, im.module, im.name)
		}
		if _, ok := fields[im.module]; !ok {
			order = append(order, im.module)
		}
		fields[im.module] = append(fields[im.module], im.field)
	}
	for _, mod := range order {
		for _, f := range fields[mod] {
			if err := c.imports.require(mod, f, c.live, where); err != nil {
				return err
			}
		}
	}
	return nil
}

func (c *builder) exported(name string) bool {
	for _, e := range c.exports {
		if e.Kind == component.ExternInstance && component.InterfaceKey(e.Name) == component.InterfaceKey(name) {
			return true
		}
	}
	return false
}

// walkExports makes live the imported types the exports use.
func (c *builder) walkExports() {
	for _, e := range c.exports {
		switch e.Kind {
		case component.ExternFunc:
			c.live.add(e.Type)
		case component.ExternInstance:
			local := newLiveSet()
			local.addInterface(e.Type.(*component.Interface))
			for _, t := range local.order {
				o := ownerOf(t)
				if component.InterfaceKey(o) != component.InterfaceKey(e.Name) && !c.exported(o) {
					c.live.add(t)
				}
			}
		}
	}
}

// helpers appending one definition each

func (c *builder) coreModule(b []byte) uint32 {
	i := c.b.Next(component.SortCoreModule)
	c.b.Add(&component.CoreModuleSection{Module: b})
	return i
}

func (c *builder) instantiate(mod uint32, args map[string]uint32) uint32 {
	names := make([]string, 0, len(args))
	for n := range args {
		names = append(names, n)
	}
	sort.Strings(names)
	inst := component.CoreInstance{Module: mod}
	for _, n := range names {
		inst.Args = append(inst.Args, component.CoreInstantiateArg{Name: n, Instance: args[n]})
	}
	i := c.b.Next(component.SortCoreInstance)
	c.b.Add(&component.CoreInstanceSection{Instances: []component.CoreInstance{inst}})
	return i
}

type inlineExport struct {
	name  string
	sort  component.Sort
	index uint32
}

func (c *builder) inline(exports []inlineExport) uint32 {
	inst := component.CoreInstance{Inline: true}
	for _, e := range exports {
		inst.Exports = append(inst.Exports, component.CoreInlineExport{Name: e.name, Sort: e.sort, Index: e.index})
	}
	i := c.b.Next(component.SortCoreInstance)
	c.b.Add(&component.CoreInstanceSection{Instances: []component.CoreInstance{inst}})
	return i
}

func (c *builder) aliasCore(inst uint32, name string, sort component.Sort) uint32 {
	i := c.b.Next(sort)
	c.b.Add(&component.AliasSection{Aliases: []component.Alias{{Sort: sort, Kind: component.AliasCoreExport, Instance: inst, Name: name}}})
	return i
}

func (c *builder) canon(k component.Canon) uint32 {
	sort := component.SortCoreFunc
	if k.Kind == component.CanonLift {
		sort = component.SortFunc
	}
	i := c.b.Next(sort)
	c.b.Add(&component.CanonSection{Funcs: []component.Canon{k}})
	return i
}

func (c *builder) opts(n needs, realloc func() (uint32, error)) ([]component.CanonOpt, error) {
	var o []component.CanonOpt
	if n.memory {
		o = append(o, component.CanonOpt{Kind: component.OptMemory, Index: c.memory})
	}
	if n.realloc {
		r, err := realloc()
		if err != nil {
			return nil, err
		}
		o = append(o, component.CanonOpt{Kind: component.OptRealloc, Index: r})
	}
	if n.utf8 {
		o = append(o, component.CanonOpt{Kind: component.OptUTF8})
	}
	return o, nil
}

// importedFunc returns the component function for field name of import
// module mod, aliased out of its imported instance.
func (c *builder) importedFunc(mod, name string) (uint32, *component.Func, error) {
	im := c.imports.lookup(mod)
	it := im.ext.Type.(*component.Interface)
	x, _ := it.Export(name)
	f, ok := x.Type.(*component.Func)
	if !ok {
		return 0, nil, fmt.Errorf("%s.%s is not a function", mod, name)
	}
	if im == c.imports.root {
		return c.rootFunc[name], f, nil
	}
	return c.b.AliasExport(c.instOf[im], name, component.SortFunc), f, nil
}

func (c *builder) resourceType(mod, name string) (uint32, error) {
	im := c.imports.lookup(mod)
	x, _ := im.ext.Type.(*component.Interface).Export(name)
	r := component.ResourceOf(x.Type)
	idx, ok := c.b.Types.Lookup(r)
	if !ok {
		return 0, fmt.Errorf("resource %s of %s is not imported", name, mod)
	}
	return idx, nil
}

// importArgs builds, for every module m imports from the world, the core
// instance that satisfies it. Lowerings that need memory become shim
// slots whose target realloc gives.
func (c *builder) importArgs(m *module, where string, skip map[string]bool, realloc func() (uint32, error)) (map[string]uint32, error) {
	var order []string
	byMod := map[string][]coreImport{}
	for _, im := range m.imports {
		if skip[im.module] {
			continue
		}
		if _, ok := byMod[im.module]; !ok {
			order = append(order, im.module)
		}
		byMod[im.module] = append(byMod[im.module], im)
	}
	args := map[string]uint32{}
	for _, mod := range order {
		var exps []inlineExport
		done := map[string]bool{}
		for _, im := range byMod[mod] {
			if done[im.name] {
				continue
			}
			done[im.name] = true
			idx, err := c.importItem(m, where, mod, im, realloc)
			if err != nil {
				return nil, err
			}
			exps = append(exps, inlineExport{im.name, component.SortCoreFunc, idx})
		}
		args[mod] = c.inline(exps)
	}
	return args, nil
}

func (c *builder) importItem(m *module, where, mod string, im coreImport, realloc func() (uint32, error)) (uint32, error) {
	if e, ok := exportModule(mod); ok {
		return c.exportedResourceFunc(where, e, im.field)
	}
	if r, ok := strings.CutPrefix(im.field, "[resource-drop]"); ok {
		t, err := c.resourceType(mod, r)
		if err != nil {
			return 0, fmt.Errorf("%s: %s.%s: %w", where, mod, im.field, err)
		}
		return c.canon(component.Canon{Kind: component.CanonResourceDrop, Type: t}), nil
	}
	fn, ftype, err := c.importedFunc(mod, im.field)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", where, err)
	}
	n := optionsFor(ftype, false)
	if !n.any() {
		return c.canon(component.Canon{Kind: component.CanonLower, Func: fn}), nil
	}
	s := len(c.slots)
	c.slots = append(c.slots, slot{typ: m.types[im.typeIdx], target: func() (uint32, error) {
		o, err := c.opts(n, realloc)
		if err != nil {
			return 0, err
		}
		return c.canon(component.Canon{Kind: component.CanonLower, Func: fn, Opts: o}), nil
	}})
	return c.slotFunc(s), nil
}

// slotFunc is the shim's function for slot s; the shim instance is the
// first core instance.
func (c *builder) slotFunc(s int) uint32 {
	return c.aliasCore(0, strconv.Itoa(s), component.SortCoreFunc)
}

func (c *builder) exportedResourceFunc(where, iface, name string) (uint32, error) {
	kind := component.CanonResourceNew
	var r string
	var ok bool
	switch {
	case strings.HasPrefix(name, "[resource-new]"):
		r, ok = strings.CutPrefix(name, "[resource-new]")
	case strings.HasPrefix(name, "[resource-rep]"):
		kind = component.CanonResourceRep
		r, ok = strings.CutPrefix(name, "[resource-rep]")
	case strings.HasPrefix(name, "[resource-drop]"):
		kind = component.CanonResourceDrop
		r, ok = strings.CutPrefix(name, "[resource-drop]")
	}
	if !ok {
		return 0, fmt.Errorf("%s imports [export]%s.%s: not a resource built-in", where, iface, name)
	}
	t, found := c.resDefs["resource "+component.InterfaceKey(iface)+" "+r]
	if !found {
		return 0, fmt.Errorf("%s imports [export]%s.%s, but the world exports no resource %q in %s", where, iface, name, r, iface)
	}
	return c.canon(component.Canon{Kind: kind, Type: t}), nil
}

func (c *builder) build() error {
	b := c.b
	c.instOf = map[*imported]uint32{}
	c.rootFunc = map[string]uint32{}
	for _, im := range c.imports.list {
		if !im.used(c.live) {
			continue
		}
		idx, err := b.Import(component.Extern{Name: im.ext.Name, Kind: component.ExternInstance, Type: im.pruned(c.live)})
		if err != nil {
			return fmt.Errorf("import %s: %w", im.ext.Name, err)
		}
		c.instOf[im] = idx
	}
	if root := c.imports.root; root != nil {
		for _, x := range root.ext.Type.(*component.Interface).Exports {
			if x.Kind == component.ExternFunc && root.funcs[x.Name] {
				idx, err := b.Import(x)
				if err != nil {
					return fmt.Errorf("import %s: %w", x.Name, err)
				}
				c.rootFunc[x.Name] = idx
			}
		}
		if len(root.drops) > 0 {
			return fmt.Errorf("world-level resource imports are not supported")
		}
	}

	// The shim must be the first core instance (slotFunc relies on it);
	// its module is written once the slots are known, so reserve the
	// instance now and fill the module in below.
	shimModSec := &component.CoreModuleSection{}
	shimMod := b.Next(component.SortCoreModule)
	b.Add(shimModSec)
	if got := c.instantiate(shimMod, nil); got != 0 {
		return fmt.Errorf("internal: shim instance is %d", got)
	}

	if err := c.defineExportedResources(); err != nil {
		return err
	}

	mainMod := c.coreModule(c.main.stripCustom(func(n string) bool { return strings.HasPrefix(n, "component-type") }))
	mainArgs, err := c.importArgs(c.main, "main module", map[string]bool{AdapterModule: true}, c.mainRealloc)
	if err != nil {
		return err
	}
	var adapterSlots []int
	if c.adapter != nil {
		var exps []inlineExport
		seen := map[string]bool{}
		for _, im := range c.main.imports {
			if im.module != AdapterModule || seen[im.name] {
				continue
			}
			seen[im.name] = true
			want := c.main.types[im.typeIdx]
			got, ok := c.adapter.exportedFunc(im.field)
			if !ok {
				return fmt.Errorf("the adapter does not export %s", im.field)
			}
			if !got.equal(want) {
				return fmt.Errorf("main module imports %s.%s as %s, the adapter exports it as %s", AdapterModule, im.name, want, got)
			}
			s := len(c.slots)
			name := im.field
			c.slots = append(c.slots, slot{typ: want, target: func() (uint32, error) {
				return c.aliasCore(c.adapterInst, name, component.SortCoreFunc), nil
			}})
			adapterSlots = append(adapterSlots, s)
			exps = append(exps, inlineExport{im.name, component.SortCoreFunc, c.slotFunc(s)})
		}
		mainArgs[AdapterModule] = c.inline(exps)
	}
	mainInst := c.instantiate(mainMod, mainArgs)
	c.mainInst = mainInst
	if _, ok := c.main.export("memory"); ok {
		c.memory = c.aliasCore(mainInst, "memory", component.SortCoreMemory)
	} else if len(c.slots) > len(adapterSlots) || c.adapter != nil {
		return fmt.Errorf("main module: no memory export")
	}
	if c.adapter != nil {
		adMod := c.coreModule(c.adapterBytes)
		args, err := c.importArgs(c.adapter, "adapter", map[string]bool{"env": true, "__main_module__": true}, c.adapterRealloc)
		if err != nil {
			return err
		}
		for _, im := range c.adapter.imports {
			switch {
			case im.module == "env" && im.kind == kindMemory && im.name == "memory":
				if _, ok := args["env"]; !ok {
					args["env"] = c.inline([]inlineExport{{"memory", component.SortCoreMemory, c.memory}})
				}
			case im.module == "__main_module__" && im.name == "cabi_realloc":
				if _, ok := c.main.exportedFunc("cabi_realloc"); !ok {
					return fmt.Errorf("main module: no cabi_realloc export for the adapter to allocate its stack and state with (import package cabi)")
				}
				args["__main_module__"] = c.inline([]inlineExport{{"cabi_realloc", component.SortCoreFunc, c.aliasCore(mainInst, "cabi_realloc", component.SortCoreFunc)}})
			case im.module == "env" || im.module == "__main_module__":
				return fmt.Errorf("adapter imports %s.%s, which wasmcp does not provide", im.module, im.name)
			}
		}
		c.adapterInst = c.instantiate(adMod, args)
	}

	// Fill the table and run _initialize.
	var actual []inlineExport
	for i, s := range c.slots {
		f, err := s.target()
		if err != nil {
			return err
		}
		actual = append(actual, inlineExport{strconv.Itoa(i), component.SortCoreFunc, f})
	}
	_, hasInit := c.main.exportedFunc("_initialize")
	shimModSec.Module = shimModule(c.slots)
	if len(c.slots) > 0 || hasInit {
		fixArgs := map[string]uint32{}
		if len(c.slots) > 0 {
			fixArgs["actual"] = c.inline(actual)
			fixArgs["shim"] = 0
		}
		if hasInit {
			fixArgs["main"] = mainInst
		}
		c.instantiate(c.coreModule(fixupModule(c.slots, hasInit)), fixArgs)
	}
	return c.liftExports()
}

func (c *builder) mainRealloc() (uint32, error) {
	for _, n := range []string{"cabi_import_realloc", "cabi_realloc"} {
		if _, ok := c.main.exportedFunc(n); ok {
			return c.aliasCore(c.mainInst, n, component.SortCoreFunc), nil
		}
	}
	return 0, fmt.Errorf("main module: no cabi_import_realloc or cabi_realloc export for imports that return lists or strings")
}

func (c *builder) adapterRealloc() (uint32, error) {
	for _, n := range []string{"cabi_import_realloc", "cabi_realloc"} {
		if _, ok := c.adapter.exportedFunc(n); ok {
			return c.aliasCore(c.adapterInst, n, component.SortCoreFunc), nil
		}
	}
	return 0, fmt.Errorf("adapter: no cabi_import_realloc export")
}

func (c *builder) exportRealloc() (uint32, error) {
	for _, n := range []string{"cabi_export_realloc", "cabi_realloc"} {
		if _, ok := c.main.exportedFunc(n); ok {
			return c.aliasCore(c.mainInst, n, component.SortCoreFunc), nil
		}
	}
	return 0, fmt.Errorf("main module: no cabi_export_realloc or cabi_realloc export for exports that take lists or strings")
}
