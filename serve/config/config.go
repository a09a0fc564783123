// Package config reads and writes the definition files of a WASImancer-style
// MCP server: the plugins file (tools backed by Extism WebAssembly plugins),
// the resources file (static resources and URI-template resources) and the
// prompts file (predefined prompts with ${arg} substitution).
//
// The formats follow WASImancer's plugins.yml, resources.yml and prompts.yml.
// Every error names the file, the line and column, and the field path, for
// example
//
//	plugins.yml:12:15: plugins[0].functions[1].arguments[0].type: "int" is not one of string, number, boolean, object, array
//
// The same decoders read the JSON bodies of the admin API (JSON is YAML), so
// that a bad request body is reported the same way.
package config

import (
	"fmt"
	"sort"
	"strings"
)

// Argument describes one argument of a tool, a resource template or a prompt.
type Argument struct {
	Name        string `yaml:"name" json:"name"`
	Type        string `yaml:"type,omitempty" json:"type,omitempty"`
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	// Completion lists the values offered by completion/complete for this
	// argument (prompts and resource templates), filtered by what the
	// client has typed so far.
	Completion []string `yaml:"with-completion,omitempty" json:"with-completion,omitempty"`
}

// Function is one exported function of a plugin, published as one MCP tool.
type Function struct {
	// DisplayName is the tool name clients see.
	DisplayName string `yaml:"displayName" json:"displayName"`
	// Function is the name of the wasm export that implements the tool.
	Function    string     `yaml:"function" json:"function"`
	Description string     `yaml:"description,omitempty" json:"description,omitempty"`
	Arguments   []Argument `yaml:"arguments,omitempty" json:"arguments,omitempty"`
}

// Plugin is one WebAssembly module and the tools it provides.
type Plugin struct {
	Name        string `yaml:"name" json:"name"`
	Version     string `yaml:"version,omitempty" json:"version,omitempty"`
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	// Path locates the wasm file, relative to the plugins folder (a leading
	// "/" also means the plugins folder, as in WASImancer).
	Path      string     `yaml:"path" json:"path"`
	Functions []Function `yaml:"functions" json:"functions"`
	// Config is passed to the plugin as Extism configuration (pdk GetConfig).
	Config map[string]string `yaml:"config,omitempty" json:"config,omitempty"`
	// Env names environment variables whose values are added to Config.
	// No other environment value reaches a plugin.
	Env []string `yaml:"env,omitempty" json:"env,omitempty"`
	// AllowedHosts lists the hosts the plugin may reach through Extism's
	// http_request (none by default).
	AllowedHosts []string `yaml:"allowedHosts,omitempty" json:"allowedHosts,omitempty"`

	// Line is where the definition starts in its file (0 for a request
	// body), so that run-time errors can point at the entry to edit.
	Line int `yaml:"-" json:"-"`
}

// Plugins is the content of a plugins definition file.
type Plugins struct {
	Plugins []Plugin `yaml:"plugins" json:"plugins"`
}

// Content is one text content item of a resource.
type Content struct {
	Text     string `yaml:"text" json:"text"`
	MimeType string `yaml:"mimeType,omitempty" json:"mimeType,omitempty"`
}

// Resource is a static resource (a fixed URI) or a dynamic one (a URI
// template with {var} parts whose values replace ${var} in the contents).
type Resource struct {
	Name        string     `yaml:"name" json:"name"`
	URI         string     `yaml:"uri" json:"uri"`
	Description string     `yaml:"description,omitempty" json:"description,omitempty"`
	MimeType    string     `yaml:"mimeType,omitempty" json:"mimeType,omitempty"`
	Arguments   []Argument `yaml:"arguments,omitempty" json:"arguments,omitempty"`
	Contents    []Content  `yaml:"contents" json:"contents"`
}

// IsDynamic reports whether the resource URI is a template.
func (r *Resource) IsDynamic() bool { return strings.Contains(r.URI, "{") }

// Resources is the content of a resources definition file.
type Resources struct {
	Resources struct {
		Static  []Resource `yaml:"static,omitempty" json:"static,omitempty"`
		Dynamic []Resource `yaml:"dynamic,omitempty" json:"dynamic,omitempty"`
	} `yaml:"resources" json:"resources"`
}

// Message is one message of a prompt.
type Message struct {
	Role string `yaml:"role" json:"role"`
	Text string `yaml:"text" json:"text"`
}

// Prompt is a predefined prompt.
type Prompt struct {
	Name        string     `yaml:"name" json:"name"`
	Description string     `yaml:"description,omitempty" json:"description,omitempty"`
	Arguments   []Argument `yaml:"arguments,omitempty" json:"arguments,omitempty"`
	Messages    []Message  `yaml:"messages" json:"messages"`
}

// Prompts is the content of a prompts definition file.
type Prompts struct {
	Prompts struct {
		Predefined []Prompt `yaml:"predefined,omitempty" json:"predefined,omitempty"`
		// WithCompletion is WASImancer's second section (a placeholder
		// there); its prompts are served like the predefined ones.
		WithCompletion []Prompt `yaml:"with-completion,omitempty" json:"with-completion,omitempty"`
	} `yaml:"prompts" json:"prompts"`
}

// All returns the prompts of both sections, predefined first.
func (p *Prompts) All() []Prompt {
	return append(append([]Prompt(nil), p.Prompts.Predefined...), p.Prompts.WithCompletion...)
}

// Error is one problem in a definition file or request body.
type Error struct {
	File  string // file name, or a label such as "pluginData"
	Line  int    // 1-based; 0 when unknown
	Col   int    // 1-based; 0 when unknown
	Field string // path of the field, e.g. plugins[0].functions[1].function
	Msg   string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Col > 0 {
			fmt.Fprintf(&b, ":%d", e.Col)
		}
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// ErrorList is every problem found in one input, in source order.
type ErrorList []*Error

func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

func (l ErrorList) sorted() ErrorList {
	sort.SliceStable(l, func(i, j int) bool {
		if l[i].Line != l[j].Line {
			return l[i].Line < l[j].Line
		}
		return l[i].Col < l[j].Col
	})
	return l
}

// ArgumentTypes are the JSON types a tool argument may have.
var ArgumentTypes = []string{"string", "number", "boolean", "object", "array"}

// Roles are the prompt message roles MCP knows.
var Roles = []string{"user", "assistant"}
