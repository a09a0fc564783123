package mcpcore

import (
	"errors"
)

// ListKind describes one of MCP's list methods: the member of the result
// that holds the items, and the member of an item that identifies it.
type ListKind struct {
	Method string // e.g. "tools/list"
	Field  string // e.g. "tools"
	Key    string // e.g. "name"
	Noun   string // e.g. "tool", for messages
}

// The list methods of MCP that the framework merges across components.
var (
	ListTools             = ListKind{"tools/list", "tools", "name", "tool"}
	ListPrompts           = ListKind{"prompts/list", "prompts", "name", "prompt"}
	ListResources         = ListKind{"resources/list", "resources", "uri", "resource"}
	ListResourceTemplates = ListKind{"resources/templates/list", "resourceTemplates", "uriTemplate", "resource template"}
)

// ListKindOf returns the ListKind of a list method.
func ListKindOf(method string) (ListKind, bool) {
	for _, k := range []ListKind{ListTools, ListPrompts, ListResources, ListResourceTemplates} {
		if k.Method == method {
			return k, true
		}
	}
	return ListKind{}, false
}

// MergeListResult is what a capability middleware answers to a list
// method: its own items (JSON objects, in its provider's order) followed by
// the items of downstream's result (nil when downstream did not answer).
// An item whose key an earlier item already has is dropped, so the first
// component in the chain wins; the dropped keys are returned. The result
// has no nextCursor: the framework answers complete lists.
func MergeListResult(kind ListKind, own []RawMessage, downstream RawMessage) (RawMessage, []string, error) {
	var down []RawMessage
	if len(downstream) > 0 && string(downstream) != "null" {
		top, err := rawMembers(downstream)
		if err != nil {
			return nil, nil, errorf("mcpcore: %s result from downstream: %w", kind.Method, err)
		}
		if f, ok := top[kind.Field]; ok && string(f) != "null" {
			if down, err = rawElems(f); err != nil {
				return nil, nil, errorf("mcpcore: %s result from downstream: %q: %w", kind.Method, kind.Field, err)
			}
		}
	}
	seen := map[string]bool{}
	var dropped []string
	out := object{}
	out.key(kind.Field)
	out.b = append(out.b, '[')
	n := 0
	for _, list := range [][]RawMessage{own, down} {
		for _, it := range list {
			key, err := itemKey(kind, it)
			if err != nil {
				return nil, nil, err
			}
			if seen[key] {
				dropped = append(dropped, key)
				continue
			}
			seen[key] = true
			if n > 0 {
				out.b = append(out.b, ',')
			}
			n++
			if out.b, err = appendRaw(out.b, it); err != nil {
				return nil, nil, err
			}
		}
	}
	out.b = append(out.b, ']')
	return htmlSafe(out.close()), dropped, nil
}

// itemKey returns member kind.Key of an item, which must be a non-empty
// string.
func itemKey(kind ListKind, item RawMessage) (string, error) {
	m, err := rawMembers(item)
	var key string
	if err != nil || !decodeValue(m[kind.Key], stringField("", &key)) || key == "" {
		return "", errorf("mcpcore: a %s without a string %q: %.80s", kind.Noun, kind.Key, string(item))
	}
	return key, nil
}

// ListCursor reads the cursor of a list request's params ("" when absent).
func ListCursor(params RawMessage) (string, *Error) {
	var cursor *string
	if len(params) > 0 && !decodeText(params, stringPtrField("cursor", &cursor)) {
		return "", Errorf(CodeInvalidParams, `Invalid params: "cursor" must be a string`)
	}
	if cursor == nil {
		return "", nil
	}
	return *cursor, nil
}

// DuplicateError reports a name (or URI, or URI template) that two
// components provide.
type DuplicateError struct {
	Kind          string // "tool", "prompt", "resource" or "resource template"
	Key           string
	First, Second int // component indexes, in chain order
	FirstName     string
	SecondName    string
}

func (e *DuplicateError) Error() string {
	return sprintf("%s %q is provided by both %s (component %d) and %s (component %d)",
		e.Kind, e.Key, e.FirstName, e.First, e.SecondName, e.Second)
}

// Router maps what a client names (tools, prompts, resource URIs) to the
// component that serves it, and detects names that two components claim.
// Components are numbered in chain order, from 0.
type Router struct {
	names     []string
	tools     map[string]int
	prompts   map[string]int
	resources map[string]int
	templates []templateRoute
}

type templateRoute struct {
	tpl   *URITemplate
	owner int
}

// NewRouter returns an empty router for components with these names (used
// in error messages; a missing name prints as the index).
func NewRouter(names ...string) *Router {
	return &Router{
		names:     names,
		tools:     map[string]int{},
		prompts:   map[string]int{},
		resources: map[string]int{},
	}
}

func (r *Router) name(i int) string {
	if i >= 0 && i < len(r.names) && r.names[i] != "" {
		return sprintf("%q", r.names[i])
	}
	return sprintf("#%d", i)
}

func (r *Router) add(m map[string]int, kind string, owner int, keys []string) error {
	var errs []error
	for _, k := range keys {
		if first, ok := m[k]; ok {
			if first != owner {
				errs = append(errs, &DuplicateError{kind, k, first, owner, r.name(first), r.name(owner)})
			} else {
				errs = append(errs, errorf("%s %q is listed twice by %s", kind, k, r.name(owner)))
			}
			continue
		}
		m[k] = owner
	}
	return errors.Join(errs...)
}

// AddTools records the tools of component owner. Names already taken keep
// their first owner; each conflict is reported (a *DuplicateError when
// another component has it), all of them joined.
func (r *Router) AddTools(owner int, names ...string) error {
	return r.add(r.tools, "tool", owner, names)
}

// AddPrompts records the prompts of component owner, as AddTools does.
func (r *Router) AddPrompts(owner int, names ...string) error {
	return r.add(r.prompts, "prompt", owner, names)
}

// AddResources records the concrete resource URIs of component owner.
func (r *Router) AddResources(owner int, uris ...string) error {
	return r.add(r.resources, "resource", owner, uris)
}

// AddTemplates records the resource templates of component owner. A
// template that is not valid level 1, or that another component already
// has (the same text), is reported; the others are recorded.
func (r *Router) AddTemplates(owner int, templates ...string) error {
	var errs []error
outer:
	for _, s := range templates {
		for _, t := range r.templates {
			if t.tpl.String() == s {
				if t.owner != owner {
					errs = append(errs, &DuplicateError{"resource template", s, t.owner, owner, r.name(t.owner), r.name(owner)})
				} else {
					errs = append(errs, errorf("resource template %q is listed twice by %s", s, r.name(owner)))
				}
				continue outer
			}
		}
		tpl, err := ParseURITemplate(s)
		if err != nil {
			errs = append(errs, errorf("%s: %w", r.name(owner), err))
			continue
		}
		r.templates = append(r.templates, templateRoute{tpl, owner})
	}
	return errors.Join(errs...)
}

// Tool returns the component that serves the tool.
func (r *Router) Tool(name string) (int, bool) {
	i, ok := r.tools[name]
	return i, ok
}

// Prompt returns the component that serves the prompt.
func (r *Router) Prompt(name string) (int, bool) {
	i, ok := r.prompts[name]
	return i, ok
}

// Resource returns the component that serves uri: the owner of that exact
// resource, else of the first template (in the order added) that matches,
// with the template's variables.
func (r *Router) Resource(uri string) (owner int, vars map[string]string, ok bool) {
	if i, ok := r.resources[uri]; ok {
		return i, nil, true
	}
	for _, t := range r.templates {
		if v, ok := t.tpl.Match(uri); ok {
			return t.owner, v, true
		}
	}
	return 0, nil, false
}
