// load.mjs: closed-loop load of tools/call over MCP Streamable HTTP.
//
//   node bench/load.mjs URL CONCURRENCY SECONDS
//
// CONCURRENCY workers each send `tools/call add` and wait for the answer
// before the next one, over keep-alive connections, for SECONDS after a
// warm-up of 2 seconds. Prints one JSON object: calls (answered correctly),
// errors, calls/s, p50 and p99 latency in milliseconds, and the first
// error with the number of good calls (warm-up included) before it.
import http from "node:http";

const [url, conc = "1", secs = "10"] = process.argv.slice(2);
const concurrency = Number(conc), seconds = Number(secs);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const target = new URL(url);

function call(id) {
  const body = JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params: { name: "add", arguments: { a: id, b: 1 } } });
  return new Promise((resolve) => {
    const req = http.request({
      host: target.hostname, port: target.port, path: target.pathname, method: "POST", agent,
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-protocol-version": "2025-06-18",
        "content-length": Buffer.byteLength(body),
      },
    }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString();
        resolve(res.statusCode === 200 && text.includes(`"text":"${id + 1}"`) ? null : `HTTP ${res.statusCode}: ${text.slice(0, 200)}`);
      });
    });
    req.on("error", (e) => resolve(e.code ?? e.message));
    req.setTimeout(30000, () => req.destroy());
    req.end(body);
  });
}

let good = 0, firstError = null;

async function run(ms, record) {
  const end = performance.now() + ms;
  let next = 1;
  const lat = [];
  let errors = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      const err = await call(next++);
      if (err === null) good++;
      else if (!firstError) firstError = { after: good, error: err };
      if (record) { if (err === null) lat.push(performance.now() - t0); else errors++; }
    }
  }));
  return { lat, errors };
}

await run(2000, false);
const t0 = performance.now();
const { lat, errors } = await run(seconds * 1000, true);
const elapsed = (performance.now() - t0) / 1000;
lat.sort((a, b) => a - b);
const pct = (p) => lat.length ? lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] : NaN;
console.log(JSON.stringify({
  concurrency, calls: lat.length, errors,
  callsPerSecond: +(lat.length / elapsed).toFixed(1),
  p50: +pct(0.5).toFixed(2), p99: +pct(0.99).toFixed(2),
  firstError,
}));
agent.destroy();
