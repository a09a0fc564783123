//go:build wasip1 && wasmcp_sessions && (wasmcp_http || wasmcp_session_part)

package main

import (
	"errors"
	"strconv"

	"github.com/wasmcp/wasmcp/framework/mcpcore"
	wasikv "github.com/wasmcp/wasmcp/framework/server/iface/wasi/keyvalue/v0.2.0-draft/store"
)

// sessionStore opens the wasi:keyvalue bucket sessions live in, so that
// they last across instances (wasmtime serve makes one per request).
func sessionStore(bucket string) (mcpcore.SessionStore, error) {
	r := wasikv.Open(bucket)
	if e, failed := r.Err(); failed {
		return nil, kvError("open bucket "+strconv.Quote(bucket), e)
	}
	b, _ := r.Ok()
	return kvStore{b}, nil
}

type kvStore struct{ b wasikv.Bucket }

func (s kvStore) Get(id string) ([]byte, bool, error) {
	r := s.b.Get(id)
	if e, failed := r.Err(); failed {
		return nil, false, kvError("get", e)
	}
	v, _ := r.Ok()
	b, ok := v.Get()
	return b, ok, nil
}

func (s kvStore) Set(id string, record []byte) error {
	if e, failed := s.b.Set(id, record).Err(); failed {
		return kvError("set", e)
	}
	return nil
}

func (s kvStore) Delete(id string) error {
	if e, failed := s.b.Delete(id).Err(); failed {
		return kvError("delete", e)
	}
	return nil
}

// kvError names a wasi:keyvalue error.
func kvError(op string, e wasikv.Error) error {
	switch {
	case e.IsNoSuchStore():
		return errors.New("wasi:keyvalue " + op + ": no such store")
	case e.IsAccessDenied():
		return errors.New("wasi:keyvalue " + op + ": access denied")
	}
	msg, _ := e.AsOther()
	return errors.New("wasi:keyvalue " + op + ": " + msg)
}

// defaultStreamWait: a GET stream of the keyvalue build waits up to 10
// seconds for messages; each request has an instance of its own there.
const defaultStreamWait = 10_000
