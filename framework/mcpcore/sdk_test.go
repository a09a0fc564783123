package mcpcore

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasmcp/wasmcp/internal/testutil"
)

// sdkCheckJS parses each {schema, json} pair of the file named on the
// command line with the MCP TypeScript SDK's zod schema of that name, and
// checks that nothing was stripped: zod drops keys it does not know, so a
// misspelt member would otherwise pass unnoticed.
const sdkCheckJS = `
import { readFileSync } from "node:fs";
const types = await import("@modelcontextprotocol/sdk/types.js");
const cases = JSON.parse(readFileSync(process.argv[1], "utf8"));
function missing(input, parsed, path) {
  if (input === null || typeof input !== "object") return input === parsed ? null : path;
  if (parsed === null || typeof parsed !== "object") return path;
  for (const k of Object.keys(input)) {
    const m = missing(input[k], parsed[k], path + "." + k);
    if (m) return m;
  }
  return null;
}
for (const c of cases) {
  const schema = types[c.schema];
  if (!schema) { console.log("FAIL " + c.name + " no schema " + c.schema); continue; }
  const r = schema.safeParse(c.json);
  if (!r.success) { console.log("FAIL " + c.name + " " + JSON.stringify(r.error.issues)); continue; }
  const m = missing(c.json, r.data, "$");
  console.log((m ? "FAIL " : "ok ") + c.name + (m ? " stripped or changed: " + m : ""));
}
`

// TestOutputsParseWithTypeScriptSDK checks what mcpcore sends against the
// schemas of the MCP TypeScript SDK, the reference client.
func TestOutputsParseWithTypeScriptSDK(t *testing.T) {
	type sdkCase struct {
		Name   string          `json:"name"`
		Schema string          `json:"schema"`
		JSON   json.RawMessage `json:"json"`
	}
	var cases []sdkCase
	add := func(name, schema string, raw []byte, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		cases = append(cases, sdkCase{name, schema, raw})
	}

	tool := Tool{
		Name: "add", Title: "Add", Description: "Adds.",
		InputSchema:  json.RawMessage(`{"type":"object","properties":{"a":{"type":"number"}},"required":["a"]}`),
		OutputSchema: json.RawMessage(`{"type":"object","properties":{"sum":{"type":"number"}}}`),
		Annotations:  &ToolAnnotations{Title: "Adder", ReadOnlyHint: ptr(true), OpenWorldHint: ptr(false)},
		Icons:        []Icon{{Src: "https://example.com/a.png", MimeType: "image/png", Sizes: []string{"48x48"}, Theme: "light"}},
		Meta:         json.RawMessage(`{"x":1}`),
	}
	content := []ContentBlock{
		{Kind: ContentText, Text: "hi", Annotations: &Annotations{Audience: []string{"user", "assistant"}, Priority: ptr(0.3), LastModified: "2025-01-12T15:00:58Z"}, Meta: json.RawMessage(`{"a":"b"}`)},
		{Kind: ContentImage, Data: []byte{0x89, 'P', 'N', 'G'}, MimeType: "image/png"},
		{Kind: ContentAudio, Data: []byte("RIFF"), MimeType: "audio/wav"},
		{Kind: ContentResourceLink, Link: ResourceInfo{URI: "file:///a.txt", Name: "a.txt", Title: "A", Description: "d", MimeType: "text/plain", Size: ptr(uint64(3))}},
		{Kind: ContentEmbeddedResource, Resource: ResourceContents{URI: "test://b", MimeType: "application/octet-stream", IsBlob: true, Blob: []byte{1, 2}}},
		{Kind: ContentEmbeddedResource, Resource: ResourceContents{URI: "test://c", MimeType: "text/plain", Text: "c"}},
	}
	for _, v := range SupportedVersions {
		raw, err := EncodeTool(v, tool)
		add("tool "+v, "ToolSchema", raw, err)
		raw, err = EncodeCallToolResult(v, CallToolResult{Content: content, StructuredContent: json.RawMessage(`{"sum":3}`), IsError: ptr(false), Meta: json.RawMessage(`{"m":true}`)})
		add("call result "+v, "CallToolResultSchema", raw, err)
		raw, err = EncodeResource(v, ResourceInfo{URI: "test://static-text", Name: "static", Title: "Static", MimeType: "text/plain", Size: ptr(uint64(5)), Annotations: &Annotations{Priority: ptr(1.0)}, Icons: tool.Icons})
		add("resource "+v, "ResourceSchema", raw, err)
		raw, err = EncodeResourceTemplate(v, ResourceTemplate{URITemplate: "test://template/{id}/data", Name: "tpl", Title: "T", Description: "d", MimeType: "application/json", Icons: tool.Icons})
		add("template "+v, "ResourceTemplateSchema", raw, err)
		raw, err = EncodePrompt(v, Prompt{Name: "greet", Title: "Greet", Description: "d", Arguments: []PromptArgument{{Name: "who", Description: "w", Required: ptr(true)}}, Icons: tool.Icons})
		add("prompt "+v, "PromptSchema", raw, err)
		raw, err = EncodeGetPromptResult(v, GetPromptResult{Description: "d", Messages: []PromptMessage{
			{Role: "user", Content: content[0]}, {Role: "assistant", Content: content[1]}, {Role: "user", Content: content[5]},
		}})
		add("prompt result "+v, "GetPromptResultSchema", raw, err)
		raw, err = InitializeResult(v, json.RawMessage(`{"capabilities":{"tools":{},"resources":{},"prompts":{},"completions":{}}}`),
			InitializeOptions{Server: ServerInfo{Name: "s", Title: "S", Version: "1.0.0", Description: "d", WebsiteURL: "https://example.com"}, Instructions: "i", Logging: true})
		add("initialize "+v, "InitializeResultSchema", raw, err)
	}
	raw, err := EncodeReadResourceResult(LatestVersion, ReadResourceResult{Contents: []ResourceContents{content[4].Resource, content[5].Resource}})
	add("read result", "ReadResourceResultSchema", raw, err)
	raw, err = EncodeCompleteResult(Completion{Values: []string{"a", "b"}, Total: ptr(uint32(2)), HasMore: ptr(false)})
	add("completion", "CompleteResultSchema", raw, err)
	// The SDK's notification schemas describe the message without its
	// "jsonrpc" member; the whole message is checked as a JSON-RPC one.
	withoutJSONRPC := func(raw []byte) []byte {
		var m map[string]json.RawMessage
		json.Unmarshal(raw, &m)
		delete(m, "jsonrpc")
		b, _ := json.Marshal(m)
		return b
	}
	raw, err = LogMessage(LevelWarning, "db", json.RawMessage(`{"msg":"slow"}`))
	add("log", "LoggingMessageNotificationSchema", withoutJSONRPC(raw), err)
	add("log message", "JSONRPCNotificationSchema", raw, err)
	raw, err = ProgressMessage(json.RawMessage(`"tok"`), 1, ptr(2.0), "half")
	add("progress", "ProgressNotificationSchema", withoutJSONRPC(raw), err)
	add("result response", "JSONRPCResultResponseSchema", ResultResponse(json.RawMessage(`"r1"`), json.RawMessage(`{"tools":[]}`)), nil)
	add("error response", "JSONRPCErrorResponseSchema", ErrorResponse(json.RawMessage(`7`), Errorf(CodeInvalidParams, "Unknown tool: x")), nil)
	add("error response, no id", "JSONRPCErrorResponseSchema", ErrorResponse(nil, Errorf(CodeParseError, "Parse error")), nil)
	res, _ := Unhandled("completion/complete", nil)
	add("empty completion", "CompleteResultSchema", res, nil)

	path := filepath.Join(t.TempDir(), "cases.json")
	b, _ := json.Marshal(cases)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(testutil.Node(t), "--input-type=module", "-e", sdkCheckJS, path)
	cmd.Dir = filepath.Dir(testutil.NodeModules(t))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if strings.HasPrefix(line, "ok ") {
			n++
			continue
		}
		t.Error(line)
	}
	if n != len(cases) {
		t.Errorf("%d of %d cases passed", n, len(cases))
	}
}
