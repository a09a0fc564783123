#!/bin/sh
# first-answer.sh SERVER.wasm [RUNS]: where the time goes between starting
# `jco serve` on a composed HTTP server and its first answer.
#
# jco serve transpiles the component to JavaScript and core modules, writes
# a _run.js beside them, starts node on it (which compiles and instantiates
# every core module, then listens), and answers requests. For each run this
# prints, in seconds:
#   transpile  from starting jco serve until _run.js is written (jco's own
#              start-up and the transpilation)
#   start      from _run.js until "Server listening": node start-up,
#              compiling and instantiating the core modules
#   first      from "Server listening" to the answer of the first request
#              (initialize), the first call into the components
#   second     the answer of the next request (tools/list)
#   total      from starting jco serve to the first answer
#
# Run from the repository root (it uses ./node_modules, from `npm ci`).
set -eu
server=$1
runs=${2:-3}
nm=$(pwd)/node_modules
tmp=$(mktemp -d)
pid=
# jco serve runs the server in a child node: each run gets its own process
# group (setsid), stopped as a whole.
trap '[ -n "$pid" ] && kill -- -"$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
now() { date +%s.%N; }
secs() { awk "BEGIN { print $2 - $1 }"; }
post() {
	curl -sS -o /dev/null -X POST "http://127.0.0.1:$port/mcp" -H 'content-type: application/json' \
		-H 'accept: application/json, text/event-stream' -d "$1"
}
printf 'server %s: %s bytes, %s bytes gzipped\n' "$server" "$(wc -c <"$server")" "$(gzip -9c "$server" | wc -c)"
printf 'run\ttranspile\tstart\tfirst\tsecond\ttotal\n'
i=1
while [ "$i" -le "$runs" ]; do
	rm -rf "$tmp/t"
	port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
	s0=$(now)
	setsid "$nm/.bin/jco" serve "$server" --host 127.0.0.1 --port "$port" --jco-dir "$tmp/t" >"$tmp/log" 2>&1 &
	pid=$!
	until [ -e "$tmp/t/_run.js" ]; do sleep 0.05; done
	s1=$(now)
	until grep -q 'Server listening' "$tmp/log"; do
		if ! kill -0 "$pid" 2>/dev/null; then cat "$tmp/log"; exit 1; fi
		sleep 0.05
	done
	s2=$(now)
	post '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"0"}}}'
	s3=$(now)
	post '{"jsonrpc":"2.0","id":2,"method":"tools/list"}'
	s4=$(now)
	kill -- -"$pid"
	wait "$pid" 2>/dev/null || true
	pid=
	printf '%d\t%.1f\t%.1f\t%.2f\t%.2f\t%.1f\n' "$i" "$(secs "$s0" "$s1")" "$(secs "$s1" "$s2")" \
		"$(secs "$s2" "$s3")" "$(secs "$s3" "$s4")" "$(secs "$s0" "$s3")"
	i=$((i + 1))
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
