package pipeline

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
)

// SharedFiles are the adapter files that several parts hold in identical
// copies (each part has its own bindings package, so the code cannot be
// shared as a package). They differ only in the bindings import path.
var SharedFiles = []string{"link_wasm.go", "records_wasm.go"}

// CheckCopies reports shared files whose copies differ between parts.
func (c Config) CheckCopies(parts []Part) error {
	for _, name := range SharedFiles {
		var first []byte
		firstPart := ""
		for _, p := range parts {
			if p.Source != "" {
				continue // a program of its own, not one of the copies
			}
			b, err := os.ReadFile(filepath.Join(c.Dir(p), name))
			if os.IsNotExist(err) {
				continue
			}
			if err != nil {
				return err
			}
			norm := bytes.ReplaceAll(b, []byte("framework/"+p.Name+"/bindings"), []byte("framework/PART/bindings"))
			if first == nil {
				first, firstPart = norm, p.Name
				continue
			}
			if !bytes.Equal(first, norm) {
				return fmt.Errorf("framework/%s/%s differs from framework/%s/%s: shared files must stay identical (up to the bindings import path)", p.Name, name, firstPart, name)
			}
		}
	}
	return nil
}
