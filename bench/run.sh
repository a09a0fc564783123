#!/usr/bin/env bash
# bench/run.sh: reproduce the figures of docs/benchmarks.md.
#
#   bench/run.sh                      # writes bench/results.md and prints it
#   BENCH_SECONDS=20 bench/run.sh     # longer runs per point (default 10)
#
# Measures, on this machine: the time of `wasmcp compose server` for the
# example server (examples/tools + examples/resources-prompts); its size, raw
# and gzipped; calls/s and p50/p99 latency of tools/call `add` through
# `jco serve` at concurrency 1 and 8, next to the same tool in a plain MCP
# TypeScript SDK server (bench/baseline-server.mjs). Needs go, node, make,
# gzip and the repository's node_modules (npm ci).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
secs=${BENCH_SECONDS:-10}
out=${BENCH_OUT:-$root/bench/results.md}
work=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill -- "-$p" 2>/dev/null || kill "$p" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT

cd "$root"
echo "building wasmcp and the examples..." >&2
go build -o "$work/wasmcp" ./cmd/wasmcp
export PATH="$work:$PATH" WASMCP_NODE_MODULES="$root/node_modules"
for ex in tools resources-prompts; do
	make -s -C "examples/$ex" clean all >&2
done
tools=examples/tools/calc.wasm
content=examples/resources-prompts/resources-prompts.wasm

echo "compose time (go test -bench BenchmarkCompose)..." >&2
compose_ns=$(go test -run '^$' -bench BenchmarkCompose -benchtime 5x ./internal/e2e/server |
	awk '/^BenchmarkCompose/ { print $3 }')
compose_s=$(awk -v ns="$compose_ns" 'BEGIN { printf "%.2f", ns / 1e9 }')

wasmcp compose server "$tools" "$content" -o "$work/server.wasm" >&2
raw=$(stat -c %s "$work/server.wasm")
gz=$(gzip -9 -c "$work/server.wasm" | wc -c)

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
wait_port() {
	for _ in $(seq 1 600); do
		if node -e 'require("net").connect(process.argv[1],"127.0.0.1").on("connect",()=>process.exit(0)).on("error",()=>process.exit(1))' "$1"; then return 0; fi
		sleep 0.5
	done
	echo "nothing listens on port $1" >&2
	return 1
}

# Each wasmcp load point gets a fresh `jco serve`, so that a server that
# failed in one point (see docs/benchmarks.md) does not fail the next.
wpid=
start_wasmcp() {
	if [ -n "$wpid" ]; then kill -- "-$wpid" 2>/dev/null || true; fi
	wport=$(free_port)
	setsid node node_modules/@bytecodealliance/jco/dist/jco.js serve "$work/server.wasm" \
		--host 127.0.0.1 --port "$wport" --jco-dir "$work/jco" >"$work/serve-$1.log" 2>&1 &
	wpid=$!
	pids+=($wpid)
	wait_port "$wport"
}
bport=$(free_port)
setsid node bench/baseline-server.mjs "$bport" >"$work/baseline.log" 2>&1 &
pids+=($!)
wait_port "$bport"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A res
for c in 1 8; do
	echo "starting jco serve (it transpiles the component first)..." >&2
	start_wasmcp "$c"
	echo "load: wasmcp, concurrency $c, ${secs}s..." >&2
	res[w$c]=$(node bench/load.mjs "http://127.0.0.1:$wport/mcp" "$c" "$secs")
	echo "load: baseline, concurrency $c, ${secs}s..." >&2
	res[b$c]=$(node bench/load.mjs "http://127.0.0.1:$bport/mcp" "$c" "$secs")
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

field() { node -e 'const o=JSON.parse(process.argv[1]); console.log(o[process.argv[2]])' "$1" "$2"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

notes=
{
	echo "# wasmcp benchmark ($(date -u '+%Y-%m-%d %H:%M UTC'))"
	echo
	echo "Machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); node $(node --version), $(go version | cut -d' ' -f3)."
	echo "Load average (1/5/15 min): $load_before before the load runs, $load_after after."
	echo
	echo "| what | figure |"
	echo "|---|---|"
	echo "| \`wasmcp compose server\` calc + resources-prompts (HTTP) | ${compose_s} s per run (mean of 5) |"
	echo "| composed server.wasm | $raw bytes raw, $gz bytes gzipped (-9) |"
	echo
	echo "tools/call \`add\` over Streamable HTTP (JSON answers), loopback, ${secs} s per point after 2 s warm-up:"
	echo
	echo "| server | concurrency | calls/s | p50 ms | p99 ms | errors | calls/s vs baseline |"
	echo "|---|---|---|---|---|---|---|"
	for c in 1 8; do
		w=${res[w$c]} b=${res[b$c]}
		echo "| wasmcp (jco serve) | $c | $(field "$w" callsPerSecond) | $(field "$w" p50) | $(field "$w" p99) | $(field "$w" errors) | $(ratio "$(field "$w" callsPerSecond)" "$(field "$b" callsPerSecond)") |"
		fe=$(field "$w" firstError)
		if [ "$fe" != "null" ]; then
			notes+="- wasmcp at concurrency $c: first failed call after $(node -e 'console.log(JSON.parse(process.argv[1]).firstError.after)' "$w") good calls (warm-up included): $(node -e 'console.log(JSON.parse(process.argv[1]).firstError.error)' "$w"); server log: $(grep -m1 -o 'RuntimeError: .*' "$work/serve-$c.log" || echo none)"$'\n'
		fi
		echo "| SDK baseline | $c | $(field "$b" callsPerSecond) | $(field "$b" p50) | $(field "$b" p99) | $(field "$b" errors) | 1.00 |"
	done
	if [ -n "$notes" ]; then
		echo
		echo "Failures:"
		echo
		printf '%s' "$notes"
	fi
} >"$out"
cat "$out"
