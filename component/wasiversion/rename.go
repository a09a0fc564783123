package wasiversion

import (
	"errors"
	"fmt"

	"github.com/wasmcp/wasmcp/component"
)

// ErrCollision: two names of one scope that differ only in their WASI 0.2
// version would become the same name.
var ErrCollision = errors.New("WASI names collide")

// Rename rewrites every WASI 0.2 interface name in c, and in the
// components nested in it, to release v: import and export names, the
// names of instantiation arguments and inline instance exports, the
// instance exports that aliases name, and the import and export
// declarations of component and instance types. Core modules, core
// instances and custom sections are left as they are.
//
// It does not check that v has what c uses (see Check). Two names of one
// scope that become equal (a component importing both
// wasi:io/poll@0.2.0 and wasi:io/poll@0.2.3) are an ErrCollision error;
// c is then partly renamed.
func Rename(c *component.Component, v Version) error {
	r := &renamer{to: v.String()}
	r.component(c, "component", true)
	return r.err
}

// RenameOuter is Rename without descending into nested components, for a
// caller that writes those from bytes of its own (renamed with Rename).
func RenameOuter(c *component.Component, v Version) error {
	r := &renamer{to: v.String()}
	r.component(c, "component", false)
	return r.err
}

type renamer struct {
	to  string
	err error
}

// name returns the renamed form of one name.
func (r *renamer) name(s string) string {
	iface, _, ok := nameVersion(s)
	if !ok {
		return s
	}
	return iface + "@" + r.to
}

// scope renames the names of one namespace (a component's imports, an
// instance type's exports, …), remembering each new name's old one to
// report collisions.
type scope struct {
	r     *renamer
	where string
	old   map[string]string
}

func (r *renamer) scope(where string) *scope {
	return &scope{r: r, where: where, old: map[string]string{}}
}

func (s *scope) rename(name string) string {
	n := s.r.name(name)
	if prev, ok := s.old[n]; ok && prev != name && s.r.err == nil {
		s.r.err = fmt.Errorf("%s: %q and %q would both become %q: %w", s.where, prev, name, n, ErrCollision)
	}
	s.old[n] = name
	return n
}

func (r *renamer) component(c *component.Component, where string, recurse bool) {
	imports := r.scope(where + " imports")
	exports := r.scope(where + " exports")
	var instances, nested int
	for _, s := range c.Sections {
		switch s := s.(type) {
		case *component.ImportSection:
			for i := range s.Imports {
				s.Imports[i].Name.Name = imports.rename(s.Imports[i].Name.Name)
			}
		case *component.ExportSection:
			for i := range s.Exports {
				s.Exports[i].Name.Name = exports.rename(s.Exports[i].Name.Name)
			}
		case *component.InstanceSection:
			for i := range s.Instances {
				in := &s.Instances[i]
				args := r.scope(fmt.Sprintf("%s instance %d arguments", where, instances))
				for j := range in.Args {
					in.Args[j].Name = args.rename(in.Args[j].Name)
				}
				xs := r.scope(fmt.Sprintf("%s instance %d exports", where, instances))
				for j := range in.Exports {
					in.Exports[j].Name.Name = xs.rename(in.Exports[j].Name.Name)
				}
				instances++
			}
		case *component.AliasSection:
			for i := range s.Aliases {
				r.alias(&s.Aliases[i])
			}
		case *component.TypeSection:
			for _, t := range s.Types {
				r.typeDef(t, where+" type")
			}
		case *component.ComponentSection:
			if recurse {
				r.component(s.Component, fmt.Sprintf("%s > nested component %d", where, nested), true)
			}
			nested++
		}
	}
}

// alias renames the instance export an alias names; core instance
// exports keep their core names.
func (r *renamer) alias(a *component.Alias) {
	if a.Kind == component.AliasExport {
		a.Name = r.name(a.Name)
	}
}

func (r *renamer) typeDef(t component.TypeDef, where string) {
	switch t := t.(type) {
	case *component.ComponentType:
		r.decls(t.Decls, where)
	case *component.InstanceType:
		r.decls(t.Decls, where)
	}
}

func (r *renamer) decls(ds []component.Decl, where string) {
	imports := r.scope(where + " imports")
	exports := r.scope(where + " exports")
	for i := range ds {
		d := &ds[i]
		switch d.Kind {
		case component.DeclImport:
			d.Name.Name = imports.rename(d.Name.Name)
		case component.DeclExport:
			d.Name.Name = exports.rename(d.Name.Name)
		case component.DeclAlias:
			r.alias(&d.Alias)
		case component.DeclType:
			r.typeDef(d.Type, where)
		}
	}
}
