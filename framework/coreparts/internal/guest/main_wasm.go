// Command guest is the test guest of package coreparts: a wasi:cli/run
// component that drives the notification channel, the layout constants
// and a tools stub through their component interfaces and prints what
// they answer, one line per call, for a golden file. Its stdin names the
// script: "script" (everything but the stub) or "trap" (calls the stub).
package main

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/wasmcp/wasmcp/cabi"
	b "github.com/wasmcp/wasmcp/framework/coreparts/internal/guest/bindings"
)

func main() {}

var out = bufio.NewWriter(os.Stdout)

// MaxQueuedBytes is coreparts.MaxQueuedBytes (the guest cannot import the
// package, which is not built for wasip1 components).
const MaxQueuedBytes = 1 << 20

func say(parts ...string) { out.WriteString(strings.Join(parts, " ") + "\n") }

//go:wasmexport wasi:cli/run@0.2.12#run
func run() uint32 {
	line, _ := bufio.NewReader(os.Stdin).ReadString('\n')
	switch strings.TrimSpace(line) {
	case "script":
		// Drains of a thousand entries and of a megabyte of strings are
		// lowered into memory cabi_import_realloc takes from a reserve; the
		// Go heap cannot grow inside realloc (the runtime would read the
		// clock, an import), so grow the reserve first, where it can.
		cabi.Realloc(&cabi.ImportPins, 0, 0, 8, 4<<20)
		cabi.ImportPins.Release()
		script()
	case "trap":
		say("calling list-tools on the stub")
		out.Flush()
		b.ListTools(b.RequestContext{ProtocolVersion: "2025-06-18", Channel: 1}, cabi.None[string]())
		say("list-tools returned")
	default:
		say("unknown script", strconv.Quote(line))
	}
	out.Flush()
	return 0
}

func result(r cabi.Result[cabi.Unit, b.SendError]) string {
	if e, isErr := r.Err(); isErr {
		return e.String()
	}
	return "ok"
}

func id(c b.ChannelId) string { return strconv.FormatUint(c, 10) }

func opt(o cabi.Option[string]) string {
	if s, ok := o.Get(); ok {
		return strconv.Quote(s)
	}
	return "-"
}

func num(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func drain(c b.ChannelId) {
	es := b.Drain(c)
	say("drain", id(c)+":", strconv.Itoa(len(es)), "entries")
	for _, e := range es {
		total := "-"
		if v, ok := e.Total.Get(); ok {
			total = num(v)
		}
		say(" ", e.Kind.String(), e.Level.String(), opt(e.Name), opt(e.Body), num(e.Progress), total)
	}
}

func log(c b.ChannelId, l b.LogLevel, logger, data string) {
	lg := cabi.None[string]()
	if logger != "" {
		lg = cabi.Some(logger)
	}
	say("log", id(c), l.String(), strconv.Quote(data)+":", result(b.Log(c, l, lg, data)))
}

func progress(c b.ChannelId, token string, p float64, total *float64, msg string) {
	m := cabi.None[string]()
	if msg != "" {
		m = cabi.Some(msg)
	}
	say("progress", id(c), strconv.Quote(token), num(p)+":", result(b.Progress(c, token, p, cabi.OptionFromPtr(total), m)))
}

func send(c b.ChannelId, method, params string) {
	p := cabi.None[string]()
	if params != "" {
		p = cabi.Some(params)
	}
	say("send", id(c), strconv.Quote(method)+":", result(b.Send(c, method, p)))
}

// fill sends until the channel refuses and reports how many went through
// and the refusal.
func fill(what string, max int, f func() cabi.Result[cabi.Unit, b.SendError]) int {
	for i := 0; i < max; i++ {
		if r := f(); r.IsErr() {
			say(what+":", strconv.Itoa(i), "accepted, then", result(r))
			return i
		}
	}
	say(what+":", strconv.Itoa(max), "accepted, no refusal")
	return max
}

func script() {
	warn, debug := b.LogLevelWarning, b.LogLevelDebug
	a := b.Open(cabi.Some(warn))
	c := b.Open(cabi.None[b.LogLevel]())
	say("open warning:", id(a), "open none:", id(c))

	// Levels.
	log(a, b.LogLevelError, "db", `"down"`)
	log(a, b.LogLevelInfo, "", `"chatty"`)
	log(a, b.LogLevelWarning, "", `"edge"`)
	log(a, b.LogLevelEmergency, "", `{`) // not checked: the framework drops it at drain
	log(c, b.LogLevelEmergency, "", `1`)

	// Progress, interleaved with the other channel.
	ten, inf := 10.0, math.Inf(1)
	progress(a, `"t"`, 1, nil, "")
	progress(c, `"t"`, 1, nil, "") // tokens are per channel
	progress(a, `"t"`, 1, nil, "")
	progress(a, `"t"`, 0.5, nil, "")
	progress(a, `"t"`, 2, &ten, "half")
	progress(a, `7`, 1, nil, "")
	progress(a, `-1`, 1, nil, "")
	progress(a, `[]`, 3, nil, "")
	progress(a, ``, 3, nil, "")
	progress(a, ` "t"`, 3, nil, "")
	progress(a, `"u"`, math.NaN(), nil, "")
	progress(a, `"u"`, 1, &inf, "")
	progress(a, `"u"`, math.Inf(1), nil, "")

	// Other notifications.
	send(a, "notifications/resources/list_changed", "")
	send(c, "notifications/tools/list_changed", `{"k":1}`)
	send(a, "", "")

	drain(a)
	drain(a)
	drain(c)
	drain(999)

	// Close.
	b.Close(a)
	say("closed", id(a))
	send(a, "x", "")
	log(a, b.LogLevelError, "", `1`)
	progress(a, `"t"`, 9, nil, "")
	drain(a)
	b.Close(a)
	d := b.Open(cabi.Some(debug))
	say("open debug:", id(d))
	progress(d, `"t"`, 1, nil, "") // a's token is gone with a

	// The entry bound, then drain frees it.
	n := fill("send until full", 5000, func() cabi.Result[cabi.Unit, b.SendError] { return b.Send(d, "n", cabi.None[string]()) })
	es := b.Drain(d)
	say("drained", strconv.Itoa(len(es)), "first", opt(es[0].Name), "last", opt(es[len(es)-1].Name), "sent", strconv.Itoa(n))
	send(d, "again", "")
	drain(d)

	// What drain returns is given back after the call (cabi_post_drain):
	// twenty drains of a thousand entries (56 kB each) would otherwise
	// pass the byte bound.
	refused, drained := 0, 0
	for round := 0; round < 20; round++ {
		for i := 0; i < 1000; i++ {
			if b.Send(d, "r", cabi.None[string]()).IsErr() {
				refused++
			}
		}
		drained += len(b.Drain(d))
	}
	say("20 rounds of 1000 sends and a drain:", strconv.Itoa(drained), "drained,", strconv.Itoa(refused), "refused")

	// The byte bound. Refused calls give their strings back: a hundred
	// filtered 64 KiB messages first must not lower the count.
	big := `"` + strings.Repeat("x", 64<<10-2) + `"`
	for i := 0; i < 100; i++ {
		if r := b.Log(c, b.LogLevelError, cabi.None[string](), big); !r.IsErr() {
			say("filtered log accepted")
		}
	}
	bigLog := func() cabi.Result[cabi.Unit, b.SendError] { return b.Log(d, b.LogLevelInfo, cabi.None[string](), big) }
	first := fill("64 KiB logs until full", 100, bigLog)
	got := b.Drain(d)
	say("drained", strconv.Itoa(len(got)))
	second := fill("64 KiB logs after drain", 100, bigLog)
	b.Close(c)
	b.Close(d)
	say("closed all")
	e := b.Open(cabi.Some(debug))
	bigLog = func() cabi.Result[cabi.Unit, b.SendError] { return b.Log(e, b.LogLevelInfo, cabi.None[string](), big) }
	// With every channel closed the heap starts over: the whole megabyte
	// is available again (before, the strings of the earlier entries
	// still took their share).
	third := fill("64 KiB logs with every channel closed before", 100, bigLog)
	say("reset gives the bytes back:", strconv.FormatBool(third == MaxQueuedBytes/len(big) && first < third && second == 0))
	b.Close(e)

	// The channel bound.
	var open []b.ChannelId
	for i := 0; i < 64; i++ {
		open = append(open, b.Open(cabi.Some(debug)))
	}
	extra := b.Open(cabi.Some(debug))
	say("64 open, the next:", id(extra))
	send(open[63], "last", "")
	send(extra, "beyond", "")
	drain(extra)
	for _, o := range open {
		b.Close(o)
	}
	b.Close(extra)
	f := b.Open(cabi.None[b.LogLevel]())
	send(f, "after", "")
	drain(f)
	b.Close(f)

	// Layout.
	var counts []string
	for k, name := range []string{"tools", "resources", "prompts", "completions", "next"} {
		counts = append(counts, name+"="+strconv.FormatUint(uint64(b.Count(b.SlotKind(k))), 10))
	}
	say("layout", strings.Join(counts, " "))
}
