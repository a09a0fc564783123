// Functional end-to-end checks of `wasmcp serve` with the official MCP
// TypeScript SDK client, over Streamable HTTP and the legacy HTTP+SSE
// transport: tools, static and templated resources, prompts, tool errors,
// misbehaving plugins, and token checks.
//
//   E2E_URL=http://127.0.0.1:PORT E2E_TOKEN=... E2E_ADMIN_TOKEN=... node serve/e2e/client.mjs
//   E2E_TRANSPORTS=stdio E2E_STDIO_COMMAND=wasmcp E2E_STDIO_ARGS='["serve","--stdio","--config","DIR"]' node serve/e2e/client.mjs
//
// It prints one line per check and exits non-zero on the first failure.
import assert from 'node:assert/strict';
import { connect, env, text, admin, TRANSPORTS } from './lib.mjs';

const transports = env('E2E_TRANSPORTS', TRANSPORTS.join(',')).split(',');
const overHTTP = transports.some(t => t !== 'stdio');
const base = overHTTP ? env('E2E_URL') : undefined;
const token = overHTTP ? env('E2E_TOKEN') : undefined;
const adminToken = overHTTP ? env('E2E_ADMIN_TOKEN') : undefined;
const robustness = (process.env.E2E_ROBUSTNESS ?? '1') === '1';
const fetchURL = process.env.E2E_FETCH_URL; // a URL on a host the fetch plugin may reach

function ok(msg) { console.log(`ok   ${msg}`); }

async function rejects(what, fn) {
  let failed = false;
  try { const c = await fn(); await c?.close?.(); } catch { failed = true; }
  assert.ok(failed, `${what} was accepted`);
  ok(what + ' refused');
}

async function functional(transport) {
  const c = await connect(base, transport, token);
  const tag = `[${transport}]`;
  try {
    assert.equal(c.getServerVersion()?.name, 'wasmcp');

    const { tools } = await c.listTools();
    const names = tools.map(t => t.name).sort();
    for (const want of ['add', 'echo', 'exhaust_memory', 'fail', 'fetch', 'increment', 'loop_forever', 'multiply', 'say_hello', 'stats', 'trap']) {
      assert.ok(names.includes(want), `${tag} tools/list lacks ${want}: ${names}`);
    }
    const hello = tools.find(t => t.name === 'say_hello');
    assert.equal(hello.inputSchema.type, 'object');
    assert.equal(hello.inputSchema.properties.name.type, 'string');
    ok(`${tag} tools/list: ${names.join(', ')}`);

    assert.equal(text(await c.callTool({ name: 'say_hello', arguments: { name: 'Bob' } })), 'Hello Bob');
    assert.equal(text(await c.callTool({ name: 'add', arguments: { a: 2, b: 3 } })), '5');
    assert.equal(text(await c.callTool({ name: 'multiply', arguments: { a: 2.5, b: 4 } })), '10');
    assert.deepEqual(JSON.parse(text(await c.callTool({ name: 'stats', arguments: { numbers: [3, 1, 4, 1, 5] } }))),
      { count: 5, sum: 14, mean: 2.8, min: 1, max: 5 });
    const msg = 'héllo <&> "quoted" \u{1F600}';
    assert.deepEqual(JSON.parse(text(await c.callTool({ name: 'echo', arguments: { message: msg } }))), { message: msg });
    ok(`${tag} tools/call say_hello, add, multiply, stats, echo`);

    if (fetchURL) {
      const path = new URL(fetchURL).pathname;
      assert.equal(text(await c.callTool({ name: 'fetch', arguments: { url: fetchURL } })), `200\nfetched ${path}`);
      const denied = await c.callTool({ name: 'fetch', arguments: { url: 'http://localhost:9/' } });
      assert.equal(denied.isError, true, `${tag} fetch from a host not allowed: ${JSON.stringify(denied)}`);
      assert.match(text(denied), /not allowed/);
      ok(`${tag} fetch: allowed host answered, other host refused`);
    }

    const bad = await c.callTool({ name: 'add', arguments: { a: 1 } });
    assert.equal(bad.isError, true, `${tag} add without b: ${JSON.stringify(bad)}`);
    const failed = await c.callTool({ name: 'fail', arguments: {} });
    assert.equal(failed.isError, true);
    assert.match(text(failed), /failing on purpose/);
    ok(`${tag} tool errors come back as isError results`);

    const { resources } = await c.listResources();
    assert.ok(resources.some(r => r.uri === 'config://server'), `${tag} resources/list: ${JSON.stringify(resources)}`);
    const info = await c.readResource({ uri: 'config://server' });
    assert.match(info.contents[0].text, /example plugins/);
    assert.equal(info.contents[0].uri, 'config://server');
    const { resourceTemplates } = await c.listResourceTemplates();
    assert.ok(resourceTemplates.some(r => r.uriTemplate === 'greet://{firstName}/{lastName}'), `${tag} templates: ${JSON.stringify(resourceTemplates)}`);
    const greet = await c.readResource({ uri: 'greet://Ada/Lovelace' });
    assert.equal(greet.contents[0].text, 'Hello Ada Lovelace!');
    assert.equal(greet.contents[0].uri, 'greet://Ada/Lovelace');
    ok(`${tag} resources: static config://server, template greet://Ada/Lovelace`);

    const { prompts } = await c.listPrompts();
    assert.deepEqual(prompts.map(p => p.name).sort(), ['greet-user', 'review-code']);
    const p1 = await c.getPrompt({ name: 'greet-user', arguments: { nickName: 'Bob' } });
    assert.deepEqual(p1.messages, [{ role: 'user', content: { type: 'text', text: 'Say hello to Bob!' } }]);
    const p2 = await c.getPrompt({ name: 'review-code', arguments: { language: 'Go', code: 'x := 1' } });
    assert.deepEqual(p2.messages.map(m => [m.role, m.content.text]), [['assistant', 'I review Go code.'], ['user', 'Review this code: x := 1']]);
    ok(`${tag} prompts/list and prompts/get`);
  } finally {
    await c.close();
  }
}

// Misbehaving plugins: each failure is an error result, and the plugin (and
// the server) keep answering afterwards.
async function misbehaving() {
  const c = await connect(base, transports[0], token);
  try {
    for (const [tool, re] of [['trap', /./], ['loop_forever', /./], ['exhaust_memory', /./]]) {
      const t0 = Date.now();
      const r = await c.callTool({ name: tool, arguments: {} }, undefined, { timeout: 120_000 });
      assert.equal(r.isError, true, `${tool}: ${JSON.stringify(r)}`);
      assert.match(text(r), re);
      const after = await c.callTool({ name: 'fail', arguments: {} });
      assert.match(text(after), /failing on purpose/, `fail after ${tool}: ${JSON.stringify(after)}`);
      ok(`${tool} → isError after ${Date.now() - t0} ms ("${text(r).slice(0, 80)}"); the plugin still answers`);
    }
    assert.equal(text(await c.callTool({ name: 'say_hello', arguments: { name: 'Bob' } })), 'Hello Bob');
  } finally {
    await c.close();
  }
}

async function tokens() {
  for (const transport of TRANSPORTS) {
    await rejects(`[${transport}] a client without a token`, () => connect(base, transport, ''));
    await rejects(`[${transport}] a client with a wrong token`, () => connect(base, transport, token + 'x'));
    await rejects(`[${transport}] a client with the admin token`, () => connect(base, transport, adminToken));
  }
  for (const [label, tok] of [['no token', ''], ['the client token', token], ['a wrong token', 'nope']]) {
    const r = await admin(base, tok, 'DELETE', '/remove-plugin/hello');
    assert.ok(r.status === 401 || r.status === 403, `admin call with ${label}: ${r.status} ${r.body}`);
    ok(`admin API with ${label} refused (${r.status})`);
  }
  // The refused call removed nothing.
  const c = await connect(base, 'streamable', token);
  assert.equal(text(await c.callTool({ name: 'say_hello', arguments: { name: 'Bob' } })), 'Hello Bob');
  await c.close();
}

for (const t of transports) await functional(t);
if (overHTTP) await tokens();
if (robustness) await misbehaving();
console.log('PASS');
