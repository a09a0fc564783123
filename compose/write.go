package compose

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrExists reports an output file that exists and may not be overwritten.
var ErrExists = errors.New("output exists")

// WriteFile writes data to path atomically: to a temporary file in the same
// directory, then moved into place, so that readers see the old file or the
// new one, never a part. Without force, an existing path is an ErrExists
// error and is left untouched.
func WriteFile(path string, data []byte, force bool) error {
	return writeAtomic(path, force, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

func writeAtomic(path string, force bool, fill func(io.Writer) error) (err error) {
	if !force {
		if _, err := os.Lstat(path); err == nil {
			return fmt.Errorf("compose: %s: %w (use --force to overwrite it)", path, ErrExists)
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("compose: writing %s: %w", path, err)
	}
	name := tmp.Name()
	defer func() {
		if err != nil {
			os.Remove(name)
		}
	}()
	bw := bufio.NewWriterSize(tmp, 1<<16)
	werr := fill(bw)
	if werr == nil {
		werr = bw.Flush()
	}
	if werr != nil {
		tmp.Close()
		return fmt.Errorf("compose: writing %s: %w", path, werr)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("compose: writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("compose: writing %s: %w", path, err)
	}
	if force {
		if err := os.Rename(name, path); err != nil {
			return fmt.Errorf("compose: writing %s: %w", path, err)
		}
		return nil
	}
	// A hard link fails if path appeared meanwhile, where a rename would
	// replace it.
	if err := os.Link(name, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("compose: %s: %w (use --force to overwrite it)", path, ErrExists)
		}
		if _, statErr := os.Lstat(path); statErr == nil {
			return fmt.Errorf("compose: %s: %w (use --force to overwrite it)", path, ErrExists)
		}
		if err := os.Rename(name, path); err != nil {
			return fmt.Errorf("compose: writing %s: %w", path, err)
		}
		return nil
	}
	os.Remove(name)
	return nil
}
