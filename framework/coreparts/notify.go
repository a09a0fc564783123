package coreparts

import (
	"fmt"

	"github.com/wasmcp/wasmcp/framework/coreparts/internal/coremod"
	"github.com/wasmcp/wasmcp/wit"
	fwwit "github.com/wasmcp/wasmcp/wit/framework"
	mcpwit "github.com/wasmcp/wasmcp/wit/mcp"
)

// Bounds of one notification-channel instance. A message that would pass
// MaxQueued or MaxQueuedBytes is refused with send-error `filtered`: it is
// dropped on purpose, as a message below the level is, and the sender did
// nothing wrong. Channels beyond MaxOpen get an id that is never open, so
// every send on them fails with `closed` and drain returns nothing.
const (
	// MaxOpen is the number of channels open at once.
	MaxOpen = 64
	// MaxQueued is the number of entries queued and not drained, over all
	// channels.
	MaxQueued = 1024
	// MaxQueuedBytes bounds the strings kept for queued entries (names and
	// bodies, drained or not) since no channel was last open: the heap is
	// reset only then.
	MaxQueuedBytes = 1 << 20
	// MaxProgressTokens is the number of (channel, token) pairs whose last
	// progress is remembered, over all open channels.
	MaxProgressTokens = 256
)

// The send-error cases, in WIT order.
const (
	errClosed   = 0
	errFiltered = 1
	errInvalid  = 2
	errFull     = errFiltered
)

// levelNone is the minimum level stored for a channel opened without one:
// above every log-level, so every log message is filtered.
const levelNone = 8

// The entry-kind cases.
const (
	kindLog      = 0
	kindProgress = 1
	kindOther    = 2
)

// entryLayout is where the fields of notifications.entry live in its
// canonical-ABI layout, from the WIT.
type entryLayout struct {
	size                                     uint32
	kind, level, name, body, progress, total uint32
	strPayload, f64Payload, resultPayload    uint32 // payload offsets in option<string>, option<f64>, result<_, send-error>
}

func layoutOf(res *wit.Resolve) (entryLayout, error) {
	n, err := iface(res, fwwit.InterfaceNotifications)
	if err != nil {
		return entryLayout{}, err
	}
	entry := n.Type("entry")
	if entry == nil {
		return entryLayout{}, fmt.Errorf("coreparts: %s has no entry", fwwit.InterfaceNotifications)
	}
	rec, ok := entry.Kind.(*wit.Record)
	want := []string{"kind", "level", "name", "body", "progress", "total"}
	if !ok || len(rec.Fields) != len(want) {
		return entryLayout{}, fmt.Errorf("coreparts: entry is not the record the module was written for")
	}
	for i, f := range rec.Fields {
		if f.Name != want[i] {
			return entryLayout{}, fmt.Errorf("coreparts: entry field %d is %s, want %s", i, f.Name, want[i])
		}
	}
	off := wit.FieldOffsets(entry)
	size, align := wit.SizeAlign(entry)
	if align != 8 {
		return entryLayout{}, fmt.Errorf("coreparts: entry aligned to %d, want 8", align)
	}
	notify, err := iface(res, mcpwit.QualifiedInterface(mcpwit.InterfaceNotify))
	if err != nil {
		return entryLayout{}, err
	}
	if sz, _ := wit.SizeAlign(notify.Function("log").Result); sz != 2 {
		return entryLayout{}, fmt.Errorf("coreparts: result<_, send-error> is %d bytes, want 2", sz)
	}
	return entryLayout{
		size: size, kind: off[0], level: off[1], name: off[2], body: off[3], progress: off[4], total: off[5],
		strPayload:    wit.PayloadOffset(rec.Fields[2].Type),
		f64Payload:    wit.PayloadOffset(rec.Fields[5].Type),
		resultPayload: wit.PayloadOffset(notify.Function("log").Result),
	}, nil
}

// The memory of the module, from address 0:
//
//	retArea    the results returned through memory: result<_, send-error>
//	           (2 bytes) or drain's list (pointer, length)
//	chanBase   MaxOpen channels of 16 bytes: id (u64), minimum level (u32)
//	tokBase    MaxProgressTokens slots of 24 bytes: channel (u64), token
//	           pointer and length, last progress (f64)
//	queueBase  MaxQueued queued entries, each the entry in canonical layout
//	           followed by its channel id (u64), oldest first
//	heapBase   the bump heap cabi_realloc allocates strings and drain's
//	           lists from, growing the memory as needed
const (
	retArea   = 16
	chanBase  = 64
	chanSlot  = 16
	tokBase   = chanBase + MaxOpen*chanSlot
	tokSlot   = 24
	queueBase = tokBase + MaxProgressTokens*tokSlot
)

type notifyModule struct {
	m  coremod.Module
	el entryLayout

	slot, heapBase uint32

	// globals
	heap, mark, drainMark, next, nch, ntok, qlen uint32
	// helpers
	realloc, find, push, reject, accept, equal, remove uint32
}

// NotifyChannel returns a component of world
// wasmcp:framework/notify-channel@0.1.0: the notification channel written
// as a core module, with no language runtime. User components send through
// its wasmcp:mcp/notify; the framework opens, drains and closes channels
// through wasmcp:framework/notifications.
//
// It behaves like mcpcore.Channels except that it keeps entries rather
// than JSON-RPC messages and does not check that data, params and message
// text are JSON (the framework checks when it drains): ids start at 1 and
// are never reused; `closed` for a channel not open; `filtered` for a log
// message below the channel's level and for every log message on a channel
// opened without one; `invalid` for an empty method, a progress token whose
// first byte is not `"`, `-` or a digit, a progress or total that is not
// finite, and a progress not above the last one for the same token on the
// channel. Tokens compare as bytes, where mcpcore compares compacted JSON
// (a trailing space makes another token here).
// Strings arrive through the module's bump allocator; the heap goes back to
// its start whenever no channel is open. See MaxQueued and the other bounds.
func NotifyChannel() ([]byte, error) {
	res, err := contract("")
	if err != nil {
		return nil, err
	}
	el, err := layoutOf(res)
	if err != nil {
		return nil, err
	}
	n := &notifyModule{el: el}
	n.slot = (el.size + 8 + 7) &^ 7
	n.heapBase = queueBase + MaxQueued*n.slot
	return n.build(res)
}

var (
	i32 = coremod.I32
	i64 = coremod.I64
	f64 = coremod.F64
)

func vt(ts ...coremod.ValType) []coremod.ValType { return ts }

func (n *notifyModule) build(res *wit.Resolve) ([]byte, error) {
	m := &n.m
	notify := mcpwit.QualifiedInterface(mcpwit.InterfaceNotify)
	notifs := fwwit.InterfaceNotifications
	type fn struct {
		e               export
		params, results []coremod.ValType
		body            func(*coremod.Code)
	}
	fns := []fn{
		{export{notify, "log"}, vt(i64, i32, i32, i32, i32, i32, i32), vt(i32), n.log},
		{export{notify, "progress"}, vt(i64, i32, i32, f64, i32, f64, i32, i32, i32), vt(i32), n.progress},
		{export{notify, "send"}, vt(i64, i32, i32, i32, i32, i32), vt(i32), n.send},
		{export{notifs, "open"}, vt(i32, i32), vt(i64), n.open},
		{export{notifs, "drain"}, vt(i64), vt(i32), n.drain},
		{export{notifs, "close"}, vt(i64), nil, n.close},
	}
	for _, f := range fns {
		if err := signature(res, f.e, f.params, f.results); err != nil {
			return nil, err
		}
	}

	m.Memory((n.heapBase + 0xffff) >> 16)
	n.heap = m.GlobalI32(int32(n.heapBase))
	n.mark = m.GlobalI32(int32(n.heapBase))
	n.drainMark = m.GlobalI32(int32(n.heapBase))
	n.next = m.GlobalI64(1)
	n.nch = m.GlobalI32(0)
	n.ntok = m.GlobalI32(0)
	n.qlen = m.GlobalI32(0)

	// Declare every function first so that bodies can call each other.
	var realloc, find, push, reject, accept, equal, remove *coremod.Code
	n.realloc, realloc = m.Func(vt(i32, i32, i32, i32), vt(i32))
	n.find, find = m.Func(vt(i64), vt(i32))
	n.push, push = m.Func(vt(i64), vt(i32))
	n.reject, reject = m.Func(vt(i32), vt(i32))
	n.accept, accept = m.Func(nil, vt(i32))
	n.equal, equal = m.Func(vt(i32, i32, i32), vt(i32))
	n.remove, remove = m.Func(vt(i64, i32), vt(i32))
	type body struct {
		c *coremod.Code
		f func(*coremod.Code)
	}
	bodies := []body{{realloc, n.reallocBody}, {find, n.findBody}, {push, n.pushBody}, {reject, n.rejectBody},
		{accept, n.acceptBody}, {equal, n.equalBody}, {remove, n.removeBody}}
	for _, f := range fns {
		idx, c := m.Func(f.params, f.results)
		m.ExportFunc(f.e.name(), idx)
		bodies = append(bodies, body{c, f.body})
	}
	post, postc := m.Func(vt(i32), nil)
	m.ExportFunc("cabi_post_"+export{notifs, "drain"}.name(), post)
	bodies = append(bodies, body{postc, n.postDrain})
	m.ExportFunc("cabi_realloc", n.realloc)
	m.ExportMemory("memory")
	for _, b := range bodies {
		b.f(b.c)
		b.c.Finish()
	}
	return componentOf(m.Bytes(), res, fwwit.WorldNotifyChannel)
}

// cabi_realloc(old, oldSize, align, size): a bump allocation, growing the
// memory when needed (a failed grow traps: the host is out of memory). A
// reallocation copies; nothing is freed until the heap is reset.
func (n *notifyModule) reallocBody(c *coremod.Code) {
	const old, oldSize, align, size = 0, 1, 2, 3
	p := c.Local(i32)
	end := c.Local(i64)
	// p = (heap + align - 1) & -align
	c.GlobalGet(n.heap).LocalGet(align).Op(coremod.I32Add).I32Const(1).Op(coremod.I32Sub)
	c.I32Const(0).LocalGet(align).Op(coremod.I32Sub).Op(coremod.I32And).LocalSet(p)
	// end = p + size, in 64 bits so that it cannot wrap
	c.LocalGet(p).Op(coremod.I64ExtendI32U).LocalGet(size).Op(coremod.I64ExtendI32U).Op(coremod.I64Add).LocalSet(end)
	c.LocalGet(end).MemorySize().Op(coremod.I64ExtendI32U).I64Const(16).Op(coremod.I64Shl).Op(coremod.I64GtU).If()
	{
		// grow by ceil((end - memory size) / 64 KiB) pages
		c.LocalGet(end).MemorySize().Op(coremod.I64ExtendI32U).I64Const(16).Op(coremod.I64Shl).Op(coremod.I64Sub)
		c.I64Const(0xffff).Op(coremod.I64Add).I64Const(16).Op(coremod.I64ShrU).Op(coremod.I32WrapI64)
		c.MemoryGrow().I32Const(-1).Op(coremod.I32Eq).If()
		c.Op(coremod.Unreachable).End()
	}
	c.End()
	c.LocalGet(end).Op(coremod.I32WrapI64).GlobalSet(n.heap)
	c.LocalGet(oldSize).If()
	{
		c.LocalGet(p).LocalGet(old)
		// min(oldSize, size)
		c.LocalGet(oldSize).LocalGet(size).LocalGet(oldSize).LocalGet(size).Op(coremod.I32LtU).Op(coremod.Select)
		c.MemoryCopy()
	}
	c.End()
	c.LocalGet(p)
}

// find(id) returns the address of the open channel's slot, or 0.
func (n *notifyModule) findBody(c *coremod.Code) {
	const id = 0
	at := c.Local(i32)
	end := c.Local(i32)
	c.U32(chanBase).LocalSet(at)
	c.GlobalGet(n.nch).U32(chanSlot).Op(coremod.I32Mul).U32(chanBase).Op(coremod.I32Add).LocalSet(end)
	done := c.Block()
	loop := c.Loop()
	c.LocalGet(at).LocalGet(end).Op(coremod.I32GeU).BrIf(done)
	c.LocalGet(at).I64Load(0).LocalGet(id).Op(coremod.I64Eq).If()
	c.LocalGet(at).Op(coremod.Return).End()
	c.LocalGet(at).U32(chanSlot).Op(coremod.I32Add).LocalSet(at).Br(loop)
	c.End().End()
	c.U32(0)
}

// push(id) appends an entry for channel id to the queue and returns its
// address, or 0 when a bound would be passed. The caller fills the entry.
func (n *notifyModule) pushBody(c *coremod.Code) {
	const id = 0
	at := c.Local(i32)
	c.GlobalGet(n.qlen).U32(MaxQueued).Op(coremod.I32GeU).If()
	c.U32(0).Op(coremod.Return).End()
	c.GlobalGet(n.heap).U32(n.heapBase).Op(coremod.I32Sub).U32(MaxQueuedBytes).Op(coremod.I32GtU).If()
	c.U32(0).Op(coremod.Return).End()
	c.GlobalGet(n.qlen).U32(n.slot).Op(coremod.I32Mul).U32(queueBase).Op(coremod.I32Add).LocalTee(at)
	c.LocalGet(id).I64Store(n.el.size)
	c.GlobalGet(n.qlen).I32Const(1).Op(coremod.I32Add).GlobalSet(n.qlen)
	// Every field starts out zero: kind log, level debug, no name, no
	// body, progress 0, no total.
	for off := uint32(0); off < n.el.size; off += 8 {
		c.LocalGet(at).I64Const(0).I64Store(off)
	}
	c.LocalGet(at)
}

// reject(code) drops what the refused call allocated and returns its
// result<_, send-error>.
func (n *notifyModule) rejectBody(c *coremod.Code) {
	c.GlobalGet(n.mark).GlobalSet(n.heap)
	c.U32(retArea).I32Const(1).I32Store8(0)
	c.U32(retArea).LocalGet(0).I32Store8(n.el.resultPayload)
	c.U32(retArea)
}

// accept() keeps what the call allocated (the queued entry's strings) and
// returns ok.
func (n *notifyModule) acceptBody(c *coremod.Code) {
	c.GlobalGet(n.heap).GlobalSet(n.mark)
	c.U32(retArea).I32Const(0).I32Store8(0)
	c.U32(retArea)
}

// equal(a, b, len) compares two byte strings.
func (n *notifyModule) equalBody(c *coremod.Code) {
	const a, b, size = 0, 1, 2
	i := c.Local(i32)
	done := c.Block()
	loop := c.Loop()
	c.LocalGet(i).LocalGet(size).Op(coremod.I32GeU).BrIf(done)
	c.LocalGet(a).LocalGet(i).Op(coremod.I32Add).I32Load8U(0)
	c.LocalGet(b).LocalGet(i).Op(coremod.I32Add).I32Load8U(0)
	c.Op(coremod.I32Ne).If()
	c.U32(0).Op(coremod.Return).End()
	c.LocalGet(i).I32Const(1).Op(coremod.I32Add).LocalSet(i).Br(loop)
	c.End().End()
	c.U32(1)
}

// remove(id, dst) takes the entries of channel id out of the queue, keeping
// the order of the others; with dst not 0 it copies them there, oldest
// first. It returns how many there were.
func (n *notifyModule) removeBody(c *coremod.Code) {
	const id, dst = 0, 1
	from := c.Local(i32)
	to := c.Local(i32)
	end := c.Local(i32)
	taken := c.Local(i32)
	c.U32(queueBase).LocalTee(from).LocalSet(to)
	c.GlobalGet(n.qlen).U32(n.slot).Op(coremod.I32Mul).U32(queueBase).Op(coremod.I32Add).LocalSet(end)
	done := c.Block()
	loop := c.Loop()
	c.LocalGet(from).LocalGet(end).Op(coremod.I32GeU).BrIf(done)
	c.LocalGet(from).I64Load(n.el.size).LocalGet(id).Op(coremod.I64Eq).If()
	{
		c.LocalGet(dst).If()
		c.LocalGet(dst).LocalGet(taken).U32(n.el.size).Op(coremod.I32Mul).Op(coremod.I32Add)
		c.LocalGet(from).U32(n.el.size).MemoryCopy()
		c.End()
		c.LocalGet(taken).I32Const(1).Op(coremod.I32Add).LocalSet(taken)
	}
	c.Else()
	{
		c.LocalGet(to).LocalGet(from).Op(coremod.I32Ne).If()
		c.LocalGet(to).LocalGet(from).U32(n.slot).MemoryCopy()
		c.End()
		c.LocalGet(to).U32(n.slot).Op(coremod.I32Add).LocalSet(to)
	}
	c.End()
	c.LocalGet(from).U32(n.slot).Op(coremod.I32Add).LocalSet(from).Br(loop)
	c.End().End()
	c.GlobalGet(n.qlen).LocalGet(taken).Op(coremod.I32Sub).GlobalSet(n.qlen)
	c.LocalGet(taken)
}

// storeString writes option<string> some(ptr, len) (or the given
// discriminant) at field off of the entry at local e.
func (n *notifyModule) storeOption(c *coremod.Code, e, off uint32, disc func(), ptr, size uint32) {
	c.LocalGet(e)
	disc()
	c.I32Store8(off)
	c.LocalGet(e).LocalGet(ptr).I32Store(off + n.el.strPayload)
	c.LocalGet(e).LocalGet(size).I32Store(off + n.el.strPayload + 4)
}

// openOrReject looks the channel up into local ch, returning `closed` when
// it is not open.
func (n *notifyModule) openOrReject(c *coremod.Code, id, ch uint32) {
	c.LocalGet(id).Call(n.find).LocalTee(ch).Op(coremod.I32Eqz).If()
	c.U32(errClosed).Call(n.reject).Op(coremod.Return).End()
}

// pushOrReject queues an entry into local e, returning the full error
// when a bound is reached.
func (n *notifyModule) pushOrReject(c *coremod.Code, id, e uint32) {
	c.LocalGet(id).Call(n.push).LocalTee(e).Op(coremod.I32Eqz).If()
	c.U32(errFull).Call(n.reject).Op(coremod.Return).End()
}

func (n *notifyModule) rejectIf(c *coremod.Code, code uint32) {
	c.If()
	c.U32(code).Call(n.reject).Op(coremod.Return).End()
}

// log(channel, level, logger: option<string>, data: string)
func (n *notifyModule) log(c *coremod.Code) {
	const id, level, loggerDisc, loggerPtr, loggerLen, dataPtr, dataLen = 0, 1, 2, 3, 4, 5, 6
	ch := c.Local(i32)
	e := c.Local(i32)
	n.openOrReject(c, id, ch)
	c.LocalGet(level).LocalGet(ch).I32Load(8).Op(coremod.I32LtU)
	n.rejectIf(c, errFiltered)
	n.pushOrReject(c, id, e)
	c.LocalGet(e).U32(kindLog).I32Store8(n.el.kind)
	c.LocalGet(e).LocalGet(level).I32Store8(n.el.level)
	n.storeOption(c, e, n.el.name, func() { c.LocalGet(loggerDisc) }, loggerPtr, loggerLen)
	n.storeOption(c, e, n.el.body, func() { c.U32(1) }, dataPtr, dataLen)
	c.Call(n.accept)
}

// finite pushes whether the f64 in local x is neither infinite nor NaN.
func finite(c *coremod.Code, x uint32) {
	c.LocalGet(x).LocalGet(x).Op(coremod.F64Sub).F64Const(0).Op(coremod.F64Eq)
}

// progress(channel, token: json, progress: f64, total: option<f64>, message: option<string>)
func (n *notifyModule) progress(c *coremod.Code) {
	const id, tokPtr, tokLen, progress, totalDisc, total, msgDisc, msgPtr, msgLen = 0, 1, 2, 3, 4, 5, 6, 7, 8
	ch := c.Local(i32)
	e := c.Local(i32)
	first := c.Local(i32)
	t := c.Local(i32)
	end := c.Local(i32)
	n.openOrReject(c, id, ch)

	// The token must start like a JSON string or number.
	c.LocalGet(tokLen).Op(coremod.I32Eqz)
	n.rejectIf(c, errInvalid)
	c.LocalGet(tokPtr).I32Load8U(0).LocalTee(first).U32('"').Op(coremod.I32Ne)
	c.LocalGet(first).U32('-').Op(coremod.I32Ne).Op(coremod.I32And)
	c.LocalGet(first).U32('0').Op(coremod.I32Sub).U32(10).Op(coremod.I32GeU).Op(coremod.I32And)
	n.rejectIf(c, errInvalid)
	finite(c, progress)
	c.Op(coremod.I32Eqz)
	n.rejectIf(c, errInvalid)
	c.LocalGet(totalDisc).If()
	finite(c, total)
	c.Op(coremod.I32Eqz)
	n.rejectIf(c, errInvalid)
	c.End()

	// t = the slot of (channel, token), or 0.
	c.U32(tokBase).LocalSet(t)
	c.GlobalGet(n.ntok).U32(tokSlot).Op(coremod.I32Mul).U32(tokBase).Op(coremod.I32Add).LocalSet(end)
	found := c.Block()
	loop := c.Loop()
	c.LocalGet(t).LocalGet(end).Op(coremod.I32GeU).If()
	c.U32(0).LocalSet(t).Br(found).End()
	c.LocalGet(t).I64Load(0).LocalGet(id).Op(coremod.I64Eq)
	c.LocalGet(t).I32Load(12).LocalGet(tokLen).Op(coremod.I32Eq).Op(coremod.I32And).If()
	c.LocalGet(t).I32Load(8).LocalGet(tokPtr).LocalGet(tokLen).Call(n.equal).BrIf(found)
	c.End()
	c.LocalGet(t).U32(tokSlot).Op(coremod.I32Add).LocalSet(t).Br(loop)
	c.End().End()

	c.LocalGet(t).If()
	{
		// Progress must increase.
		c.LocalGet(progress).LocalGet(t).F64Load(16).Op(coremod.F64Le)
		n.rejectIf(c, errInvalid)
	}
	c.Else()
	{
		c.GlobalGet(n.ntok).U32(MaxProgressTokens).Op(coremod.I32GeU)
		n.rejectIf(c, errFull)
	}
	c.End()
	n.pushOrReject(c, id, e)
	c.LocalGet(t).Op(coremod.I32Eqz).If()
	{
		c.LocalGet(end).LocalTee(t).LocalGet(id).I64Store(0)
		c.LocalGet(t).LocalGet(tokPtr).I32Store(8)
		c.LocalGet(t).LocalGet(tokLen).I32Store(12)
		c.GlobalGet(n.ntok).I32Const(1).Op(coremod.I32Add).GlobalSet(n.ntok)
	}
	c.End()
	c.LocalGet(t).LocalGet(progress).F64Store(16)

	c.LocalGet(e).U32(kindProgress).I32Store8(n.el.kind)
	n.storeOption(c, e, n.el.name, func() { c.U32(1) }, tokPtr, tokLen)
	n.storeOption(c, e, n.el.body, func() { c.LocalGet(msgDisc) }, msgPtr, msgLen)
	c.LocalGet(e).LocalGet(progress).F64Store(n.el.progress)
	c.LocalGet(e).LocalGet(totalDisc).I32Store8(n.el.total)
	c.LocalGet(e).LocalGet(total).F64Store(n.el.total + n.el.f64Payload)
	c.Call(n.accept)
}

// send(channel, method: string, params: option<json>)
func (n *notifyModule) send(c *coremod.Code) {
	const id, methodPtr, methodLen, paramsDisc, paramsPtr, paramsLen = 0, 1, 2, 3, 4, 5
	ch := c.Local(i32)
	e := c.Local(i32)
	n.openOrReject(c, id, ch)
	c.LocalGet(methodLen).Op(coremod.I32Eqz)
	n.rejectIf(c, errInvalid)
	n.pushOrReject(c, id, e)
	c.LocalGet(e).U32(kindOther).I32Store8(n.el.kind)
	n.storeOption(c, e, n.el.name, func() { c.U32(1) }, methodPtr, methodLen)
	n.storeOption(c, e, n.el.body, func() { c.LocalGet(paramsDisc) }, paramsPtr, paramsLen)
	c.Call(n.accept)
}

// open(min-level: option<log-level>) -> channel-id
func (n *notifyModule) open(c *coremod.Code) {
	const disc, level = 0, 1
	id := c.Local(i64)
	at := c.Local(i32)
	c.GlobalGet(n.next).LocalTee(id).I64Const(1).Op(coremod.I64Add).GlobalSet(n.next)
	c.GlobalGet(n.nch).U32(MaxOpen).Op(coremod.I32LtU).If()
	{
		c.GlobalGet(n.nch).U32(chanSlot).Op(coremod.I32Mul).U32(chanBase).Op(coremod.I32Add).LocalTee(at)
		c.LocalGet(id).I64Store(0)
		c.LocalGet(at).LocalGet(level).U32(levelNone).LocalGet(disc).Op(coremod.Select).I32Store(8)
		c.GlobalGet(n.nch).I32Const(1).Op(coremod.I32Add).GlobalSet(n.nch)
	}
	c.End()
	c.LocalGet(id)
}

// drain(channel) -> list<entry>: the channel's entries are copied, oldest
// first, to a fresh array on the heap, which cabi_post_drain gives back.
func (n *notifyModule) drain(c *coremod.Code) {
	const id = 0
	count := c.Local(i32)
	dst := c.Local(i32)
	at := c.Local(i32)
	end := c.Local(i32)
	c.GlobalGet(n.heap).GlobalSet(n.drainMark)
	// count the channel's entries
	c.U32(queueBase).LocalSet(at)
	c.GlobalGet(n.qlen).U32(n.slot).Op(coremod.I32Mul).U32(queueBase).Op(coremod.I32Add).LocalSet(end)
	done := c.Block()
	loop := c.Loop()
	c.LocalGet(at).LocalGet(end).Op(coremod.I32GeU).BrIf(done)
	c.LocalGet(count).LocalGet(at).I64Load(n.el.size).LocalGet(id).Op(coremod.I64Eq).Op(coremod.I32Add).LocalSet(count)
	c.LocalGet(at).U32(n.slot).Op(coremod.I32Add).LocalSet(at).Br(loop)
	c.End().End()
	c.U32(0).U32(0).U32(8).LocalGet(count).U32(n.el.size).Op(coremod.I32Mul).Call(n.realloc).LocalSet(dst)
	c.LocalGet(id).LocalGet(dst).Call(n.remove).Op(coremod.Drop)
	c.U32(retArea).LocalGet(dst).I32Store(0)
	c.U32(retArea).LocalGet(count).I32Store(4)
	c.U32(retArea)
}

// cabi_post_drain frees the array drain returned, once it is lifted.
func (n *notifyModule) postDrain(c *coremod.Code) {
	c.GlobalGet(n.drainMark).GlobalSet(n.heap)
}

// close(channel): the channel's slot, entries and progress tokens go; with
// no channel open any more the heap starts over.
func (n *notifyModule) close(c *coremod.Code) {
	const id = 0
	ch := c.Local(i32)
	t := c.Local(i32)
	last := c.Local(i32)
	c.LocalGet(id).Call(n.find).LocalTee(ch).Op(coremod.I32Eqz).If()
	c.Op(coremod.Return).End()
	// Move the last channel slot into the closed one.
	c.GlobalGet(n.nch).I32Const(1).Op(coremod.I32Sub).LocalTee(last).GlobalSet(n.nch)
	c.LocalGet(ch).LocalGet(last).U32(chanSlot).Op(coremod.I32Mul).U32(chanBase).Op(coremod.I32Add).U32(chanSlot).MemoryCopy()
	c.LocalGet(id).U32(0).Call(n.remove).Op(coremod.Drop)
	// Drop the channel's progress tokens, the last slot filling each hole.
	c.U32(tokBase).LocalSet(t)
	done := c.Block()
	loop := c.Loop()
	c.LocalGet(t).GlobalGet(n.ntok).U32(tokSlot).Op(coremod.I32Mul).U32(tokBase).Op(coremod.I32Add).Op(coremod.I32GeU).BrIf(done)
	c.LocalGet(t).I64Load(0).LocalGet(id).Op(coremod.I64Eq).If()
	{
		c.GlobalGet(n.ntok).I32Const(1).Op(coremod.I32Sub).LocalTee(last).GlobalSet(n.ntok)
		c.LocalGet(t).LocalGet(last).U32(tokSlot).Op(coremod.I32Mul).U32(tokBase).Op(coremod.I32Add).U32(tokSlot).MemoryCopy()
		c.Br(loop)
	}
	c.End()
	c.LocalGet(t).U32(tokSlot).Op(coremod.I32Add).LocalSet(t).Br(loop)
	c.End().End()
	c.GlobalGet(n.nch).Op(coremod.I32Eqz).If()
	{
		c.U32(n.heapBase).GlobalSet(n.heap)
		c.U32(n.heapBase).GlobalSet(n.mark)
		c.U32(0).GlobalSet(n.qlen)
		c.U32(0).GlobalSet(n.ntok)
	}
	c.End()
}
