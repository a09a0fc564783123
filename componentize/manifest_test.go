package componentize

import (
	"errors"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/compose/toolmanifest"
)

func TestParseToolManifest(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"tools":["echo","add"]}`, "echo,add"},
		{` {"tools": []} `, ""},
	} {
		names, err := ParseToolManifest([]byte(tc.in))
		if err != nil || names == nil || strings.Join(names, ",") != tc.want {
			t.Errorf("%s: %q, %v", tc.in, names, err)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{`["echo"]`, "cannot unmarshal array"},
		{`{}`, `missing "tools"`},
		{`{"tools":null}`, `missing "tools"`},
		{`{"tools":["a"],"extra":1}`, `unknown field "extra"`},
		{`{"tools":[1]}`, "cannot unmarshal number"},
		{`{"tools":["a",""]}`, "tools[1] is empty"},
		{`{"tools":["a","b","a"]}`, `tools[2] "a" is listed twice`},
		{`{"tools":[]} {}`, "data after the JSON object"},
		{``, "EOF"},
	} {
		_, err := ParseToolManifest([]byte(tc.in))
		if !errors.Is(err, ErrBadToolManifest) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.in, err, tc.want)
		}
	}
}

func TestAddToolManifest(t *testing.T) {
	comp := append([]byte(nil), componentMagic...)
	out, err := AddToolManifest(comp, []string{"echo", "add"})
	if err != nil {
		t.Fatal(err)
	}
	if names, ok, err := toolmanifest.Read(out); err != nil || !ok || strings.Join(names, ",") != "echo,add" {
		t.Fatalf("ToolManifest = %q, %v, %v", names, ok, err)
	}
	if _, err := AddToolManifest(out, []string{"x"}); err == nil || !strings.Contains(err.Error(), "already has a wasmcp:tools section") {
		t.Errorf("second manifest: %v", err)
	}
	if _, err := AddToolManifest(coreMagic, nil); err == nil || !strings.Contains(err.Error(), "not a component") {
		t.Errorf("core module: %v", err)
	}
	out, err = AddToolManifest(comp, nil)
	if names, ok, _ := toolmanifest.Read(out); err != nil || !ok || names == nil || len(names) != 0 {
		t.Errorf("no tools: %q %v %v", names, ok, err)
	}
}
