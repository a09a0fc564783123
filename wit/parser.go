package wit

import (
	"fmt"
	"strconv"
	"strings"
)

// MaxFileSize bounds the size of one WIT source file.
const MaxFileSize = 16 << 20

// maxDepth bounds the nesting of type expressions.
const maxDepth = 100

// maxErrors stops parsing after this many errors.
const maxErrors = 50

// ParseFile parses one WIT file. On error it returns the partial AST and an
// ErrorList of positioned errors.
func ParseFile(filename string, src []byte) (*File, error) {
	var errs ErrorList
	if len(src) > MaxFileSize {
		return &File{Path: filename}, ErrorList{{Pos: Pos{File: filename}, Msg: fmt.Sprintf("file is %d bytes, more than the limit of %d", len(src), MaxFileSize)}}
	}
	p := &parser{lx: newLexer(filename, src, &errs), errs: &errs}
	f := p.parseFile()
	f.Path = filename
	return f, errs.Err()
}

type parser struct {
	lx    *lexer
	tok   token
	errs  *ErrorList
	depth int
}

type bailout struct{}

func (p *parser) next() {
	p.tok = p.lx.next()
}

func (p *parser) errorf(pos Pos, format string, args ...any) {
	*p.errs = append(*p.errs, &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)})
	if len(*p.errs) >= maxErrors {
		panic(bailout{})
	}
}

func (p *parser) expect(k tokKind) token {
	t := p.tok
	if t.kind != k {
		p.errorf(t.pos, "expected %s, found %s", tokNames[k], t.describe())
		panic(bailout{})
	}
	p.next()
	return t
}

func (p *parser) got(k tokKind) bool {
	if p.tok.kind == k {
		p.next()
		return true
	}
	return false
}

// isKw reports whether the current token is the keyword kw (not %-escaped).
func (p *parser) isKw(kw string) bool {
	return p.tok.kind == tIdent && !p.tok.explicit && p.tok.text == kw
}

func (p *parser) ident() (string, Pos) {
	t := p.expect(tIdent)
	if !t.explicit && keywords[t.text] {
		p.errorf(t.pos, "expected an identifier, found keyword `%s` (write %%%s to use it as a name)", t.text, t.text)
	}
	return t.text, t.pos
}

// docs returns the doc comments attached to the current token.
func (p *parser) docs() string { return p.tok.docs }

func (p *parser) parseFile() (f *File) {
	f = &File{}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(bailout); !ok {
				panic(r)
			}
		}
	}()
	p.next()
	// Optional header.
	for p.tok.kind != tEOF {
		docs := p.docs()
		if p.isKw("package") {
			pos := p.tok.pos
			p.next()
			name := p.packageName()
			if p.got(tLBrace) {
				pd := &PackageDecl{Pos: pos, Docs: docs, Name: name, Nested: true}
				for p.tok.kind != tRBrace && p.tok.kind != tEOF {
					pd.Items = append(pd.Items, p.topItem(true))
				}
				p.expect(tRBrace)
				f.Nested = append(f.Nested, pd)
				continue
			}
			p.expect(tSemi)
			if f.Package != nil {
				p.errorf(pos, "duplicate package header (first at %s)", f.Package.Pos)
			}
			if len(f.Items) > 0 || len(f.Nested) > 0 {
				p.errorf(pos, "the package header must come before any item")
			}
			f.Package = &PackageDecl{Pos: pos, Docs: docs, Name: name}
			continue
		}
		d := p.topItem(false)
		if f.Package != nil {
			f.Package.Items = append(f.Package.Items, d)
		} else {
			f.Items = append(f.Items, d)
		}
	}
	return f
}

func (p *parser) packageName() PackageName {
	ns, _ := p.ident()
	p.expect(tColon)
	name, _ := p.ident()
	for p.tok.kind == tColon { // nested namespaces: a:b:c
		p.next()
		n, _ := p.ident()
		ns += ":" + name
		name = n
	}
	pn := PackageName{Namespace: ns, Name: name}
	if p.got(tAt) {
		pn.Version = p.version()
	}
	return pn
}

func (p *parser) version() string {
	t := p.tok
	if t.kind != tNumber {
		p.errorf(t.pos, "expected a version, found %s", t.describe())
		panic(bailout{})
	}
	p.next()
	if err := checkSemver(t.text); err != nil {
		p.errorf(t.pos, "invalid version %q: %v", t.text, err)
	}
	return t.text
}

func (p *parser) gates() []Gate {
	var gs []Gate
	for p.tok.kind == tAt {
		pos := p.tok.pos
		p.next()
		kind, kpos := p.ident()
		p.expect(tLParen)
		key, _ := p.ident()
		p.expect(tEq)
		g := Gate{Pos: pos, Kind: kind}
		switch kind {
		case "since", "deprecated":
			if key != "version" {
				p.errorf(kpos, "@%s takes `version = …`, not %q", kind, key)
			}
			g.Value = p.version()
			if p.got(tComma) { // legacy `, feature = x`
				if p.isKw("feature") {
					p.next()
					p.expect(tEq)
					p.ident()
				}
			}
		case "unstable":
			if key != "feature" {
				p.errorf(kpos, "@unstable takes `feature = …`, not %q", key)
			}
			g.Value, _ = p.ident()
		default:
			p.errorf(kpos, "unknown attribute @%s (want since, unstable or deprecated)", kind)
			panic(bailout{})
		}
		p.expect(tRParen)
		gs = append(gs, g)
	}
	return gs
}

func (p *parser) topItem(nested bool) Decl {
	docs := p.docs()
	gates := p.gates()
	if docs == "" {
		docs = p.docs()
	}
	switch {
	case p.isKw("interface"):
		return p.interfaceDecl(docs, gates)
	case p.isKw("world"):
		return p.worldDecl(docs, gates)
	case p.isKw("use"):
		pos := p.tok.pos
		p.next()
		u := &UseDecl{Pos: pos, Docs: docs, Gates: gates, Top: true, Path: p.usePath()}
		if p.isKw("as") {
			p.next()
			u.As, _ = p.ident()
		}
		p.expect(tSemi)
		return u
	case p.isKw("package") && nested:
		p.errorf(p.tok.pos, "package blocks cannot be nested in package blocks")
		panic(bailout{})
	}
	p.errorf(p.tok.pos, "expected `interface`, `world`, `use` or `package`, found %s", p.tok.describe())
	panic(bailout{})
}

func (p *parser) usePath() UsePath {
	name, pos := p.ident()
	if p.tok.kind != tColon {
		return UsePath{Pos: pos, Name: name}
	}
	p.next()
	pkg, _ := p.ident()
	ns := name
	for p.tok.kind == tColon {
		p.next()
		n, _ := p.ident()
		ns += ":" + pkg
		pkg = n
	}
	p.expect(tSlash)
	iface, _ := p.ident()
	pn := &PackageName{Namespace: ns, Name: pkg}
	if p.got(tAt) {
		pn.Version = p.version()
	}
	return UsePath{Pos: pos, Package: pn, Name: iface}
}

func (p *parser) interfaceDecl(docs string, gates []Gate) *InterfaceDecl {
	pos := p.tok.pos
	p.next()
	name, _ := p.ident()
	d := &InterfaceDecl{Pos: pos, Docs: docs, Gates: gates, Name: name}
	d.Items = p.interfaceBody()
	return d
}

func (p *parser) interfaceBody() []Decl {
	p.expect(tLBrace)
	var items []Decl
	for p.tok.kind != tRBrace {
		if p.tok.kind == tEOF {
			p.expect(tRBrace)
		}
		docs := p.docs()
		gates := p.gates()
		if docs == "" {
			docs = p.docs()
		}
		switch {
		case p.isKw("use"):
			items = append(items, p.useDecl(docs, gates))
		case p.typeKeyword():
			items = append(items, p.typeDecl(docs, gates))
		default:
			items = append(items, p.funcDecl(docs, gates, false))
		}
	}
	p.next()
	return items
}

func (p *parser) typeKeyword() bool {
	if p.tok.kind != tIdent || p.tok.explicit {
		return false
	}
	switch p.tok.text {
	case "type", "record", "variant", "enum", "flags", "resource":
		return true
	}
	return false
}

func (p *parser) useDecl(docs string, gates []Gate) *UseDecl {
	pos := p.tok.pos
	p.next()
	u := &UseDecl{Pos: pos, Docs: docs, Gates: gates, Path: p.usePath()}
	p.expect(tDot)
	p.expect(tLBrace)
	for p.tok.kind != tRBrace {
		n, npos := p.ident()
		un := UseName{Pos: npos, Name: n}
		if p.isKw("as") {
			p.next()
			un.As, _ = p.ident()
		}
		u.Names = append(u.Names, un)
		if !p.got(tComma) {
			break
		}
	}
	p.expect(tRBrace)
	p.expect(tSemi)
	if len(u.Names) == 0 {
		p.errorf(pos, "empty `use` list")
	}
	return u
}

func (p *parser) typeDecl(docs string, gates []Gate) *TypeDecl {
	kind := p.tok.text
	pos := p.tok.pos
	p.next()
	name, _ := p.ident()
	d := &TypeDecl{Pos: pos, Docs: docs, Gates: gates, Kind: kind, Name: name}
	switch kind {
	case "type":
		p.expect(tEq)
		d.Alias = p.typeExpr()
		p.expect(tSemi)
	case "resource":
		if p.got(tSemi) {
			return d
		}
		d.Body = true
		p.expect(tLBrace)
		for p.tok.kind != tRBrace {
			if p.tok.kind == tEOF {
				p.expect(tRBrace)
			}
			fdocs := p.docs()
			fgates := p.gates()
			if fdocs == "" {
				fdocs = p.docs()
			}
			d.Funcs = append(d.Funcs, p.funcDecl(fdocs, fgates, true))
		}
		p.next()
		p.got(tSemi)
	default:
		p.expect(tLBrace)
		for p.tok.kind != tRBrace {
			c := CaseDecl{Docs: p.docs()}
			c.Gates = p.gates()
			if c.Docs == "" {
				c.Docs = p.docs()
			}
			c.Name, c.Pos = p.ident()
			switch kind {
			case "record":
				p.expect(tColon)
				c.Type = p.typeExpr()
			case "variant":
				if p.got(tLParen) {
					c.Type = p.typeExpr()
					p.expect(tRParen)
				}
			}
			d.Cases = append(d.Cases, c)
			if !p.got(tComma) {
				break
			}
		}
		p.expect(tRBrace)
		if len(d.Cases) == 0 {
			p.errorf(pos, "%s %q has no cases", kind, name)
		}
	}
	return d
}

// funcDecl parses `name: [async] [static] func(…) [-> T];`, and in resources
// also `constructor(…);`.
func (p *parser) funcDecl(docs string, gates []Gate, inResource bool) *FuncDecl {
	if inResource && p.isKw("constructor") {
		pos := p.tok.pos
		p.next()
		f := &FuncDecl{Pos: pos, Docs: docs, Gates: gates, Name: "constructor", Kind: Constructor}
		f.Params = p.params()
		if p.got(tArrow) {
			f.Result = p.typeExpr()
		}
		p.expect(tSemi)
		return f
	}
	name, pos := p.ident()
	p.expect(tColon)
	f := &FuncDecl{Pos: pos, Docs: docs, Gates: gates, Name: name}
	if inResource {
		f.Kind = Method
	}
	for {
		if p.isKw("async") {
			p.next()
			f.Async = true
			continue
		}
		if inResource && p.isKw("static") {
			p.next()
			f.Kind = Static
			continue
		}
		break
	}
	if !p.isKw("func") {
		p.errorf(p.tok.pos, "expected `func`, found %s", p.tok.describe())
		panic(bailout{})
	}
	p.next()
	f.Params = p.params()
	if p.got(tArrow) {
		if p.tok.kind == tLParen {
			p.errorf(p.tok.pos, "named results `-> (a: T, …)` are no longer part of WIT; return a single type (a tuple or record)")
			panic(bailout{})
		}
		f.Result = p.typeExpr()
	}
	p.expect(tSemi)
	return f
}

func (p *parser) params() []ParamDecl {
	p.expect(tLParen)
	var ps []ParamDecl
	for p.tok.kind != tRParen {
		n, pos := p.ident()
		p.expect(tColon)
		ps = append(ps, ParamDecl{Pos: pos, Name: n, Type: p.typeExpr()})
		if !p.got(tComma) {
			break
		}
	}
	p.expect(tRParen)
	return ps
}

var primByName = map[string]Primitive{
	"bool": Bool, "s8": S8, "u8": U8, "s16": S16, "u16": U16, "s32": S32, "u32": U32,
	"s64": S64, "u64": U64, "f32": F32, "f64": F64,
	"char": Char, "string": String, "error-context": ErrorContext,
}

func (p *parser) typeExpr() TypeExpr {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		p.errorf(p.tok.pos, "types nested more than %d deep", maxDepth)
		panic(bailout{})
	}
	t := p.tok
	if t.kind != tIdent {
		p.errorf(t.pos, "expected a type, found %s", t.describe())
		panic(bailout{})
	}
	p.next()
	if t.explicit {
		return &NamedType{Pos: t.pos, Name: t.text}
	}
	if prim, ok := primByName[t.text]; ok {
		return &PrimType{Pos: t.pos, Prim: prim}
	}
	g := &GenericType{Pos: t.pos, Kind: t.text}
	switch t.text {
	case "list":
		p.expect(tLAngle)
		g.Args = []TypeExpr{p.typeExpr()}
		if p.got(tComma) {
			nt := p.expect(tNumber)
			n, err := strconv.ParseUint(nt.text, 10, 32)
			if err != nil || n == 0 {
				p.errorf(nt.pos, "invalid fixed list length %q", nt.text)
			}
			g.Size = uint32(n)
		}
		p.expect(tRAngle)
	case "option":
		p.expect(tLAngle)
		g.Args = []TypeExpr{p.typeExpr()}
		p.expect(tRAngle)
	case "own", "borrow":
		p.expect(tLAngle)
		n, pos := p.ident()
		g.Args = []TypeExpr{&NamedType{Pos: pos, Name: n}}
		p.expect(tRAngle)
	case "tuple":
		p.expect(tLAngle)
		for p.tok.kind != tRAngle {
			g.Args = append(g.Args, p.typeExpr())
			if !p.got(tComma) {
				break
			}
		}
		if len(g.Args) == 0 {
			p.errorf(t.pos, "tuple<> must have at least one type")
		}
		p.expect(tRAngle)
	case "result":
		g.Args = []TypeExpr{nil, nil}
		if p.got(tLAngle) {
			if p.got(tUnderscore) {
				p.expect(tComma)
				g.Args[1] = p.typeExpr()
			} else {
				g.Args[0] = p.typeExpr()
				if p.got(tComma) {
					g.Args[1] = p.typeExpr()
				}
			}
			p.expect(tRAngle)
		}
	case "future", "stream":
		g.Args = []TypeExpr{nil}
		if p.got(tLAngle) {
			g.Args[0] = p.typeExpr()
			p.expect(tRAngle)
		}
	default:
		return &NamedType{Pos: t.pos, Name: t.text}
	}
	return g
}

func (p *parser) worldDecl(docs string, gates []Gate) *WorldDecl {
	pos := p.tok.pos
	p.next()
	name, _ := p.ident()
	w := &WorldDecl{Pos: pos, Docs: docs, Gates: gates, Name: name}
	p.expect(tLBrace)
	for p.tok.kind != tRBrace {
		if p.tok.kind == tEOF {
			p.expect(tRBrace)
		}
		idocs := p.docs()
		igates := p.gates()
		if idocs == "" {
			idocs = p.docs()
		}
		switch {
		case p.isKw("use"):
			w.Items = append(w.Items, p.useDecl(idocs, igates))
		case p.typeKeyword():
			w.Items = append(w.Items, p.typeDecl(idocs, igates))
		case p.isKw("import"), p.isKw("export"):
			w.Items = append(w.Items, p.importExport(idocs, igates))
		case p.isKw("include"):
			ipos := p.tok.pos
			p.next()
			inc := &IncludeDecl{Pos: ipos, Docs: idocs, Gates: igates, Path: p.usePath()}
			if p.isKw("with") {
				p.next()
				p.expect(tLBrace)
				for p.tok.kind != tRBrace {
					n, npos := p.ident()
					if !p.isKw("as") {
						p.errorf(p.tok.pos, "expected `as`, found %s", p.tok.describe())
						panic(bailout{})
					}
					p.next()
					as, _ := p.ident()
					inc.With = append(inc.With, UseName{Pos: npos, Name: n, As: as})
					if !p.got(tComma) {
						break
					}
				}
				p.expect(tRBrace)
				p.got(tSemi)
			} else {
				p.expect(tSemi)
			}
			w.Items = append(w.Items, inc)
		default:
			p.errorf(p.tok.pos, "expected `import`, `export`, `include`, `use` or a type in world %q, found %s", name, p.tok.describe())
			panic(bailout{})
		}
	}
	p.next()
	return w
}

func (p *parser) importExport(docs string, gates []Gate) *ImportExportDecl {
	d := &ImportExportDecl{Pos: p.tok.pos, Docs: docs, Gates: gates, Export: p.tok.text == "export"}
	p.next()
	// `name: func…`, `name: interface {…}`, or a path.
	first, fpos := p.ident()
	if p.tok.kind == tColon {
		// Could be `ns:pkg/iface` (a path) or `name: …`.
		p.next()
		if p.tok.kind == tIdent && !p.tok.explicit && (p.tok.text == "func" || p.tok.text == "async" || p.tok.text == "interface") {
			d.Name = first
			if p.isKw("interface") {
				ipos := p.tok.pos
				p.next()
				d.Interface = &InterfaceDecl{Pos: ipos, Items: p.interfaceBody()}
				p.got(tSemi)
				return d
			}
			f := &FuncDecl{Pos: fpos, Docs: docs, Name: first}
			if p.isKw("async") {
				p.next()
				f.Async = true
			}
			if !p.isKw("func") {
				p.errorf(p.tok.pos, "expected `func`, found %s", p.tok.describe())
				panic(bailout{})
			}
			p.next()
			f.Params = p.params()
			if p.got(tArrow) {
				f.Result = p.typeExpr()
			}
			p.expect(tSemi)
			d.Func = f
			return d
		}
		// A package path: first is the namespace.
		pkg, _ := p.ident()
		ns := first
		for p.tok.kind == tColon {
			p.next()
			n, _ := p.ident()
			ns += ":" + pkg
			pkg = n
		}
		p.expect(tSlash)
		iface, _ := p.ident()
		pn := &PackageName{Namespace: ns, Name: pkg}
		if p.got(tAt) {
			pn.Version = p.version()
		}
		d.Path = &UsePath{Pos: fpos, Package: pn, Name: iface}
		p.expect(tSemi)
		return d
	}
	d.Path = &UsePath{Pos: fpos, Name: first}
	p.expect(tSemi)
	return d
}

// checkSemver validates a semantic version (https://semver.org).
func checkSemver(v string) error {
	core := v
	if i := strings.IndexByte(core, '+'); i >= 0 {
		build := core[i+1:]
		core = core[:i]
		if err := checkIdents(build, false); err != nil {
			return fmt.Errorf("build metadata: %w", err)
		}
	}
	if i := strings.IndexByte(core, '-'); i >= 0 {
		pre := core[i+1:]
		core = core[:i]
		if err := checkIdents(pre, true); err != nil {
			return fmt.Errorf("pre-release: %w", err)
		}
	}
	parts := strings.Split(core, ".")
	if len(parts) != 3 {
		return fmt.Errorf("want MAJOR.MINOR.PATCH")
	}
	for _, n := range parts {
		if n == "" || strings.Trim(n, "0123456789") != "" {
			return fmt.Errorf("%q is not a number", n)
		}
		if len(n) > 1 && n[0] == '0' {
			return fmt.Errorf("%q has a leading zero", n)
		}
	}
	return nil
}

func checkIdents(s string, pre bool) error {
	for _, id := range strings.Split(s, ".") {
		if id == "" {
			return fmt.Errorf("empty identifier")
		}
		for i := 0; i < len(id); i++ {
			c := id[i]
			if !(isIdentStart(c) || isDigit(c) || c == '-') {
				return fmt.Errorf("invalid character %q", c)
			}
		}
		if pre && strings.Trim(id, "0123456789") == "" && len(id) > 1 && id[0] == '0' {
			return fmt.Errorf("%q has a leading zero", id)
		}
	}
	return nil
}
