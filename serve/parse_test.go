package serve

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"
)

func TestSubstituteAndTemplates(t *testing.T) {
	vars := map[string]string{"a": "1", "b": "${a}"}
	for in, want := range map[string]string{
		"x ${a} ${b} ${c} $a ${": "x 1 ${a} ${c} $a ${",
		"":                       "",
		"${a}${a}":               "11",
	} {
		if got := substitute(in, vars); got != want {
			t.Errorf("substitute(%q) = %q, want %q", in, got, want)
		}
	}
	tm := compileTemplate("greeting://{name}/{lang}")
	if v, ok := tm.match("greeting://Ada%20L/en"); !ok || v["name"] != "Ada L" || v["lang"] != "en" {
		t.Errorf("match: %v %v", v, ok)
	}
	for _, uri := range []string{"greeting://a/b/c", "greeting://a", "greeting:///b", "other://a/b"} {
		if v, ok := tm.match(uri); ok {
			t.Errorf("%s matched: %v", uri, v)
		}
	}
}

func TestIdleSessionsExpire(t *testing.T) {
	ts := newTestServer(t)
	c := ts.client(t)
	ts.expireSessions(time.Now())
	if r := c.call("ping", nil); r.Error != nil {
		t.Fatalf("fresh session expired: %+v", r.Error)
	}
	ts.expireSessions(time.Now().Add(DefaultSessionIdleTimeout + time.Minute))
	if _, err := c.tryCall("ping", nil); err == nil || !strings.Contains(err.Error(), "HTTP 404") {
		t.Errorf("ping on an expired session: %v", err)
	}
}

func FuzzParseMessages(f *testing.F) {
	for _, s := range []string{
		`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo"}}`,
		`[{"jsonrpc":"2.0","method":"notifications/initialized"},{"jsonrpc":"2.0","id":"x","result":{}}]`,
		`{"jsonrpc":"2.0","id":1,"method":`, `[]`, `null`, `{"jsonrpc":"2.0","id":[1],"method":"x"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		msgs, _, err := parseMessages(b)
		if err != nil {
			if err.Code != codeParseError && err.Code != codeInvalidRequest {
				t.Fatalf("code %d", err.Code)
			}
			return
		}
		for _, m := range msgs {
			if m.JSONRPC != "2.0" {
				t.Fatalf("accepted %q", m.JSONRPC)
			}
			// Whatever is accepted can be answered.
			var v any
			if err := json.Unmarshal(response(m.ID, map[string]any{}, nil), &v); err != nil {
				t.Fatalf("reply to id %s is not JSON: %v", m.ID, err)
			}
		}
	})
}

func FuzzURITemplate(f *testing.F) {
	f.Add("greeting://{name}/{lang}", "greeting://a/b", "Hello ${name}")
	f.Add("x://{a}{b}", "x://ab", "${a}${b}${")
	f.Fuzz(func(t *testing.T, tmpl, uri, text string) {
		tm := compileTemplate(tmpl)
		if vars, ok := tm.match(uri); ok {
			substitute(text, vars)
		}
		substitute(text, map[string]string{"a": uri})
	})
}

func TestCacheDirKeepsCompiledPlugins(t *testing.T) {
	cfg := writeTestDir(t)
	cfg.CompilationCache = nil
	cfg.CacheDir = t.TempDir()
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	entries, _ := os.ReadDir(cfg.CacheDir)
	if len(entries) == 0 {
		t.Errorf("nothing in the cache folder %s", cfg.CacheDir)
	}
}
