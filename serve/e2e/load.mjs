// Load test of `wasmcp serve` with the official MCP TypeScript SDK client:
// E2E_CLIENTS sessions (half Streamable HTTP, half HTTP+SSE) each make
// E2E_CALLS calls of the echo tool, E2E_WINDOW at a time, and check that every
// answer is the arguments of its own call (so an answer delivered to the wrong
// caller is caught). Meanwhile the admin API uploads, replaces and removes a
// plugin, and replaces the echo plugin itself, again and again; no call may
// fail.
//
//   E2E_URL=... E2E_TOKEN=... E2E_ADMIN_TOKEN=... E2E_ECHO_WASM=path E2E_HELLO_WASM=path node serve/e2e/load.mjs
//
// It prints a JSON summary and exits non-zero on any failure.
import { randomUUID } from 'node:crypto';
import { connect, env, text, admin, percentile } from './lib.mjs';

const base = env('E2E_URL');
const token = env('E2E_TOKEN');
const adminToken = env('E2E_ADMIN_TOKEN');
const echoWasm = env('E2E_ECHO_WASM');
const helloWasm = env('E2E_HELLO_WASM');
const clients = Number(env('E2E_CLIENTS', '8'));
const calls = Number(env('E2E_CALLS', '500'));
const window = Number(env('E2E_WINDOW', '4'));
const withAdmin = env('E2E_ADMIN', '1') === '1'; // 0: load only, for comparisons

const failures = [];
const latencies = [];

function echoDef(version) {
  return {
    name: 'echo', version, description: 'answers its arguments unchanged', path: 'echo.wasm',
    functions: [{ displayName: 'echo', function: 'echo', description: 'return the JSON object of the arguments',
      arguments: [{ name: 'message', type: 'string', description: 'any text' }] }],
  };
}
function extraDef(version) {
  return {
    name: 'extra', version, description: 'a plugin that comes and goes', path: 'extra.wasm',
    functions: [{ displayName: 'extra_hello', function: 'say_hello', description: 'greet',
      arguments: [{ name: 'name', type: 'string', description: 'who' }] }],
  };
}

async function runClient(id) {
  const transport = id % 2 === 0 ? 'streamable' : 'sse';
  const c = await connect(base, transport, token, `load-${id}`);
  let next = 0;
  async function worker() {
    while (next < calls) {
      const seq = next++;
      // Payloads of varied size, with characters JSON must escape.
      const message = `client ${id} call ${seq} ${randomUUID()} <&> "é" ` + 'x'.repeat((seq * 37) % 2000);
      const t0 = performance.now();
      try {
        const r = await c.callTool({ name: 'echo', arguments: { message } });
        latencies.push(performance.now() - t0);
        if (r.isError) {
          failures.push(`client ${id} (${transport}) call ${seq}: error result ${text(r)}`);
          continue;
        }
        const got = JSON.parse(text(r));
        if (got.message !== message) {
          failures.push(`client ${id} (${transport}) call ${seq}: answer for another call: ${JSON.stringify(got).slice(0, 120)}`);
        }
      } catch (e) {
        failures.push(`client ${id} (${transport}) call ${seq}: ${e.message}`);
      }
    }
  }
  await Promise.all(Array.from({ length: window }, worker));
  await c.close();
  return transport;
}

const adminOps = { upload: 0, replaceExtra: 0, replaceEcho: 0, remove: 0 };
let loadDone = false;
async function adminLoop() {
  let v = 0;
  const check = (what, r) => {
    if (r.status !== 200) failures.push(`admin ${what}: ${r.status} ${r.body}`);
    return r.status === 200;
  };
  while (!loadDone) {
    v++;
    if (check('upload extra', await admin(base, adminToken, 'POST', '/upload-plugin', { wasmPath: helloWasm, pluginData: extraDef(`1.0.${v}`) }))) adminOps.upload++;
    if (check('replace echo', await admin(base, adminToken, 'PUT', '/update-plugin/echo', { wasmPath: echoWasm, pluginData: echoDef(`1.1.${v}`) }))) adminOps.replaceEcho++;
    if (check('replace extra', await admin(base, adminToken, 'PUT', '/update-plugin/extra', { wasmPath: helloWasm, pluginData: extraDef(`2.0.${v}`) }))) adminOps.replaceExtra++;
    if (check('remove extra', await admin(base, adminToken, 'DELETE', '/remove-plugin/extra'))) adminOps.remove++;
  }
}

const t0 = performance.now();
const admins = withAdmin ? adminLoop() : Promise.resolve();
const transports = await Promise.all(Array.from({ length: clients }, (_, i) => runClient(i)));
const seconds = (performance.now() - t0) / 1000;
loadDone = true;
await admins;

latencies.sort((a, b) => a - b);
const summary = {
  clients, callsPerClient: calls, window, transports,
  calls: latencies.length, seconds: +seconds.toFixed(2), callsPerSecond: +(latencies.length / seconds).toFixed(1),
  p50ms: +percentile(latencies, 50).toFixed(2), p99ms: +percentile(latencies, 99).toFixed(2),
  adminOps, failures: failures.length,
};
console.log(JSON.stringify(summary));
if (failures.length > 0) {
  console.error(failures.slice(0, 20).join('\n'));
  process.exit(1);
}
if (withAdmin && (adminOps.upload < 1 || adminOps.replaceEcho < 1 || adminOps.remove < 1)) {
  console.error('the admin changes did not all happen during the load');
  process.exit(1);
}
console.log('PASS');
