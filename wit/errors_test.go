package wit

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var errorComment = regexp.MustCompile(`// ERROR "((?:[^"\\]|\\.)*)"`)

// TestErrors checks testdata/fail/*.wit: each `// ERROR "regexp"` comment
// expects an error on its line whose message matches the regexp.
func TestErrors(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "fail", "*.wit"))
	if len(paths) == 0 {
		t.Fatal("no test files")
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = ParseFiles(ResolveOptions{}, map[string][]byte{p: src})
			if err == nil {
				t.Fatal("no error")
			}
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("error %T is not an ErrorList: %v", err, err)
			}
			for i, line := range strings.Split(string(src), "\n") {
				m := errorComment.FindStringSubmatch(line)
				if m == nil {
					continue
				}
				re := regexp.MustCompile(strings.ReplaceAll(m[1], `\"`, `"`))
				found := false
				for _, e := range list {
					if e.Pos.Line == i+1 && e.Pos.File == p && re.MatchString(e.Msg) {
						found = true
					}
				}
				if !found {
					t.Errorf("line %d: no error matching %q; got:\n%v", i+1, m[1], err)
				}
			}
			// Messages carry file:line:col.
			if !strings.HasPrefix(err.Error(), p+":") {
				t.Errorf("error does not start with the file name: %v", err)
			}
		})
	}
}

func TestRender(t *testing.T) {
	src := "package a:b;\ninterface i {\n\tf: func(x: nope);\n}\n"
	_, _, err := ParseSource("r.wit", src)
	var b strings.Builder
	Render(&b, err, func(string) ([]byte, error) { return []byte(src), nil })
	want := "r.wit:3:13: type \"nope\" does not exist\n    \tf: func(x: nope);\n    \t           ^\n"
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}
