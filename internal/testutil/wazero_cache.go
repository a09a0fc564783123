package testutil

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/tetratelabs/wazero"
)

var (
	cacheOnce sync.Once
	cache     wazero.CompilationCache
	cacheErr  error
)

// CompilationCache returns a wazero compilation cache shared by the whole test
// binary and backed by $TMPDIR/wasmcp-test-wazero-cache, so that a wasm module
// (an example plugin is 2-3 MB, seconds to compile) is compiled once across
// test binaries too. wazero keys entries by the module's bytes, the compile
// options that change the code (such as CloseOnContextDone), its own version
// and the CPU features, and writes them atomically, so concurrent test
// binaries can share the folder. Never close the returned cache.
func CompilationCache(t testing.TB) wazero.CompilationCache {
	t.Helper()
	cacheOnce.Do(func() {
		cache, cacheErr = wazero.NewCompilationCacheWithDir(filepath.Join(os.TempDir(), "wasmcp-test-wazero-cache"))
	})
	if cacheErr != nil {
		t.Fatalf("testutil: wazero compilation cache: %v", cacheErr)
	}
	return cache
}
