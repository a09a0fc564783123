package newcomp

import "testing"

// TestImportFuncName: resource functions get plain kebab-case names in the
// export's nested component (jco refuses "import-func-[constructor]r").
func TestImportFuncName(t *testing.T) {
	for in, want := range map[string]string{
		"call-tool":           "import-func-call-tool",
		"[constructor]cursor": "import-constructor-cursor",
		"[method]cursor.next": "import-method-cursor-next",
		"[static]cursor.open": "import-static-cursor-open",
	} {
		if got := importFuncName(in); got != want {
			t.Errorf("importFuncName(%q) = %q, want %q", in, got, want)
		}
	}
}
