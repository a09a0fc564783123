package mcpcore

import "errors"

// Errors of Channels, one per case of the WIT enum notify.send-error.
var (
	ErrChannelClosed = errors.New("channel closed")  // closed
	ErrFiltered      = errors.New("below log level") // filtered
	ErrInvalid       = errors.New("invalid message") // invalid
)

// Channels is the logic of the notify-channel part: a table of open
// channels, each queueing the complete JSON-RPC notifications sent for one
// request until the transport drains them. Ids start at 1 and are never
// reused, so a send on a stale id fails with ErrChannelClosed instead of
// reaching another request. The zero value is ready to use; it is not safe
// for concurrent use (a component instance runs one call at a time).
type Channels struct {
	last uint64
	open map[uint64]*channel
}

type channel struct {
	min      *Level
	queue    [][]byte
	progress map[string]float64 // last progress per token
}

// Open opens a channel. Log messages below min are dropped; a nil min drops
// them all.
func (c *Channels) Open(min *Level) uint64 {
	if c.open == nil {
		c.open = map[uint64]*channel{}
	}
	c.last++
	ch := &channel{}
	if min != nil {
		l := *min
		ch.min = &l
	}
	c.open[c.last] = ch
	return c.last
}

// Drain removes and returns the queued notifications, oldest first; nil for
// an unknown channel.
func (c *Channels) Drain(id uint64) [][]byte {
	ch := c.open[id]
	if ch == nil {
		return nil
	}
	q := ch.queue
	ch.queue = nil
	return q
}

// Close closes a channel and discards what was not drained.
func (c *Channels) Close(id uint64) { delete(c.open, id) }

// Len returns the number of open channels.
func (c *Channels) Len() int { return len(c.open) }

// Log queues a notifications/message.
func (c *Channels) Log(id uint64, level Level, logger string, data RawMessage) error {
	ch := c.open[id]
	if ch == nil {
		return ErrChannelClosed
	}
	if ch.min == nil || !level.Passes(*ch.min) {
		return ErrFiltered
	}
	msg, err := LogMessage(level, logger, data)
	if err != nil {
		return errors.Join(ErrInvalid, err)
	}
	ch.queue = append(ch.queue, msg)
	return nil
}

// Progress queues a notifications/progress. The progress must increase
// from one notification to the next for the same token, as MCP requires.
func (c *Channels) Progress(id uint64, token RawMessage, progress float64, total *float64, message string) error {
	ch := c.open[id]
	if ch == nil {
		return ErrChannelClosed
	}
	msg, err := ProgressMessage(token, progress, total, message)
	if err != nil {
		return errors.Join(ErrInvalid, err)
	}
	key := string(compactID(token))
	if last, ok := ch.progress[key]; ok && progress <= last {
		return errors.Join(ErrInvalid, errors.New("progress must increase"))
	}
	if ch.progress == nil {
		ch.progress = map[string]float64{}
	}
	ch.progress[key] = progress
	ch.queue = append(ch.queue, msg)
	return nil
}

// Send queues any other notification.
func (c *Channels) Send(id uint64, method string, params RawMessage) error {
	ch := c.open[id]
	if ch == nil {
		return ErrChannelClosed
	}
	if method == "" {
		return errors.Join(ErrInvalid, errors.New("empty method"))
	}
	msg, err := NotificationMessage(method, params)
	if err != nil {
		return errors.Join(ErrInvalid, err)
	}
	ch.queue = append(ch.queue, msg)
	return nil
}
