package mcpcore

// The Go mirror of the typed records of wasmcp:mcp (0.1.0 and 0.2.0 alike) (wit/mcp), which a
// capability middleware fills from its generated bindings and encodes with
// the Encode functions (and fills from the Decode functions). A WIT
// option<string> is "" when none; an option of another type is a pointer or
// a nil slice; `meta` is the `_meta` object as JSON text, nil when none.

// Annotations are hints for the client about an object.
type Annotations struct {
	Audience     []string // "user", "assistant"
	Priority     *float64
	LastModified string
}

// Icon is an icon for a tool, resource, template or prompt.
type Icon struct {
	Src      string
	MimeType string
	Sizes    []string
	Theme    string // "light", "dark" or ""
}

// ContentKind is the case of a content block.
type ContentKind int

const (
	ContentText ContentKind = iota
	ContentImage
	ContentAudio
	ContentResourceLink
	ContentEmbeddedResource
)

// ContentBlock is one block of a tool result or prompt message. Which
// fields count depends on Kind: Text for text; Data and MimeType for image
// and audio; Link for a resource link; Resource for an embedded resource.
type ContentBlock struct {
	Kind        ContentKind
	Text        string
	Data        []byte
	MimeType    string
	Link        ResourceInfo
	Resource    ResourceContents
	Annotations *Annotations
	Meta        RawMessage
}

// ResourceInfo is a resource as listed, or linked from content.
type ResourceInfo struct {
	URI         string
	Name        string
	Title       string
	Description string
	MimeType    string
	Size        *uint64
	Annotations *Annotations
	Icons       []Icon
	Meta        RawMessage
}

// ResourceContents is the text or bytes of one resource.
type ResourceContents struct {
	URI      string
	MimeType string
	// IsBlob selects Blob (base64 on the wire) over Text.
	IsBlob bool
	Text   string
	Blob   []byte
	Meta   RawMessage
}

// ToolAnnotations are behaviour hints of a tool.
type ToolAnnotations struct {
	Title           string
	ReadOnlyHint    *bool
	DestructiveHint *bool
	IdempotentHint  *bool
	OpenWorldHint   *bool
}

// Tool is the definition of one tool.
type Tool struct {
	Name         string
	Title        string
	Description  string
	InputSchema  RawMessage
	OutputSchema RawMessage
	Annotations  *ToolAnnotations
	Icons        []Icon
	Meta         RawMessage
}

// CallToolRequest is the params of tools/call.
type CallToolRequest struct {
	Name      string
	Arguments RawMessage
	Meta      RawMessage
}

// CallToolResult is the result of tools/call.
type CallToolResult struct {
	Content           []ContentBlock
	StructuredContent RawMessage
	IsError           *bool
	Meta              RawMessage
}

// ResourceTemplate describes a family of resources by URI template.
type ResourceTemplate struct {
	URITemplate string
	Name        string
	Title       string
	Description string
	MimeType    string
	Annotations *Annotations
	Icons       []Icon
	Meta        RawMessage
}

// ReadResourceRequest is the params of resources/read.
type ReadResourceRequest struct {
	URI  string
	Meta RawMessage
}

// ReadResourceResult is the result of resources/read.
type ReadResourceResult struct {
	Contents []ResourceContents
	Meta     RawMessage
}

// PromptArgument is an argument a prompt accepts.
type PromptArgument struct {
	Name        string
	Title       string
	Description string
	Required    *bool
}

// Prompt is the definition of one prompt.
type Prompt struct {
	Name        string
	Title       string
	Description string
	Arguments   []PromptArgument
	Icons       []Icon
	Meta        RawMessage
}

// KeyValue is one entry of a string map, kept in order.
type KeyValue struct {
	Key, Value string
}

// GetPromptRequest is the params of prompts/get.
type GetPromptRequest struct {
	Name      string
	Arguments []KeyValue // sorted by key
	Meta      RawMessage
}

// PromptMessage is one message of a rendered prompt.
type PromptMessage struct {
	Role    string // "user" or "assistant"
	Content ContentBlock
}

// GetPromptResult is the result of prompts/get.
type GetPromptResult struct {
	Description string
	Messages    []PromptMessage
	Meta        RawMessage
}

// ReferenceKind is what a completion refers to.
type ReferenceKind int

const (
	RefPrompt           ReferenceKind = iota // ref/prompt, by name
	RefResourceTemplate                      // ref/resource, by URI template
)

// CompleteRequest is the params of completion/complete.
type CompleteRequest struct {
	RefKind ReferenceKind
	// Ref is the prompt name or the URI template.
	Ref              string
	ArgumentName     string
	ArgumentValue    string
	ContextArguments []KeyValue // sorted by key
	Meta             RawMessage
}

// Completion is the result of completion/complete.
type Completion struct {
	Values  []string
	Total   *uint32
	HasMore *bool
}
