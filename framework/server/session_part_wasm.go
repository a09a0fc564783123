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
	sb "github.com/wasmcp/wasmcp/framework/server/sessionbind"
)

func init() { sb.ExportSession(values{}) }

// getenv looks up the environment the host gives the component, read once.
var getenv = sync.OnceValue(func() func(string) string { return hostEnv(sb.GetEnvironment()) })

// partStore is where values live: the session bucket in the keyvalue build
// (sessionStore), the instance's memory otherwise.
var partStore = sync.OnceValues(func() (mcpcore.SessionStore, error) {
	return valueStore(getenv()(EnvSessionBucket))
})

type values struct{}

// open returns the values of ctx's session, or the error to give the
// component: no session, an ended one, another caller's, or a store that
// failed.
func open(ctx sb.RequestContext) (mcpcore.SessionValues, string, *sb.Error) {
	id, ok := ctx.SessionId.Get()
	if !ok || id == "" {
		return mcpcore.SessionValues{}, "", &sb.Error{Code: mcpcore.CodeInvalidRequest, Message: "session values need a session: this request has none (enable sessions with WASMCP_SESSION_ENABLED=true)"}
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
			return mcpcore.SessionValues{}, "", &sb.Error{Code: mcpcore.CodeInvalidRequest, Message: "session values: the session has ended or is not the caller's"}
		}
	}
	return mcpcore.SessionValues{Store: st}, id, nil
}

func storeError(err error) *sb.Error {
	return &sb.Error{Code: mcpcore.CodeInternalError, Message: "session values: store: " + err.Error()}
}

// valueError is the error of a failed read or write: the caller's
// mistake for a key or value past the limits, the store's otherwise.
func valueError(err error) sb.Error {
	if errors.Is(err, mcpcore.ErrValueLimit) {
		return sb.Error{Code: mcpcore.CodeInvalidParams, Message: "session values: " + err.Error()}
	}
	return *storeError(err)
}

func (values) Get(ctx sb.RequestContext, key string) cabi.Result[cabi.Option[sb.Value], sb.Error] {
	v, id, e := open(ctx)
	if e != nil {
		return cabi.Err[cabi.Option[sb.Value]](*e)
	}
	b, ok, err := v.Get(id, key)
	if err != nil {
		return cabi.Err[cabi.Option[sb.Value]](valueError(err))
	}
	if !ok {
		return cabi.Ok[cabi.Option[sb.Value], sb.Error](cabi.None[sb.Value]())
	}
	sv, err := mcpcore.DecodeValue(b)
	if err != nil {
		return cabi.Err[cabi.Option[sb.Value]](valueError(err))
	}
	return cabi.Ok[cabi.Option[sb.Value], sb.Error](cabi.Some(toValue(sv)))
}

func (values) Set(ctx sb.RequestContext, key string, value sb.Value) cabi.Result[cabi.Unit, sb.Error] {
	v, id, e := open(ctx)
	if e != nil {
		return cabi.Err[cabi.Unit](*e)
	}
	if err := v.Set(id, key, fromValue(value)); err != nil {
		return cabi.Err[cabi.Unit](valueError(err))
	}
	return cabi.Ok[cabi.Unit, sb.Error](cabi.Unit{})
}

func (values) Delete(ctx sb.RequestContext, key string) cabi.Result[cabi.Unit, sb.Error] {
	v, id, e := open(ctx)
	if e != nil {
		return cabi.Err[cabi.Unit](*e)
	}
	if err := v.Delete(id, key); err != nil {
		return cabi.Err[cabi.Unit](valueError(err))
	}
	return cabi.Ok[cabi.Unit, sb.Error](cabi.Unit{})
}

func (values) Keys(ctx sb.RequestContext) cabi.Result[[]string, sb.Error] {
	v, id, e := open(ctx)
	if e != nil {
		return cabi.Err[[]string](*e)
	}
	keys, err := v.Keys(id)
	if err != nil {
		return cabi.Err[[]string](valueError(err))
	}
	return cabi.Ok[[]string, sb.Error](keys)
}

func toValue(v mcpcore.StoredValue) sb.Value {
	switch v.Tag {
	case mcpcore.ValueInteger:
		return sb.ValueInteger(v.Int)
	case mcpcore.ValueNumber:
		return sb.ValueNumber(v.Float)
	case mcpcore.ValueBoolean:
		return sb.ValueBoolean(v.Bool)
	case mcpcore.ValueBytes:
		return sb.ValueBytes(v.Payload)
	case mcpcore.ValueJSON:
		return sb.ValueJson(string(v.Payload))
	}
	return sb.ValueText(string(v.Payload))
}

func fromValue(v sb.Value) []byte {
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
