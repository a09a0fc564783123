package wit

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Error is a WIT syntax or resolution error at a position.
type Error struct {
	Pos Pos
	Msg string
}

func (e *Error) Error() string {
	if !e.Pos.IsValid() && e.Pos.File == "" {
		return e.Msg
	}
	return e.Pos.String() + ": " + e.Msg
}

// ErrorList is a list of errors sorted by position.
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
		if i == 10 {
			fmt.Fprintf(&b, "\n(and %d more errors)", len(l)-10)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Err returns nil for an empty list, else the list sorted by position.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Offset < b.Offset
	})
	return l
}

// Render writes err the way compilers do: each positioned error as
// "file:line:col: message", followed by the source line and a caret under
// the column. readFile supplies the sources (os.ReadFile, or a lookup in
// in-memory sources); errors whose source cannot be read are printed
// without the excerpt.
func Render(w io.Writer, err error, readFile func(string) ([]byte, error)) {
	var list ErrorList
	if !errors.As(err, &list) {
		var one *Error
		if !errors.As(err, &one) {
			fmt.Fprintln(w, err)
			return
		}
		list = ErrorList{one}
	}
	cache := map[string][]byte{}
	for _, e := range list {
		fmt.Fprintln(w, e.Error())
		if !e.Pos.IsValid() || readFile == nil {
			continue
		}
		src, ok := cache[e.Pos.File]
		if !ok {
			src, _ = readFile(e.Pos.File)
			cache[e.Pos.File] = src
		}
		if e.Pos.Offset > len(src) {
			continue
		}
		start := bytes.LastIndexByte(src[:e.Pos.Offset], '\n') + 1
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src) - start
		}
		line := strings.TrimRight(string(src[start:start+end]), "\r")
		col := e.Pos.Offset - start
		if col > len(line) {
			col = len(line)
		}
		// Keep tabs so that the caret lines up.
		pad := []byte(line[:col])
		for i, c := range pad {
			if c != '\t' {
				pad[i] = ' '
			}
		}
		fmt.Fprintf(w, "    %s\n    %s^\n", line, pad)
	}
}
