package wit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/internal/testutil"
)

// jcoScript runs a JavaScript snippet against jco's API (`api` is the
// imported module), with input JSON on stdin, and returns its stdout.
func jcoScript(t testing.TB, body string, input any) []byte {
	t.Helper()
	api := filepath.Join(testutil.NodeModules(t), "@bytecodealliance", "jco", "dist", "api.js")
	dir := t.TempDir()
	script := fmt.Sprintf("import * as api from %q;\nimport { readFileSync } from 'fs';\nconst input = JSON.parse(readFileSync(process.argv[2], 'utf8'));\n%s\n", "file://"+api, body)
	p := filepath.Join(dir, "run.mjs")
	if err := os.WriteFile(p, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	in, err := json.Marshal(input)
	if err != nil {
		t.Fatal(err)
	}
	inPath := filepath.Join(dir, "input.json")
	if err := os.WriteFile(inPath, in, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(testutil.Node(t), p, inPath)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	return out
}

// customSections splits a wasm binary (module or component) into its custom
// sections, by name.
func customSections(t testing.TB, b []byte) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	d := &reader{b: b, off: 8}
	for d.off < len(b) {
		id := d.b[d.off]
		d.off++
		n, err := d.u32()
		if err != nil || d.off+int(n) > len(b) {
			t.Fatalf("bad section at %d", d.off)
		}
		body := b[d.off : d.off+int(n)]
		d.off += int(n)
		if id == 0 {
			r := &reader{b: body}
			name, err := r.name()
			if err != nil {
				t.Fatal(err)
			}
			out[name] = body[r.off:]
		}
	}
	return out
}

// withoutProducers drops the `producers` custom section from a component.
func withoutProducers(t testing.TB, b []byte) []byte {
	t.Helper()
	out := append([]byte(nil), b[:8]...)
	d := &reader{b: b, off: 8}
	for d.off < len(b) {
		start := d.off
		id := d.b[d.off]
		d.off++
		n, err := d.u32()
		if err != nil {
			t.Fatal(err)
		}
		end := d.off + int(n)
		if id == 0 {
			r := &reader{b: b[d.off:end]}
			if name, _ := r.name(); name == "producers" {
				d.off = end
				continue
			}
		}
		out = append(out, b[start:end]...)
		d.off = end
	}
	return out
}

type embedCase struct {
	Name  string `json:"name"`
	Wit   string `json:"wit"`
	World string `json:"world"`
}

// jcoEmbed returns, per case, the component-type payload jco's
// componentEmbed writes (hex), or an error text.
func jcoEmbed(t testing.TB, cases []embedCase) map[string][]byte {
	out := jcoScript(t, `
const core = await api.parse('(module)');
const res = {};
for (const c of input) {
  try {
    const b = await api.componentEmbed({ binary: core, witSource: c.wit, world: c.world });
    res[c.name] = Buffer.from(b).toString('base64');
  } catch (e) { res[c.name] = 'ERR ' + e; }
}
console.log(JSON.stringify(res));
`, cases)
	var m map[string]string
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatal(err)
	}
	res := map[string][]byte{}
	for k, v := range m {
		if strings.HasPrefix(v, "ERR ") {
			t.Fatalf("jco embed %s: %s", k, v)
		}
		var b []byte
		b, err := decodeB64(v)
		if err != nil {
			t.Fatal(err)
		}
		res[k] = b
	}
	return res
}
