package coreparts

import (
	"fmt"
	"io/fs"
	"slices"
	"sort"

	"github.com/wasmcp/wasmcp/componentize/newcomp"
	"github.com/wasmcp/wasmcp/framework/coreparts/internal/coremod"
	"github.com/wasmcp/wasmcp/wit"
	fwwit "github.com/wasmcp/wasmcp/wit/framework"
	mcpwit "github.com/wasmcp/wasmcp/wit/mcp"
)

// contract resolves wasmcp:mcp and wasmcp:framework from the embedded WIT,
// then extra (a WIT source using them) when not empty.
func contract(extra string) (*wit.Resolve, error) {
	res := &wit.Resolve{}
	for _, pkg := range []fs.FS{mcpwit.FS, fwwit.FS} {
		files, err := parseAll(pkg)
		if err != nil {
			return nil, err
		}
		if _, err := res.AddFiles(files, wit.ResolveOptions{}); err != nil {
			return nil, err
		}
	}
	if extra != "" {
		f, err := wit.ParseFile("coreparts.wit", []byte(extra))
		if err != nil {
			return nil, err
		}
		if _, err := res.AddFiles([]*wit.File{f}, wit.ResolveOptions{}); err != nil {
			return nil, err
		}
	}
	return res, nil
}

func parseAll(fsys fs.FS) ([]*wit.File, error) {
	names, err := fs.Glob(fsys, "*.wit")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var files []*wit.File
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		f, err := wit.ParseFile(n, b)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	return files, nil
}

// iface returns the interface of res named "ns:pkg/name@version".
func iface(res *wit.Resolve, qualified string) (*wit.Interface, error) {
	for _, p := range res.Packages {
		for _, i := range p.Interfaces {
			if i.QualifiedName() == qualified {
				return i, nil
			}
		}
	}
	return nil, fmt.Errorf("coreparts: interface %s not found", qualified)
}

// export is one function a module exports under the canonical name of an
// interface function.
type export struct {
	iface, fn string
}

func (e export) name() string { return e.iface + "#" + e.fn }

// signature returns the core signature of an exported interface function
// and checks that it is the one the hand-written body was written for, so
// that a change of the WIT fails here rather than in a validator.
func signature(res *wit.Resolve, e export, params, results []coremod.ValType) error {
	i, err := iface(res, e.iface)
	if err != nil {
		return err
	}
	f := i.Function(e.fn)
	if f == nil {
		return fmt.Errorf("coreparts: %s has no function %s", e.iface, e.fn)
	}
	sig := wit.FlattenFunction(f, wit.Lift)
	conv := func(ts []wit.CoreType) []coremod.ValType {
		out := make([]coremod.ValType, len(ts))
		for i, t := range ts {
			out[i] = coremod.ValType(t)
		}
		return out
	}
	if !slices.Equal(conv(sig.Params), params) || !slices.Equal(conv(sig.Results), results) {
		return fmt.Errorf("coreparts: %s flattens to %v -> %v, the module was written for another signature", e.name(), sig.Params, sig.Results)
	}
	return nil
}

// componentOf embeds world into the core module and makes it a component
// (it imports no WASI, so no adapter is needed).
func componentOf(core []byte, res *wit.Resolve, world string) ([]byte, error) {
	embedded, err := wit.Embed(core, res, world)
	if err != nil {
		return nil, err
	}
	out, err := newcomp.New(embedded, nil)
	if err != nil {
		return nil, fmt.Errorf("coreparts: %s: %w", world, err)
	}
	return out, nil
}
