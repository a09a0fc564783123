package wit

import (
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// stripPos zeroes every Pos in an AST so that trees can be compared.
func stripPos(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			stripPos(v.Elem())
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(Pos{}) {
			v.Set(reflect.Zero(v.Type()))
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).Name == "Path" && v.Field(i).Kind() == reflect.String {
				v.Field(i).SetString("")
				continue
			}
			stripPos(v.Field(i))
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			stripPos(v.Index(i))
		}
	}
}

func equalAST(a, b *File) bool {
	stripPos(reflect.ValueOf(a))
	stripPos(reflect.ValueOf(b))
	return reflect.DeepEqual(a, b)
}

// checkRoundTrip formats f, re-parses it, and checks the trees are equal and
// formatting is stable.
func checkRoundTrip(t *testing.T, name string, src []byte) string {
	t.Helper()
	f1, err := ParseFile(name, src)
	if err != nil {
		t.Fatal(err)
	}
	out := FormatString(f1)
	f2, err := ParseFile(name+".formatted", []byte(out))
	if err != nil {
		t.Fatalf("formatted output does not parse: %v\n%s", err, out)
	}
	if out2 := FormatString(f2); out2 != out {
		t.Fatalf("formatting is not stable:\n%s\n----\n%s", out, out2)
	}
	f1b, _ := ParseFile(name, src)
	if !equalAST(f1b, f2) {
		t.Fatalf("%s: AST changed after format → parse", name)
	}
	return out
}

// dumpResolve is a deterministic description of a resolved model, used to
// compare two resolutions.
func dumpResolve(r *Resolve) string {
	var b strings.Builder
	for _, p := range r.Packages {
		fmt.Fprintf(&b, "package %s docs=%q\n", p.Name, p.Docs.Contents)
		for _, i := range p.Interfaces {
			dumpInterface(&b, i)
		}
		for _, w := range p.Worlds {
			fmt.Fprintf(&b, " world %s %v docs=%q\n", w.Name, w.Stability, w.Docs.Contents)
			for _, set := range [][]*WorldItem{w.Imports, w.Exports} {
				for _, it := range set {
					fmt.Fprintf(&b, "  item %s kind=%d\n", it.Key, it.Kind)
					switch it.Kind {
					case WorldFunction:
						dumpFunc(&b, it.Function)
					case WorldType:
						dumpType(&b, it.Type)
					case WorldInterface:
						if it.Interface.Name == "" {
							dumpInterface(&b, it.Interface)
						}
					}
				}
				b.WriteString("  --\n")
			}
		}
	}
	return b.String()
}

func dumpInterface(b *strings.Builder, i *Interface) {
	fmt.Fprintf(b, " interface %s %v docs=%q\n", i.Name, i.Stability, i.Docs.Contents)
	for _, t := range i.Types {
		dumpType(b, t)
	}
	for _, f := range i.Functions {
		dumpFunc(b, f)
	}
}

func dumpType(b *strings.Builder, t *TypeDef) {
	fmt.Fprintf(b, "  type %s %T %v docs=%q", t.Name, t.Kind, t.Stability, t.Docs.Contents)
	switch k := t.Kind.(type) {
	case *Record:
		for _, f := range k.Fields {
			fmt.Fprintf(b, " %s:%s", f.Name, f.Type)
		}
	case *Variant:
		for _, c := range k.Cases {
			fmt.Fprintf(b, " %s(%v)", c.Name, c.Type)
		}
	case *Enum:
		for _, c := range k.Cases {
			fmt.Fprintf(b, " %s", c.Name)
		}
	case *Flags:
		for _, c := range k.Flags {
			fmt.Fprintf(b, " %s", c.Name)
		}
	case *Alias:
		fmt.Fprintf(b, " = %s", k.Target)
		if td, ok := k.Target.(*TypeDef); ok {
			if o, ok := td.Owner.(*Interface); ok {
				fmt.Fprintf(b, " from %s", o.QualifiedName())
			}
		}
	}
	b.WriteString("\n")
}

func dumpFunc(b *strings.Builder, f *Function) {
	fmt.Fprintf(b, "  func %s kind=%d async=%v %v docs=%q (", f.Name, f.Kind, f.Async, f.Stability, f.Docs.Contents)
	for _, p := range f.Params {
		fmt.Fprintf(b, "%s: %s, ", p.Name, p.Type)
	}
	fmt.Fprintf(b, ") -> %v\n", f.Result)
}

func TestBuiltinRoundTrip(t *testing.T) {
	sets := builtinSets(t)
	names := make([]string, 0, len(sets))
	for n := range sets {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		dirs := sets[name]
		t.Run(name, func(t *testing.T) {
			r1, groups := loadGroups(t, dirs, ResolveOptions{AllFeatures: true})
			// Format every file, re-parse, resolve again: same model.
			var groups2 [][]*File
			for _, g := range groups {
				var g2 []*File
				for _, f := range g {
					src := []byte(FormatString(f))
					// Also check the original file's round trip.
					f2, err := ParseFile(f.Path, src)
					if err != nil {
						t.Fatalf("%s: formatted output does not parse: %v", filepath.Base(f.Path), err)
					}
					g2 = append(g2, f2)
				}
				groups2 = append(groups2, g2)
			}
			r2 := &Resolve{}
			if err := r2.addDeps(groups2, ResolveOptions{AllFeatures: true}); err != nil {
				t.Fatal(err)
			}
			d1, d2 := dumpResolve(r1), dumpResolve(r2)
			if d1 != d2 {
				t.Fatalf("resolved model differs after format → parse")
			}
			for _, g := range groups {
				for _, f := range g {
					for _, p := range []string{f.Path} {
						src := mustRead(t, p)
						checkRoundTrip(t, p, src)
					}
				}
			}
		})
	}
}
