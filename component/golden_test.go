package component

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the testdata/*.wit.golden files")

// TestWITGolden keeps the full WIT printed for each fixture (world and
// nested packages) in testdata/NAME.wit.golden, so that printer changes show
// in review. `go test ./component -run TestWITGolden -update` rewrites them.
func TestWITGolden(t *testing.T) {
	for name, b := range fixtures(t) {
		got := WIT(inspect(t, b))
		path := "testdata/" + strings.TrimSuffix(name, ".wasm") + ".wit.golden"
		if *update {
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if got != string(want) {
			t.Errorf("%s differs from %s (run with -update if intended):\n%s", name, path, got)
		}
	}
}
