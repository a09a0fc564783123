//go:build wasip1 && wasmcp_session_part

package main

// The session-values part (parts session-memory and session-kv): the
// program's build that exports wasmcp:mcp/session to user components. It is
// an instance of its own, since the framework instance is on the call stack
// whenever a component runs and cannot be entered again.

import (
	"errors"
	"sync"

	"github.com/wasmcp/wasmcp/cabi"
	"github.com/wasmcp/wasmcp/framework/mcpcore"
	wasienv "github.com/wasmcp/wasmcp/framework/server/iface/wasi/cli/v0.2.12/environment"
	mcpsession "github.com/wasmcp/wasmcp/framework/server/iface/wasmcp/mcp/v0.2.0/session"
	mcp "github.com/wasmcp/wasmcp/framework/server/iface/wasmcp/mcp/v0.2.0/types"
	sb "github.com/wasmcp/wasmcp/framework/server/sessionbind"
)

func init() { sb.ExportSession(values{}) }

// getenv looks up the environment the host gives the component, read once.
var getenv = sync.OnceValue(func() func(string) string { return hostEnv(wasienv.GetEnvironment()) })

// partStore is where values live: the session bucket in the keyvalue build
// (sessionStore), the instance's memory otherwise.
var partStore = sync.OnceValues(func() (mcpcore.SessionStore, error) {
	return valueStore(getenv()(EnvSessionBucket))
})

type values struct{}

// open returns the values of ctx's session, or the error to give the
// component: no session, an ended one, another caller's, or a store that
// failed.
func open(ctx mcp.RequestContext) (mcpcore.SessionValues, string, *mcp.Error) {
	id, ok := ctx.SessionId.Get()
	if !ok || id == "" {
		return mcpcore.SessionValues{}, "", &mcp.Error{Code: mcpcore.CodeInvalidRequest, Message: "session values need a session: this request has none (enable sessions with WASMCP_SESSION_ENABLED=true)"}
	}
	st, err := partStore()
	if err != nil {
		return mcpcore.SessionValues{}, "", storeError(err)
	}
	if checksSessions {
		s := mcpcore.Sessions{Store: st, KeyPrefix: mcpcore.DefaultSessionKeyPrefix}
		rec, live, err := s.Load(nowMillis(), id)
		if err != nil {
			return mcpcore.SessionValues{}, "", storeError(err)
		}
		subject := ""
		if who, ok := ctx.Identity.Get(); ok {
			subject = who.Subject
		}
		if !live || rec.Subject != subject {
			return mcpcore.SessionValues{}, "", &mcp.Error{Code: mcpcore.CodeInvalidRequest, Message: "session values: the session has ended or is not the caller's"}
		}
	}
	return mcpcore.SessionValues{Store: st}, id, nil
}

func storeError(err error) *mcp.Error {
	return &mcp.Error{Code: mcpcore.CodeInternalError, Message: "session values: store: " + err.Error()}
}

// valueError is the error of a failed read or write: the caller's
// mistake for a key or value past the limits, the store's otherwise.
func valueError(err error) mcp.Error {
	if errors.Is(err, mcpcore.ErrValueLimit) {
		return mcp.Error{Code: mcpcore.CodeInvalidParams, Message: "session values: " + err.Error()}
	}
	return *storeError(err)
}

func (values) Get(ctx mcp.RequestContext, key string) cabi.Result[cabi.Option[mcpsession.Value], mcp.Error] {
	v, id, e := open(ctx)
	if e != nil {
		return cabi.Err[cabi.Option[mcpsession.Value]](*e)
	}
	b, ok, err := v.Get(id, key)
	if err != nil {
		return cabi.Err[cabi.Option[mcpsession.Value]](valueError(err))
	}
	if !ok {
		return cabi.Ok[cabi.Option[mcpsession.Value], mcp.Error](cabi.None[mcpsession.Value]())
	}
	sv, err := mcpcore.DecodeValue(b)
	if err != nil {
		return cabi.Err[cabi.Option[mcpsession.Value]](valueError(err))
	}
	return cabi.Ok[cabi.Option[mcpsession.Value], mcp.Error](cabi.Some(toValue(sv)))
}

func (values) Set(ctx mcp.RequestContext, key string, value mcpsession.Value) cabi.Result[cabi.Unit, mcp.Error] {
	v, id, e := open(ctx)
	if e != nil {
		return cabi.Err[cabi.Unit](*e)
	}
	if err := v.Set(id, key, fromValue(value)); err != nil {
		return cabi.Err[cabi.Unit](valueError(err))
	}
	return cabi.Ok[cabi.Unit, mcp.Error](cabi.Unit{})
}

func (values) Delete(ctx mcp.RequestContext, key string) cabi.Result[cabi.Unit, mcp.Error] {
	v, id, e := open(ctx)
	if e != nil {
		return cabi.Err[cabi.Unit](*e)
	}
	if err := v.Delete(id, key); err != nil {
		return cabi.Err[cabi.Unit](valueError(err))
	}
	return cabi.Ok[cabi.Unit, mcp.Error](cabi.Unit{})
}

func (values) Keys(ctx mcp.RequestContext) cabi.Result[[]string, mcp.Error] {
	v, id, e := open(ctx)
	if e != nil {
		return cabi.Err[[]string](*e)
	}
	keys, err := v.Keys(id)
	if err != nil {
		return cabi.Err[[]string](valueError(err))
	}
	return cabi.Ok[[]string, mcp.Error](keys)
}

func toValue(v mcpcore.StoredValue) mcpsession.Value {
	switch v.Tag {
	case mcpcore.ValueInteger:
		return mcpsession.ValueInteger(v.Int)
	case mcpcore.ValueNumber:
		return mcpsession.ValueNumber(v.Float)
	case mcpcore.ValueBoolean:
		return mcpsession.ValueBoolean(v.Bool)
	case mcpcore.ValueBytes:
		return mcpsession.ValueBytes(v.Payload)
	case mcpcore.ValueJSON:
		return mcpsession.ValueJson(string(v.Payload))
	}
	return mcpsession.ValueText(string(v.Payload))
}

func fromValue(v mcpsession.Value) []byte {
	if n, ok := v.AsInteger(); ok {
		return mcpcore.EncodeValue(mcpcore.ValueInteger, nil, n, 0, false)
	}
	if f, ok := v.AsNumber(); ok {
		return mcpcore.EncodeValue(mcpcore.ValueNumber, nil, 0, f, false)
	}
	if t, ok := v.AsBoolean(); ok {
		return mcpcore.EncodeValue(mcpcore.ValueBoolean, nil, 0, 0, t)
	}
	if b, ok := v.AsBytes(); ok {
		return mcpcore.EncodeValue(mcpcore.ValueBytes, b, 0, 0, false)
	}
	if j, ok := v.AsJson(); ok {
		return mcpcore.EncodeValue(mcpcore.ValueJSON, []byte(j), 0, 0, false)
	}
	s, _ := v.AsText()
	return mcpcore.EncodeValue(mcpcore.ValueText, []byte(s), 0, 0, false)
}
