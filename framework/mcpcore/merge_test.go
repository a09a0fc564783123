package mcpcore

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestURITemplate(t *testing.T) {
	tests := []struct {
		tpl  string
		uri  string
		vars map[string]string // nil: no match
	}{
		{"test://template/{id}/data", "test://template/42/data", map[string]string{"id": "42"}},
		{"test://template/{id}/data", "test://template/4/2/data", nil},
		{"test://template/{id}/data", "test://template//data", map[string]string{"id": ""}},
		{"file:///{name}", "file:///hello%20world.txt", map[string]string{"name": "hello world.txt"}},
		{"file:///{name}", "file:///a/b", nil},
		{"weather://{city}/{day}", "weather://paris/monday", map[string]string{"city": "paris", "day": "monday"}},
		{"x://{a}-{b}", "x://1-2", map[string]string{"a": "1", "b": "2"}},
		{"x://static", "x://static", map[string]string{}},
		{"x://static", "x://static2", nil},
		{"x://a.b/{q}", "x://aXb/1", nil}, // literal dots are not wildcards
		{"x://{v}", "x://a?b", nil},
	}
	for _, tt := range tests {
		tpl, err := ParseURITemplate(tt.tpl)
		if err != nil {
			t.Fatalf("ParseURITemplate(%q): %v", tt.tpl, err)
		}
		vars, ok := tpl.Match(tt.uri)
		if ok != (tt.vars != nil) {
			t.Errorf("%q.Match(%q) ok = %v", tt.tpl, tt.uri, ok)
			continue
		}
		for k, v := range tt.vars {
			if vars[k] != v {
				t.Errorf("%q.Match(%q)[%s] = %q, want %q", tt.tpl, tt.uri, k, vars[k], v)
			}
		}
	}
	for _, bad := range []string{"x://{", "x://}", "x://{+path}", "x://{#frag}", "x://{a,b}", "x://{a*}", "x://{}", "x://{a}/{a}", "x://{a b}"} {
		if _, err := ParseURITemplate(bad); err == nil {
			t.Errorf("ParseURITemplate(%q) succeeded", bad)
		}
	}
	tpl, _ := ParseURITemplate("file:///{dir}/{name}")
	if got := tpl.Expand(map[string]string{"dir": "a b", "name": "c/d"}); got != "file:///a%20b/c%2Fd" {
		t.Errorf("Expand() = %q", got)
	}
	if got := tpl.Variables(); !slices.Equal(got, []string{"dir", "name"}) {
		t.Errorf("Variables() = %v", got)
	}
}

// FuzzURITemplate checks that parsing never panics and that expanding a
// template and matching the expansion gives back the values.
func FuzzURITemplate(f *testing.F) {
	f.Add("test://template/{id}/data", "a b/c")
	f.Add("x://{a}{b}", "%")
	f.Add("{x}", "")
	f.Fuzz(func(t *testing.T, s, value string) {
		tpl, err := ParseURITemplate(s)
		if err != nil {
			return
		}
		vars := map[string]string{}
		for _, n := range tpl.Variables() {
			vars[n] = value
		}
		uri := tpl.Expand(vars)
		got, ok := tpl.Match(uri)
		if !ok {
			t.Fatalf("%q does not match its expansion %q", s, uri)
		}
		if len(vars) == 1 {
			for n := range vars {
				if got[n] != value {
					t.Fatalf("%q: Match(%q)[%s] = %q, want %q", s, uri, n, got[n], value)
				}
			}
		}
	})
}

func TestMergeListResult(t *testing.T) {
	own := []json.RawMessage{json.RawMessage(`{"name":"add"}`), json.RawMessage(`{"name":"sub"}`)}
	down := json.RawMessage(`{"tools":[{"name":"upper"},{"name":"add","description":"shadowed"}],"nextCursor":"x"}`)
	got, dropped, err := MergeListResult(ListTools, own, down)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"tools":[{"name":"add"},{"name":"sub"},{"name":"upper"}]}`; string(got) != want {
		t.Errorf("MergeListResult() = %s, want %s", got, want)
	}
	if !slices.Equal(dropped, []string{"add"}) {
		t.Errorf("dropped = %v", dropped)
	}
	got, _, err = MergeListResult(ListResourceTemplates, nil, nil)
	if err != nil || string(got) != `{"resourceTemplates":[]}` {
		t.Errorf("MergeListResult(empty) = %s, %v", got, err)
	}
	if _, _, err := MergeListResult(ListResources, []json.RawMessage{json.RawMessage(`{"name":"no uri"}`)}, nil); err == nil {
		t.Error("an item without a key was accepted")
	}
	if k, ok := ListKindOf("prompts/list"); !ok || k.Field != "prompts" {
		t.Errorf("ListKindOf(prompts/list) = %+v, %v", k, ok)
	}
	if c, err := ListCursor(json.RawMessage(`{"cursor":"abc"}`)); err != nil || c != "abc" {
		t.Errorf("ListCursor() = %q, %v", c, err)
	}
	if _, err := ListCursor(json.RawMessage(`{"cursor":1}`)); err == nil {
		t.Error("ListCursor(number) succeeded")
	}
}

func TestRouter(t *testing.T) {
	r := NewRouter("calc", "strings", "files")
	if err := r.AddTools(0, "add", "sub"); err != nil {
		t.Fatal(err)
	}
	err := r.AddTools(1, "upper", "add")
	var dup *DuplicateError
	if !errors.As(err, &dup) || dup.Key != "add" || dup.First != 0 || dup.Second != 1 {
		t.Fatalf("AddTools duplicate error = %v", err)
	}
	if want := `tool "add" is provided by both "calc" (component 0) and "strings" (component 1)`; err.Error() != want {
		t.Errorf("error = %q, want %q", err, want)
	}
	if i, ok := r.Tool("add"); !ok || i != 0 {
		t.Errorf("Tool(add) = %d, %v (the first owner wins)", i, ok)
	}
	if i, ok := r.Tool("upper"); !ok || i != 1 {
		t.Errorf("Tool(upper) = %d, %v", i, ok)
	}
	if _, ok := r.Tool("mul"); ok {
		t.Error("Tool(mul) found")
	}
	if err := r.AddTools(0, "sub"); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("same owner listing twice: %v", err)
	}
	if err := r.AddPrompts(1, "greet"); err != nil {
		t.Fatal(err)
	}
	if err := r.AddPrompts(2, "greet"); err == nil {
		t.Error("duplicate prompt accepted")
	}
	if i, ok := r.Prompt("greet"); !ok || i != 1 {
		t.Errorf("Prompt(greet) = %d, %v", i, ok)
	}

	if err := r.AddResources(2, "file:///readme"); err != nil {
		t.Fatal(err)
	}
	if err := r.AddTemplates(2, "file:///{name}"); err != nil {
		t.Fatal(err)
	}
	if err := r.AddTemplates(1, "file:///{name}", "str://{s}", "bad://{+x}"); err == nil ||
		!strings.Contains(err.Error(), `resource template "file:///{name}" is provided by both "files" (component 2) and "strings" (component 1)`) ||
		!strings.Contains(err.Error(), "not supported") {
		t.Errorf("AddTemplates errors = %v", err)
	}
	if err := r.AddResources(1, "file:///readme"); err == nil {
		t.Error("duplicate resource accepted")
	}
	tests := []struct {
		uri   string
		owner int
		vars  map[string]string
		ok    bool
	}{
		{"file:///readme", 2, nil, true},
		{"file:///other", 2, map[string]string{"name": "other"}, true},
		{"str://abc", 1, map[string]string{"s": "abc"}, true},
		{"http://x", 0, nil, false},
	}
	for _, tt := range tests {
		owner, vars, ok := r.Resource(tt.uri)
		if ok != tt.ok || owner != tt.owner || len(vars) != len(tt.vars) {
			t.Errorf("Resource(%q) = %d, %v, %v", tt.uri, owner, vars, ok)
		}
		for k, v := range tt.vars {
			if vars[k] != v {
				t.Errorf("Resource(%q)[%s] = %q", tt.uri, k, vars[k])
			}
		}
	}
	// Unnamed components print as their index.
	r2 := NewRouter()
	r2.AddTools(0, "x")
	if err := r2.AddTools(3, "x"); err == nil || !strings.Contains(err.Error(), "#0 (component 0) and #3") {
		t.Errorf("unnamed duplicate = %v", err)
	}
}
