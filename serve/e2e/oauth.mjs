// `wasmcp serve` in oauth mode, seen by the MCP TypeScript SDK client:
// a valid JWT over Streamable HTTP and HTTP+SSE, refusals without a token,
// with a token lacking the scope and with an expired one, and the SDK's
// discovery of the RFC 9728 metadata from the 401 challenge.
//
//   E2E_URL=… E2E_ISSUER=… E2E_SCOPE=… E2E_TOKEN=… E2E_TOKEN_NO_SCOPE=… E2E_TOKEN_EXPIRED=… node serve/e2e/oauth.mjs
import assert from 'node:assert/strict';
import { discoverOAuthProtectedResourceMetadata, extractWWWAuthenticateParams } from '@modelcontextprotocol/sdk/client/auth.js';
import { connect, env, text } from './lib.mjs';

const base = env('E2E_URL');
const issuer = env('E2E_ISSUER');
const scope = env('E2E_SCOPE');
const token = env('E2E_TOKEN');

function ok(msg) { console.log(`ok   ${msg}`); }

for (const transport of ['streamable', 'sse']) {
  const c = await connect(base, transport, token);
  const { tools } = await c.listTools();
  assert.ok(tools.some(t => t.name === 'echo'), `[${transport}] tools: ${tools.map(t => t.name)}`);
  const msg = 'signed in';
  assert.deepEqual(JSON.parse(text(await c.callTool({ name: 'echo', arguments: { message: msg } }))), { message: msg });
  await c.close();
  ok(`[${transport}] a valid JWT: tools/list and tools/call`);
}

async function refused(what, tok, status) {
  let err;
  try {
    const c = await connect(base, 'streamable', tok);
    await c.close();
  } catch (e) {
    err = e;
  }
  assert.ok(err, `${what} was accepted`);
  // The transport reports the HTTP status as the error's code.
  assert.equal(err?.code, status, `${what}: ${err}`);
  ok(`${what}: refused (${status})`);
}
await refused('no token', undefined, 401);
await refused('a token without the scope', env('E2E_TOKEN_NO_SCOPE'), 403);
await refused('an expired token', env('E2E_TOKEN_EXPIRED'), 401);

// The challenge, read as the SDK reads it, leads to the metadata.
const res = await fetch(new URL('/mcp', base), {
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
  body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
});
assert.equal(res.status, 401);
const params = extractWWWAuthenticateParams(res);
assert.equal(params.resourceMetadataUrl?.href, new URL('/.well-known/oauth-protected-resource', base).href);
assert.equal(params.scope, scope);
const meta = await discoverOAuthProtectedResourceMetadata(new URL('/mcp', base), { resourceMetadataUrl: params.resourceMetadataUrl });
assert.equal(meta.resource, base);
assert.deepEqual(meta.authorization_servers, [issuer]);
assert.deepEqual(meta.scopes_supported, [scope]);
// Without the challenge's URL the SDK tries the path-aware location first
// and falls back to the root one.
const found = await discoverOAuthProtectedResourceMetadata(new URL('/mcp', base));
assert.equal(found.resource, base);
ok('401 challenge → resource_metadata → RFC 9728 document (SDK discovery)');

console.log('PASS');
