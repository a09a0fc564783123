package config

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func fixture(t testing.TB, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "wasimancer", rel))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// entry returns the byte range of the lines from the first line containing
// first to the last line containing last (inclusive), in src.
func entry(t *testing.T, src []byte, first, last string) (int, int) {
	t.Helper()
	i := bytes.Index(src, []byte(first))
	j := -1
	if i >= 0 {
		j = bytes.Index(src[i:], []byte(last))
	}
	if i < 0 || j < 0 {
		t.Fatalf("markers %q..%q not found", first, last)
	}
	j += i
	i = bytes.LastIndexByte(src[:i], '\n') + 1
	if k := bytes.IndexByte(src[j:], '\n'); k >= 0 {
		j += k + 1
	} else {
		j = len(src)
	}
	return i, j
}

// sameOutside checks that out is before with [i, j) replaced by something.
func sameOutside(t *testing.T, before, out []byte, i, j int) []byte {
	t.Helper()
	if !bytes.HasPrefix(out, before[:i]) || !bytes.HasSuffix(out, before[j:]) || len(out) < i+len(before)-j {
		t.Fatalf("bytes outside the changed entry differ:\n--- before\n%s\n--- after\n%s", before, out)
	}
	return out[i : len(out)-(len(before)-j)]
}

var calc = Plugin{Name: "simple calc", Version: "2.0.0", Path: "./bucket/simple-calc-1.wasm", Description: "calculator",
	Functions: []Function{
		{DisplayName: "add numbers", Function: "add", Description: "adds", Arguments: []Argument{{Name: "a", Type: "number", Description: "first number"}, {Name: "b", Type: "number"}}},
	}}

func TestEditPlugins(t *testing.T) {
	src := fixture(t, "plugins/plugins.yml")

	// Upload of a new plugin: appended after the last entry, before the
	// closing comment.
	up := Plugin{Name: "echo back", Path: "./bucket/echo-back-1.wasm", Functions: []Function{{DisplayName: "echo", Function: "echo"}}}
	out, err := PutPlugin("plugins.yml", src, up)
	if err != nil {
		t.Fatal(err)
	}
	i, _ := entry(t, src, "# end of the plugins", "# end of the plugins")
	added := sameOutside(t, src, out, i, i)
	if !strings.HasPrefix(string(added), "  - name: echo back\n") {
		t.Errorf("added entry:\n%s", added)
	}

	// Update of an entry: only its lines change; its unknown fields,
	// quoting and comments stay.
	i, j := entry(t, out, "- name: 'simple calc'", "arguments: [{name: a")
	out2, err := PutPlugin("plugins.yml", out, calc)
	if err != nil {
		t.Fatal(err)
	}
	changed := string(sameOutside(t, out, out2, i, j))
	for _, want := range []string{"- name: 'simple calc'", "version: '2.0.0'", "displayName: 'add numbers'", "description: 'first number'"} {
		if !strings.Contains(changed, want) {
			t.Errorf("updated entry lacks %q:\n%s", want, changed)
		}
	}
	if strings.Contains(changed, "multiply") {
		t.Errorf("removed function still there:\n%s", changed)
	}
	i, j = entry(t, out2, "- path: '/greetings/", "description: 'hello greetings'")
	hello := Plugin{Name: "hello plugin", Version: "1.0.1", Path: "/greetings/wasimancer-plugin-hello.wasm", Description: "hello greetings",
		Functions: []Function{{DisplayName: "say hello", Function: "say_hello", Description: "a function to say hello", Arguments: []Argument{{Name: "name", Type: "string", Description: "name of the person"}}}}}
	out3, err := PutPlugin("plugins.yml", out2, hello)
	if err != nil {
		t.Fatal(err)
	}
	changed = string(sameOutside(t, out2, out3, i, j))
	for _, want := range []string{"author: 'someone'", "# not a wasmcp field: kept as written", "version: '1.0.1'"} {
		if !strings.Contains(changed, want) {
			t.Errorf("updated entry lacks %q:\n%s", want, changed)
		}
	}
	if strings.Index(changed, "path:") > strings.Index(changed, "name:") {
		t.Errorf("key order changed:\n%s", changed)
	}

	// Removal: the entry and its head comment go, nothing else.
	i, _ = entry(t, out3, "  # Fetches a URL", "  # Fetches a URL")
	j, _ = entry(t, out3, "- name: echo back", "- name: echo back")
	out4, err := DeletePlugin("plugins.yml", out3, "web fetch")
	if err != nil {
		t.Fatal(err)
	}
	if removed := sameOutside(t, out3, out4, i, j); len(removed) != 0 {
		t.Errorf("left of the removed entry: %q", removed)
	}
	got, _, err := ParsePlugins("plugins.yml", out4)
	if err != nil || len(got.Plugins) != 3 || got.Plugins[2].Name != "echo back" {
		t.Fatalf("%v %+v", err, got)
	}
}

func TestEditResourcesAndPrompts(t *testing.T) {
	src := fixture(t, "resources/resources.yml")
	i, j := entry(t, src, "- name: information", "a server of the compatibility tests")
	info := Resource{Name: "information", URI: "info://server", Contents: []Content{{Text: "changed"}}}
	out, err := PutResource("resources.yml", src, info)
	if err != nil {
		t.Fatal(err)
	}
	if changed := string(sameOutside(t, src, out, i, j)); !strings.Contains(changed, "text: 'changed' # plain text") {
		t.Errorf("%s", changed)
	}
	// static → dynamic: removed from one list, appended to the other.
	info.URI = "info://{part}"
	info.Arguments = []Argument{{Name: "part"}}
	out, err = PutResource("resources.yml", src, info)
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := ParseResources("resources.yml", out)
	if err != nil || len(got.Resources.Static) != 1 || len(got.Resources.Dynamic) != 2 || got.Resources.Dynamic[1].Name != "information" {
		t.Fatalf("%v %+v\n%s", err, got, out)
	}
	if !bytes.HasPrefix(out, src[:i]) || !bytes.Contains(out, []byte("about: static texts and a template")) {
		t.Errorf("%s", out)
	}

	ps := fixture(t, "prompts/prompts.yml")
	i, j = entry(t, ps, "- name: 'roll dice'", "role: 'user'")
	roll := Prompt{Name: "roll dice", Arguments: []Argument{{Name: "numFaces", Type: "string", Completion: []string{"6", "20"}}},
		Messages: []Message{{Role: "user", Text: "Rolling ${numFaces}."}}}
	out, err = PutPrompt("prompts.yml", ps, roll)
	if err != nil {
		t.Fatal(err)
	}
	changed := string(sameOutside(t, ps, out, i, j))
	if !strings.Contains(changed, "with-completion: ['6', '20']") {
		t.Errorf("%s", changed)
	}
	p, _, err := ParsePrompts("prompts.yml", out)
	if err != nil || len(p.Prompts.WithCompletion) != 1 || p.Prompts.WithCompletion[0].Arguments[0].Completion[1] != "20" {
		t.Fatalf("%v %+v", err, p)
	}
	out, err = DeletePrompt("prompts.yml", ps, "roll dice")
	if err != nil {
		t.Fatal(err)
	}
	if removed := sameOutside(t, ps, out, i, j); len(removed) != 0 {
		t.Errorf("%q", removed)
	}
}

// Layouts the text edit leaves to the node tree still get the change, and
// keep their comments.
func TestEditFallback(t *testing.T) {
	for _, src := range []string{
		"",
		"# nothing yet\n",
		"plugins: []   # none\n",
		"plugins:\n",
		"plugins: ~\nabout: x\n",
		"plugins: [{name: a, path: a.wasm, functions: [{function: f}]}]  # flow\n",
		"about: x\r\nplugins:\r\n- name: a\r\n  path: a.wasm\r\n  functions: [{function: f}]\r\n",
	} {
		out, err := PutPlugin("p.yml", []byte(src), calc)
		if err != nil {
			t.Errorf("%q: %v", src, err)
			continue
		}
		got, _, err := ParsePlugins("p.yml", out)
		if err != nil || got.Plugins[len(got.Plugins)-1].Name != calc.Name {
			t.Errorf("%q → %q: %v", src, out, err)
		}
		for _, c := range []string{"# none", "# flow", "# nothing yet"} {
			if strings.Contains(src, c) && !strings.Contains(string(out), c) {
				t.Errorf("%q → %q: comment lost", src, out)
			}
		}
	}
	for _, bad := range []string{"plugins: [\n", "plugins:\n---\nplugins:\n"} {
		if _, err := PutPlugin("p.yml", []byte(bad), calc); err == nil || !strings.Contains(err.Error(), "p.yml") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

// Edits never panic, and a successful one yields a file that loads with the
// change made.
func FuzzEditPlugins(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		out, err := PutPlugin("f", b, calc)
		if err == nil {
			got, _, err := ParsePlugins("f", out)
			if err != nil || len(got.Plugins) == 0 {
				t.Fatalf("put: %v\n%q", err, out)
			}
		}
		if out, err = DeletePlugin("f", b, "a"); err == nil {
			if _, _, err := ParsePlugins("f", out); err != nil {
				t.Fatalf("delete: %v", err)
			}
		}
	})
}
