package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// The admin API changes one entry of a definition file at a time. Files are
// written by people: they carry comments, blank lines, fields this program
// does not know (WASImancer's about:, notes of their own) and an order of
// their choosing. Re-marshalling a struct would lose all of that, so a change
// is applied to the text itself: the entry's lines are found through the
// YAML node tree and only they are replaced, removed or added; every other
// byte stays. A replaced entry starts from its old node, so its own unknown
// fields and comments survive too.
//
// Every result is parsed again and compared with the expected definitions.
// Should the text edit ever disagree (an unusual layout: flow style,
// anchors), the change is made on the node tree and the whole document
// re-encoded, which keeps comments, unknown fields and key order but not
// blank lines; should that disagree as well, nothing is written.

// listEdit replaces, appends or deletes one named entry of the list found
// under path (keys from the document root).
type listEdit struct {
	path []string
	name string     // the entry's name field
	item *yaml.Node // nil deletes
}

// PutPlugin returns src with the plugin of the same name replaced by p, or
// with p appended to plugins when there is none.
func PutPlugin(file string, src []byte, p Plugin) ([]byte, error) {
	return editTyped(file, src, listEdit{path: []string{"plugins"}, name: p.Name, item: mustNode(p)},
		parsePluginsForEdit, func(v any) any {
			f := v.(*Plugins)
			f.Plugins = putByName(f.Plugins, p, func(x Plugin) string { return x.Name })
			return f
		})
}

// DeletePlugin returns src without the plugin called name.
func DeletePlugin(file string, src []byte, name string) ([]byte, error) {
	return editTyped(file, src, listEdit{path: []string{"plugins"}, name: name},
		parsePluginsForEdit, func(v any) any {
			f := v.(*Plugins)
			f.Plugins = deleteByName(f.Plugins, name, func(x Plugin) string { return x.Name })
			return f
		})
}

// PutResource returns src with the resource of the same name replaced by r
// (in place when it stays static or dynamic, else moved to the other list),
// or with r appended to its list.
func PutResource(file string, src []byte, r Resource) ([]byte, error) {
	list, other := "static", "dynamic"
	if r.IsDynamic() {
		list, other = other, list
	}
	old, _, err := ParseResources(file, src)
	if err != nil {
		return nil, err
	}
	name := func(x Resource) string { return x.Name }
	if slices.ContainsFunc(resourceList(old, other), func(x Resource) bool { return x.Name == r.Name }) {
		var err error
		if src, err = DeleteResource(file, src, r.Name); err != nil {
			return nil, err
		}
	}
	return editTyped(file, src, listEdit{path: []string{"resources", list}, name: r.Name, item: mustNode(r)},
		parseResourcesForEdit, func(v any) any {
			f := v.(*Resources)
			if list == "static" {
				f.Resources.Static = putByName(f.Resources.Static, r, name)
			} else {
				f.Resources.Dynamic = putByName(f.Resources.Dynamic, r, name)
			}
			return f
		})
}

func resourceList(f *Resources, list string) []Resource {
	if list == "static" {
		return f.Resources.Static
	}
	return f.Resources.Dynamic
}

// DeleteResource returns src without the resource called name.
func DeleteResource(file string, src []byte, name string) ([]byte, error) {
	old, _, err := ParseResources(file, src)
	if err != nil {
		return nil, err
	}
	list := "static"
	if slices.ContainsFunc(old.Resources.Dynamic, func(x Resource) bool { return x.Name == name }) {
		list = "dynamic"
	}
	key := func(x Resource) string { return x.Name }
	return editTyped(file, src, listEdit{path: []string{"resources", list}, name: name},
		parseResourcesForEdit, func(v any) any {
			f := v.(*Resources)
			f.Resources.Static = deleteByName(f.Resources.Static, name, key)
			f.Resources.Dynamic = deleteByName(f.Resources.Dynamic, name, key)
			return f
		})
}

// promptSection is where the prompt called name is: WASImancer's
// with-completion section, or predefined (also for a new prompt).
func promptSection(f *Prompts, name string) string {
	if slices.ContainsFunc(f.Prompts.WithCompletion, func(x Prompt) bool { return x.Name == name }) {
		return "with-completion"
	}
	return "predefined"
}

// PutPrompt returns src with the prompt of the same name replaced by p, or
// with p appended to prompts.predefined.
func PutPrompt(file string, src []byte, p Prompt) ([]byte, error) {
	old, _, err := ParsePrompts(file, src)
	if err != nil {
		return nil, err
	}
	section := promptSection(old, p.Name)
	key := func(x Prompt) string { return x.Name }
	return editTyped(file, src, listEdit{path: []string{"prompts", section}, name: p.Name, item: mustNode(p)},
		parsePromptsForEdit, func(v any) any {
			f := v.(*Prompts)
			if section == "predefined" {
				f.Prompts.Predefined = putByName(f.Prompts.Predefined, p, key)
			} else {
				f.Prompts.WithCompletion = putByName(f.Prompts.WithCompletion, p, key)
			}
			return f
		})
}

// DeletePrompt returns src without the prompt called name.
func DeletePrompt(file string, src []byte, name string) ([]byte, error) {
	old, _, err := ParsePrompts(file, src)
	if err != nil {
		return nil, err
	}
	key := func(x Prompt) string { return x.Name }
	return editTyped(file, src, listEdit{path: []string{"prompts", promptSection(old, name)}, name: name},
		parsePromptsForEdit, func(v any) any {
			f := v.(*Prompts)
			f.Prompts.Predefined = deleteByName(f.Prompts.Predefined, name, key)
			f.Prompts.WithCompletion = deleteByName(f.Prompts.WithCompletion, name, key)
			return f
		})
}

func parsePluginsForEdit(file string, b []byte) (any, error) {
	v, _, err := ParsePlugins(file, b)
	return v, err
}

func parseResourcesForEdit(file string, b []byte) (any, error) {
	v, _, err := ParseResources(file, b)
	return v, err
}

func parsePromptsForEdit(file string, b []byte) (any, error) {
	v, _, err := ParsePrompts(file, b)
	return v, err
}

func putByName[T any](list []T, x T, name func(T) string) []T {
	for i := range list {
		if name(list[i]) == name(x) {
			list[i] = x
			return list
		}
	}
	return append(list, x)
}

func deleteByName[T any](list []T, n string, name func(T) string) []T {
	return slices.DeleteFunc(list, func(x T) bool { return name(x) == n })
}

func mustNode(v any) *yaml.Node {
	var n yaml.Node
	if err := n.Encode(v); err != nil {
		panic(err) // plain structs of strings and lists always encode
	}
	return &n
}

// editTyped applies e to src and checks that the result parses to what
// want makes of the parsed src.
func editTyped(file string, src []byte, e listEdit, parse func(string, []byte) (any, error), want func(any) any) ([]byte, error) {
	before, err := parse(file, src)
	if err != nil {
		return nil, fmt.Errorf("%s cannot be changed, it does not load: %w", file, err)
	}
	expect, err := json.Marshal(want(before))
	if err != nil {
		return nil, err
	}
	check := func(out []byte) error {
		got, err := parse(file, out)
		if err != nil {
			return err
		}
		b, err := json.Marshal(got)
		if err != nil {
			return err
		}
		if !bytes.Equal(b, expect) {
			return errors.New("the edited file does not hold the expected definitions")
		}
		return nil
	}
	out, err := spliceEdit(src, e)
	if err == nil {
		if err = check(out); err == nil {
			return out, nil
		}
	}
	out, err2 := treeEdit(src, e)
	if err2 == nil {
		if err2 = check(out); err2 == nil {
			return out, nil
		}
	}
	return nil, fmt.Errorf("%s: cannot apply the change without losing content (%v; %v)", file, err, err2)
}

// document parses src into its root node; nil for an empty document.
func document(src []byte) (*yaml.Node, *yaml.Node, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(src))
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		return nil, nil, err
	}
	// Only the first document is read as definitions; an edit must not
	// write a file that drops (or appends to) the others.
	var next yaml.Node
	if err := dec.Decode(&next); !errors.Is(err, io.EOF) {
		return nil, nil, errors.New("the file holds more than one YAML document")
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return &doc, nil, nil
	}
	return &doc, doc.Content[0], nil
}

func isNull(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

// mapValue returns the key and value nodes of key in the mapping m.
func mapValue(m *yaml.Node, key string) (*yaml.Node, *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Kind == yaml.ScalarNode && m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

// findEntry returns the index of the mapping whose name is name.
func findEntry(seq *yaml.Node, name string) int {
	if seq == nil || seq.Kind != yaml.SequenceNode || name == "" {
		return -1
	}
	for i, it := range seq.Content {
		if _, v := mapValue(it, "name"); v != nil && v.Kind == yaml.ScalarNode && v.Value == name {
			return i
		}
	}
	return -1
}

// treeEdit makes the change on the node tree and encodes the whole
// document: comments, unknown fields and order stay, blank lines do not.
func treeEdit(src []byte, e listEdit) ([]byte, error) {
	doc, root, err := document(src)
	if err != nil {
		return nil, err
	}
	if root == nil || isNull(root) {
		if e.item == nil {
			return src, nil
		}
		root = &yaml.Node{Kind: yaml.MappingNode}
		doc.Kind, doc.Content = yaml.DocumentNode, []*yaml.Node{root}
	}
	if root.Kind != yaml.MappingNode {
		return nil, errors.New("the document is not a mapping")
	}
	m := root
	for i, k := range e.path {
		kn, v := mapValue(m, k)
		last := i == len(e.path)-1
		if kn == nil {
			if e.item == nil {
				return src, nil
			}
			kn = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k}
			v = &yaml.Node{Kind: yaml.MappingNode}
			m.Content = append(m.Content, kn, v)
		}
		if isNull(v) {
			if e.item == nil {
				return src, nil
			}
			*v = yaml.Node{Kind: yaml.MappingNode, HeadComment: v.HeadComment, LineComment: v.LineComment, FootComment: v.FootComment}
		}
		if last {
			if v.Kind == yaml.MappingNode && len(v.Content) == 0 {
				v.Kind = yaml.SequenceNode
			}
			if v.Kind != yaml.SequenceNode {
				return nil, fmt.Errorf("%s is not a list", strings.Join(e.path, "."))
			}
			idx := findEntry(v, e.name)
			switch {
			case e.item == nil && idx >= 0:
				v.Content = slices.Delete(v.Content, idx, idx+1)
			case e.item != nil && idx >= 0:
				v.Content[idx] = mergeNode("", v.Content[idx], e.item)
			case e.item != nil:
				v.Content = append(v.Content, e.item)
			}
			if len(v.Content) == 0 {
				v.Style &^= yaml.FlowStyle
			}
			break
		}
		if v.Kind != yaml.MappingNode {
			return nil, fmt.Errorf("%s is not a mapping", strings.Join(e.path[:i+1], "."))
		}
		m = v
	}
	return encodeNode(doc, 0)
}

// encodeNode renders n as block YAML (two-space indentation), every line
// prefixed with indent spaces.
func encodeNode(n *yaml.Node, indent int) ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	if indent == 0 {
		return b.Bytes(), nil
	}
	pad := strings.Repeat(" ", indent)
	var out bytes.Buffer
	for _, line := range strings.SplitAfter(b.String(), "\n") {
		if strings.TrimSpace(line) != "" {
			out.WriteString(pad)
		}
		out.WriteString(line)
	}
	return out.Bytes(), nil
}

// renderItem renders a sequence entry whose dash is at column dash.
func renderItem(item *yaml.Node, dash int) ([]byte, error) {
	b, err := encodeNode(item, 0)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	pad := strings.Repeat(" ", dash)
	for i, line := range strings.SplitAfter(string(b), "\n") {
		switch {
		case line == "":
		case i == 0:
			out.WriteString(pad + "- " + line)
		case strings.TrimSpace(line) == "":
			out.WriteString(line)
		default:
			out.WriteString(pad + "  " + line)
		}
	}
	return out.Bytes(), nil
}

// knownKeys are the fields the definitions have; a known key that a new
// version of an entry leaves out was cleared, an unknown one is the user's
// and stays.
var knownKeys = map[string]bool{
	"name": true, "version": true, "description": true, "path": true, "functions": true,
	"config": true, "env": true, "allowedHosts": true, "displayName": true, "function": true,
	"arguments": true, "type": true, "with-completion": true, "uri": true, "mimeType": true,
	"contents": true, "text": true, "role": true, "messages": true,
}

// mergeNode returns nw carrying what old had that nw does not describe:
// unknown keys, comments, quoting style and, for entries matched by name,
// the same for nested lists. key is the mapping key above the nodes.
func mergeNode(key string, old, nw *yaml.Node) *yaml.Node {
	if old == nil || old.Kind == yaml.AliasNode || old.Anchor != "" {
		return nw
	}
	keepComments := func(n *yaml.Node) *yaml.Node {
		n.HeadComment, n.LineComment, n.FootComment = old.HeadComment, old.LineComment, old.FootComment
		return n
	}
	switch {
	case old.Kind == yaml.ScalarNode && nw.Kind == yaml.ScalarNode:
		if old.Value == nw.Value && (old.Tag == nw.Tag || old.Tag == "!!str" || old.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle) != 0) {
			return old
		}
		out := *nw
		if nw.Tag == "!!str" && old.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle) != 0 && !strings.Contains(nw.Value, "\n") {
			out.Style = old.Style
		}
		return keepComments(&out)
	case old.Kind == yaml.MappingNode && nw.Kind == yaml.MappingNode && key != "config":
		out := *old
		out.Content = nil
		used := map[string]bool{}
		for i := 0; i+1 < len(old.Content); i += 2 {
			k, v := old.Content[i], old.Content[i+1]
			nk, nv := mapValue(nw, k.Value)
			switch {
			case nk != nil:
				out.Content = append(out.Content, k, mergeNode(k.Value, v, nv))
				used[k.Value] = true
			case !knownKeys[k.Value]:
				out.Content = append(out.Content, k, v)
			}
		}
		for i := 0; i+1 < len(nw.Content); i += 2 {
			if !used[nw.Content[i].Value] {
				out.Content = append(out.Content, nw.Content[i], nw.Content[i+1])
			}
		}
		return &out
	case old.Kind == yaml.SequenceNode && nw.Kind == yaml.SequenceNode:
		out := *nw
		out.Content = make([]*yaml.Node, len(nw.Content))
		taken := make([]bool, len(old.Content))
		for i, it := range nw.Content {
			j := matchEntry(old.Content, taken, it, i)
			if j < 0 {
				out.Content[i] = it
				continue
			}
			taken[j] = true
			out.Content[i] = mergeNode("", old.Content[j], it)
		}
		if old.Style&yaml.FlowStyle != 0 && allScalars(out.Content) {
			out.Style |= yaml.FlowStyle
		}
		return keepComments(&out)
	}
	return keepComments(nw)
}

func allScalars(l []*yaml.Node) bool {
	for _, n := range l {
		if n.Kind != yaml.ScalarNode {
			return false
		}
	}
	return true
}

// identity names a list entry: its name, display name, function or URI.
func identity(n *yaml.Node) string {
	for _, k := range []string{"name", "displayName", "function", "uri"} {
		if _, v := mapValue(n, k); v != nil && v.Kind == yaml.ScalarNode {
			return k + "=" + v.Value
		}
	}
	return ""
}

// matchEntry finds the old entry nw replaces: the same identity, or for
// entries without one (messages, contents) the same position.
func matchEntry(old []*yaml.Node, taken []bool, nw *yaml.Node, pos int) int {
	if nw.Kind == yaml.ScalarNode {
		for j, o := range old {
			if !taken[j] && o.Kind == yaml.ScalarNode && o.Value == nw.Value {
				return j
			}
		}
		return -1
	}
	id := identity(nw)
	if id == "" {
		if pos < len(old) && !taken[pos] && identity(old[pos]) == "" && old[pos].Kind == nw.Kind {
			return pos
		}
		return -1
	}
	for j, o := range old {
		if !taken[j] && identity(o) == id {
			return j
		}
	}
	return -1
}
