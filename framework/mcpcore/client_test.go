package mcpcore

import (
	"strings"
	"testing"
)

func TestParseClientCaps(t *testing.T) {
	for raw, want := range map[string]ClientCaps{
		`{}`: {},
		`{"sampling":{},"roots":{"listChanged":true}}`: {Sampling: true, Roots: true},
		`{"elicitation":{}}`:                           {ElicitForm: true},
		`{"elicitation":{"url":{}}}`:                   {ElicitURL: true},
		`{"elicitation":{"form":{},"url":{}}}`:         {ElicitForm: true, ElicitURL: true},
		`{"sampling":true}`:                            {},
		`not json`:                                     {},
	} {
		if got := ParseClientCaps(RawMessage(raw)); got != want {
			t.Errorf("ParseClientCaps(%s) = %+v, want %+v", raw, got, want)
		}
	}
}

func TestServerRequestEncoding(t *testing.T) {
	temp := 0.5
	sys := "be brief"
	p, err := EncodeCreateMessage(CreateMessageParams{
		Messages: []SamplingMessage{
			{Role: "user", Content: SamplingContent{Type: "text", Text: "hi <there>"}},
			{Role: "user", Content: SamplingContent{Type: "image", Data: []byte{1, 2, 3}, MimeType: "image/png"}},
		},
		MaxTokens: 100, SystemPrompt: &sys, Temperature: &temp, StopSequences: []string{"END"},
		ModelPreferences: RawMessage(`{ "hints" : [ {"name":"claude"} ] }`),
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"messages":[{"role":"user","content":{"type":"text","text":"hi <there>"}},{"role":"user","content":{"type":"image","data":"AQID","mimeType":"image/png"}}],"maxTokens":100,"systemPrompt":"be brief","temperature":0.5,"stopSequences":["END"],"modelPreferences":{"hints":[{"name":"claude"}]}}`
	if string(p) != want {
		t.Errorf("EncodeCreateMessage:\n got %s\nwant %s", p, want)
	}
	if _, err := EncodeCreateMessage(CreateMessageParams{Metadata: RawMessage(`{`)}); err == nil {
		t.Error("invalid metadata JSON accepted")
	}
	if got := string(ServerRequest("wasmcp-1", "roots/list", nil)); got != `{"jsonrpc":"2.0","id":"wasmcp-1","method":"roots/list"}` {
		t.Errorf("ServerRequest: %s", got)
	}
	if got := string(EncodeElicitURL("sign in", "https://x/y", "e1")); got != `{"mode":"url","message":"sign in","url":"https://x/y","elicitationId":"e1"}` {
		t.Errorf("EncodeElicitURL: %s", got)
	}
	if _, err := EncodeElicitForm("m", RawMessage(`[1]`)); err == nil {
		t.Error("a schema that is not an object accepted")
	}
}

func TestServerAnswerDecoding(t *testing.T) {
	r, e := DecodeCreateMessageResult(RawMessage(`{"role":"assistant","content":{"type":"audio","data":"AQID","mimeType":"audio/wav"},"model":"m","stopReason":"endTurn"}`))
	if e != nil || r.Content.Type != "audio" || string(r.Content.Data) != "\x01\x02\x03" || r.Model != "m" || r.StopReason != "endTurn" {
		t.Errorf("DecodeCreateMessageResult: %+v %v", r, e)
	}
	for _, bad := range []string{`[]`, `{"role":"system","content":{"type":"text","text":"x"}}`, `{"role":"user","content":{"type":"video"}}`, `{"role":"user","content":{"type":"image","data":"!!"}}`} {
		if _, e := DecodeCreateMessageResult(RawMessage(bad)); e == nil {
			t.Errorf("DecodeCreateMessageResult(%s) accepted", bad)
		}
	}
	if r, e := DecodeElicitResult(RawMessage(`{"action":"accept","content":{"a":1}}`)); e != nil || r.Action != "accept" || string(r.Content) != `{"a":1}` {
		t.Errorf("DecodeElicitResult: %+v %v", r, e)
	}
	if _, e := DecodeElicitResult(RawMessage(`{"action":"maybe"}`)); e == nil {
		t.Error("an unknown action accepted")
	}
	roots, e := DecodeRoots(RawMessage(`{"roots":[{"uri":"file:///a","name":"A"},{"uri":"file:///b"}]}`))
	if e != nil || len(roots) != 2 || roots[0] != (Root{URI: "file:///a", Name: "A", HasName: true}) || roots[1].HasName {
		t.Errorf("DecodeRoots: %+v %v", roots, e)
	}
	if _, e := DecodeRoots(RawMessage(`{"roots":[{"name":"no uri"}]}`)); e == nil {
		t.Error("a root without a uri accepted")
	}
}

// TestClientRequests: an answer is taken only from the session that was
// asked, only for a pending request, and once.
func TestClientRequests(t *testing.T) {
	c := ClientRequests{Store: MemoryStore{}}
	id := NewServerRequestID([]byte("0123456789abcdef"))
	if !strings.HasPrefix(id, "wasmcp-") || len(id) != len("wasmcp-")+32 {
		t.Fatalf("request id %q", id)
	}
	answer := []byte(`{"jsonrpc":"2.0","id":"` + id + `","result":{"roots":[]}}`)
	msg, _ := Parse(answer)
	if ok, _ := c.DeliverAnswer("s1", msg, answer); ok {
		t.Fatal("an answer to a request that is not pending was taken")
	}
	if err := c.Pending(id, "s1"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := c.DeliverAnswer("s2", msg, answer); ok {
		t.Fatal("another session's answer was taken")
	}
	if _, ok, _ := c.TakeAnswer(id); ok {
		t.Fatal("an answer before any was delivered")
	}
	if ok, _ := c.DeliverAnswer("s1", msg, answer); !ok {
		t.Fatal("the asked session's answer was not taken")
	}
	got, ok, _ := c.TakeAnswer(id)
	if !ok || string(got) != string(answer) {
		t.Fatalf("TakeAnswer: %s %v", got, ok)
	}
	if _, ok, _ := c.TakeAnswer(id); ok {
		t.Fatal("an answer taken twice")
	}
	if ok, _ := c.DeliverAnswer("s1", msg, answer); ok {
		t.Fatal("an answer to a request already answered was taken")
	}
	if res, e := AnswerResult(answer); e != nil || string(res) != `{"roots":[]}` {
		t.Errorf("AnswerResult: %s %v", res, e)
	}
	if _, e := AnswerResult([]byte(`{"jsonrpc":"2.0","id":"x","error":{"code":-1,"message":"no"}}`)); e == nil || e.Code != -1 {
		t.Errorf("AnswerResult of an error: %v", e)
	}
}

// FuzzClientAnswers feeds the decoders of the client's answers arbitrary
// JSON: an error or a value, never a panic.
func FuzzClientAnswers(f *testing.F) {
	f.Add(`{"role":"assistant","content":{"type":"text","text":"x"},"model":"m"}`)
	f.Add(`{"action":"accept","content":{}}`)
	f.Add(`{"roots":[{"uri":"file:///"}]}`)
	f.Add(`{"jsonrpc":"2.0","id":"wasmcp-00","result":{}}`)
	f.Add(`{"sampling":{},"elicitation":{"url":{}}}`)
	f.Fuzz(func(t *testing.T, s string) {
		raw := RawMessage(s)
		DecodeCreateMessageResult(raw)
		DecodeElicitResult(raw)
		DecodeRoots(raw)
		AnswerResult(raw)
		ParseClientCaps(raw)
		if m, perr := Parse(raw); perr == nil {
			AnswerID(m)
		}
	})
}
