#!/bin/sh
# Benchmarks tools/call echo on `wasmcp serve` (example plugins) and on the
# plain TypeScript SDK server baseline-server.mjs, one after the other on this
# machine, with bench.mjs; prints both sets of figures and their ratio, and
# the resident memory (RSS, from /proc) of both servers idle (before the first
# call) and after the load, with their ratios.
#
#   serve/e2e/bench.sh [CALLS]        (from the repository root; default 2000)
#
# Needs Go, Node 20+ and `npm ci` done. Both servers listen on 127.0.0.1 only.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
calls=${1:-2000}
work=$(mktemp -d)
pids=""
cleanup() { for p in $pids; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT INT TERM

go build -o "$work/wasmcp" ./cmd/wasmcp
examples/plugins/build.sh >/dev/null
cp -R examples/plugins "$work/config"
# The same server with the echo plugin only: the baseline's tool set, for
# the memory comparison (each loaded Go plugin carries its compiled code
# and one ready instance).
mkdir -p "$work/echo-only/plugins/echo"
cp "$work/config/plugins/echo/echo.wasm" "$work/echo-only/plugins/echo/"
cat >"$work/echo-only/plugins/plugins.yml" <<'YAML'
plugins:
  - name: echo
    path: echo/echo.wasm
    functions:
      - displayName: echo
        function: echo
        arguments:
          - {name: message, type: string}
YAML

# wait_listening FILE: wait for "listening on URL" in FILE and print URL.
wait_listening() {
	for _ in $(seq 1 600); do
		url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$1" | head -n 1)
		if [ -n "$url" ]; then echo "$url"; return 0; fi
		sleep 0.2
	done
	echo "server did not start:" >&2; cat "$1" >&2; return 1
}

WASIMANCER_AUTHENTICATION_TOKEN=bench-client WASIMANCER_ADMIN_TOKEN=bench-admin \
	"$work/wasmcp" serve --config "$work/config" --port 0 >"$work/serve.log" 2>&1 &
serve_pid=$!
pids="$pids $serve_pid"
WASIMANCER_AUTHENTICATION_TOKEN=bench-client WASIMANCER_ADMIN_TOKEN=bench-admin \
	"$work/wasmcp" serve --config "$work/echo-only" --port 0 >"$work/echo-only.log" 2>&1 &
echo_pid=$!
pids="$pids $echo_pid"
node serve/e2e/baseline-server.mjs --port 0 --token bench-client >"$work/baseline.log" 2>&1 &
base_pid=$!
pids="$pids $base_pid"
tck=$(getconf CLK_TCK)
serve_url=$(wait_listening "$work/serve.log")
base_url=$(wait_listening "$work/baseline.log")
echo_url=$(wait_listening "$work/echo-only.log")

# rss_kib PID FIELD: VmRSS (now) or VmHWM (peak) of a process, in KiB.
rss_kib() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; }
sleep 2 # both servers settle after start-up before the idle figure
serve_idle=$(rss_kib "$serve_pid" VmRSS)
echo_idle=$(rss_kib "$echo_pid" VmRSS)
base_idle=$(rss_kib "$base_pid" VmRSS)

echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $(node --version), $(go version | cut -d' ' -f3)"
node serve/e2e/bench.mjs --url "$serve_url" --token bench-client --calls "$calls" --label "wasmcp serve" --pid "$serve_pid" --clk-tck "$tck" | tee "$work/serve.jsonl"
node serve/e2e/bench.mjs --url "$serve_url" --token bench-client --calls "$calls" --transport sse --label "wasmcp serve" --pid "$serve_pid" --clk-tck "$tck" | tee -a "$work/serve.jsonl"
node serve/e2e/bench.mjs --url "$echo_url" --token bench-client --calls "$calls" --label "wasmcp serve, echo only" --pid "$echo_pid" --clk-tck "$tck" | tee "$work/echo.jsonl"
node serve/e2e/bench.mjs --url "$base_url" --token bench-client --calls "$calls" --label "TypeScript SDK baseline" --pid "$base_pid" --clk-tck "$tck" | tee "$work/base.jsonl"
serve_load=$(rss_kib "$serve_pid" VmRSS)
echo_load=$(rss_kib "$echo_pid" VmRSS)
base_load=$(rss_kib "$base_pid" VmRSS)
serve_peak=$(rss_kib "$serve_pid" VmHWM)
echo_peak=$(rss_kib "$echo_pid" VmHWM)
base_peak=$(rss_kib "$base_pid" VmHWM)
mem() { # LABEL IDLE LOAD PEAK: one line, MiB and ratios to the baseline
	awk -v l="$1" -v i="$2" -v a="$3" -v p="$4" -v bi="$base_idle" -v ba="$base_load" -v bp="$base_peak" 'BEGIN {
	  printf "memory, %s vs baseline: RSS idle %.1f vs %.1f MiB (%.2f×), after load %.1f vs %.1f MiB (%.2f×), peak %.1f vs %.1f MiB (%.2f×)\n", l, i/1024, bi/1024, i/bi, a/1024, ba/1024, a/ba, p/1024, bp/1024, p/bp
	}'
}
mem "wasmcp serve (6 example plugins)" "$serve_idle" "$serve_load" "$serve_peak"
mem "wasmcp serve (echo only)" "$echo_idle" "$echo_load" "$echo_peak"
node -e '
const fs = require("fs");
const read = f => fs.readFileSync(f, "utf8").trim().split("\n").map(JSON.parse);
const s = read(process.argv[1]).filter(r => r.transport === "streamable").concat(read(process.argv[3])), b = read(process.argv[2]);
for (const r of s) {
  const o = b.find(x => x.concurrency === r.concurrency);
  console.log(`${r.label}, concurrency ${r.concurrency}: wasmcp serve / baseline = ${(r.callsPerSecond / o.callsPerSecond).toFixed(2)}× calls/s, p50 ${r.p50ms} vs ${o.p50ms} ms, server CPU per call ${r.serverCpuMsPerCall} vs ${o.serverCpuMsPerCall} ms (baseline / wasmcp = ${(o.serverCpuMsPerCall / r.serverCpuMsPerCall).toFixed(2)}×)`);
}' "$work/serve.jsonl" "$work/base.jsonl" "$work/echo.jsonl"
