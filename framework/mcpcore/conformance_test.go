package mcpcore

import (
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/internal/testutil"
)

// TestConformanceScenarios runs the scenarios of the MCP conformance suite
// that need no fixture tools against the reference HTTP loop. (The fixture
// scenarios run against the composed example server.)
func TestConformanceScenarios(t *testing.T) {
	ts := httptest.NewServer(mcpHandler(t))
	defer ts.Close()
	cli := filepath.Join(testutil.NodeModules(t), "@modelcontextprotocol", "conformance", "dist", "index.js")
	for _, scenario := range []string{"server-initialize", "ping", "logging-set-level", "dns-rebinding-protection", "tools-list"} {
		t.Run(scenario, func(t *testing.T) {
			cmd := exec.Command(testutil.Node(t), cli, "server", "--url", ts.URL+"/mcp", "--scenario", scenario)
			cmd.Dir = t.TempDir()
			out, err := cmd.CombinedOutput()
			if err != nil || strings.Contains(string(out), "FAILURE") || !strings.Contains(string(out), " 0 failed") {
				t.Errorf("conformance %s: %v\n%s", scenario, err, out)
			}
		})
	}
}
