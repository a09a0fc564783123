package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParsePluginsOK(t *testing.T) {
	src := `about: >
  free text
plugins:
  - name: roll-dice
    path: /roll-dice/roll.wasm
    version: 1.0.0
    description: roll dice
    config: {greeting: hi}
    env: [API_KEY]
    functions:
      - displayName: rollDice
        function: rollDice
        description: a function to roll dice
        arguments:
          - name: numFaces
            type: number
            description: number of faces
      - function: other
`
	p, res, err := ParsePlugins("plugins.yml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
	got := p.Plugins[0]
	if got.Name != "roll-dice" || got.Path != "/roll-dice/roll.wasm" || got.Config["greeting"] != "hi" || got.Env[0] != "API_KEY" {
		t.Errorf("%+v", got)
	}
	if f := got.Functions[0]; f.DisplayName != "rollDice" || f.Arguments[0].Type != "number" {
		t.Errorf("%+v", f)
	}
	if got.Functions[1].DisplayName != "other" {
		t.Errorf("displayName defaults to the function: %+v", got.Functions[1])
	}
}

// Each case: the input, then the text the error must contain (file:line:col: field: message).
var pluginErrors = []struct{ src, want string }{
	{"plugins:\n  - name: x\n    path: x.wasm\n    functions:\n      - function: f\n        arguments:\n          - name: a\n            type: int\n",
		`plugins.yml:8:19: plugins[0].functions[0].arguments[0].type: "int" is not one of string, number, boolean, object, array`},
	{"plugins:\n  - path: x.wasm\n    functions: [{function: f}]\n",
		"plugins.yml:2:5: plugins[0].name: missing (required)"},
	{"plugins:\n  - name: x\n    path: x.wasm\n    functions: []\n",
		"plugins.yml:4:16: plugins[0].functions: must list at least one function"},
	{"plugins:\n  - name: x\n    path: x.wasm\n",
		"plugins.yml:2:5: plugins[0].functions: missing (required)"},
	{"plugins:\n  - name: ../evil\n    path: x.wasm\n    functions: [{function: f}]\n",
		`plugins.yml:2:11: plugins[0].name: "../evil" is not a valid plugin name: it contains /`},
	{"plugins:\n  - name: x\n    path: x.wasm\n    functions:\n      - displayName: \"a\\tb\"\n        function: f\n",
		`plugins.yml:5:22: plugins[0].functions[0].displayName: "a\tb" is not a valid tool name: it contains a control character`},
	{"plugins:\n  - name: x\n    path: x.wasm\n    functions:\n      - displayName: ''\n        function: f\n",
		`plugins.yml:5:22: plugins[0].functions[0].displayName: "" is not a valid tool name: it is empty`},
	{"plugins:\n  - name: x\n    path: x.wasm\n    functions:\n      - displayName: " + strings.Repeat("t", 129) + "\n        function: f\n",
		`plugins.yml:5:22: plugins[0].functions[0].displayName: "` + strings.Repeat("t", 129) + `" is not a valid tool name: it is 129 bytes long (at most 128)`},
	{"plugins:\n  - name: ..\n    path: x.wasm\n    functions: [{function: f}]\n",
		`plugins.yml:2:11: plugins[0].name: ".." is not a valid plugin name: it is a dot segment`},
	{"plugins:\n  - name: a\n    path: a.wasm\n    functions: [{function: f}]\n  - name: b\n    path: b.wasm\n    functions: [{function: f}]\n",
		`plugins.yml:5:5: plugins[1].functions[0].displayName: tool "f" is already provided by plugin "a"`},
	{"plugins:\n  - name: a\n    path: a.wasm\n    functions: [{function: f}]\n  - name: a\n    path: b.wasm\n    functions: [{function: g}]\n",
		`plugins.yml:5:5: plugins[1].name: duplicate plugin name "a"`},
	{"plugins:\n  - name: x\n    path: [a]\n    functions: [{function: f}]\n",
		"plugins.yml:3:11: plugins[0].path: expected a string, got a list"},
	{"plugins:\n  - name: x\n\tpath: y\n",
		"plugins.yml:2: syntax error: found a tab character that violates indentation"},
	{"plugins: {name: x}\n",
		"plugins.yml:1:10: plugins: expected a list, got a mapping"},
	{"plugins:\n  - name: x\n    path: x.wasm\n    functions:\n      - function: f\n        arguments:\n          - name: a\n          - name: a\n",
		`plugins.yml:8:19: plugins[0].functions[0].arguments[1].name: duplicate argument "a"`},
}

func TestParsePluginsErrors(t *testing.T) {
	for _, c := range pluginErrors {
		_, _, err := ParsePlugins("plugins.yml", []byte(c.src))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("input:\n%s\ngot:  %v\nwant: %s", c.src, err, c.want)
		}
		var list ErrorList
		if err != nil && !errors.As(err, &list) {
			t.Errorf("error is %T, want ErrorList", err)
		}
	}
}

func TestUnknownFieldsWarn(t *testing.T) {
	_, res, err := ParsePlugins("p.yml", []byte("plugins:\n  - name: x\n    path: x.wasm\n    descripton: typo\n    functions: [{function: f}]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "p.yml:4:5: plugins[0].descripton: unknown field ignored") {
		t.Errorf("warnings: %v", res.Warnings)
	}
}

func TestParseResources(t *testing.T) {
	src := "resources:\n  static:\n    - name: info\n      uri: info://x\n      contents:\n        - text: hello\n          customField: kept out\n  dynamic:\n    - name: echo\n      uri: echo://{message}\n      arguments:\n        - name: message\n          type: string\n      contents:\n        - text: 'Resource echo: ${message}'\n"
	r, _, err := ParseResources("resources.yml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Resources.Static) != 1 || len(r.Resources.Dynamic) != 1 || r.Resources.Dynamic[0].Contents[0].Text != "Resource echo: ${message}" {
		t.Errorf("%+v", r)
	}
	for _, c := range []struct{ src, want string }{
		{"resources:\n  static:\n    - name: a\n      uri: a://{x}\n      contents: [{text: t}]\n", "resources.yml:4:12: resources.static[0].uri: a static resource URI cannot contain { or }"},
		{"resources:\n  dynamic:\n    - name: a\n      uri: a://x\n      contents: [{text: t}]\n", "resources.yml:4:12: resources.dynamic[0].uri: a dynamic resource needs a URI template"},
		{"resources:\n  static:\n    - name: a\n      uri: nocolon\n      contents: [{text: t}]\n", `resources.yml:4:12: resources.static[0].uri: "nocolon" is not a URI`},
		{"resources:\n  static:\n    - name: a\n      uri: a://x\n", "resources.yml:3:7: resources.static[0].contents: missing (required)"},
		{"resources:\n  static:\n    - name: a\n      uri: a://x\n      contents: [{text: t}]\n    - name: a\n      uri: a://y\n      contents: [{text: t}]\n", `resources.yml:6:7: resources.static[1].name: duplicate resource name "a"`},
		{"resources:\n  dynamic:\n    - name: a\n      uri: a://{x}\n      arguments: [{name: y}]\n      contents: [{text: t}]\n", `resources.dynamic[0].arguments[0].name: "y" does not appear in the URI template`},
	} {
		_, _, err := ParseResources("resources.yml", []byte(c.src))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("input:\n%s\ngot:  %v\nwant: %s", c.src, err, c.want)
		}
	}
}

func TestParsePrompts(t *testing.T) {
	src := "prompts:\n  predefined:\n    - name: roll-dice\n      arguments:\n        - name: numFaces\n          type: string\n      messages:\n        - text: roll ${numFaces}\n          role: user\n"
	p, _, err := ParsePrompts("prompts.yml", []byte(src))
	if err != nil || len(p.Prompts.Predefined) != 1 || p.Prompts.Predefined[0].Messages[0].Role != "user" {
		t.Fatalf("%+v %v", p, err)
	}
	for _, c := range []struct{ src, want string }{
		{"prompts:\n  predefined:\n    - name: a\n      messages:\n        - text: x\n          role: system\n", `prompts.yml:6:17: prompts.predefined[0].messages[0].role: "system" is not one of user, assistant`},
		{"prompts:\n  predefined:\n    - name: a\n      messages:\n        - role: user\n", "prompts.yml:5:11: prompts.predefined[0].messages[0].text: missing (required)"},
		{"prompts:\n  predefined:\n    - name: a\n", "prompts.yml:3:7: prompts.predefined[0].messages: missing (required)"},
	} {
		_, _, err := ParsePrompts("prompts.yml", []byte(c.src))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("input:\n%s\ngot:  %v\nwant: %s", c.src, err, c.want)
		}
	}
}

func TestJSONBodies(t *testing.T) {
	p, _, err := ParsePlugin("pluginData", []byte(`{"name":"n","path":"./bucket/n.wasm","functions":[{"displayName":"D","function":"f","arguments":[{"name":"a","type":"number"}]}]}`))
	if err != nil || p.Functions[0].DisplayName != "D" {
		t.Fatalf("%+v %v", p, err)
	}
	_, _, err = ParsePlugin("pluginData", []byte("{\n  \"name\": \"n\",\n  \"path\": \"p\",\n  \"functions\": [{\"function\": 3, \"arguments\": [{\"name\": \"a\", \"type\": \"float\"}]}]\n}"))
	if err == nil || !strings.Contains(err.Error(), `pluginData:4:69: functions[0].arguments[0].type: "float" is not one of`) {
		t.Errorf("got %v", err)
	}
	if _, _, err := ParsePlugin("pluginData", []byte(`{"name": `)); err == nil || !strings.Contains(err.Error(), "pluginData:") {
		t.Errorf("truncated JSON: %v", err)
	}
	r, err := ParseResource("body", []byte(`{"name":"g","uri":"greet://{who}","arguments":[{"name":"who"}],"contents":[{"text":"hi ${who}"}]}`))
	if err != nil || !r.IsDynamic() {
		t.Errorf("%+v %v", r, err)
	}
	if _, err := ParsePrompt("body", []byte(`{"name":"p","messages":[{"role":"bot","text":"x"}]}`)); err == nil || !strings.Contains(err.Error(), `body:1:33: messages[0].role: "bot"`) {
		t.Errorf("prompt: %v", err)
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	p, _, err := ParsePlugins("a", []byte("plugins:\n  - name: x\n    path: x.wasm\n    config: {k: v}\n    functions:\n      - displayName: X\n        function: f\n        arguments: [{name: a, type: number, description: d}]\n"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	q, _, err := ParsePlugins("b", b)
	if err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	b2, _ := Marshal(q)
	if string(b) != string(b2) {
		t.Errorf("not stable:\n%s\n%s", b, b2)
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "sub", "f.yml")
	for _, content := range []string{"one", "two"} {
		if err := WriteFileAtomic(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(p)
		if string(b) != content {
			t.Errorf("got %q", b)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(p))
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
}

func seeds(f *testing.F) {
	for _, c := range pluginErrors {
		f.Add([]byte(c.src))
	}
	f.Add([]byte("resources:\n  static:\n    - name: a\n      uri: a://x\n      contents: [{text: t}]\n  dynamic:\n    - name: e\n      uri: e://{m}\n      contents: [{text: '${m}'}]\n"))
	f.Add([]byte("prompts:\n  predefined:\n    - name: a\n      arguments: [{name: x}]\n      messages: [{role: user, text: '${x}'}]\n"))
	f.Add([]byte("a: &a [*a]\nplugins: *a\n"))
	f.Add([]byte(`{"name":"n","path":"p","functions":[{"function":"f"}]}`))
	for _, rel := range []string{"plugins/plugins.yml", "resources/resources.yml", "prompts/prompts.yml"} {
		f.Add(fixture(f, rel))
	}
}

// The decoders never panic; whatever they accept re-encodes and decodes again.
func FuzzParsePlugins(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		p, _, err := ParsePlugins("f", b)
		ParsePlugin("f", b)
		if err != nil {
			return
		}
		out, err := Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := ParsePlugins("g", out); err != nil {
			t.Fatalf("re-decoding failed: %v\n%s", err, out)
		}
	})
}

func FuzzParseResources(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		r, _, err := ParseResources("f", b)
		ParseResource("f", b)
		if err != nil {
			return
		}
		out, err := Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := ParseResources("g", out); err != nil {
			t.Fatalf("re-decoding failed: %v\n%s", err, out)
		}
	})
}

func FuzzParsePrompts(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		p, _, err := ParsePrompts("f", b)
		ParsePrompt("f", b)
		if err != nil {
			return
		}
		out, err := Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := ParsePrompts("g", out); err != nil {
			t.Fatalf("re-decoding failed: %v\n%s", err, out)
		}
	})
}

// WASImancer's own files name tools and plugins with spaces. MCP only
// recommends a character set, so they load, each with one warning that
// names the file and line.
func TestNamesWithSpaces(t *testing.T) {
	src := "plugins:\n  - name: 'roll dice'\n    path: /roll-dice/roll.wasm\n    functions:\n      - displayName: 'say hello'\n        function: say_hello\n      - function: rollDice\n"
	p, res, err := ParsePlugins("plugins.yml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if p.Plugins[0].Name != "roll dice" || p.Plugins[0].Functions[0].DisplayName != "say hello" || p.Plugins[0].Line != 2 {
		t.Errorf("%+v", p.Plugins[0])
	}
	want := []string{
		`plugins.yml:2:11: plugins[0].name: "roll dice" is not a portable plugin name`,
		`plugins.yml:5:22: plugins[0].functions[0].displayName: "say hello" is outside MCP's recommended tool name characters`,
	}
	if len(res.Warnings) != len(want) {
		t.Fatalf("warnings: %q", res.Warnings)
	}
	for i, w := range want {
		if !strings.HasPrefix(res.Warnings[i], w) || strings.Contains(res.Warnings[i], "\n") {
			t.Errorf("warning %d: %q, want prefix %q", i, res.Warnings[i], w)
		}
	}
}
