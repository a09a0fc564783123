package coreparts

import (
	"fmt"
	"strings"

	"github.com/wasmcp/wasmcp/wit"
	mcpwit "github.com/wasmcp/wasmcp/wit/mcp"
)

// stubbable are the interfaces a framework instance imports a fixed number
// of times, so that unused slots need a provider.
var stubbable = []string{
	mcpwit.InterfaceTools, mcpwit.InterfaceResources, mcpwit.InterfacePrompts,
	mcpwit.InterfaceCompletions, mcpwit.InterfaceHandler,
}

// Stub returns a component that exports the named interfaces of the
// contract, mcpwit.Package (qualified names such as "wasmcp:mcp/tools@0.2.0"; any
// of tools, resources, prompts, completions and handler) and whose every
// function traps. It fills the provider imports of a framework instance
// that no user component is wired to, which the instance never calls (its
// layout says how many are real). Like any provider it imports
// wasmcp:mcp/types, the interface of the types its exports use.
func Stub(interfaces ...string) ([]byte, error) {
	if len(interfaces) == 0 {
		return nil, fmt.Errorf("coreparts: stub: no interface to export")
	}
	var src strings.Builder
	src.WriteString("package wasmcp:coreparts-stub;\n\nworld stub {\n")
	seen := map[string]bool{}
	for _, name := range interfaces {
		ok := false
		for _, s := range stubbable {
			ok = ok || name == mcpwit.QualifiedInterface(s)
		}
		if !ok {
			return nil, fmt.Errorf("coreparts: stub: %q is not one of the provider interfaces of %s (tools, resources, prompts, completions, handler)", name, mcpwit.Package)
		}
		if seen[name] {
			return nil, fmt.Errorf("coreparts: stub: %s named twice", name)
		}
		seen[name] = true
		fmt.Fprintf(&src, "    export %s;\n", name)
	}
	src.WriteString("}\n")
	res, err := contract(src.String())
	if err != nil {
		return nil, err
	}
	w, err := res.SelectWorld("wasmcp:coreparts-stub/stub")
	if err != nil {
		return nil, err
	}
	// wit.CoreStub writes exactly this: every export an `unreachable`,
	// plus the memory and cabi_realloc the lifts of strings and lists name.
	core, err := wit.CoreStub(res, w)
	if err != nil {
		return nil, err
	}
	return componentOf(core, res, w.QualifiedName())
}
