package mcpcore

import (
	"bytes"
)

// DefaultMaxLine is the longest stdio message accepted when LineSplitter
// sets no limit: 4 MiB, like DefaultMaxBody.
const DefaultMaxLine = DefaultMaxBody

// LineSplitter cuts a byte stream read in chunks (the stdio transport reads
// at most 256 bytes at a time) into newline-delimited messages. A trailing
// CR is removed. A line longer than the limit is discarded up to its newline
// and reported once as an error.
type LineSplitter struct {
	// Max is the longest line in bytes; 0 means DefaultMaxLine.
	Max      int
	buf      []byte
	skipping bool
	// rest is the input fed and not split yet: during emit, what follows
	// the line being handled.
	rest []byte
}

// Feed adds a chunk and calls emit for every line it completes, in order.
// The slice passed to emit is only valid during the call.
func (s *LineSplitter) Feed(chunk []byte, emit func(line []byte)) error {
	max := s.Max
	if max <= 0 {
		max = DefaultMaxLine
	}
	s.rest = append(s.rest, chunk...)
	var tooLong error
	for len(s.rest) > 0 {
		i := bytes.IndexByte(s.rest, '\n')
		if i < 0 {
			if !s.skipping {
				s.buf = append(s.buf, s.rest...)
				if len(s.buf) > max {
					s.buf, s.skipping = s.buf[:0], true
					tooLong = errorf("stdio: a message is longer than %d bytes; skipped", max)
				}
			}
			s.rest = s.rest[:0]
			return tooLong
		}
		seg := s.rest[:i]
		s.rest = s.rest[i+1:]
		if s.skipping {
			s.skipping = false
		} else if len(s.buf)+i > max {
			tooLong = errorf("stdio: a message is longer than %d bytes; skipped", max)
		} else {
			line := append(s.buf, seg...)
			line = bytes.TrimSuffix(line, []byte{'\r'})
			if len(bytes.TrimSpace(line)) > 0 {
				emit(line)
			}
		}
		s.buf = s.buf[:0]
	}
	return tooLong
}

// Unread removes and returns, during emit, the input fed after the line
// being handled, so that something else may read it first (the session
// part, while a call waits for the client's answer); Restore gives back
// what is left of it, which Feed then splits before returning.
func (s *LineSplitter) Unread() []byte {
	out := append([]byte(nil), s.rest...)
	s.rest = nil
	return out
}

// Restore makes b the input not split yet (see Unread).
func (s *LineSplitter) Restore(b []byte) { s.rest = append([]byte(nil), b...) }

// Stdio is the protocol side of the stdio transport: one session for the
// life of the process, one channel per request.
type Stdio struct {
	Server   *Server
	Session  Session
	Channels *Channels
}

// HandleLine serves one line read from stdin and returns the lines to write
// to stdout, in order: the notifications queued while it was handled, then
// the response (nothing for a notification). chain builds the chain for the
// request's channel and progress token. Each returned message is single-line
// JSON without the newline.
func (s *Stdio) HandleLine(line []byte, chain func(channel uint64, progressToken RawMessage) Chain) [][]byte {
	msg, perr := Parse(line)
	if perr != nil {
		return [][]byte{ErrorResponse(perr.ID, perr.Err)}
	}
	ch := s.Channels.Open(s.Session.LogLevel)
	defer s.Channels.Close(ch)
	resp := s.Server.Handle(&s.Session, msg, chain(ch, ProgressToken(msg.Params)))
	out := s.Channels.Drain(ch)
	if resp != nil {
		out = append(out, resp)
	}
	return out
}
