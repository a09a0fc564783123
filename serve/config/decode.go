package config

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// MaxFileSize bounds a definition file or request body (8 MiB).
const MaxFileSize = 8 << 20

// decoder walks a yaml.v3 node tree, collecting errors with positions.
type decoder struct {
	file     string
	errs     ErrorList
	warnings ErrorList
}

// warningList renders the warnings in source order.
func (d *decoder) warningList() []string {
	var out []string
	for _, w := range d.warnings.sorted() {
		out = append(out, w.Error())
	}
	return out
}

// warnf records a note that does not stop the load, with the same
// file:line:col: field: prefix as errors.
func (d *decoder) warnf(n *yaml.Node, field, format string, args ...any) {
	e := &Error{File: d.file, Field: field, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Col = n.Line, n.Column
	}
	d.warnings = append(d.warnings, e)
}

func (d *decoder) errorf(n *yaml.Node, field, format string, args ...any) {
	e := &Error{File: d.file, Field: field, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Col = n.Line, n.Column
	}
	d.errs = append(d.errs, e)
}

// parse turns the bytes into a document node; nil with an error recorded when
// the text is not YAML. An empty document yields an empty mapping.
func (d *decoder) parse(data []byte) *yaml.Node {
	if len(data) > MaxFileSize {
		d.errorf(nil, "", "larger than %d bytes", MaxFileSize)
		return nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		d.syntaxError(err)
		return nil
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return &yaml.Node{Kind: yaml.MappingNode, Line: 1, Column: 1}
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return &yaml.Node{Kind: yaml.MappingNode, Line: root.Line, Column: root.Column}
	}
	return root
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func (d *decoder) syntaxError(err error) {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		d.errs = append(d.errs, &Error{File: d.file, Line: line, Msg: "syntax error: " + m[2]})
		return
	}
	d.errs = append(d.errs, &Error{File: d.file, Msg: "syntax error: " + strings.TrimPrefix(msg, "yaml: ")})
}

func resolveAlias(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 16; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.AliasNode {
		return nil
	}
	return n
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "null"
		}
		return "a scalar"
	}
	return "an unexpected node"
}

// fields checks that n is a mapping and returns its values by key. Keys not in
// known are reported as warnings (WASImancer files may carry extra fields).
func (d *decoder) fields(n *yaml.Node, field string, known ...string) map[string]*yaml.Node {
	n = resolveAlias(n)
	if n == nil {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, field, "expected a mapping, got %s", kindName(n))
		return nil
	}
	out := make(map[string]*yaml.Node, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, field, "keys must be plain names")
			continue
		}
		if _, dup := out[k.Value]; dup {
			d.errorf(k, join(field, k.Value), "duplicate key")
			continue
		}
		if len(known) > 0 && !slices.Contains(known, k.Value) {
			d.warnf(k, join(field, k.Value), "unknown field ignored")
		}
		out[k.Value] = v
	}
	return out
}

func join(field, key string) string {
	if field == "" {
		return key
	}
	return field + "." + key
}

// str reads an optional scalar as a string.
func (d *decoder) str(m map[string]*yaml.Node, key, field string) (string, *yaml.Node) {
	n := resolveAlias(m[key])
	if n == nil {
		return "", nil
	}
	if n.Kind != yaml.ScalarNode {
		d.errorf(n, join(field, key), "expected a string, got %s", kindName(n))
		return "", n
	}
	if n.Tag == "!!null" {
		return "", n
	}
	return n.Value, n
}

// required reads a scalar that must be present and not empty.
func (d *decoder) required(m map[string]*yaml.Node, key, field string, at *yaml.Node) (string, *yaml.Node) {
	s, n := d.str(m, key, field)
	if n == nil {
		d.errorf(at, join(field, key), "missing (required)")
	} else if strings.TrimSpace(s) == "" && n.Kind == yaml.ScalarNode {
		d.errorf(n, join(field, key), "must not be empty")
	}
	return s, n
}

// list reads an optional sequence.
func (d *decoder) list(m map[string]*yaml.Node, key, field string) []*yaml.Node {
	n := resolveAlias(m[key])
	if n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null") {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, join(field, key), "expected a list, got %s", kindName(n))
		return nil
	}
	return n.Content
}

func (d *decoder) stringList(m map[string]*yaml.Node, key, field string) []string {
	var out []string
	for i, n := range d.list(m, key, field) {
		n = resolveAlias(n)
		f := fmt.Sprintf("%s[%d]", join(field, key), i)
		if n == nil || n.Kind != yaml.ScalarNode {
			d.errorf(n, f, "expected a string")
			continue
		}
		out = append(out, n.Value)
	}
	return out
}

func (d *decoder) stringMap(m map[string]*yaml.Node, key, field string) map[string]string {
	n := resolveAlias(m[key])
	if n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null") {
		return nil
	}
	f := join(field, key)
	if n.Kind != yaml.MappingNode {
		d.errorf(n, f, "expected a mapping, got %s", kindName(n))
		return nil
	}
	out := map[string]string{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolveAlias(n.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, f, "keys must be plain names")
			continue
		}
		if v == nil || v.Kind != yaml.ScalarNode {
			d.errorf(v, join(f, k.Value), "expected a string value")
			continue
		}
		out[k.Value] = v.Value
	}
	return out
}

// namePattern is the portable plugin name of earlier versions; names
// outside it still load, with a warning.
var namePattern = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`)

// toolNamePattern is MCP's recommendation for tool names (a SHOULD).
var toolNamePattern = regexp.MustCompile(`^[A-Za-z0-9_./-]{1,128}$`)

// MaxNameLength bounds plugin and tool names, in bytes.
const MaxNameLength = 128

// nameProblem says why s cannot name anything: what would break JSON
// clients, log lines or terminals. "" when s is usable.
func nameProblem(s string) string {
	switch {
	case s == "":
		return "is empty"
	case len(s) > MaxNameLength:
		return fmt.Sprintf("is %d bytes long (at most %d)", len(s), MaxNameLength)
	case !utf8.ValidString(s):
		return "is not valid UTF-8"
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return "contains a control character"
	}
	return ""
}

// PluginNameProblem says why s cannot name a plugin ("" when it can). On top
// of nameProblem, a plugin name is one segment of the admin routes
// (/remove-plugin/{name}), so it cannot hold a path separator or be a
// dot segment.
func PluginNameProblem(s string) string {
	if p := nameProblem(s); p != "" {
		return p
	}
	if strings.ContainsAny(s, `/\`) {
		return "contains / or \\ (a plugin name is one segment of the admin routes)"
	}
	if s == "." || s == ".." {
		return "is a dot segment (a plugin name is one segment of the admin routes)"
	}
	return ""
}

// PortableName reports whether s keeps to letters, digits, '_', '.', '-'.
func PortableName(s string) bool { return namePattern.MatchString(s) && !strings.Contains(s, "..") }

// RecommendedToolName reports whether s follows MCP's recommended tool
// name characters; other names are served as written.
func RecommendedToolName(s string) bool { return toolNamePattern.MatchString(s) }

func (d *decoder) arguments(m map[string]*yaml.Node, field string, needType bool) []Argument {
	var out []Argument
	seen := map[string]bool{}
	for i, an := range d.list(m, "arguments", field) {
		f := fmt.Sprintf("%s[%d]", join(field, "arguments"), i)
		am := d.fields(an, f, "name", "type", "description", "with-completion")
		if am == nil {
			continue
		}
		var a Argument
		var nn *yaml.Node
		a.Name, nn = d.required(am, "name", f, an)
		if a.Name != "" {
			if seen[a.Name] {
				d.errorf(nn, join(f, "name"), "duplicate argument %q", a.Name)
			}
			seen[a.Name] = true
		}
		var tn *yaml.Node
		a.Type, tn = d.str(am, "type", f)
		if tn != nil && needType && !slices.Contains(ArgumentTypes, a.Type) {
			d.errorf(tn, join(f, "type"), "%q is not one of %s", a.Type, strings.Join(ArgumentTypes, ", "))
		}
		a.Description, _ = d.str(am, "description", f)
		a.Completion = d.stringList(am, "with-completion", f)
		out = append(out, a)
	}
	return out
}

// plugin decodes one plugin; the path is optional in an upload's pluginData,
// where the server decides where the file goes.
func (d *decoder) plugin(n *yaml.Node, field string, needPath bool) (Plugin, bool) {
	before := len(d.errs)
	var p Plugin
	m := d.fields(n, field, "name", "version", "description", "path", "functions", "config", "env", "allowedHosts", "wasm", "url")
	if m == nil {
		return p, false
	}
	var nn *yaml.Node
	p.Name, nn = d.required(m, "name", field, n)
	if nn != nil && nn.Kind == yaml.ScalarNode && p.Name != "" {
		if msg := PluginNameProblem(p.Name); msg != "" {
			d.errorf(nn, join(field, "name"), "%q is not a valid plugin name: it %s", p.Name, msg)
		} else if !PortableName(p.Name) {
			d.warnf(nn, join(field, "name"), "%q is not a portable plugin name (letters, digits, '_', '.', '-'); served as written", p.Name)
		}
	}
	p.Version, _ = d.str(m, "version", field)
	p.Description, _ = d.str(m, "description", field)
	if needPath {
		p.Path, _ = d.required(m, "path", field, n)
	} else {
		p.Path, _ = d.str(m, "path", field)
	}
	p.Config = d.stringMap(m, "config", field)
	p.Env = d.stringList(m, "env", field)
	p.AllowedHosts = d.stringList(m, "allowedHosts", field)
	fnNode := resolveAlias(m["functions"])
	fns := d.list(m, "functions", field)
	if m["functions"] == nil {
		d.errorf(n, join(field, "functions"), "missing (required)")
	} else if len(fns) == 0 && fnNode != nil && (fnNode.Kind == yaml.SequenceNode || fnNode.Tag == "!!null") {
		d.errorf(fnNode, join(field, "functions"), "must list at least one function")
	}
	seen := map[string]bool{}
	for i, fnode := range fns {
		f := join(field, fmt.Sprintf("functions[%d]", i))
		fm := d.fields(fnode, f, "displayName", "function", "description", "arguments")
		if fm == nil {
			continue
		}
		var fn Function
		fn.Function, _ = d.required(fm, "function", f, fnode)
		var dn *yaml.Node
		fn.DisplayName, dn = d.str(fm, "displayName", f)
		if dn == nil {
			fn.DisplayName = fn.Function
			dn = fnode
		}
		if dn.Kind == yaml.ScalarNode || dn == fnode {
			if msg := nameProblem(fn.DisplayName); msg != "" && (fn.DisplayName != "" || fm["displayName"] != nil) {
				d.errorf(dn, join(f, "displayName"), "%q is not a valid tool name: it %s", fn.DisplayName, msg)
			} else if msg == "" && !RecommendedToolName(fn.DisplayName) {
				d.warnf(dn, join(f, "displayName"), "%q is outside MCP's recommended tool name characters (letters, digits, '_', '-', '.', '/'); served as written, some clients may refuse it", fn.DisplayName)
			}
		}
		if seen[fn.DisplayName] && fn.DisplayName != "" {
			d.errorf(dn, join(f, "displayName"), "duplicate tool name %q", fn.DisplayName)
		}
		seen[fn.DisplayName] = true
		fn.Description, _ = d.str(fm, "description", f)
		fn.Arguments = d.arguments(fm, f, true)
		p.Functions = append(p.Functions, fn)
	}
	return p, len(d.errs) == before
}

var templateVar = regexp.MustCompile(`\{([^{}]*)\}`)
var varName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// TemplateVars returns the {var} names of a URI template.
func TemplateVars(uri string) []string {
	var out []string
	for _, m := range templateVar.FindAllStringSubmatch(uri, -1) {
		out = append(out, m[1])
	}
	return out
}

func (d *decoder) resource(n *yaml.Node, field string, dynamic bool) (Resource, bool) {
	before := len(d.errs)
	var r Resource
	m := d.fields(n, field, "name", "uri", "description", "mimeType", "arguments", "contents")
	if m == nil {
		return r, false
	}
	r.Name, _ = d.required(m, "name", field, n)
	var un *yaml.Node
	r.URI, un = d.required(m, "uri", field, n)
	r.Description, _ = d.str(m, "description", field)
	r.MimeType, _ = d.str(m, "mimeType", field)
	r.Arguments = d.arguments(m, field, false)
	if r.URI != "" {
		if !strings.Contains(r.URI, ":") {
			d.errorf(un, join(field, "uri"), "%q is not a URI (no scheme)", r.URI)
		}
		vars := TemplateVars(r.URI)
		if dynamic && len(vars) == 0 {
			d.errorf(un, join(field, "uri"), "a dynamic resource needs a URI template with {name} parts, got %q", r.URI)
		}
		if !dynamic && (len(vars) > 0 || strings.ContainsAny(r.URI, "{}")) {
			d.errorf(un, join(field, "uri"), "a static resource URI cannot contain { or } (use resources.dynamic for templates)")
		}
		if strings.Count(r.URI, "{") != len(vars) || strings.Count(r.URI, "}") != len(vars) {
			if dynamic {
				d.errorf(un, join(field, "uri"), "unbalanced braces in URI template %q", r.URI)
			}
		}
		for _, v := range vars {
			if !varName.MatchString(v) {
				d.errorf(un, join(field, "uri"), "template variable {%s} is not a valid name", v)
			}
		}
		for i, a := range r.Arguments {
			if dynamic && a.Name != "" && !slices.Contains(vars, a.Name) {
				d.errorf(resolveAlias(m["arguments"]), join(field, fmt.Sprintf("arguments[%d].name", i)), "%q does not appear in the URI template %q", a.Name, r.URI)
			}
		}
	}
	cs := d.list(m, "contents", field)
	if m["contents"] == nil {
		d.errorf(n, join(field, "contents"), "missing (required)")
	}
	for i, cn := range cs {
		f := join(field, fmt.Sprintf("contents[%d]", i))
		cm := d.fields(cn, f) // extra fields are allowed in content items
		if cm == nil {
			continue
		}
		var c Content
		c.Text, _ = d.str(cm, "text", f)
		if cm["text"] == nil {
			d.errorf(cn, join(f, "text"), "missing (required)")
		}
		c.MimeType, _ = d.str(cm, "mimeType", f)
		r.Contents = append(r.Contents, c)
	}
	return r, len(d.errs) == before
}

func (d *decoder) prompt(n *yaml.Node, field string) (Prompt, bool) {
	before := len(d.errs)
	var p Prompt
	m := d.fields(n, field, "name", "description", "arguments", "messages")
	if m == nil {
		return p, false
	}
	p.Name, _ = d.required(m, "name", field, n)
	p.Description, _ = d.str(m, "description", field)
	p.Arguments = d.arguments(m, field, false)
	ms := d.list(m, "messages", field)
	if m["messages"] == nil {
		d.errorf(n, join(field, "messages"), "missing (required)")
	} else if len(ms) == 0 && len(d.errs) == before {
		d.errorf(m["messages"], join(field, "messages"), "must list at least one message")
	}
	for i, mn := range ms {
		f := join(field, fmt.Sprintf("messages[%d]", i))
		mm := d.fields(mn, f, "role", "text")
		if mm == nil {
			continue
		}
		var msg Message
		var rn *yaml.Node
		msg.Role, rn = d.required(mm, "role", f, mn)
		if msg.Role != "" && !slices.Contains(Roles, msg.Role) {
			d.errorf(rn, join(f, "role"), "%q is not one of %s", msg.Role, strings.Join(Roles, ", "))
		}
		msg.Text, _ = d.str(mm, "text", f)
		if mm["text"] == nil {
			d.errorf(mn, join(f, "text"), "missing (required)")
		}
		p.Messages = append(p.Messages, msg)
	}
	return p, len(d.errs) == before
}

// Result carries warnings (unknown fields) next to a successful decode.
type Result struct {
	Warnings []string
}

func (d *decoder) done() error {
	if len(d.errs) > 0 {
		return d.errs.sorted()
	}
	return nil
}

// ParsePlugins decodes a plugins definition file. file names the input in errors.
func ParsePlugins(file string, data []byte) (*Plugins, Result, error) {
	d := &decoder{file: file}
	out := &Plugins{}
	if root := d.parse(data); root != nil {
		m := d.fields(root, "", "plugins", "about")
		names, tools := map[string]bool{}, map[string]string{}
		for i, pn := range d.list(m, "plugins", "") {
			f := fmt.Sprintf("plugins[%d]", i)
			p, ok := d.plugin(pn, f, true)
			if !ok {
				continue
			}
			p.Line = pn.Line
			if names[p.Name] {
				d.errorf(pn, f+".name", "duplicate plugin name %q", p.Name)
				continue
			}
			names[p.Name] = true
			for j, fn := range p.Functions {
				if other, dup := tools[fn.DisplayName]; dup {
					d.errorf(pn, fmt.Sprintf("%s.functions[%d].displayName", f, j), "tool %q is already provided by plugin %q", fn.DisplayName, other)
				}
				tools[fn.DisplayName] = p.Name
			}
			out.Plugins = append(out.Plugins, p)
		}
	}
	return out, Result{Warnings: d.warningList()}, d.done()
}

// ParsePlugin decodes one plugin definition (the admin API's pluginData);
// its path may be left out.
func ParsePlugin(label string, data []byte) (*Plugin, Result, error) {
	d := &decoder{file: label}
	root := d.parse(data)
	if root == nil {
		return nil, Result{}, d.done()
	}
	p, _ := d.plugin(root, "", false)
	if err := d.done(); err != nil {
		return nil, Result{}, err
	}
	return &p, Result{Warnings: d.warningList()}, nil
}

// ParseResources decodes a resources definition file.
func ParseResources(file string, data []byte) (*Resources, Result, error) {
	d := &decoder{file: file}
	out := &Resources{}
	if root := d.parse(data); root != nil {
		m := d.fields(root, "", "resources", "about")
		var rm map[string]*yaml.Node
		if rn := resolveAlias(m["resources"]); rn != nil && rn.Tag != "!!null" {
			rm = d.fields(rn, "resources", "static", "dynamic")
		}
		names, uris := map[string]bool{}, map[string]bool{}
		check := func(r Resource, n *yaml.Node, f string) bool {
			if names[r.Name] {
				d.errorf(n, f+".name", "duplicate resource name %q", r.Name)
				return false
			}
			if uris[r.URI] {
				d.errorf(n, f+".uri", "duplicate resource URI %q", r.URI)
				return false
			}
			names[r.Name], uris[r.URI] = true, true
			return true
		}
		for i, rn := range d.list(rm, "static", "resources") {
			f := fmt.Sprintf("resources.static[%d]", i)
			if r, ok := d.resource(rn, f, false); ok && check(r, rn, f) {
				out.Resources.Static = append(out.Resources.Static, r)
			}
		}
		for i, rn := range d.list(rm, "dynamic", "resources") {
			f := fmt.Sprintf("resources.dynamic[%d]", i)
			if r, ok := d.resource(rn, f, true); ok && check(r, rn, f) {
				out.Resources.Dynamic = append(out.Resources.Dynamic, r)
			}
		}
	}
	return out, Result{Warnings: d.warningList()}, d.done()
}

// ParseResource decodes one resource (an admin API body). Whether it is
// static or dynamic follows from its URI.
func ParseResource(label string, data []byte) (*Resource, error) {
	d := &decoder{file: label}
	root := d.parse(data)
	if root == nil {
		return nil, d.done()
	}
	dynamic := false
	if m := d.fields(root, ""); m != nil {
		if u, _ := d.str(m, "uri", ""); strings.Contains(u, "{") {
			dynamic = true
		}
	}
	d.warnings = nil
	r, _ := d.resource(root, "", dynamic)
	if err := d.done(); err != nil {
		return nil, err
	}
	return &r, nil
}

// ParsePrompts decodes a prompts definition file.
func ParsePrompts(file string, data []byte) (*Prompts, Result, error) {
	d := &decoder{file: file}
	out := &Prompts{}
	if root := d.parse(data); root != nil {
		m := d.fields(root, "", "prompts", "about")
		var pm map[string]*yaml.Node
		if pn := resolveAlias(m["prompts"]); pn != nil && pn.Tag != "!!null" {
			pm = d.fields(pn, "prompts", "predefined", "with-completion")
		}
		names := map[string]bool{}
		for _, section := range []string{"predefined", "with-completion"} {
			for i, pn := range d.list(pm, section, "prompts") {
				f := fmt.Sprintf("prompts.%s[%d]", section, i)
				p, ok := d.prompt(pn, f)
				if !ok {
					continue
				}
				if names[p.Name] {
					d.errorf(pn, f+".name", "duplicate prompt name %q", p.Name)
					continue
				}
				names[p.Name] = true
				if section == "predefined" {
					out.Prompts.Predefined = append(out.Prompts.Predefined, p)
				} else {
					out.Prompts.WithCompletion = append(out.Prompts.WithCompletion, p)
				}
			}
		}
	}
	return out, Result{Warnings: d.warningList()}, d.done()
}

// ParsePrompt decodes one prompt (an admin API body).
func ParsePrompt(label string, data []byte) (*Prompt, error) {
	d := &decoder{file: label}
	root := d.parse(data)
	if root == nil {
		return nil, d.done()
	}
	p, _ := d.prompt(root, "")
	if err := d.done(); err != nil {
		return nil, err
	}
	return &p, nil
}
