package registry

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// LockTimeout bounds how long Update waits for another wasmcp process to
// release the config lock.
var LockTimeout = 30 * time.Second

// Update changes the config at path under an exclusive lock: it locks
// path+".lock", re-reads the file, calls fn on the current content and, when fn
// returns nil, validates the result and replaces the file atomically. A file
// that fails to parse, or holds keys this version does not know, is left
// untouched and its error returned. When fn returns an error nothing is written.
func Update(path string, fn func(*Config) error) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create config directory: %w", err)
	}
	unlock, err := lockFile(path+".lock", LockTimeout)
	if err != nil {
		return err
	}
	defer unlock()

	cfg, err := Load(path)
	if err != nil {
		return fmt.Errorf("%w (the file was not changed)", err)
	}
	if len(cfg.unknown) > 0 {
		return fmt.Errorf("refusing to rewrite %s, which has keys this version of wasmcp does not know (they would be lost):\n  %s",
			path, strings.Join(cfg.unknown, "\n  "))
	}
	if err := fn(cfg); err != nil {
		return err
	}
	cfg.init()
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("config not saved: %w", err)
	}
	data, err := cfg.Marshal()
	if err != nil {
		return fmt.Errorf("encode config: %w", err)
	}
	return WriteFileAtomic(path, data, 0o644)
}

// WriteFileAtomic writes data to path through a temporary file in the same
// directory, synced to disk and renamed over path, then syncs the directory.
// Readers see either the old or the new content, never a mix. An existing
// file keeps its permission bits.
func WriteFileAtomic(path string, data []byte, perm os.FileMode) error {
	dir := filepath.Dir(path)
	if st, err := os.Stat(path); err == nil {
		perm = st.Mode().Perm()
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmpName := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmpName)
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", tmpName, err)
	}
	if err := tmp.Chmod(perm); err != nil {
		return fmt.Errorf("write %s: %w", tmpName, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", tmpName, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", tmpName, err)
	}
	if err := os.Rename(tmpName, path); err != nil {
		return fmt.Errorf("replace %s: %w", path, err)
	}
	ok = true
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // best effort: not every file system syncs directories
		d.Close()
	}
	return nil
}

// errLockTimeout is returned when the lock is held for longer than LockTimeout.
var errLockTimeout = errors.New("timed out waiting for the config lock")
