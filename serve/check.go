package serve

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Finding is one behaviour a WASImancer folder gets differently under
// wasmcp serve.
type Finding struct {
	Plugin  string // "" for the server as a whole
	At      string // file:line of the entry to change ("" for the server)
	Differs string // what WASImancer did and what wasmcp serve does
	// Restore is the YAML line (under the plugin's entry) or the flag that
	// brings WASImancer's behaviour back; "" when nothing does.
	Restore string
}

// CheckReport is what Check found in a folder.
type CheckReport struct {
	Plugins, Tools, Resources, Prompts int
	Warnings                           []string
	Findings                           []Finding
}

// Check loads the folder cfg describes, as New does, without serving it,
// and lists the differences a WASImancer user will meet there. environ is
// the environment the server would run with (KEY=value entries): WASImancer
// gave every plugin the WASM_* variables found in it.
func Check(cfg Config, environ []string) (*CheckReport, error) {
	if cfg.AuthToken == "" || cfg.AdminToken == "" {
		cfg.EnsureTokens() // never served: any tokens do
	}
	s, err := New(cfg)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	c := s.cat.Load()
	r := &CheckReport{Plugins: len(c.pluginDefs), Tools: len(c.tools), Resources: len(c.static) + len(c.dynamic), Prompts: len(c.prompts), Warnings: s.Warnings}

	var wasmVars []string
	for _, kv := range environ {
		k, v, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "WASM_") && v != "" {
			wasmVars = append(wasmVars, k)
		}
	}
	sort.Strings(wasmVars)
	pf := s.cfg.pluginsFile()
	for _, def := range c.pluginDefs {
		lp := c.plugins[def.Name]
		at := pf
		if def.Line > 0 {
			at += ":" + strconv.Itoa(def.Line)
		}
		add := func(differs, restore string) {
			r.Findings = append(r.Findings, Finding{Plugin: def.Name, At: at, Differs: differs, Restore: restore})
		}
		if lp.sendsHTTP && len(def.AllowedHosts) == 0 {
			add("it can make HTTP requests (it imports Extism's http_request): WASImancer let every plugin reach any host, wasmcp serve lets a plugin reach only the hosts under allowedHosts, and it has none",
				`allowedHosts: ["*"]   # or the host names it needs`)
		}
		var missing []string
		for _, v := range wasmVars {
			if !slices.Contains(def.Env, v) {
				missing = append(missing, v)
			}
		}
		if len(missing) > 0 {
			add(fmt.Sprintf("WASImancer gave every plugin %s as configuration; wasmcp serve gives a plugin only the variables under env:", strings.Join(missing, ", ")),
				"env: ["+strings.Join(append(slices.Clone(def.Env), missing...), ", ")+"]")
		}
		for _, fn := range def.Functions {
			if len(fn.Arguments) == 0 {
				add(fmt.Sprintf("tool %q declares no arguments: WASImancer gave it one string argument, params, and passed its value as the raw input; wasmcp serve passes the arguments object as JSON ({} here)", fn.DisplayName), "")
			}
		}
	}
	return r, nil
}

// Write prints the report for people, one finding per paragraph with the
// line that restores the old behaviour.
func (r *CheckReport) Write(w io.Writer) {
	fmt.Fprintf(w, "loads: %d plugins (%d tools), %d resources, %d prompts\n", r.Plugins, r.Tools, r.Resources, r.Prompts)
	for _, warn := range r.Warnings {
		fmt.Fprintf(w, "warning: %s\n", warn)
	}
	if len(r.Findings) == 0 {
		fmt.Fprintln(w, "no behaviour differs from WASImancer's in this folder")
		return
	}
	last := "\x00"
	for _, f := range r.Findings {
		if f.Plugin != last {
			fmt.Fprintf(w, "\nplugin %q (%s):\n", f.Plugin, f.At)
			last = f.Plugin
		}
		fmt.Fprintf(w, "  - %s\n", f.Differs)
		if f.Restore != "" {
			fmt.Fprintf(w, "    restore with, in this plugin's entry:  %s\n", f.Restore)
		} else {
			fmt.Fprintf(w, "    no setting restores this\n")
		}
	}
}
