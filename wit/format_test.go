package wit

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestFormatGolden formats testdata/format/*.wit and compares the output
// with the .golden file beside each (go test -run FormatGolden -update
// rewrites them).
func TestFormatGolden(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "format", "*.wit"))
	if len(paths) == 0 {
		t.Fatal("no test files")
	}
	for _, p := range paths {
		out := checkRoundTrip(t, p, mustRead(t, p))
		golden := p + ".golden"
		if *update {
			if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if want := string(mustRead(t, golden)); out != want {
			t.Errorf("%s: formatted output differs from %s:\n%s", p, golden, out)
		}
		if _, _, err := ParseSource(p, out); err != nil {
			t.Errorf("%s: formatted output does not resolve: %v", p, err)
		}
	}
}
