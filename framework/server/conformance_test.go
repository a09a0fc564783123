package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/internal/testutil"
)

// TestConformanceScenarios runs the MCP conformance suite's server
// scenarios that need no fixture tools, resources or prompts against the
// transport served by jco serve.
func TestConformanceScenarios(t *testing.T) {
	url := serveDefault(t) + "/mcp"
	cli := filepath.Join(testutil.NodeModules(t), "@modelcontextprotocol", "conformance", "dist", "index.js")
	for _, scenario := range []string{"server-initialize", "ping", "logging-set-level", "dns-rebinding-protection", "tools-list"} {
		t.Run(scenario, func(t *testing.T) {
			cmd := exec.Command(testutil.Node(t), cli, "server", "--url", url, "--scenario", scenario)
			cmd.Dir = t.TempDir()
			out, err := cmd.CombinedOutput()
			if err != nil || strings.Contains(string(out), "FAILURE") || !strings.Contains(string(out), " 0 failed") {
				t.Errorf("conformance %s: %v\n%s", scenario, err, out)
			}
		})
	}
}
