package mcpcore

import (
	"encoding/json"
	"strings"
	"testing"
)

func ptr[T any](v T) *T { return &v }

func TestEncodeTool(t *testing.T) {
	tool := Tool{
		Name: "add", Title: "Add", Description: "Adds.",
		InputSchema:  json.RawMessage(`{"type": "object", "properties": {"a": {"type": "number"}}}`),
		OutputSchema: json.RawMessage(`{"type":"object"}`),
		Annotations:  &ToolAnnotations{ReadOnlyHint: ptr(true)},
		Icons:        []Icon{{Src: "data:image/png;base64,AA==", MimeType: "image/png", Sizes: []string{"48x48"}, Theme: "dark"}},
		Meta:         json.RawMessage(`{"k":1}`),
	}
	tests := []struct {
		version, want string
	}{
		{"2025-11-25", `{"name":"add","title":"Add","description":"Adds.","inputSchema":{"type":"object","properties":{"a":{"type":"number"}}},"outputSchema":{"type":"object"},"annotations":{"readOnlyHint":true},"icons":[{"src":"data:image/png;base64,AA==","mimeType":"image/png","sizes":["48x48"],"theme":"dark"}],"_meta":{"k":1}}`},
		{"2025-06-18", `{"name":"add","title":"Add","description":"Adds.","inputSchema":{"type":"object","properties":{"a":{"type":"number"}}},"outputSchema":{"type":"object"},"annotations":{"readOnlyHint":true},"_meta":{"k":1}}`},
		{"2025-03-26", `{"name":"add","description":"Adds.","inputSchema":{"type":"object","properties":{"a":{"type":"number"}}},"annotations":{"readOnlyHint":true},"_meta":{"k":1}}`},
	}
	for _, tt := range tests {
		got, err := EncodeTool(tt.version, tool)
		if err != nil || string(got) != tt.want {
			t.Errorf("EncodeTool(%s) = %s, %v\nwant %s", tt.version, got, err, tt.want)
		}
	}
	for _, bad := range []Tool{
		{Name: "x"},
		{Name: "x", InputSchema: json.RawMessage(`[]`)},
		{Name: "x", InputSchema: json.RawMessage(`{"type":`)},
		{InputSchema: json.RawMessage(`{}`)},
		{Name: "x", InputSchema: json.RawMessage(`{}`), Meta: json.RawMessage(`"m"`)},
	} {
		if got, err := EncodeTool(LatestVersion, bad); err == nil {
			t.Errorf("EncodeTool(%+v) = %s, want an error", bad, got)
		}
	}
}

func TestEncodeCallToolResult(t *testing.T) {
	r := CallToolResult{
		Content: []ContentBlock{
			{Kind: ContentText, Text: "hi", Annotations: &Annotations{Audience: []string{"user"}, Priority: ptr(0.5), LastModified: "2025-01-01T00:00:00Z"}},
			{Kind: ContentImage, Data: []byte{1, 2, 3}, MimeType: "image/png"},
			{Kind: ContentAudio, Data: []byte("RIFF"), MimeType: "audio/wav"},
			{Kind: ContentResourceLink, Link: ResourceInfo{URI: "file:///a", Name: "a", Title: "A", MimeType: "text/plain"}},
			{Kind: ContentEmbeddedResource, Resource: ResourceContents{URI: "file:///b", MimeType: "application/octet-stream", IsBlob: true, Blob: []byte{0xff}}},
			{Kind: ContentEmbeddedResource, Resource: ResourceContents{URI: "file:///c", Text: ""}},
		},
		StructuredContent: json.RawMessage(`{"sum": 3}`),
		IsError:           ptr(false),
	}
	got, err := EncodeCallToolResult("2025-06-18", r)
	want := `{"content":[` +
		`{"type":"text","text":"hi","annotations":{"audience":["user"],"priority":0.5,"lastModified":"2025-01-01T00:00:00Z"}},` +
		`{"type":"image","data":"AQID","mimeType":"image/png"},` +
		`{"type":"audio","data":"UklGRg==","mimeType":"audio/wav"},` +
		`{"type":"resource_link","uri":"file:///a","name":"a","title":"A","mimeType":"text/plain"},` +
		`{"type":"resource","resource":{"uri":"file:///b","mimeType":"application/octet-stream","blob":"/w=="}},` +
		`{"type":"resource","resource":{"uri":"file:///c","text":""}}` +
		`],"structuredContent":{"sum":3},"isError":false}`
	if err != nil || string(got) != want {
		t.Errorf("EncodeCallToolResult(2025-06-18) =\n %s, %v\nwant\n %s", got, err, want)
	}

	// 2025-03-26: no lastModified, resource links become text, structured
	// content goes into a text block when there is no other content.
	got, err = EncodeCallToolResult("2025-03-26", CallToolResult{
		Content: []ContentBlock{{Kind: ContentResourceLink, Link: ResourceInfo{URI: "file:///a", Name: "a"}}},
	})
	if want := `{"content":[{"type":"text","text":"a: file:///a"}]}`; err != nil || string(got) != want {
		t.Errorf("old link = %s, %v", got, err)
	}
	got, err = EncodeCallToolResult("2025-03-26", CallToolResult{StructuredContent: json.RawMessage(`{"sum":3}`)})
	if want := `{"content":[{"type":"text","text":"{\"sum\":3}"}]}`; err != nil || string(got) != want {
		t.Errorf("old structured = %s, %v", got, err)
	}
	got, err = EncodeCallToolResult(LatestVersion, CallToolResult{})
	if want := `{"content":[]}`; err != nil || string(got) != want {
		t.Errorf("empty = %s, %v", got, err)
	}
	for _, bad := range []CallToolResult{
		{Content: []ContentBlock{{Kind: ContentImage, Data: []byte{1}}}},
		{Content: []ContentBlock{{Kind: ContentText, Annotations: &Annotations{Audience: []string{"system"}}}}},
		{Content: []ContentBlock{{Kind: ContentText, Annotations: &Annotations{Priority: ptr(2.0)}}}},
		{Content: []ContentBlock{{Kind: ContentKind(9)}}},
		{StructuredContent: json.RawMessage(`[1]`)},
	} {
		if got, err := EncodeCallToolResult(LatestVersion, bad); err == nil {
			t.Errorf("EncodeCallToolResult(%+v) = %s, want an error", bad, got)
		}
	}
}

func TestEncodeResources(t *testing.T) {
	got, err := EncodeResource(LatestVersion, ResourceInfo{URI: "test://static-text", Name: "static", Size: ptr(uint64(12)), Icons: []Icon{{Src: "https://x/i.png"}}})
	if want := `{"uri":"test://static-text","name":"static","size":12,"icons":[{"src":"https://x/i.png"}]}`; err != nil || string(got) != want {
		t.Errorf("EncodeResource = %s, %v", got, err)
	}
	if _, err := EncodeResource(LatestVersion, ResourceInfo{URI: "x://"}); err == nil {
		t.Error("a resource without a name was accepted")
	}
	got, err = EncodeResourceTemplate("2025-06-18", ResourceTemplate{URITemplate: "test://template/{id}/data", Name: "tpl", Title: "T", MimeType: "application/json"})
	if want := `{"uriTemplate":"test://template/{id}/data","name":"tpl","title":"T","mimeType":"application/json"}`; err != nil || string(got) != want {
		t.Errorf("EncodeResourceTemplate = %s, %v", got, err)
	}
	if _, err := EncodeResourceTemplate(LatestVersion, ResourceTemplate{URITemplate: "x://{+p}", Name: "n"}); err == nil {
		t.Error("a level 2 template was accepted")
	}
	got, err = EncodeReadResourceResult(LatestVersion, ReadResourceResult{Contents: []ResourceContents{{URI: "test://static-text", MimeType: "text/plain", Text: "hello"}}})
	if want := `{"contents":[{"uri":"test://static-text","mimeType":"text/plain","text":"hello"}]}`; err != nil || string(got) != want {
		t.Errorf("EncodeReadResourceResult = %s, %v", got, err)
	}
}

func TestEncodePrompts(t *testing.T) {
	p := Prompt{Name: "greet", Title: "Greet", Arguments: []PromptArgument{{Name: "who", Title: "Who", Required: ptr(true)}}}
	got, err := EncodePrompt("2025-03-26", p)
	if want := `{"name":"greet","arguments":[{"name":"who","required":true}]}`; err != nil || string(got) != want {
		t.Errorf("EncodePrompt(old) = %s, %v", got, err)
	}
	got, err = EncodePrompt(LatestVersion, Prompt{Name: "simple"})
	if want := `{"name":"simple"}`; err != nil || string(got) != want {
		t.Errorf("EncodePrompt(simple) = %s, %v", got, err)
	}
	got, err = EncodeGetPromptResult(LatestVersion, GetPromptResult{
		Description: "d",
		Messages:    []PromptMessage{{Role: "user", Content: ContentBlock{Kind: ContentText, Text: "Hello"}}},
	})
	if want := `{"description":"d","messages":[{"role":"user","content":{"type":"text","text":"Hello"}}]}`; err != nil || string(got) != want {
		t.Errorf("EncodeGetPromptResult = %s, %v", got, err)
	}
	if _, err := EncodeGetPromptResult(LatestVersion, GetPromptResult{Messages: []PromptMessage{{Role: "system"}}}); err == nil {
		t.Error("role system was accepted")
	}
}

func TestEncodeCompleteResult(t *testing.T) {
	got, err := EncodeCompleteResult(Completion{})
	if want := `{"completion":{"values":[]}}`; err != nil || string(got) != want {
		t.Errorf("empty = %s, %v", got, err)
	}
	many := make([]string, 150)
	for i := range many {
		many[i] = "v"
	}
	got, err = EncodeCompleteResult(Completion{Values: many, Total: ptr(uint32(150))})
	if err != nil || strings.Count(string(got), `"v"`) != 100 || !strings.HasSuffix(string(got), `"total":150,"hasMore":true}}`) {
		t.Errorf("many = %s, %v", got, err)
	}
}

func TestDecodeRequests(t *testing.T) {
	c, err := DecodeCallToolRequest(json.RawMessage(`{"name":"add","arguments":{ "a": 1 },"_meta":{"progressToken":1}}`))
	if err != nil || c.Name != "add" || string(c.Arguments) != `{"a":1}` || string(c.Meta) != `{"progressToken":1}` {
		t.Errorf("DecodeCallToolRequest = %+v, %v", c, err)
	}
	c, err = DecodeCallToolRequest(json.RawMessage(`{"name":"noargs","arguments":null}`))
	if err != nil || c.Arguments != nil {
		t.Errorf("DecodeCallToolRequest(null args) = %+v, %v", c, err)
	}
	for _, bad := range []string{``, `{}`, `{"name":1}`, `{"name":"x","arguments":[1]}`} {
		if _, err := DecodeCallToolRequest(json.RawMessage(bad)); err == nil || err.Code != CodeInvalidParams {
			t.Errorf("DecodeCallToolRequest(%s) = %v", bad, err)
		}
	}
	r, err := DecodeReadResourceRequest(json.RawMessage(`{"uri":"test://x"}`))
	if err != nil || r.URI != "test://x" {
		t.Errorf("DecodeReadResourceRequest = %+v, %v", r, err)
	}
	if _, err := DecodeReadResourceRequest(json.RawMessage(`{}`)); err == nil {
		t.Error("read without uri accepted")
	}
	g, err := DecodeGetPromptRequest(json.RawMessage(`{"name":"p","arguments":{"b":"2","a":"1"}}`))
	if err != nil || g.Name != "p" || len(g.Arguments) != 2 || g.Arguments[0] != (KeyValue{"a", "1"}) {
		t.Errorf("DecodeGetPromptRequest = %+v, %v", g, err)
	}
	if _, err := DecodeGetPromptRequest(json.RawMessage(`{"name":"p","arguments":{"a":1}}`)); err == nil {
		t.Error("non-string prompt argument accepted")
	}
	cr, err := DecodeCompleteRequest(json.RawMessage(`{"ref":{"type":"ref/resource","uri":"test://template/{id}/data"},"argument":{"name":"id","value":"4"},"context":{"arguments":{"x":"y"}}}`))
	if err != nil || cr.RefKind != RefResourceTemplate || cr.Ref != "test://template/{id}/data" || cr.ArgumentName != "id" || cr.ArgumentValue != "4" || len(cr.ContextArguments) != 1 {
		t.Errorf("DecodeCompleteRequest = %+v, %v", cr, err)
	}
	cr, err = DecodeCompleteRequest(json.RawMessage(`{"ref":{"type":"ref/prompt","name":"greet"},"argument":{"name":"who","value":""}}`))
	if err != nil || cr.RefKind != RefPrompt || cr.Ref != "greet" {
		t.Errorf("DecodeCompleteRequest(prompt) = %+v, %v", cr, err)
	}
	for _, bad := range []string{`{"ref":{"type":"ref/other","name":"x"},"argument":{"name":"a","value":"b"}}`, `{"ref":{"type":"ref/prompt","name":"x"}}`, `{"ref":{"type":"ref/prompt"},"argument":{"name":"a","value":"b"}}`} {
		if _, err := DecodeCompleteRequest(json.RawMessage(bad)); err == nil {
			t.Errorf("DecodeCompleteRequest(%s) accepted", bad)
		}
	}
}
