package config

import (
	"bytes"
	"errors"
	"strings"

	"gopkg.in/yaml.v3"
)

// errLayout means the text edit does not handle this layout; treeEdit does.
var errLayout = errors.New("layout not handled by the text edit")

// text is a source split in lines, numbered from 1 as yaml.Node does.
type text struct {
	src   []byte
	start []int // start[i] is the offset of line i+1; one extra entry: len(src)
	crlf  bool
}

func newText(src []byte) *text {
	t := &text{src: src, start: []int{0}, crlf: bytes.Contains(src, []byte("\r\n"))}
	for i, c := range src {
		if c == '\n' && i+1 < len(src) {
			t.start = append(t.start, i+1)
		}
	}
	t.start = append(t.start, len(src))
	return t
}

func (t *text) lines() int { return len(t.start) - 1 }

// line returns line n without its line ending.
func (t *text) line(n int) string {
	if n < 1 || n > t.lines() {
		return ""
	}
	return strings.TrimRight(string(t.src[t.start[n-1]:t.start[n]]), "\r\n")
}

// offset is where line n starts (len(src) past the last line).
func (t *text) offset(n int) int {
	if n > t.lines() {
		return len(t.src)
	}
	return t.start[n-1]
}

// shape tells what line n is: its indentation, and whether it is blank or a
// comment.
func (t *text) shape(n int) (indent int, blank, comment bool) {
	l := t.line(n)
	s := strings.TrimLeft(l, " ")
	indent = len(l) - len(s)
	switch {
	case strings.TrimSpace(s) == "":
		return indent, true, false
	case s[0] == '#':
		return indent, false, true
	}
	return indent, false, false
}

// blockEnd is the last line of the block starting on line first: the lines
// after it indented more than col, or (dashes) sequence entries at col.
// Blank lines and shallow comments count only when more of the block follows.
func (t *text) blockEnd(first, col int, dashes bool) int {
	end := first
	for n := first + 1; n <= t.lines(); n++ {
		indent, blank, comment := t.shape(n)
		switch {
		case blank:
		case indent > col:
			end = n
		case comment:
		case dashes && indent == col && strings.HasPrefix(strings.TrimLeft(t.line(n), " "), "-"):
			end = n
		default:
			return end
		}
	}
	return end
}

// dashColumn returns the column (from 0) of the '-' that opens the block
// sequence entry item, or -1 when the entry is laid out otherwise.
func (t *text) dashColumn(item *yaml.Node) int {
	l := t.line(item.Line)
	c := item.Column - 1
	if c < 2 || c > len(l) {
		return -1
	}
	before := strings.TrimRight(l[:c], " ")
	if !strings.HasSuffix(before, "-") || strings.TrimLeft(before, " ") != "-" {
		return -1
	}
	return len(before) - 1
}

func (t *text) newline(b []byte) []byte {
	if t.crlf {
		return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))
	}
	return b
}

// splice replaces the bytes of lines [from, to] (to = from-1: nothing) by b.
func (t *text) splice(from, to int, b []byte) []byte {
	out := make([]byte, 0, len(t.src)+len(b))
	out = append(out, t.src[:t.offset(from)]...)
	if len(out) > 0 && out[len(out)-1] != '\n' && len(b) > 0 {
		out = append(out, t.newline([]byte("\n"))...)
	}
	out = append(out, t.newline(b)...)
	return append(out, t.src[t.offset(to+1):]...)
}

// spliceEdit applies e by changing only the lines of the entry concerned
// (or adding lines where there was no entry).
func spliceEdit(src []byte, e listEdit) ([]byte, error) {
	t := newText(src)
	_, root, err := document(src)
	if err != nil {
		return nil, err
	}
	if root == nil || isNull(root) {
		if e.item == nil {
			return src, nil
		}
		b, err := renderPath(e.path, e.item, 0)
		if err != nil {
			return nil, err
		}
		return t.splice(t.lines()+1, t.lines(), b), nil
	}
	if root.Kind != yaml.MappingNode || root.Style&yaml.FlowStyle != 0 {
		return nil, errLayout
	}
	m, mEnd, mCol := root, t.lines(), root.Column-1
	for i, k := range e.path {
		kn, v := mapValue(m, k)
		rest := e.path[i:]
		if kn == nil {
			if e.item == nil {
				return src, nil
			}
			// A new key at the end of the mapping m.
			b, err := renderPath(rest, e.item, mCol)
			if err != nil {
				return nil, err
			}
			return t.splice(mEnd+1, mEnd, b), nil
		}
		keyCol := kn.Column - 1
		if isNull(v) {
			if e.item == nil {
				return src, nil
			}
			// key: (nothing, ~ or null): the value goes on the lines below.
			line := t.line(kn.Line)
			if v.Value != "" {
				vc := v.Column - 1
				if v.Line != kn.Line || vc+len(v.Value) > len(line) || line[vc:vc+len(v.Value)] != v.Value {
					return nil, errLayout
				}
				line = line[:vc] + strings.TrimLeft(line[vc+len(v.Value):], " ")
			}
			var b []byte
			if len(rest) == 1 {
				b, err = renderItem(e.item, keyCol+2)
			} else {
				b, err = renderPath(rest[1:], e.item, keyCol+2)
			}
			if err != nil {
				return nil, err
			}
			return t.splice(kn.Line, kn.Line, append([]byte(strings.TrimRight(line, " ")+"\n"), b...)), nil
		}
		if v.Style&yaml.FlowStyle != 0 || v.Line == kn.Line {
			return nil, errLayout
		}
		if i < len(e.path)-1 {
			if v.Kind != yaml.MappingNode {
				return nil, errLayout
			}
			m, mEnd, mCol = v, t.blockEnd(kn.Line, keyCol, false), v.Column-1
			continue
		}
		if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
			return nil, errLayout
		}
		idx := findEntry(v, e.name)
		if idx >= 0 {
			it := v.Content[idx]
			dash := t.dashColumn(it)
			if dash < 0 {
				return nil, errLayout
			}
			end := t.blockEnd(it.Line, dash, false)
			if e.item == nil {
				// The comment lines right above an entry, at its dash, are
				// about it (yaml.v3 makes them its head comment): they go too.
				from := it.Line
				for from > 1 {
					indent, _, comment := t.shape(from - 1)
					if !comment || indent != dash {
						break
					}
					from--
				}
				return t.splice(from, end, nil), nil
			}
			merged := mergeNode("", it, e.item)
			merged.HeadComment, merged.FootComment = "", "" // they lie outside the lines replaced
			b, err := renderItem(merged, dash)
			if err != nil {
				return nil, err
			}
			return t.splice(it.Line, end, b), nil
		}
		if e.item == nil {
			return src, nil
		}
		last := v.Content[len(v.Content)-1]
		dash := t.dashColumn(last)
		if dash < 0 {
			return nil, errLayout
		}
		end := t.blockEnd(last.Line, dash, false)
		b, err := renderItem(e.item, dash)
		if err != nil {
			return nil, err
		}
		return t.splice(end+1, end, b), nil
	}
	return nil, errLayout
}

// renderPath renders path[0]: path[1]: … : [item] as block YAML whose
// first key is at column col.
func renderPath(path []string, item *yaml.Node, col int) ([]byte, error) {
	v := &yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{item}}
	for i := len(path) - 1; i >= 0; i-- {
		v = &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Tag: "!!str", Value: path[i]}, v}}
	}
	return encodeNode(v, col)
}
