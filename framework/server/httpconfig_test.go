package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/framework/mcpcore"
)

func TestLoadConfig(t *testing.T) {
	c := loadHTTPConfig(envLookup(nil))
	if c.DisableSSE || c.LogLevel != nil || c.Policy.Limit() != mcpcore.DefaultMaxBody || c.Policy.Sessions || c.Policy.Push ||
		c.Server.Options.Server.Name != "wasmcp" || !c.Server.Options.Logging {
		t.Errorf("defaults: %+v", c)
	}
	c = loadHTTPConfig(envLookup([][2]string{
		{EnvDisableSSE, "TRUE"}, {EnvMaxBody, "1024"}, {mcpcore.EnvLogLevel, "Warning"},
		{EnvServerName, "calc"}, {EnvServerVersion, "2.0.0"}, {EnvInstructions, "Add numbers."},
		{mcpcore.EnvRequireOrigin, "yes"}, {mcpcore.EnvAllowedOrigins, "https://a.example, http://b.example:*"},
	}))
	if !c.DisableSSE || c.Policy.Limit() != 1024 || c.LogLevel == nil || *c.LogLevel != mcpcore.LevelWarning {
		t.Errorf("settings: %+v", c)
	}
	if o := c.Server.Options; o.Server.Name != "calc" || o.Server.Version != "2.0.0" || o.Instructions != "Add numbers." {
		t.Errorf("server options: %+v", o)
	}
	if !c.Policy.Origins.Require || len(c.Policy.Origins.Allowed) != 2 {
		t.Errorf("origins: %+v", c.Policy.Origins)
	}
	if c := loadHTTPConfig(envLookup([][2]string{{EnvMaxBody, "lots"}})); c.Policy.Limit() != mcpcore.DefaultMaxBody {
		t.Errorf("unreadable %s: limit %d", EnvMaxBody, c.Policy.Limit())
	}
}

func TestEndpoint(t *testing.T) {
	for p, want := range map[string]bool{"/mcp": true, "/mcp/": true, "/mcp?x=1": true, "/": false, "/mcpx": false, "/other/mcp": false} {
		if endpoint(p) != want {
			t.Errorf("endpoint(%q) = %v", p, !want)
		}
	}
}

func TestResponseMode(t *testing.T) {
	on, off := httpConfig{}, httpConfig{DisableSSE: true}
	for _, c := range []struct {
		cfg    httpConfig
		accept string
		notes  int
		mode   mcpcore.ResponseMode
		ok     bool
	}{
		{on, "application/json, text/event-stream", 0, mcpcore.ModeJSON, true},
		{on, "application/json, text/event-stream", 2, mcpcore.ModeSSE, true},
		{on, "text/event-stream", 0, mcpcore.ModeSSE, true},
		{off, "application/json, text/event-stream", 2, mcpcore.ModeJSON, true},
		{off, "text/event-stream", 0, mcpcore.ModeJSON, false},
	} {
		if mode, ok := c.cfg.responseMode(c.accept, c.notes); mode != c.mode || ok != c.ok {
			t.Errorf("%+v: %v %v", c, mode, ok)
		}
	}
}

func TestCORS(t *testing.T) {
	p := mcpcore.HTTPPolicy{}
	if h, pre := cors(p, "POST", ""); h != nil || pre {
		t.Errorf("no Origin: %v %v", h, pre)
	}
	if h, pre := cors(p, "OPTIONS", "http://evil.example.com"); h != nil || pre {
		t.Errorf("disallowed origin: %v %v", h, pre)
	}
	get := func(h [][2]string, name string) string {
		for _, kv := range h {
			if kv[0] == name {
				return kv[1]
			}
		}
		return ""
	}
	h, pre := cors(p, "POST", "http://localhost:5173")
	if pre || get(h, "Access-Control-Allow-Origin") != "http://localhost:5173" || get(h, "Access-Control-Allow-Methods") != "" ||
		!strings.Contains(get(h, "Access-Control-Expose-Headers"), "Mcp-Protocol-Version") {
		t.Errorf("POST from localhost: %v %v", h, pre)
	}
	h, pre = cors(p, "OPTIONS", "http://localhost:5173")
	if !pre || get(h, "Access-Control-Allow-Methods") != "POST" || !strings.Contains(get(h, "Access-Control-Allow-Headers"), "Mcp-Protocol-Version") {
		t.Errorf("preflight from localhost: %v %v", h, pre)
	}
}

func TestLoadSessionConfig(t *testing.T) {
	if c := loadHTTPConfig(envLookup(nil)); c.Sessions != nil || c.Policy.Sessions {
		t.Errorf("sessions are on by default: %+v", c.Sessions)
	}
	c := loadHTTPConfig(envLookup([][2]string{{EnvSessionEnabled, "true"}}))
	if c.Sessions == nil || !c.Policy.Sessions || c.Sessions.Bucket != "" || c.Sessions.TTL != mcpcore.DefaultSessionTTL {
		t.Fatalf("%s=true: %+v", EnvSessionEnabled, c.Sessions)
	}
	if h, _ := cors(c.Policy, "OPTIONS", "http://localhost:1"); h[3][1] != "POST, GET, DELETE" {
		t.Errorf("preflight with sessions allows %q", h[3][1])
	}
	if !c.Policy.Push || !c.Server.Options.Push || c.Sessions.StreamWait != -1 {
		t.Errorf("sessions without a GET stream: push %v, initialize push %v, wait %d", c.Policy.Push, c.Server.Options.Push, c.Sessions.StreamWait)
	}
	for v, want := range map[string]int64{"250": 250, "0": 0, "-5": -1, "x": -1, "600001": -1} {
		if c := loadHTTPConfig(envLookup([][2]string{{EnvSessionEnabled, "1"}, {EnvStreamWait, v}})); c.Sessions.StreamWait != want {
			t.Errorf("%s=%s: wait %d, want %d", EnvStreamWait, v, c.Sessions.StreamWait, want)
		}
	}
	c = loadHTTPConfig(envLookup([][2]string{{EnvSessionEnabled, "1"}, {EnvSessionBucket, "default"}, {EnvSessionTTL, "60"}}))
	if c.Sessions.Bucket != "default" || c.Sessions.TTL != 60000 {
		t.Errorf("bucket and TTL: %+v", c.Sessions)
	}
	if c := loadHTTPConfig(envLookup([][2]string{{EnvSessionEnabled, "no"}, {EnvSessionBucket, "x"}})); c.Sessions != nil {
		t.Errorf("%s=no: %+v", EnvSessionEnabled, c.Sessions)
	}
}

func TestContentLength(t *testing.T) {
	for in, want := range map[string]int{
		"": -1, "0": 0, "42": 42, "4194304": 4194304, "-1": -1, " 7": -1, "1e3": -1,
		"0x10": -1, "9999999999999": -1, "18446744073709551616": -1,
	} {
		if got := contentLength(in); got != want {
			t.Errorf("contentLength(%q) = %d, want %d", in, got, want)
		}
	}
}

func FuzzContentLength(f *testing.F) {
	for _, s := range []string{"", "0", "42", "-1", "999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := contentLength(s)
		if n < -1 || (n >= 0 && strconv.Itoa(n) != strings.TrimLeft(s, "0") && !(n == 0 && strings.Trim(s, "0") == "")) {
			t.Fatalf("contentLength(%q) = %d", s, n)
		}
	})
}
