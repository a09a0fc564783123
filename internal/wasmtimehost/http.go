//go:build wasmtimehost

package wasmtimehost

import (
	"errors"
	"io"
)

func (e *Engine) NewHTTPLinker() (*Linker, error) { return nil, errors.New("todo") }

func serveHTTP(path, addr string, log io.Writer) error { return errors.New("todo") }
