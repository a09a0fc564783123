// Throughput and latency of tools/call echo through the official MCP
// TypeScript SDK client, against `wasmcp serve` or baseline-server.mjs.
// Each of C clients has its own session and one call in flight at a time.
//
//   node serve/e2e/bench.mjs --url http://127.0.0.1:PORT [--token T]
//        [--transport streamable|sse] [--concurrency 1,8] [--calls 2000] [--warmup 100]
//        [--pid SERVER_PID]
//
// Prints one JSON line per concurrency level: calls/s, p50 and p99 in ms, and
// with --pid (Linux) the server's CPU time per call, read from /proc: on a
// machine shared with other work, wall-clock figures depend on the load while
// CPU time per call does much less.
// This is a measurement, not a test: it asserts only that answers are right.
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { connect, text, percentile } from './lib.mjs';

const { values } = parseArgs({
  options: {
    url: { type: 'string' }, token: { type: 'string', default: '' },
    transport: { type: 'string', default: 'streamable' },
    concurrency: { type: 'string', default: '1,8' },
    calls: { type: 'string', default: '2000' }, warmup: { type: 'string', default: '100' },
    label: { type: 'string', default: '' },
    pid: { type: 'string', default: '' }, 'clk-tck': { type: 'string', default: '100' },
  },
});
if (!values.url) { console.error('--url is required'); process.exit(2); }

// cpuSeconds returns the user+system CPU time of process pid so far.
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / Number(values['clk-tck']);
}

async function run(concurrency, total, record) {
  const clients = await Promise.all(Array.from({ length: concurrency }, (_, i) => connect(values.url, values.transport, values.token, `bench-${i}`)));
  const lat = [];
  let next = 0;
  const cpu0 = values.pid ? cpuSeconds(values.pid) : 0;
  const t0 = performance.now();
  await Promise.all(clients.map(async (c, id) => {
    while (next < total) {
      const seq = next++;
      const message = `bench ${id} ${seq}`;
      const s = performance.now();
      const r = await c.callTool({ name: 'echo', arguments: { message } });
      lat.push(performance.now() - s);
      if (r.isError || JSON.parse(text(r)).message !== message) throw new Error(`wrong answer ${JSON.stringify(r)}`);
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = values.pid ? cpuSeconds(values.pid) - cpu0 : NaN;
  await Promise.all(clients.map(c => c.close()));
  if (!record) return null;
  lat.sort((a, b) => a - b);
  return {
    label: values.label, transport: values.transport, concurrency, calls: lat.length,
    callsPerSecond: +(lat.length / seconds).toFixed(1),
    p50ms: +percentile(lat, 50).toFixed(2), p99ms: +percentile(lat, 99).toFixed(2),
    ...(values.pid ? { serverCpuMsPerCall: +((cpu * 1000) / lat.length).toFixed(3) } : {}),
  };
}

for (const c of values.concurrency.split(',').map(Number)) {
  await run(c, Number(values.warmup), false);
  console.log(JSON.stringify(await run(c, Number(values.calls), true)));
}
