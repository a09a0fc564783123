package mcpcore

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestChannels(t *testing.T) {
	var c Channels
	warn := LevelWarning
	a := c.Open(&warn)
	b := c.Open(nil)
	if a == 0 || b == a {
		t.Fatalf("ids %d, %d", a, b)
	}
	if err := c.Log(a, LevelError, "db", json.RawMessage(`"down"`)); err != nil {
		t.Fatal(err)
	}
	if err := c.Log(a, LevelInfo, "", json.RawMessage(`"chatty"`)); !errors.Is(err, ErrFiltered) {
		t.Errorf("info on a warning channel: %v", err)
	}
	if err := c.Log(b, LevelEmergency, "", json.RawMessage(`1`)); !errors.Is(err, ErrFiltered) {
		t.Errorf("log on a channel without logging: %v", err)
	}
	if err := c.Log(a, LevelError, "", json.RawMessage(`{`)); !errors.Is(err, ErrInvalid) {
		t.Errorf("invalid data: %v", err)
	}
	if err := c.Progress(a, json.RawMessage(`"t"`), 1, nil, ""); err != nil {
		t.Fatal(err)
	}
	if err := c.Progress(a, json.RawMessage(`"t"`), 1, nil, ""); !errors.Is(err, ErrInvalid) {
		t.Errorf("non-increasing progress: %v", err)
	}
	if err := c.Progress(a, json.RawMessage(`[]`), 1, nil, ""); !errors.Is(err, ErrInvalid) {
		t.Errorf("array token: %v", err)
	}
	if err := c.Send(a, "notifications/resources/list_changed", nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Send(a, "", nil); !errors.Is(err, ErrInvalid) {
		t.Errorf("empty method: %v", err)
	}
	got := c.Drain(a)
	var methods []string
	for _, m := range got {
		var n struct{ Method string }
		json.Unmarshal(m, &n)
		methods = append(methods, n.Method)
	}
	if strings.Join(methods, ",") != "notifications/message,notifications/progress,notifications/resources/list_changed" {
		t.Errorf("drained %v", methods)
	}
	if len(c.Drain(a)) != 0 || len(c.Drain(b)) != 0 {
		t.Error("drain is not empty afterwards")
	}
	c.Close(a)
	if err := c.Send(a, "x", nil); !errors.Is(err, ErrChannelClosed) {
		t.Errorf("send after close: %v", err)
	}
	if c.Open(nil) <= b || c.Len() != 2 {
		t.Error("ids are reused or channels leak")
	}
	if err := c.Log(999, LevelError, "", json.RawMessage(`1`)); !errors.Is(err, ErrChannelClosed) {
		t.Errorf("unknown channel: %v", err)
	}
}
