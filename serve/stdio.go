package serve

import (
	"bufio"
	"context"
	"errors"
	"io"
	"sync"
)

// contextUntil returns a context cancelled when done is closed.
func contextUntil(done <-chan struct{}) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		select {
		case <-done:
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, cancel
}

// MaxStdioLine bounds one newline-delimited message on stdio (16 MiB).
const MaxStdioLine = 16 << 20

// ServeStdio serves one session over newline-delimited JSON-RPC: messages
// are read from in and answers and notifications written to out. Requests
// run concurrently; each answer is written whole, on its own line. It
// returns when in ends (after the requests in flight are answered) or ctx is
// cancelled.
func (s *Server) ServeStdio(ctx context.Context, in io.Reader, out io.Writer) error {
	ss := newSession(stdio)
	ss.streamOpen = true
	if !s.addSession(ss) {
		return errors.New("serve: server closed")
	}
	defer s.removeSession(ss.id)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var wmu sync.Mutex
	var werr error
	write := func(b []byte) {
		wmu.Lock()
		defer wmu.Unlock()
		if werr != nil {
			return
		}
		if _, err := out.Write(append(b, '\n')); err != nil {
			werr = err
			cancel()
		}
	}
	// Notifications queued for this session go out between answers.
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-ss.done:
				return
			case msg := <-ss.out:
				write(msg)
			}
		}
	}()

	lines := make(chan []byte)
	readErr := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(in)
		sc.Buffer(make([]byte, 64<<10), MaxStdioLine)
		for sc.Scan() {
			line := append([]byte(nil), sc.Bytes()...)
			select {
			case lines <- line:
			case <-ctx.Done():
				readErr <- nil
				return
			}
		}
		readErr <- sc.Err()
	}()

	var wg sync.WaitGroup
	defer wg.Wait()
	sem := make(chan struct{}, 64)
	for {
		select {
		case <-ctx.Done():
			return werr
		case err := <-readErr:
			wg.Wait()
			if errors.Is(err, bufio.ErrTooLong) {
				write(response(nil, nil, errorf(codeParseError, "Parse error: line longer than %d bytes", MaxStdioLine)))
			}
			if werr != nil {
				return werr
			}
			return err
		case line := <-lines:
			if len(trimSpace(line)) == 0 {
				continue
			}
			msgs, batch, perr := parseMessages(line)
			if perr != nil {
				write(response(nil, nil, perr))
				continue
			}
			if batch {
				write(response(nil, nil, errorf(codeInvalidRequest, "Invalid Request: batches are not supported on stdio")))
				continue
			}
			m := msgs[0]
			sem <- struct{}{}
			wg.Add(1)
			go func() {
				defer func() { <-sem; wg.Done() }()
				if outMsg := s.handle(ctx, ss, m); outMsg != nil {
					write(outMsg)
				}
			}()
		}
	}
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\r' || b[0] == '\n') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}
