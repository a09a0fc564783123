//go:build !unix

package registry

import (
	"fmt"
	"os"
	"time"
)

// lockFile on systems without flock uses an exclusive-create lock file,
// polling until timeout. A crashed process can leave the file behind; the
// timeout error says which file to remove.
func lockFile(path string, timeout time.Duration) (unlock func(), err error) {
	deadline := time.Now().Add(timeout)
	for {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if err == nil {
			f.Close()
			return func() { os.Remove(path) }, nil
		}
		if !os.IsExist(err) {
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%s: %w (remove it if no wasmcp process is running)", path, errLockTimeout)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
