package component

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/wasmcp/wasmcp/component/internal/leb128"
)

// Sentinel errors, wrapped by *DecodeError; test with errors.Is.
var (
	ErrBadMagic     = errors.New("not a WebAssembly binary (bad magic)")
	ErrNotComponent = errors.New("a core module, not a component")
	ErrUnsupported  = errors.New("unsupported feature")
)

// DecodeError reports where decoding failed: the absolute byte offset in the
// input, the section being read, and what went wrong.
type DecodeError struct {
	Offset  int
	Section string
	Err     error
}

func (e *DecodeError) Error() string {
	if e.Section == "" {
		return fmt.Sprintf("component: offset 0x%x: %v", e.Offset, e.Err)
	}
	return fmt.Sprintf("component: offset 0x%x in %s section: %v", e.Offset, e.Section, e.Err)
}

func (e *DecodeError) Unwrap() error { return e.Err }

// Limits bounding what the decoder accepts, checked before allocating.
const (
	maxNesting = 100     // nested components and component/instance types
	maxItems   = 1 << 20 // items in one vector
)

var magic = []byte{0x00, 0x61, 0x73, 0x6d}

// decoder reads one component. Errors are raised with fail, which panics
// with a *DecodeError that Decode recovers, so helpers read linearly.
type decoder struct {
	b       []byte
	pos     int
	base    int // offset of b[0] in the whole input
	section string
	depth   int
}

type decodePanic struct{ err *DecodeError }

func (d *decoder) fail(format string, args ...any) {
	d.failErr(fmt.Errorf(format, args...))
}

func (d *decoder) failErr(err error) {
	panic(decodePanic{&DecodeError{Offset: d.base + d.pos, Section: d.section, Err: err}})
}

func (d *decoder) remaining() int { return len(d.b) - d.pos }

func (d *decoder) byte1(what string) byte {
	if d.pos >= len(d.b) {
		d.fail("expected %s, found end of input", what)
	}
	c := d.b[d.pos]
	d.pos++
	return c
}

func (d *decoder) peek(what string) byte {
	if d.pos >= len(d.b) {
		d.fail("expected %s, found end of input", what)
	}
	return d.b[d.pos]
}

func (d *decoder) u32(what string) uint32 {
	v, n, err := leb128.DecodeUint32(d.b[d.pos:])
	if err != nil {
		d.pos += n
		d.fail("%s: %v", what, err)
	}
	d.pos += n
	return v
}

func (d *decoder) u64(what string) uint64 {
	v, n, err := leb128.DecodeUint64(d.b[d.pos:], 64)
	if err != nil {
		d.pos += n
		d.fail("%s: %v", what, err)
	}
	d.pos += n
	return v
}

// count reads a vector length and bounds it by the bytes that remain (every
// element takes at least min bytes) and by maxItems.
func (d *decoder) count(what string, min int) int {
	start := d.pos
	n := d.u32(what + " count")
	if int64(n)*int64(min) > int64(d.remaining()) || n > maxItems {
		d.pos = start
		d.fail("%s count %d exceeds the %d bytes that remain", what, n, d.remaining())
	}
	return int(n)
}

func (d *decoder) bytes(n int, what string) []byte {
	if n < 0 || n > d.remaining() {
		d.fail("%s of %d bytes exceeds the %d bytes that remain", what, n, d.remaining())
	}
	b := d.b[d.pos : d.pos+n]
	d.pos += n
	return b
}

func (d *decoder) name(what string) string {
	start := d.pos
	n := d.u32(what + " length")
	if int64(n) > int64(d.remaining()) {
		d.pos = start
		d.fail("%s length %d exceeds the %d bytes that remain", what, n, d.remaining())
	}
	b := d.b[d.pos : d.pos+int(n)]
	if !utf8.Valid(b) {
		d.fail("%s is not valid UTF-8", what)
	}
	d.pos += int(n)
	return string(b)
}

// Decode decodes a component binary. Decode followed by Encode gives back the
// same bytes.
func Decode(b []byte) (c *Component, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, ok := r.(decodePanic)
			if !ok {
				panic(r)
			}
			c, err = nil, p.err
		}
	}()
	d := &decoder{b: b}
	c = d.component()
	return c, nil
}

func (d *decoder) component() *Component {
	if d.depth > maxNesting {
		d.fail("components nested deeper than %d", maxNesting)
	}
	if d.remaining() < 8 {
		if d.remaining() >= 4 && !bytes.Equal(d.b[d.pos:d.pos+4], magic) {
			d.failErr(ErrBadMagic)
		}
		d.fail("expected 8-byte preamble, found %d bytes", d.remaining())
	}
	if !bytes.Equal(d.b[d.pos:d.pos+4], magic) {
		d.failErr(ErrBadMagic)
	}
	d.pos += 4
	c := &Component{}
	c.Version = uint16(d.b[d.pos]) | uint16(d.b[d.pos+1])<<8
	c.Layer = uint16(d.b[d.pos+2]) | uint16(d.b[d.pos+3])<<8
	if c.Layer == 0 {
		d.failErr(ErrNotComponent)
	}
	if c.Layer != 1 || c.Version != 0x0d {
		d.fail("unsupported component version 0x%x layer %d (want version 0x0d layer 1): %w", c.Version, c.Layer, ErrUnsupported)
	}
	d.pos += 4
	for d.remaining() > 0 {
		c.Sections = append(c.Sections, d.sectionAt())
	}
	return c
}

func (d *decoder) sectionAt() Section {
	start := d.pos
	d.section = ""
	id := SectionID(d.byte1("section id"))
	if id > SectionValue {
		d.pos = start
		d.fail("unknown section id 0x%02x", byte(id))
	}
	size := d.u32("section size")
	if int64(size) > int64(d.remaining()) {
		d.fail("%s section size %d exceeds the %d bytes that remain", id, size, d.remaining())
	}
	d.section = id.String()
	sd := &decoder{b: d.b[d.pos : d.pos+int(size)], base: d.base + d.pos, section: d.section, depth: d.depth}
	s := sd.sectionBody(id)
	if sd.remaining() != 0 {
		sd.fail("%d unread bytes at the end of the section", sd.remaining())
	}
	d.pos += int(size)
	orig := d.b[start:d.pos]
	canon := appendSection(nil, s)
	if !bytes.Equal(orig, canon) {
		o := s.origin()
		o.orig, o.canon = orig, canon
	}
	return s
}

func (d *decoder) sectionBody(id SectionID) Section {
	switch id {
	case SectionCustom:
		return d.custom()
	case SectionCoreModule:
		return &CoreModuleSection{Module: d.bytes(d.remaining(), "core module")}
	case SectionCoreInstance:
		s := &CoreInstanceSection{}
		n := d.count("core instance", 2)
		s.Instances = make([]CoreInstance, n)
		for i := range s.Instances {
			s.Instances[i] = d.coreInstance()
		}
		return s
	case SectionCoreType:
		s := &CoreTypeSection{}
		n := d.count("core type", 1)
		s.Types = make([]CoreType, n)
		for i := range s.Types {
			s.Types[i] = d.coreType()
		}
		return s
	case SectionComponent:
		sd := &decoder{b: d.b[d.pos:], base: d.base + d.pos, depth: d.depth + 1}
		c := sd.component()
		d.pos = len(d.b)
		return &ComponentSection{Component: c}
	case SectionInstance:
		s := &InstanceSection{}
		n := d.count("instance", 2)
		s.Instances = make([]Instance, n)
		for i := range s.Instances {
			s.Instances[i] = d.instance()
		}
		return s
	case SectionAlias:
		s := &AliasSection{}
		n := d.count("alias", 3)
		s.Aliases = make([]Alias, n)
		for i := range s.Aliases {
			s.Aliases[i] = d.alias()
		}
		return s
	case SectionType:
		s := &TypeSection{}
		n := d.count("type", 1)
		s.Types = make([]TypeDef, n)
		for i := range s.Types {
			s.Types[i] = d.typeDef()
		}
		return s
	case SectionCanon:
		s := &CanonSection{}
		n := d.count("canon", 2)
		s.Funcs = make([]Canon, n)
		for i := range s.Funcs {
			s.Funcs[i] = d.canon()
		}
		return s
	case SectionStart:
		s := &StartSection{}
		s.Func = d.u32("start function index")
		n := d.count("start argument", 1)
		s.Args = make([]uint32, n)
		for i := range s.Args {
			s.Args[i] = d.u32("start argument")
		}
		s.Results = d.u32("start result count")
		return s
	case SectionImport:
		s := &ImportSection{}
		n := d.count("import", 3)
		s.Imports = make([]Import, n)
		for i := range s.Imports {
			s.Imports[i] = Import{Name: d.externName("import name"), Desc: d.externDesc()}
		}
		return s
	case SectionExport:
		s := &ExportSection{}
		n := d.count("export", 4)
		s.Exports = make([]Export, n)
		for i := range s.Exports {
			e := Export{Name: d.externName("export name")}
			e.Sort = d.sort()
			e.Index = d.u32("export index")
			if d.optional("export type ascription") {
				ed := d.externDesc()
				e.Desc = &ed
			}
			s.Exports[i] = e
		}
		return s
	}
	d.fail("value sections are not supported: %w", ErrUnsupported)
	return nil
}

func (d *decoder) optional(what string) bool {
	switch b := d.byte1(what); b {
	case 0x00:
		return false
	case 0x01:
		return true
	default:
		d.pos--
		d.fail("expected 0x00 or 0x01 for optional %s, found 0x%02x", what, b)
	}
	return false
}

func (d *decoder) custom() Section {
	name := d.name("custom section name")
	data := d.b[d.pos:]
	d.pos = len(d.b)
	if name == "component-name" {
		if ns, ok := decodeNames(data); ok {
			return ns
		}
	}
	return &CustomSection{Name: name, Data: data}
}

// decodeNames parses the component-name section. An invalid name section is
// not an error (engines must accept it); it is then kept as a custom section.
func decodeNames(data []byte) (ns *NameSection, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, isDecode := r.(decodePanic); !isDecode {
				panic(r)
			}
			ns, ok = nil, false
		}
	}()
	d := &decoder{b: data, section: "component-name"}
	ns = &NameSection{}
	for d.remaining() > 0 {
		id := d.byte1("name subsection id")
		size := d.u32("name subsection size")
		body := d.bytes(int(min(size, uint32(d.remaining()+1))), "name subsection")
		sd := &decoder{b: body}
		sub := NameSubsection{ID: id}
		switch id {
		case 0:
			sub.Name = sd.name("component name")
		case 1:
			sub.Sort = sd.sort()
			n := sd.count("name", 2)
			sub.Names = make([]NameAssoc, n)
			for i := range sub.Names {
				sub.Names[i] = NameAssoc{Index: sd.u32("index"), Name: sd.name("name")}
			}
		default:
			sub.Raw = body
			sd.pos = len(body)
		}
		if sd.remaining() != 0 {
			sd.fail("trailing bytes")
		}
		ns.Subsections = append(ns.Subsections, sub)
	}
	return ns, true
}

func (d *decoder) sort() Sort {
	b := d.byte1("sort")
	switch b {
	case 0x00:
		c := d.byte1("core sort")
		for i, cb := range coreSortBytes {
			if cb == c {
				return Sort(i)
			}
		}
		d.pos--
		d.fail("expected core sort, found 0x%02x", c)
	case 0x01, 0x02, 0x03, 0x04, 0x05:
		return SortFunc + Sort(b-1)
	}
	d.pos--
	d.fail("expected sort, found 0x%02x", b)
	return 0
}

func (d *decoder) coreSort() Sort {
	c := d.byte1("core sort")
	for i, cb := range coreSortBytes {
		if cb == c {
			return Sort(i)
		}
	}
	d.pos--
	d.fail("expected core sort, found 0x%02x", c)
	return 0
}

func (d *decoder) externName(what string) ExternName {
	p := d.byte1(what)
	if p != 0x00 && p != 0x01 {
		d.pos--
		d.fail("expected %s prefix 0x00, found 0x%02x", what, p)
	}
	return ExternName{Prefix: p, Name: d.name(what)}
}

func (d *decoder) coreInstance() CoreInstance {
	switch k := d.byte1("core instance kind"); k {
	case 0x00:
		ci := CoreInstance{Module: d.u32("module index")}
		n := d.count("instantiate argument", 3)
		ci.Args = make([]CoreInstantiateArg, n)
		for i := range ci.Args {
			a := CoreInstantiateArg{Name: d.name("argument name")}
			if s := d.byte1("instance sort"); s != 0x12 {
				d.pos--
				d.fail("expected core instance sort 0x12, found 0x%02x", s)
			}
			a.Instance = d.u32("core instance index")
			ci.Args[i] = a
		}
		return ci
	case 0x01:
		ci := CoreInstance{Inline: true}
		n := d.count("inline export", 3)
		ci.Exports = make([]CoreInlineExport, n)
		for i := range ci.Exports {
			ci.Exports[i] = CoreInlineExport{Name: d.name("export name"), Sort: d.coreSort(), Index: d.u32("index")}
		}
		return ci
	default:
		d.pos--
		d.fail("expected core instance 0x00 or 0x01, found 0x%02x", k)
	}
	return CoreInstance{}
}

func (d *decoder) instance() Instance {
	switch k := d.byte1("instance kind"); k {
	case 0x00:
		in := Instance{Component: d.u32("component index")}
		n := d.count("instantiate argument", 3)
		in.Args = make([]InstantiateArg, n)
		for i := range in.Args {
			in.Args[i] = InstantiateArg{Name: d.name("argument name"), Sort: d.sort(), Index: d.u32("index")}
		}
		return in
	case 0x01:
		in := Instance{Inline: true}
		n := d.count("inline export", 4)
		in.Exports = make([]InlineExport, n)
		for i := range in.Exports {
			in.Exports[i] = InlineExport{Name: d.externName("export name"), Sort: d.sort(), Index: d.u32("index")}
		}
		return in
	default:
		d.pos--
		d.fail("expected instance 0x00 or 0x01, found 0x%02x", k)
	}
	return Instance{}
}

func (d *decoder) alias() Alias {
	a := Alias{Sort: d.sort()}
	a.Kind = AliasKind(d.byte1("alias target"))
	switch a.Kind {
	case AliasExport:
		a.Instance = d.u32("instance index")
		a.Name = d.name("export name")
	case AliasCoreExport:
		a.Instance = d.u32("core instance index")
		a.Name = d.name("export name")
	case AliasOuter:
		a.Count = d.u32("outer count")
		a.Index = d.u32("outer index")
	default:
		d.pos--
		d.fail("expected alias target 0x00, 0x01 or 0x02, found 0x%02x", byte(a.Kind))
	}
	return a
}

func (d *decoder) canon() Canon {
	start := d.pos
	c := Canon{Kind: CanonKind(d.byte1("canon opcode"))}
	switch c.Kind {
	case CanonLift:
		d.expect(0x00, "core func sort")
		c.Func = d.u32("core func index")
		c.Opts = d.canonOpts()
		c.Type = d.u32("type index")
	case CanonLower:
		d.expect(0x00, "func sort")
		c.Func = d.u32("func index")
		c.Opts = d.canonOpts()
	case CanonResourceNew, CanonResourceDrop, CanonResourceRep:
		c.Type = d.u32("resource type index")
	default:
		d.pos = start
		d.fail("canon opcode 0x%02x (async or threads) is not supported: %w", byte(c.Kind), ErrUnsupported)
	}
	return c
}

func (d *decoder) expect(b byte, what string) {
	if got := d.byte1(what); got != b {
		d.pos--
		d.fail("expected %s 0x%02x, found 0x%02x", what, b, got)
	}
}

func (d *decoder) canonOpts() []CanonOpt {
	n := d.count("canon option", 1)
	opts := make([]CanonOpt, n)
	for i := range opts {
		o := CanonOpt{Kind: d.byte1("canon option")}
		switch o.Kind {
		case OptUTF8, OptUTF16, OptLatin1, OptAsync:
		case OptMemory, OptRealloc, OptPostReturn, OptCallback:
			o.Index = d.u32("canon option index")
		default:
			d.pos--
			d.fail("expected canon option, found 0x%02x", o.Kind)
		}
		opts[i] = o
	}
	return opts
}

func (d *decoder) externDesc() ExternDesc {
	ed := ExternDesc{Kind: ExternKind(d.byte1("externdesc"))}
	switch ed.Kind {
	case ExternCoreModule:
		d.expect(0x11, "core module sort")
		ed.Index = d.u32("core type index")
	case ExternFunc, ExternComponent, ExternInstance:
		ed.Index = d.u32("type index")
	case ExternValue:
		switch b := d.byte1("value bound"); b {
		case 0x00:
			ed.ValueEq = true
			ed.Index = d.u32("value index")
		case 0x01:
			ed.Value = d.valType()
		default:
			d.pos--
			d.fail("expected value bound, found 0x%02x", b)
		}
	case ExternType:
		switch b := d.byte1("type bound"); b {
		case 0x00:
			ed.Index = d.u32("type index")
		case 0x01:
			ed.SubResource = true
		default:
			d.pos--
			d.fail("expected type bound 0x00 or 0x01, found 0x%02x", b)
		}
	default:
		d.pos--
		d.fail("expected externdesc kind, found 0x%02x", byte(ed.Kind))
	}
	return ed
}

func (d *decoder) valType() ValType {
	b := d.peek("valtype")
	if isPrim(b) {
		d.pos++
		return ValType{Prim: PrimValType(b)}
	}
	v, n, err := leb128.DecodeInt64(d.b[d.pos:], 33)
	if err != nil {
		d.pos += n
		d.fail("valtype: %v", err)
	}
	if v < 0 {
		d.fail("expected valtype, found 0x%02x", b)
	}
	d.pos += n
	return ValType{Index: uint32(v)}
}

func (d *decoder) optValType() *ValType {
	if !d.optional("type") {
		return nil
	}
	t := d.valType()
	return &t
}

func (d *decoder) labels(what string) []string {
	n := d.count(what, 1)
	l := make([]string, n)
	for i := range l {
		l[i] = d.name(what)
	}
	return l
}

func (d *decoder) fields(what string) []Field {
	n := d.count(what, 2)
	f := make([]Field, n)
	for i := range f {
		f[i] = Field{Name: d.name(what + " name"), Type: d.valType()}
	}
	return f
}

func (d *decoder) typeDef() TypeDef {
	b := d.byte1("type")
	if isPrim(b) {
		return PrimType{Type: PrimValType(b)}
	}
	switch b {
	case 0x72:
		return &Record{Fields: d.fields("record field")}
	case 0x71:
		n := d.count("variant case", 3)
		cases := make([]Case, n)
		for i := range cases {
			c := Case{Name: d.name("case name"), Type: d.optValType()}
			if d.optional("case refines") {
				r := d.u32("refines index")
				c.Refines = &r
			}
			cases[i] = c
		}
		return &Variant{Cases: cases}
	case 0x70:
		return &List{Elem: d.valType()}
	case 0x67:
		return &FixedList{Elem: d.valType(), Len: d.u32("list length")}
	case 0x6f:
		n := d.count("tuple type", 1)
		ts := make([]ValType, n)
		for i := range ts {
			ts[i] = d.valType()
		}
		return &Tuple{Types: ts}
	case 0x6e:
		return &Flags{Names: d.labels("flag")}
	case 0x6d:
		return &Enum{Names: d.labels("enum case")}
	case 0x6b:
		return &Option{Type: d.valType()}
	case 0x6a:
		return &Result{Ok: d.optValType(), Err: d.optValType()}
	case 0x69:
		return &Own{Type: d.u32("resource type index")}
	case 0x68:
		return &Borrow{Type: d.u32("resource type index")}
	case 0x66:
		return &Stream{Elem: d.optValType()}
	case 0x65:
		return &Future{Elem: d.optValType()}
	case 0x40, 0x43:
		ft := &FuncType{Async: b == 0x43, Params: d.fields("param")}
		switch r := d.byte1("result list"); r {
		case 0x00:
			t := d.valType()
			ft.Result = &t
		case 0x01:
			ft.Results = d.fields("result")
		default:
			d.pos--
			d.fail("expected result list 0x00 or 0x01, found 0x%02x", r)
		}
		return ft
	case 0x41:
		return &ComponentType{Decls: d.decls(true)}
	case 0x42:
		return &InstanceType{Decls: d.decls(false)}
	case 0x3f, 0x3e:
		rt := &ResourceType{Async: b == 0x3e}
		rt.Rep = CoreValType(d.byte1("resource representation"))
		if rt.Rep != I32 {
			d.pos--
			d.fail("expected resource representation i32 (0x7f), found 0x%02x", byte(rt.Rep))
		}
		if d.optional("destructor") {
			f := d.u32("destructor index")
			rt.Dtor = &f
		}
		if rt.Async && d.optional("callback") {
			f := d.u32("callback index")
			rt.Callback = &f
		}
		return rt
	}
	d.pos--
	d.fail("expected type, found 0x%02x", b)
	return nil
}

func (d *decoder) decls(component bool) []Decl {
	d.depth++
	defer func() { d.depth-- }()
	if d.depth > maxNesting {
		d.fail("types nested deeper than %d", maxNesting)
	}
	n := d.count("declaration", 2)
	decls := make([]Decl, n)
	for i := range decls {
		decl := Decl{Kind: DeclKind(d.byte1("declaration"))}
		switch decl.Kind {
		case DeclCoreType:
			decl.CoreType = d.coreType()
		case DeclType:
			decl.Type = d.typeDef()
		case DeclAlias:
			decl.Alias = d.alias()
		case DeclImport, DeclExport:
			if decl.Kind == DeclImport && !component {
				d.pos--
				d.fail("import declaration in an instance type")
			}
			decl.Name = d.externName("declaration name")
			decl.Desc = d.externDesc()
		default:
			d.pos--
			d.fail("expected declaration 0x00-0x04, found 0x%02x", byte(decl.Kind))
		}
		decls[i] = decl
	}
	return decls
}

func (d *decoder) coreValType() CoreValType {
	b := d.byte1("core valtype")
	switch CoreValType(b) {
	case I32, I64, F32, F64, V128, FuncRef, ExternRef:
		return CoreValType(b)
	}
	d.pos--
	d.fail("expected core valtype, found 0x%02x", b)
	return 0
}

func (d *decoder) coreType() CoreType {
	switch b := d.byte1("core type"); b {
	case 0x60:
		ft := &CoreFuncType{}
		n := d.count("param", 1)
		ft.Params = make([]CoreValType, n)
		for i := range ft.Params {
			ft.Params[i] = d.coreValType()
		}
		n = d.count("result", 1)
		ft.Results = make([]CoreValType, n)
		for i := range ft.Results {
			ft.Results[i] = d.coreValType()
		}
		return ft
	case 0x50:
		d.depth++
		defer func() { d.depth-- }()
		if d.depth > maxNesting {
			d.fail("types nested deeper than %d", maxNesting)
		}
		mt := &CoreModuleType{}
		n := d.count("module declaration", 2)
		mt.Decls = make([]CoreModuleDecl, n)
		for i := range mt.Decls {
			decl := CoreModuleDecl{Kind: d.byte1("module declaration")}
			switch decl.Kind {
			case 0x00:
				decl.Module = d.name("import module")
				decl.Name = d.name("import name")
				decl.Desc = d.coreExternDesc()
			case 0x01:
				decl.Type = d.coreType()
			case 0x02:
				decl.Alias.Sort = d.coreSort()
				d.expect(0x01, "outer alias target")
				decl.Alias.Count = d.u32("outer count")
				decl.Alias.Index = d.u32("outer index")
			case 0x03:
				decl.Name = d.name("export name")
				decl.Desc = d.coreExternDesc()
			default:
				d.pos--
				d.fail("expected module declaration 0x00-0x03, found 0x%02x", decl.Kind)
			}
			mt.Decls[i] = decl
		}
		return mt
	default:
		d.pos--
		d.fail("expected core type 0x60 or 0x50, found 0x%02x (GC types are not supported)", b)
	}
	return nil
}

func (d *decoder) coreExternDesc() CoreExternDesc {
	ed := CoreExternDesc{Kind: d.byte1("core import kind")}
	switch ed.Kind {
	case 0x00:
		ed.Type = d.u32("type index")
	case 0x01:
		ed.Elem = d.coreValType()
		if ed.Elem != FuncRef && ed.Elem != ExternRef {
			d.pos--
			d.fail("expected reference type, found 0x%02x", byte(ed.Elem))
		}
		ed.Limits = d.limits()
	case 0x02:
		ed.Limits = d.limits()
	case 0x03:
		ed.Val = d.coreValType()
		switch m := d.byte1("global mutability"); m {
		case 0, 1:
			ed.Mutable = m == 1
		default:
			d.pos--
			d.fail("expected global mutability 0x00 or 0x01, found 0x%02x", m)
		}
	case 0x04:
		d.expect(0x00, "tag attribute")
		ed.Type = d.u32("type index")
	default:
		d.pos--
		d.fail("expected core import kind 0x00-0x04, found 0x%02x", ed.Kind)
	}
	return ed
}

func (d *decoder) limits() Limits {
	l := Limits{Flags: d.byte1("limits")}
	if l.Flags > 0x0f {
		d.pos--
		d.fail("expected limits flags, found 0x%02x", l.Flags)
	}
	wide := l.Flags&0x04 != 0
	read := func(what string) uint64 {
		if wide {
			return d.u64(what)
		}
		return uint64(d.u32(what))
	}
	l.Min = read("minimum")
	if l.Flags&0x01 != 0 {
		l.Max = read("maximum")
	}
	if l.Flags&0x08 != 0 {
		l.PageLog2 = d.u32("page size")
	}
	return l
}
